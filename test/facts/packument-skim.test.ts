/**
 * The packument skim (facts/packument-skim.ts) must give what `JSON.parse` of the whole document
 * gives, with the versions not read in full cut to their identity fields: on any document, however
 * it is spelled (escapes, whitespace, duplicate keys, `__proto__`), and it must reject what
 * `JSON.parse` rejects wherever the scan reads.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skimPackument } from '../../src/facts/packument-skim.js';

const IDENTITY = ['name', '_npmUser', 'deprecated', 'dist'];

/** What the skim must give: JSON.parse of the whole, then each version not kept cut to identity fields. */
function expected(text: string, full: ReadonlySet<string>): unknown {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const versions = doc.versions;
  if (!versions || typeof versions !== 'object' || Array.isArray(versions)) return doc;
  for (const [version, entry] of Object.entries(versions)) {
    if (full.has(version) || !entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(entry)) if (IDENTITY.includes(key)) Object.defineProperty(kept, key, { value: (entry as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
    (versions as Record<string, unknown>)[version] = kept;
  }
  return doc;
}

/** A seeded generator: a failing case replays from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** JSON text of `value` spelled unevenly: random whitespace, and characters written as \u escapes. */
function spell(value: unknown, next: () => number): string {
  const gap = () => [' ', '\n', '\t', '\r\n  ', ''][Math.floor(next() * 5)]!.repeat(next() < 0.3 ? 1 : 0);
  const str = (s: string) =>
    JSON.stringify(s).replace(/[A-Za-z_]/g, (c) => (next() < 0.08 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? str(value) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${gap()}${value.map((v) => spell(v, next)).join(`${gap()},${gap()}`)}${gap()}]`;
  const members = Object.entries(value).map(([k, v]) => `${gap()}${str(k)}${gap()}:${gap()}${spell(v, next)}${gap()}`);
  return `{${members.join(',')}}`;
}

const key = fc.oneof(fc.constantFrom(...IDENTITY, 'version', 'dependencies', 'scripts', '__proto__', 'versions', 'time', ''), fc.string({ maxLength: 6 }));
const json = fc.jsonValue({ maxDepth: 3 });
/** A manifest: identity fields, nested objects that hold the same names, and anything else. */
const manifest = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(key, fc.oneof(json, fc.dictionary(key, json, { maxKeys: 4 })), { maxKeys: 8 }) },
  { weight: 1, arbitrary: json },
);
const versionKey = fc.oneof(fc.constantFrom('1.0.0', '1.0.1', '2.0.0-beta.1', '__proto__', 'version'), fc.string({ maxLength: 5 }));
const packument = fc.record(
  {
    name: fc.string({ maxLength: 8 }),
    versions: fc.oneof({ weight: 6, arbitrary: fc.dictionary(versionKey, manifest, { maxKeys: 6 }) }, { weight: 1, arbitrary: json }),
    time: fc.dictionary(versionKey, fc.string({ maxLength: 10 }), { maxKeys: 4 }),
    other: json,
  },
  { requiredKeys: ['versions'] },
);

describe('packument skim', () => {
  it('gives what JSON.parse gives, with the versions not kept cut to their identity fields', () => {
    fc.assert(
      fc.property(packument, fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (doc, seed, share) => {
        const next = random(seed);
        const text = spell(doc, next);
        const versions = doc.versions && typeof doc.versions === 'object' && !Array.isArray(doc.versions) ? Object.keys(doc.versions) : [];
        const full = new Set(versions.filter(() => next() < share));
        // Buffer.from of a short text is a slice of a shared pool: the bytes do not start at offset 0.
        const got = skimPackument(Buffer.from(text), full);
        if (!isDeepStrictEqual(got, expected(text, full))) throw new Error(`differs on ${text}`);
      }),
      { numRuns: 400, seed: 20261203 },
    );
  });

  it('keeps duplicate keys and __proto__ as JSON.parse does', () => {
    const text = '{"versions":{"1.0.0":{"name":"a","name":"b","__proto__":{"x":1},"dist":{"tarball":"t"},"readme":"long"},"1.0.0":{"name":"c","deprecated":"old"}},"__proto__":{"polluted":true}}';
    const got = skimPackument(Buffer.from(text), new Set()) as Record<string, any>;
    expect(got).toEqual(expected(text, new Set()));
    expect(got.versions['1.0.0']).toEqual({ name: 'c', deprecated: 'old' });
    expect(Object.hasOwn(got, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads identity fields whose keys are written with escapes', () => {
    const text = '{"versions":{"1.0.0":{"\\u006eame":"n","_npm\\u0055ser":{"name":"u"},"di\\u0073t":{"integrity":"sha512-x"},"scripts":{"name":"not this"}}}}';
    expect(skimPackument(Buffer.from(text), new Set())).toEqual({ versions: { '1.0.0': { name: 'n', _npmUser: { name: 'u' }, dist: { integrity: 'sha512-x' } } } });
  });

  it('keeps versions read in full whole, even when their keys are escaped', () => {
    const text = '{"versions":{"1.0.\\u0030":{"name":"x","scripts":{"install":"node i.js"}},"0.9.0":{"name":"x","scripts":{"install":"y"}}}}';
    expect(skimPackument(Buffer.from(text), new Set(['1.0.0']))).toEqual({ versions: { '1.0.0': { name: 'x', scripts: { install: 'node i.js' } }, '0.9.0': { name: 'x' } } });
  });

  it('rejects every truncated document, as JSON.parse does', () => {
    const text = spell({ name: 'p', versions: { '1.0.0': { name: 'p', dist: { tarball: 'https://r/p.tgz' }, scripts: { a: 'b\\"c' }, n: [1, 2.5e3, true, null] } }, time: { '1.0.0': 'x' } }, random(7));
    for (let end = 0; end < text.length; end++) {
      expect(() => skimPackument(Buffer.from(text.slice(0, end)), new Set()), `prefix of ${end}`).toThrow(SyntaxError);
    }
  });

  it('hands what it does not expect to JSON.parse, which decides as before', () => {
    for (const text of ['[1,2]', '"versions"', 'null', '{"versions":{}} trailing', '\uFEFF{"versions":{}}', '{"versions":{"1.0.0":{"readme":"a\u0001b"}}}', '{"versions":{"1.0.0":{"readme":"\\q"}}}', '{"versions":{"1.0.0":{"x":#}}}']) {
      let want: unknown;
      let wantError: unknown;
      try {
        want = JSON.parse(text);
      } catch (error) {
        wantError = error;
      }
      if (wantError) expect(() => skimPackument(Buffer.from(text), new Set()), text).toThrow(SyntaxError);
      else expect(skimPackument(Buffer.from(text), new Set()), text).toEqual(want);
    }
  });

  it('reads a field broken only where nothing is read from it, and rejects it where something is', () => {
    // Token grammar inside a left-out field is not checked: the skim passes over it unbuilt.
    const broken = '{"versions":{"1.0.0":{"name":"x","scripts":{"a":tru}}}}';
    expect(skimPackument(Buffer.from(broken), new Set())).toEqual({ versions: { '1.0.0': { name: 'x' } } });
    expect(() => skimPackument(Buffer.from(broken), new Set(['1.0.0']))).toThrow(SyntaxError);
    expect(() => skimPackument(Buffer.from('{"versions":{"1.0.0":{"name":tru}}}'), new Set())).toThrow(SyntaxError);
  });

  it('builds none of the fields it leaves out', () => {
    const big = 'x'.repeat(100_000);
    const text = JSON.stringify({ name: 'p', versions: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`1.0.${i}`, { name: 'p', readme: big, dist: { tarball: `t${i}` } }])) });
    const got = skimPackument(Buffer.from(text), new Set(['1.0.7'])) as { versions: Record<string, Record<string, unknown>> };
    expect(Object.keys(got.versions['1.0.1']!)).toEqual(['name', 'dist']);
    expect(got.versions['1.0.7']!.readme).toBe(big);
  });
});
