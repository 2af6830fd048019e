/**
 * What the lockfile pins is compared with the bytes served whatever algorithm it pins. The tarball
 * reader takes the digest pacote verified instead of hashing 600 MB again, so these check that a
 * pin in another algorithm (npm 5-era lockfiles pinned sha1 only) is still compared, not skipped.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { writeFlatProject } from '../support/project.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const fixture: PackageFixture = {
  name: 'pinned-thing',
  publisher: { name: 'owner' },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 1;\n' } }],
};

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [fixture] });
});
afterAll(async () => registry.close());

async function scanPinned(integrity: string) {
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-pins-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const dir = writeFlatProject(mkdtempSync(join(tmpdir(), 'spamcheck-pins-')), [{ name: 'pinned-thing', integrity }]);
  const report = await scan({ dir, registry: registry.url, cache: mkdtempSync(join(tmpdir(), 'spamcheck-pins-cache-')), retries: 0 }, { env });
  return report.packages.find((p) => p.name === 'pinned-thing')!;
}

const sha1Pin = (hex: string) => `sha1-${Buffer.from(hex, 'hex').toString('base64')}`;

it('a sha1-only pin that matches the served bytes is no finding', async () => {
  const row = await scanPinned(sha1Pin(registry.dist('pinned-thing', '1.0.0').shasum));
  expect(row.error).toBeNull();
  expect(row.findings.filter((f) => f.detector === 'registry-state')).toEqual([]);
});

it('a sha1-only pin of other bytes is reported, as a sha512 one is', async () => {
  const other = createHash('sha1').update('other bytes').digest('hex');
  const row = await scanPinned(sha1Pin(other));
  expect(row.findings.map((f) => f.messageId)).toContain('integrityMismatch');
  const other512 = `sha512-${createHash('sha512').update('other bytes').digest('base64')}`;
  expect((await scanPinned(other512)).findings.map((f) => f.messageId)).toContain('integrityMismatch');
  // And the honest sha512 pin matches.
  expect((await scanPinned(registry.dist('pinned-thing', '1.0.0').integrity)).findings.filter((f) => f.detector === 'registry-state')).toEqual([]);
});
