/**
 * The project's own dependencies are read early, one in every four reads, the rest in lockfile
 * order: they are the frameworks with the most code for the detector threads, and read in lockfile
 * order (by path) the last of them were judged after every other read had ended.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import { plainPackage } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const TRANSITIVE = ['alpha', 'beta', 'delta', 'gamma'];
const DIRECT = ['yak', 'zeta'];

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [...TRANSITIVE, ...DIRECT].map((name) => plainPackage(name, { 'index.js': `module.exports = '${name}';\n` })) });
});
afterAll(async () => registry.close());

/** yak needs alpha and beta, zeta needs delta and gamma; the lockfile lists paths alphabetically. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-read-order-'));
  const deps = { yak: '1.0.0', zeta: '1.0.0' };
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: deps },
    'node_modules/alpha': { version: '1.0.0' },
    'node_modules/beta': { version: '1.0.0' },
    'node_modules/delta': { version: '1.0.0' },
    'node_modules/gamma': { version: '1.0.0' },
    'node_modules/yak': { version: '1.0.0', dependencies: { alpha: '1.0.0', beta: '1.0.0' } },
    'node_modules/zeta': { version: '1.0.0', dependencies: { delta: '1.0.0', gamma: '1.0.0' } },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
  return dir;
}

it('reads a direct dependency first and then one in four reads, and reports every package', async () => {
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-read-order-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const before = registry.requests.length;
  const report = await scan({ dir: project(), registry: registry.url, cache: mkdtempSync(join(tmpdir(), 'spamcheck-read-order-cache-')), retries: 0, concurrency: 1 }, { env });
  const read = registry.requests
    .slice(before)
    .map((r) => /^\/([^/]+)\/-\/[^/]+\.tgz$/.exec(r.path)?.[1])
    .filter((name): name is string => name !== undefined);
  expect(read).toEqual(['yak', 'alpha', 'beta', 'delta', 'zeta', 'gamma']);
  expect(report.packages.map((p) => p.name).sort()).toEqual([...TRANSITIVE, ...DIRECT].sort());
  expect(report.summary.audited).toBe(6);
});
