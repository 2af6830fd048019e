/**
 * The known-bad list through the built CLI: `update-db` fetches an OSV-format zip from 127.0.0.1
 * into the cache folder, and the next scan with that cache marks the listed locked version
 * critical with the record's id; a package npm replaced with a security holder is critical too.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli, sealedEnv } from '../support/cli.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { buildZip } from '../support/zip.js';

const publisher = { name: 'someone', email: 'someone@example.com' };
const plain = (name: string, version: string): PackageFixture => ({
  name,
  publisher,
  versions: [{ version, publishedAt: '2024-01-01T00:00:00.000Z', manifest: { description: `${name} does one thing well`, main: 'index.js' }, files: { 'index.js': 'module.exports = (a, b) => a + b;\n', 'README.md': `# ${name}\n\nAdds two numbers.\n` } }],
});
// npm replaced this package: its packument keeps only the placeholder.
const holder: PackageFixture = {
  name: 'crossenvy',
  publisher: { name: 'npm', email: 'npm@npmjs.com' },
  versions: [{ version: '0.0.1-security', publishedAt: '2024-03-01T00:00:00.000Z', manifest: { description: 'security holding package' }, files: { 'README.md': '# Security holding package\n' } }],
};

let registry: TestRegistry;
let osv: Server;
let osvUrl: string;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [plain('colorkit', '5.6.1'), plain('tidy-sum', '1.0.0'), holder] });
  const zip = buildZip([
    { name: 'MAL-2031-0042.json', data: JSON.stringify({ id: 'MAL-2031-0042', modified: '2031-01-01T00:00:00Z', summary: 'Malicious code in colorkit (npm)', affected: [{ package: { ecosystem: 'npm', name: 'colorkit' }, versions: ['5.6.1'] }] }) },
  ]);
  osv = createServer((req, res) => (req.url === '/npm/all.zip' ? res.writeHead(200, { 'content-type': 'application/zip' }).end(zip) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => osv.listen(0, '127.0.0.1', resolve));
  const address = osv.address();
  osvUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/npm/all.zip`;
});

afterAll(async () => {
  await registry?.close();
  await new Promise<void>((resolve) => osv.close(() => resolve()));
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-kb-project-'));
  const deps = { colorkit: '5.6.1', 'tidy-sum': '1.0.0', crossenvy: '1.2.0' };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: deps }));
  const packages: Record<string, unknown> = { '': { name: 'app', version: '1.0.0', dependencies: deps } };
  for (const [name, version] of Object.entries(deps)) packages[`node_modules/${name}`] = { version, resolved: `${registry.url}/${name}/-/${name}-${version}.tgz` };
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  return dir;
}

it('update-db saves the MAL- records into the cache folder, and the next scan marks the listed version critical with the record id', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-kb-cache-'));
  const env = sealedEnv();
  const update = await runCli(['update-db', '--url', osvUrl, '--cache', cache], { env });
  expect(update.stderr).toBe('');
  expect(update.code).toBe(0);
  expect(update.stdout).toMatch(/1 records for 1 packages/);

  const scanned = await runCli([project(), '--json', '--registry', registry.url, '--cache', cache, '--fail-on', 'critical'], { env });
  const report = reportSchema.parse(JSON.parse(scanned.stdout));
  const byName = new Map(report.packages.map((p) => [p.name, p]));
  expect(byName.get('colorkit')).toMatchObject({ level: 'critical' });
  expect(byName.get('colorkit')!.findings.find((f) => f.detector === 'known-malicious')?.message).toMatch(/MAL-2031-0042/);
  expect(byName.get('crossenvy')).toMatchObject({ level: 'critical' });
  expect(byName.get('crossenvy')!.findings.map((f) => f.messageId)).toContain('securityHolder');
  expect(byName.get('tidy-sum')!.findings.filter((f) => f.detector === 'known-malicious')).toEqual([]);
  expect(scanned.code).toBe(1);
});

it('update-db from a URL that serves no zip fails with one line and exit 3, keeping the previous list', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-kb-cache-'));
  const result = await runCli(['update-db', '--url', osvUrl.replace('all.zip', 'missing.zip'), '--cache', cache], { env: sealedEnv() });
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/^spamcheck: update-db: could not download .*HTTP 404.*the previous known-malicious list is kept\n$/);
});
