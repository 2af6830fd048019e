/**
 * A scan that can be interrupted hands one AbortSignal to every request in flight. Node warns on
 * stderr ("MaxListenersExceededWarning") past ten listeners on one signal: with the default
 * concurrency of eight, every cold scan from the CLI printed that warning into the user's terminal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { writeFlatProject } from '../support/project.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const fixtures: PackageFixture[] = Array.from({ length: 24 }, (_, i) => ({
  name: `plain-${i}`,
  publisher: { name: `owner-${i}` },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': `module.exports = ${i};\n` } }],
}));

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures });
  // Slow answers keep every request of the pool in flight at once, as on a real network.
  for (const f of fixtures) registry.misbehave(f.name, { kind: 'trickle', bytesPerTick: 64, intervalMs: 5, target: 'both' });
});
afterAll(async () => registry.close());

it('prints no MaxListenersExceededWarning while many requests share the scan signal', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    const home = mkdtempSync(join(tmpdir(), 'spamcheck-listeners-home-'));
    const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
    const dir = writeFlatProject(mkdtempSync(join(tmpdir(), 'spamcheck-listeners-')), fixtures.map((f) => f.name));
    const cache = mkdtempSync(join(tmpdir(), 'spamcheck-listeners-cache-'));
    const report = await scan({ dir, registry: registry.url, cache, retries: 0, concurrency: 16 }, { env, signal: new AbortController().signal });
    expect(report.summary.packages).toBe(fixtures.length);
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w === 'MaxListenersExceededWarning')).toEqual([]);
  } finally {
    process.off('warning', onWarning);
  }
});
