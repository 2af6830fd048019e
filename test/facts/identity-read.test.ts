/**
 * Versions not read in full keep their identity fields (name, _npmUser, deprecated, dist), read by
 * hand in packument-schema.ts rather than through zod, for speed. These properties hold the hand
 * readers to the zod schemas that read the same fields of a version read in full: same values,
 * same key order, same notes of what was dropped, on any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distSchema, personSchema, readDist, readManifest, readPackument, readPerson } from '../../src/facts/packument-schema.js';

const text = fc.oneof(fc.constantFrom('', ' ', 'alice', ' Alice Smith ', '<a@b.c>', 'Bob <bob@x.y> (https://bob.dev)', '(only-url)', ' <> ()'), fc.string());
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(Number.NaN));
const personLike = fc.oneof(text, fc.record({ name: scalar, email: scalar, url: scalar, username: scalar }, { requiredKeys: [] }), fc.anything());
const signature = fc.oneof(fc.record({ keyid: scalar, sig: scalar }, { requiredKeys: [] }), scalar, fc.constant(undefined));
const distLike = fc.oneof(
  fc.record(
    { tarball: scalar, shasum: scalar, integrity: scalar, fileCount: scalar, unpackedSize: scalar, signatures: fc.oneof(fc.array(signature), scalar), extra: scalar },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const entry = fc.record({ name: scalar, _npmUser: personLike, deprecated: scalar, dist: distLike, description: scalar }, { requiredKeys: [] });

const zodValue = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success && parsed.data !== undefined ? parsed.data : undefined;
};

describe('identity fields read by hand', () => {
  it('a publisher reads as personSchema reads it', () => {
    fc.assert(
      fc.property(personLike, (value) => {
        expect(JSON.stringify(readPerson(value))).toBe(JSON.stringify(zodValue(personSchema, value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('a dist reads as distSchema reads it', () => {
    fc.assert(
      fc.property(distLike, (value) => {
        expect(JSON.stringify(readDist(value))).toBe(JSON.stringify(zodValue(distSchema, value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('a version not read in full keeps what readManifest keeps of its identity fields, with the same notes', () => {
    fc.assert(
      fc.property(entry, (raw) => {
        const read = readPackument({ name: 'pkg', versions: { '1.0.0': raw } }, 'pkg', { fullVersions: new Set() });
        const picked = Object.fromEntries(['name', '_npmUser', 'deprecated', 'dist'].filter((k) => k in raw).map((k) => [k, (raw as Record<string, unknown>)[k]]));
        const oracle = readManifest(picked, 'versions["1.0.0"].')!;
        const name = typeof oracle.value.name === 'string' ? oracle.value.name : 'pkg';
        expect(JSON.stringify(read.value.versions['1.0.0'])).toBe(JSON.stringify({ ...oracle.value, name, version: '1.0.0' }));
        expect(read.dropped).toEqual(oracle.dropped);
      }),
      { numRuns: 2000 },
    );
  });
});
