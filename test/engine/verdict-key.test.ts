/**
 * What a verdict key names beyond the tarball: release-diff compares the locked release with the one
 * before it, so the key names that release (version and integrity); without release-diff it does not.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { createVerdictCache } from '../../src/engine/cache/verdict-cache.js';
import type { Packument } from '../../src/facts/npm-types.js';
import type { PackageFacts } from '../../src/facts/types.js';

const now = new Date('2026-01-01T00:00:00.000Z');
const dist = (v: string) => ({ tarball: `https://registry.example/a/-/a-${v}.tgz`, integrity: `sha512-${Buffer.from(v).toString('base64')}` });

function factsWith(versions: string[], locked = '2.0.0'): PackageFacts {
  const entries = Object.fromEntries(versions.map((v) => [v, { name: 'a', version: v, dist: dist(v) }]));
  const packument = { name: 'a', versions: entries, time: {} } as unknown as Packument;
  return { name: 'a', version: locked, locked: { name: 'a', version: locked } as PackageFacts['locked'], missing: [], packument, versionMeta: entries[locked] };
}

async function keyOf(facts: PackageFacts, disable: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-verdict-key-'));
  const engine = createEngine({ selection: { disable }, now, workers: 0, timeoutMs: 30_000, measure: false, cache: (fp) => createVerdictCache(dir, fp) });
  try {
    return (await engine.lookup(facts)).key;
  } finally {
    await engine.close();
  }
}

describe('verdict key', () => {
  it('names the release before the locked one when release-diff runs', async () => {
    const before = await keyOf(factsWith(['1.0.0', '2.0.0']));
    const inserted = await keyOf(factsWith(['1.0.0', '1.5.0', '2.0.0']));
    expect(before?.previous).toBe(`1.0.0 ${dist('1.0.0').integrity}`);
    expect(inserted?.previous).toBe(`1.5.0 ${dist('1.5.0').integrity}`);
    expect(await keyOf(factsWith(['2.0.0']))).toMatchObject({ previous: 'none' });
  });

  it('is the same for an entry read back from the packument store, and changes with its content', async () => {
    const facts = factsWith(['1.0.0', '2.0.0']);
    const meta = { ...facts.versionMeta!, scripts: { test: 'vitest' }, dependencies: { b: '^1.0.0', '2': '1.0.0' } };
    const roundTripped = JSON.parse(JSON.stringify(meta)) as typeof meta;
    const key = await keyOf({ ...facts, versionMeta: meta });
    expect(await keyOf({ ...facts, versionMeta: roundTripped })).toEqual(key);
    const installHook = { ...roundTripped, scripts: { ...roundTripped.scripts, postinstall: 'node x.js' } };
    expect((await keyOf({ ...facts, versionMeta: installHook }))?.versionMeta).not.toBe(key?.versionMeta);
  });

  it('leaves it out when release-diff is off', async () => {
    const before = await keyOf(factsWith(['1.0.0', '2.0.0']), ['release-diff']);
    const inserted = await keyOf(factsWith(['1.0.0', '1.5.0', '2.0.0']), ['release-diff']);
    expect(inserted).toEqual(before);
  });
});
