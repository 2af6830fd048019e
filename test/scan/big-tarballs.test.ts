/**
 * Issue 14: the registry client buffers a whole response while its reader is behind, so platform
 * builds (tens of megabytes each, side by side in every lockfile) read four at a time held their
 * whole compressed bytes at once. The scan reads tarballs its manifest marks as platform builds one
 * at a time; other packages keep the full concurrency.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TarballServe, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

// Named to sit side by side in the lockfile, as `@esbuild/*` builds do.
const PLATFORM = ['native-build-darwin', 'native-build-linux', 'native-build-musl', 'native-build-win32'];
const PLAIN = ['plain-a', 'plain-b', 'plain-c', 'plain-d'];

const fixture = (name: string, manifest: Record<string, unknown>): PackageFixture => ({
  name,
  publisher: { name: 'owner' },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js', ...manifest }, files: { 'index.js': `module.exports = ${JSON.stringify(name)};\n// ${'x'.repeat(3000)}\n` } }],
});

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({
    fixtures: [...PLATFORM.map((name) => fixture(name, { os: [name.split('-').pop()], cpu: ['x64'] })), ...PLAIN.map((name) => fixture(name, {}))],
  });
  // Slow bodies, so reads that may overlap do.
  for (const name of [...PLATFORM, ...PLAIN]) registry.misbehave(name, { kind: 'trickle', bytesPerTick: 256, intervalMs: 15, target: 'tarball' });
});
afterAll(async () => registry.close());

/** The most answers among `serves` under way at the same moment. */
function peakOverlap(serves: readonly TarballServe[]): number {
  const edges = serves.flatMap((s) => [[s.startMs, 1], [s.endMs ?? Infinity, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, step] of edges) peak = Math.max(peak, (open += step));
  return peak;
}

it('reads platform-build tarballs one at a time while other tarballs are read in parallel', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-big-'));
  writeFlatProject(dir, [...PLATFORM, ...PLAIN]);
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-big-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const report = await scan({ dir, registry: registry.url, cache: join(home, 'cache'), retries: 0, concurrency: 4, detectorWorkers: 0, verdictCache: false }, { env });

  expect(report.packages.map((p) => [p.name, p.error])).toEqual(expect.arrayContaining([...PLATFORM, ...PLAIN].map((name) => [name, null])));
  const serves = registry.tarballServes;
  expect(serves).toHaveLength(8);
  expect(peakOverlap(serves.filter((s) => PLATFORM.includes(s.name)))).toBe(1);
  // The scan did read in parallel: the limit is on platform builds, not on every tarball.
  expect(peakOverlap(serves)).toBeGreaterThan(1);
});
