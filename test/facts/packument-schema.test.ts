/**
 * The registry-data boundary (src/facts/packument-schema.ts). Unit cases for the odd shapes npm's
 * history holds, then a property: any mutation of a real-shaped packument yields facts every
 * detector can judge, or a per-package error — never a throw out of the scan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishersOf } from '../../src/analysis/publishers.js';
import { enableDetectors } from '../../src/engine/judge.js';
import { judgePackage } from '../../src/engine/judge.js';
import { readManifest, readPackument } from '../../src/facts/packument-schema.js';
import type { PackageFacts } from '../../src/facts/types.js';
import { slimPackument } from '../../src/facts/packument-store.js';
import { factsFromFixture, fixturePackument, type PackageFixture } from '../support/package-fixture.js';

const fixture: PackageFixture = {
  name: 'real-shaped',
  publisher: { name: 'alice', email: 'alice@example.com' },
  versions: [
    { version: '1.0.0', publishedAt: '2019-03-01T00:00:00.000Z', manifest: { main: 'index.js', description: 'one', keywords: ['a'], scripts: { test: 'node t.js' } }, files: { 'index.js': 'module.exports = 1;\n' } },
    {
      version: '1.1.0',
      publishedAt: '2020-03-01T00:00:00.000Z',
      manifest: { main: 'index.js', description: 'two', bin: { rs: 'cli.js' }, repository: { type: 'git', url: 'git+https://github.com/alice/rs.git' }, dependencies: { dep: '^1.0.0' }, scripts: { postinstall: 'node setup.js' } },
      files: { 'index.js': "module.exports = require('./lib');\n", 'lib.js': 'module.exports = 2;\n', 'README.md': '# real-shaped\n' },
    },
  ],
};
const REAL = fixturePackument(fixture, (v) => `http://127.0.0.1/real-shaped/-/real-shaped-${v}.tgz`, () => ({ integrity: 'sha512-AAAA', shasum: 'aa' }));
const enabled = enableDetectors(undefined);
const NOW = new Date('2026-01-01T00:00:00.000Z');

describe('readPackument: keys named after Object.prototype', () => {
  it('a manifest key `constructor` or `toString` is an ordinary field, and `__proto__` is left out, never a prototype', () => {
    const raw = JSON.parse('{"name":"x","versions":{"1.0.0":{"name":"x","version":"1.0.0","constructor":1,"toString":"a","__proto__":{"polluted":true},"scripts":{"__proto__":"x","test":"t"}},"__proto__":{"name":"x"}},"time":{"__proto__":"2020-01-01T00:00:00.000Z","1.0.0":"2020-01-01T00:00:00.000Z"}}');
    const { value, dropped } = readPackument(raw, 'x');
    const v = value.versions['1.0.0']! as unknown as Record<string, unknown>;
    expect(v.constructor).toBe(1);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect((v as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(value.versions)).toEqual(['1.0.0']);
    expect(Object.keys(v.scripts as object)).toEqual(['test']);
    expect(dropped.map((d) => d.field)).toEqual(expect.arrayContaining(['versions["1.0.0"].__proto__', 'versions["__proto__"]']));
  });
});

describe('readPackument: odd shapes from the registry', () => {
  it('reads a "Name <email> (url)" string and a single object as a list of people', () => {
    const { value, dropped } = readPackument({ name: 'is2', maintainers: 'Edmond Meinfelder <edmond@example.com> (https://e.example)', versions: { '0.0.1': { maintainers: { name: 'micmath', email: 'm@example.com' } } } }, 'is2');
    expect(value.maintainers).toEqual([{ name: 'Edmond Meinfelder', email: 'edmond@example.com', url: 'https://e.example' }]);
    expect(value.versions['0.0.1']!.maintainers).toEqual([{ name: 'micmath', email: 'm@example.com' }]);
    expect(dropped).toEqual([]);
  });

  it('keeps string forms npm accepts (repository, bin, keywords) and drops non-string scripts and dependency values, saying so', () => {
    const { value, dropped } = readPackument(
      { name: 'x', versions: { '1.0.0': { repository: 'git://github.com/a/b.git', bin: './cli.js', keywords: 'a, b c', scripts: { test: 1, start: 'node .' }, dependencies: { ok: '1', bad: 2 } } } },
      'x',
    );
    const v = value.versions['1.0.0']!;
    expect(v.repository).toBe('git://github.com/a/b.git');
    expect(v.bin).toBe('./cli.js');
    expect(v.keywords).toEqual(['a', 'b', 'c']);
    expect(v.scripts).toEqual({ start: 'node .' });
    expect(v.dependencies).toEqual({ ok: '1' });
    expect(dropped.map((d) => d.field).sort()).toEqual(['versions["1.0.0"].dependencies', 'versions["1.0.0"].scripts']);
  });

  it('keeps the dates of `time`, drops its junk, and drops a `time` that is not a map', () => {
    const junk = readPackument({ name: 'x', versions: {}, time: { created: '2020-01-01T00:00:00.000Z', modified: 12, '1.0.0': 'soon' } }, 'x');
    expect(junk.value.time).toEqual({ created: '2020-01-01T00:00:00.000Z' });
    expect(junk.dropped[0]!.field).toBe('time');
    const notMap = readPackument({ name: 'x', versions: {}, time: 'yesterday' }, 'x');
    expect(notMap.value.time).toBeUndefined();
    expect(notMap.dropped.map((d) => d.field)).toEqual(['time']);
  });

  it('leaves out versions that are not manifests and keeps versions without dist', () => {
    const { value, dropped } = readPackument({ name: 'x', versions: { '1.0.0': { name: 'x' }, '0.1.0': 'junk', '0.2.0': null } }, 'x');
    expect(Object.keys(value.versions)).toEqual(['1.0.0']);
    expect(value.versions['1.0.0']!.version).toBe('1.0.0');
    expect(dropped.map((d) => d.field).sort()).toEqual(['versions["0.1.0"]', 'versions["0.2.0"]']);
  });

  it('keeps a dist as thin registries send it (no signatures, no fileCount) and as npmjs sends it', () => {
    // Regression: zod 4 rejected a dist without `signatures`, so every version on a thin registry
    // lost its integrity and no verdict could be cached or compared.
    const thin = { integrity: 'sha512-qsfTb5Ao4nre9krFweqj8k5bVU7KxgsP4WkLO/ITTuiJkbitCzYBY+Aum5KTKRhY0wDr8VJ1RILsTCSUtPd1kQ==', shasum: '0e2b21c143a64c8b89916761dbfc18ec1b8bb730', tarball: 'https://registry.example/x/-/x-1.0.0.tgz' };
    const full = { ...thin, fileCount: 3, unpackedSize: 1200, signatures: [{ keyid: 'SHA256:k', sig: 'MEUC' }] };
    for (const dist of [thin, full]) {
      const { value, dropped } = readPackument({ name: 'x', versions: { '1.0.0': { name: 'x', version: '1.0.0', dist } } }, 'x');
      expect(dropped).toEqual([]);
      expect(value.versions['1.0.0']!.dist).toEqual(dist);
    }
  });

  it('drops nothing from a well-formed packument, whichever optional field it leaves out', () => {
    expect(readPackument(REAL, 'real-shaped').dropped).toEqual([]);
    for (const path of paths(REAL as Record<string, any>)) {
      if (path.length === 1 && path[0] === 'versions') continue;
      const { dropped } = readPackument(mutate(REAL as Record<string, any>, [{ path, value: undefined }]), 'real-shaped');
      expect({ path, dropped }).toEqual({ path, dropped: [] });
    }
  });

  it('reads versions outside fullVersions for their identity only, without notes on the rest', () => {
    const raw = {
      name: 'x',
      versions: {
        '1.0.0': { name: 'x', scripts: { test: 1 }, _npmUser: 'Alice <a@example.com>', deprecated: 'old', dist: { integrity: 'sha512-a', tarball: 'https://r.example/x-1.0.0.tgz' }, dependencies: { y: 2 } },
        '2.0.0': { name: 'x', scripts: { test: 'node t.js' } },
      },
    };
    const { value, dropped } = readPackument(raw, 'x', { fullVersions: new Set(['2.0.0']) });
    expect(value.versions['1.0.0']).toEqual({ name: 'x', version: '1.0.0', _npmUser: { name: 'Alice', email: 'a@example.com' }, deprecated: 'old', dist: { integrity: 'sha512-a', tarball: 'https://r.example/x-1.0.0.tgz' } });
    expect(value.versions['2.0.0']!.scripts).toEqual({ test: 'node t.js' });
    expect(dropped).toEqual([]);
  });

  it('refuses only what is not a packument at all, with a reason', () => {
    expect(() => readPackument('nope', 'x')).toThrow(/not a packument/);
    expect(() => readPackument({ name: 'x', versions: [] }, 'x')).toThrow(/versions/);
    expect(readManifest([1, 2])).toBeUndefined();
  });
});

/** Every place in a real-shaped packument a mutation can land. */
function paths(doc: Record<string, any>): string[][] {
  const out: string[][] = [];
  for (const key of Object.keys(doc)) out.push([key]);
  for (const [version, meta] of Object.entries(doc.versions as Record<string, any>)) {
    out.push(['versions', version]);
    for (const key of Object.keys(meta)) out.push(['versions', version, key]);
    for (const key of Object.keys(meta.dist ?? {})) out.push(['versions', version, 'dist', key]);
    for (const key of Object.keys(meta.scripts ?? {})) out.push(['versions', version, 'scripts', key]);
  }
  for (const key of Object.keys(doc.time ?? {})) out.push(['time', key]);
  for (const key of ['maintainers', 'contributors', 'author', '_npmUser', 'bin', 'keywords', 'deprecated', 'engines', 'license']) out.push(['versions', '1.1.0', key]);
  return out;
}

const oddValue = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('Name <a@b.c>', '', 'git://x', '1.0.0', 'not a date', '2020-02-30T99:00:00Z'),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.record({ name: fc.oneof(fc.string(), fc.integer()) })), { maxLength: 4 }),
);

function mutate(base: Record<string, any>, mutations: { path: string[]; value: unknown }[]): Record<string, any> {
  const doc = structuredClone(base);
  for (const { path, value } of mutations) {
    let at: any = doc;
    for (const key of path.slice(0, -1)) {
      if (at === null || typeof at !== 'object') break;
      at = at[key];
    }
    if (at === null || typeof at !== 'object') continue;
    if (value === undefined) delete at[path.at(-1)!];
    else at[path.at(-1)!] = value;
  }
  return doc;
}

it('property: any mutation of a real-shaped packument gives facts every detector judges, or a per-package error', () => {
  const base = factsFromFixture(fixture, '1.1.0');
  const candidates = paths(REAL as Record<string, any>);
  fc.assert(
    fc.property(fc.array(fc.record({ path: fc.constantFrom(...candidates), value: oddValue }), { minLength: 1, maxLength: 6 }), (mutations) => {
      const raw = mutate(REAL as Record<string, any>, mutations);
      let read;
      try {
        read = readPackument(raw, 'real-shaped');
      } catch (error) {
        // The client turns this into the package's `invalid-response` error.
        expect(error).toBeInstanceOf(TypeError);
        return;
      }
      const packument = slimPackument(read.value, new Set(['1.1.0']));
      // Reading only the kept version in full gives the same slim packument as reading them all.
      expect(slimPackument(readPackument(raw, 'real-shaped', { fullVersions: new Set(['1.1.0']) }).value, new Set(['1.1.0']))).toEqual(packument);
      const manifest = readManifest(raw.versions?.['1.1.0']);
      const facts: PackageFacts = { ...base, packument, versionMeta: packument.versions['1.1.0'], ...(manifest ? { manifest: manifest.value } : {}), missing: [] };
      publishersOf(facts);
      // Both stages, as the engine runs them: the registry stage with the tarball stage's summaries.
      const tarball = judgePackage(facts, enabled, NOW, 'tarball');
      const registry = judgePackage(facts, enabled, NOW, 'registry', false, tarball.summaries);
      expect([...tarball.detectorErrors, ...registry.detectorErrors]).toEqual([]);
    }),
    { numRuns: 300 },
  );
});
