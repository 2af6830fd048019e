/**
 * --offline: a scan reads only npm's cache. What a first online scan cached is audited again with
 * the registry gone; what it never cached is reported as not audited, with the reason.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const fixture = (name: string): PackageFixture => ({
  name,
  publisher: { name: 'owner' },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = (a, b) => a + b;\n' } }],
});

function project(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-offline-'));
  writeFlatProject(dir, names);
  return dir;
}

it('audits from the cache with the registry down, and names what was never cached', async () => {
  const registry = await startTestRegistry({ fixtures: [fixture('cached-a'), fixture('cached-b'), fixture('never-cached')] });
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-offline-cache-'));
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-offline-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const common = { registry: registry.url, cache, retries: 0, requestTimeoutMs: 2000 };
  const online = await scan({ dir: project(['cached-a', 'cached-b']), ...common }, { env });
  expect(online.summary.audited).toBe(2);
  await registry.close();

  const offline = await scan({ dir: project(['cached-a', 'cached-b', 'never-cached']), ...common, offline: true }, { env });
  const byName = new Map(offline.packages.map((p) => [p.name, p]));
  expect(byName.get('cached-a')).toMatchObject({ coverage: 'full', error: null });
  expect(byName.get('cached-b')).toMatchObject({ coverage: 'full', error: null });
  expect(byName.get('never-cached')!.error?.code).toBe('not-cached');
  expect(offline.summary.incomplete).toBe(true);
});
