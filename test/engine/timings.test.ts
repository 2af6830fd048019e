/**
 * SPAMCHECK_TIMINGS figures are what a user reads in a slow-scan report: a phase that runs for many
 * packages at once must add up the time it took, not the time each package waited beside the others.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { createVerdictCache } from '../../src/engine/cache/verdict-cache.js';
import type { Packument } from '../../src/facts/npm-types.js';
import type { PackageFacts } from '../../src/facts/types.js';

function factsFor(i: number): PackageFacts {
  const name = `p${i}`;
  const meta = { name, version: '1.0.0', dist: { tarball: `https://registry.example/${name}.tgz`, integrity: `sha512-${Buffer.from(name).toString('base64')}` } };
  const packument = { name, versions: { '1.0.0': meta }, time: {} } as unknown as Packument;
  return { name, version: '1.0.0', locked: { name, version: '1.0.0' } as PackageFacts['locked'], missing: [], packument, versionMeta: meta };
}

it('counts the verdict cache read once, however many lookups run at once', async () => {
  // 300 lookups started together, as a warm scan starts them: each read is synchronous, so their
  // total can never exceed the time the whole batch took. Timed as spans from start to settlement,
  // the lookups overlapped and summed to many times that (1.2 s of a 1.0 s warm scan).
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-timings-'));
  const engine = createEngine({ selection: {}, now: new Date('2026-01-01T00:00:00.000Z'), workers: 0, timeoutMs: 30_000, measure: true, cache: (fp) => createVerdictCache(dir, fp) });
  try {
    const facts = Array.from({ length: 300 }, (_, i) => factsFor(i));
    const started = performance.now();
    const found = await Promise.all(facts.map((f) => engine.lookup(f)));
    const elapsed = performance.now() - started;
    expect(found.every((f) => f.key !== undefined && f.verdict === undefined)).toBe(true);
    const measured = engine.timings.get('phase: verdict cache read');
    expect(measured).toBeGreaterThan(0);
    expect(measured).toBeLessThanOrEqual(elapsed);
  } finally {
    await engine.close();
  }
});
