import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPackumentStore, slimPackument } from '../../src/facts/packument-store.js';
import { writeBehind } from '../../src/util/json-files.js';
import type { Packument } from '../../src/facts/npm-types.js';

const HOUR = 3_600_000;
const packument = (versions: string[]): Packument => ({
  name: 'pkg',
  versions: Object.fromEntries(versions.map((v) => [v, { name: 'pkg', version: v, scripts: { test: 'x' }, dist: { integrity: `sha512-${v}` } }])),
  time: { created: '2020-01-01T00:00:00.000Z' },
});

function store(dir: string, clock: { now: number }, served: Packument) {
  const fetched: string[] = [];
  const source = createPackumentStore({
    dir,
    registryFor: () => 'https://registry.example/',
    maxAgeMs: 6 * HOUR,
    nowMs: () => clock.now,
    fetch: async (name) => (fetched.push(name), { value: served, dropped: [] }),
  });
  return { source, fetched };
}

describe('packument store', () => {
  it('reuses a packument younger than the limit, and fetches again once it is older', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-packuments-'));
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const { source, fetched } = store(dir, clock, packument(['1.0.0', '2.0.0']));
    const first = await source.get('pkg', '1.0.0');
    expect(first.value.versions['1.0.0']).toMatchObject({ scripts: { test: 'x' } });
    // Other versions keep identity fields only.
    expect(first.value.versions['2.0.0']).toEqual({ name: 'pkg', version: '2.0.0' });
    clock.now += 5 * HOUR;
    expect(await source.get('pkg', '1.0.0')).toEqual(first);
    expect(fetched).toEqual(['pkg']);
    clock.now += 2 * HOUR;
    await source.get('pkg', '1.0.0');
    expect(fetched).toEqual(['pkg', 'pkg']);
  });

  it('fetches a package once for two locked versions asked at the same time, and stores both for the next scan', async () => {
    // Regression: both requests fetched at once and each stored a copy holding only its own
    // version, so the next (warm) scan fetched one of them again.
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-packuments-'));
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const fetched: string[] = [];
    const make = () =>
      createPackumentStore({
        dir,
        registryFor: () => 'https://registry.example/',
        maxAgeMs: 6 * HOUR,
        nowMs: () => clock.now,
        versionsOf: () => ['1.0.0', '2.0.0'],
        fetch: async (name) => {
          fetched.push(name);
          await new Promise((r) => setTimeout(r, 10));
          return { value: packument(['1.0.0', '2.0.0', '3.0.0']), dropped: [] };
        },
      });
    const cold = make();
    const [a, b] = await Promise.all([cold.get('pkg', '1.0.0'), cold.get('pkg', '2.0.0')]);
    expect(a.value.versions['1.0.0']).toMatchObject({ scripts: { test: 'x' } });
    expect(b.value.versions['2.0.0']).toMatchObject({ scripts: { test: 'x' } });
    expect(fetched).toEqual(['pkg']);
    const warm = make();
    await Promise.all([warm.get('pkg', '2.0.0'), warm.get('pkg', '1.0.0')]);
    expect(fetched).toEqual(['pkg']);
    expect(warm.counts).toMatchObject({ stored: 2, fetched: 0 });
    // SPAMCHECK_TIMINGS shows the time the stored copies took to read.
    expect(warm.counts.readMs).toBeGreaterThan(0);
  });

  it('written behind, a stored packument is read from memory until the writes drain, then from disk by the next scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-packuments-'));
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const fetched: string[] = [];
    const make = (writer = writeBehind()) => ({
      writer,
      source: createPackumentStore({
        dir,
        writer,
        registryFor: () => 'https://registry.example/',
        maxAgeMs: 6 * HOUR,
        nowMs: () => clock.now,
        versionsOf: () => ['1.0.0', '2.0.0'],
        fetch: async (name) => (fetched.push(name), { value: packument(['1.0.0', '2.0.0']), dropped: [] }),
      }),
    });
    const cold = make();
    await cold.source.get('pkg', '1.0.0');
    expect(readdirSync(dir)).toEqual([]);
    // The second locked version of the name is served by the entry still waiting to be written.
    await cold.source.get('pkg', '2.0.0');
    expect(fetched).toEqual(['pkg']);
    await cold.writer.drain();
    const warm = make();
    await warm.source.get('pkg', '2.0.0');
    expect(warm.source.counts).toMatchObject({ stored: 1, fetched: 0 });
    expect(fetched).toEqual(['pkg']);
  });

  it('fetches again when any part of the stored file has another shape than the store writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-packuments-'));
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const { source, fetched } = store(dir, clock, packument(['1.0.0']));
    await source.get('pkg', '1.0.0');
    const file = join(dir, (readdirSync(dir, { recursive: true }) as string[]).find((f) => f.endsWith('.json'))!);
    const written = readFileSync(file, 'utf8');
    await source.get('pkg', '1.0.0');
    expect(fetched).toHaveLength(1);
    const broken: [string, (e: Record<string, any>) => void][] = [
      ['another format', (e) => (e.schema = 2)],
      ['a key without its registry', (e) => delete e.key.registry],
      ['a fetch time as text', (e) => (e.fetchedAtMs = String(e.fetchedAtMs))],
      ['a fetch time that is not finite', (e) => (e.fetchedAtMs = null)],
      ['versions kept in full that are not a list', (e) => (e.fullVersions = '1.0.0')],
      ['a version kept in full that is not a string', (e) => (e.fullVersions = [1])],
      ['a packument without its name', (e) => delete e.packument.name],
      ['versions as a list', (e) => (e.packument.versions = [])],
      ['a version entry that is not an object', (e) => (e.packument.versions['1.0.0'] = '1.0.0')],
      ['dropped fields that are not a list', (e) => (e.dropped = {})],
      ['a dropped field without its reason', (e) => (e.dropped = [{ field: 'time' }])],
    ];
    for (const [what, breakIt] of broken) {
      const entry = JSON.parse(written);
      breakIt(entry);
      writeFileSync(file, JSON.stringify(entry));
      const before = fetched.length;
      await source.get('pkg', '1.0.0');
      expect(fetched.length, what).toBe(before + 1);
    }
  });

  it('fetches again for a version it does not hold in full, then holds both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-packuments-'));
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const { source, fetched } = store(dir, clock, packument(['1.0.0', '2.0.0']));
    await source.get('pkg', '1.0.0');
    const both = await source.get('pkg', '2.0.0');
    expect(fetched.length).toBe(2);
    expect(both.value.versions['1.0.0']).toMatchObject({ scripts: { test: 'x' } });
    expect(both.value.versions['2.0.0']).toMatchObject({ scripts: { test: 'x' } });
    await source.get('pkg', '1.0.0');
    expect(fetched.length).toBe(2);
  });

  it('ignores a stored file whose key names another package or that does not parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-packuments-'));
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const { source, fetched } = store(dir, clock, packument(['1.0.0']));
    await source.get('pkg', '1.0.0');
    const file = (readdirSync(dir, { recursive: true }) as string[]).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(dir, file), JSON.stringify({ schema: 1, key: { name: 'other', registry: 'https://registry.example/' }, fetchedAtMs: clock.now, fullVersions: ['1.0.0'], packument: packument(['1.0.0']) }));
    await source.get('pkg', '1.0.0');
    writeFileSync(join(dir, file), '{"schema":1');
    await source.get('pkg', '1.0.0');
    expect(fetched.length).toBe(3);
  });
});

describe('slimPackument', () => {
  it('keeps where the release before a locked version is (release-diff reads it), and no other dist', () => {
    const dist = (v: string) => ({ tarball: `https://r.example/a-${v}.tgz`, integrity: `sha512-${v}`, shasum: v, fileCount: 3 });
    const versions = Object.fromEntries(['1.0.0', '1.1.0', '2.0.0-beta.1', '2.0.0'].map((v) => [v, { name: 'a', version: v, dist: dist(v), description: 'x' }]));
    const slim = slimPackument({ name: 'a', versions } as unknown as Packument, new Set(['2.0.0']));
    expect(slim.versions['2.0.0']).toEqual(versions['2.0.0']);
    expect(slim.versions['1.1.0']).toEqual({ name: 'a', version: '1.1.0', dist: { tarball: dist('1.1.0').tarball, integrity: 'sha512-1.1.0', shasum: '1.1.0' } });
    expect(slim.versions['1.0.0']).toEqual({ name: 'a', version: '1.0.0' });
    expect(slim.versions['2.0.0-beta.1']).toEqual({ name: 'a', version: '2.0.0-beta.1' });
  });
});
