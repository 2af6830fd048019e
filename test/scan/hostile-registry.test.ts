/**
 * Issue 7: a registry that fails or lies, and tarballs written by attackers. Each case runs the real
 * scan() against the 127.0.0.1 fixture registry and checks that the scan finishes, says what it could
 * not audit and why, and never reports "clean" for something it did not read.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/report/exit-codes.js';
import { reportSchema, type PackageReport, type Report } from '../../src/report/schema.js';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { tarEntries } from '../support/pack.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const owner = { name: 'owner', email: 'owner@example.com' };

function plain(name: string, versions = ['1.0.0']): PackageFixture {
  return {
    name,
    publisher: owner,
    versions: versions.map((version, i) => ({
      version,
      publishedAt: new Date(Date.UTC(2020 + i, 0, 1)).toISOString(),
      manifest: { description: `${name} helpers`, main: 'index.js', license: 'MIT' },
      files: { 'index.js': `'use strict';\nmodule.exports = function ${name.replace(/\W/g, '_')}(a, b) { return a + b; };\n`, 'README.md': `# ${name}\n\nAdds numbers.\n` },
    })),
  };
}

const NAMES = ['ok-a', 'gone-a', 'vmiss', 'err500', 'flaky', 'reset', 'stall', 'ratelimited', 'badjson', 'endless', 'endless-declared', 'traversal', 'bomb', 'tampered', 'pinned-mismatch', '@corp/redirected'];
/** The packument cap of this scan: far above every honest packument here, far below an endless one. */
const MAX_PACKUMENT_BYTES = 1024 * 1024;
const WRONG_PIN = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;

let registry: TestRegistry;
let report: Report;
let byName: Map<string, PackageReport>;
let elapsedMs: number;

function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-hostile-'));
  const deps = Object.fromEntries(NAMES.map((n) => [n, n === 'vmiss' ? '1.1.0' : '1.0.0']));
  const packages: Record<string, unknown> = { '': { name: 'hostile-app', version: '1.0.0', dependencies: deps } };
  for (const [name, version] of Object.entries(deps)) {
    packages[`node_modules/${name}`] = { version, ...(name === 'pinned-mismatch' ? { integrity: WRONG_PIN } : {}) };
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'hostile-app', version: '1.0.0', dependencies: deps }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'hostile-app', lockfileVersion: 3, requires: true, packages }, null, 2));
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(dir, '.npmrc'), `@corp:registry=${registry.url}\n${host}:_authToken=corp-token\n`);
  return dir;
}

beforeAll(async () => {
  const fixtures = NAMES.filter((n) => n !== 'gone-a').map((n) => plain(n, n === 'vmiss' ? ['1.0.0', '1.1.0'] : ['1.0.0']));
  registry = await startTestRegistry({ fixtures, privateScope: { scope: '@corp', token: 'corp-token' } });
  registry.misbehave('gone-a', { kind: 'not-found' });
  registry.misbehave('vmiss', { kind: 'version-missing', version: '1.1.0' });
  registry.misbehave('err500', { kind: 'server-error', target: 'both' });
  registry.misbehave('flaky', { kind: 'server-error-then-ok', failures: 2, target: 'both' });
  registry.misbehave('reset', { kind: 'connection-reset', target: 'both' });
  registry.misbehave('stall', { kind: 'stall-mid-body', target: 'packument' });
  registry.misbehave('ratelimited', { kind: 'rate-limited', retryAfterSeconds: 1, times: 1 });
  registry.misbehave('badjson', { kind: 'invalid-json' });
  registry.misbehave('endless', { kind: 'endless-packument' });
  registry.misbehave('endless-declared', { kind: 'endless-packument', declaredBytes: 5 * 1024 ** 3 });
  registry.misbehave('traversal', {
    kind: 'raw-tarball',
    bytes: gzipSync(
      tarEntries([
        { path: 'package/package.json', bytes: Buffer.from('{"name":"traversal","version":"1.0.0"}') },
        { path: 'package/../../../../../tmp/spamcheck-pwned.js', bytes: Buffer.from('require("child_process").exec("id")') },
        { path: 'package/etc-link', bytes: Buffer.alloc(0), type: '2', linkTarget: '/etc/passwd' },
      ]),
    ),
  });
  registry.misbehave('bomb', {
    kind: 'raw-tarball',
    bytes: gzipSync(tarEntries([{ path: 'package/package.json', bytes: Buffer.from('{"name":"bomb","version":"1.0.0"}') }, { path: 'package/zeros.txt', bytes: Buffer.alloc(300 * 1024 * 1024) }]), { level: 9 }),
  });
  registry.misbehave('tampered', { kind: 'raw-tarball', bytes: gzipSync(tarEntries([{ path: 'package/package.json', bytes: Buffer.from('{"name":"tampered"}') }])), integrity: 'original' });
  registry.misbehave('@corp/redirected', { kind: 'redirect', target: 'both' });

  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-hostile-cache-'));
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-hostile-home-'));
  mkdirSync(join(home, '.npm'));
  const started = Date.now();
  report = await scan(
    { dir: writeProject(), registry: registry.url, cache, concurrency: 8, retries: 2, retryBaseDelayMs: 20, requestTimeoutMs: 1500, maxPackumentBytes: MAX_PACKUMENT_BYTES },
    { env: { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') } },
  );
  elapsedMs = Date.now() - started;
  byName = new Map(report.packages.map((p) => [p.name, p]));
}, 120_000);

afterAll(async () => {
  await registry?.close();
});

describe('a scan against a misbehaving registry', () => {
  it('finishes, in bounded time, with a schema-valid report covering every locked package', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
    expect(report.packages.map((p) => p.name).sort()).toEqual([...NAMES].sort());
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it('reports a name the registry no longer has, and a locked version it no longer lists, as findings', () => {
    expect(byName.get('gone-a')!.findings.map((f) => f.messageId)).toEqual(['packageGone']);
    expect(byName.get('gone-a')!.error).toBeNull();
    expect(byName.get('vmiss')!.findings.map((f) => f.messageId)).toContain('versionGone');
  });

  it('retries 500s until they stop, and gives up with a reason when they do not', () => {
    expect(byName.get('flaky')!).toMatchObject({ error: null, coverage: 'full' });
    expect(byName.get('err500')!.error).toMatchObject({ code: 'registry-error' });
    expect(byName.get('err500')!.coverage).toBe('none');
    expect(byName.get('err500')!.level).toBe('none');
  });

  it('marks resets, stalls and invalid JSON as not audited with their reason', () => {
    expect(byName.get('reset')!.error?.code).toMatch(/network|registry-error/);
    expect(byName.get('stall')!.error?.code).toBe('timeout');
    expect(byName.get('badjson')!.error?.code).toBe('invalid-response');
  });

  it('refuses a packument past the cap, whether its length is missing or declared, once and without retrying', () => {
    for (const name of ['endless', 'endless-declared']) {
      const p = byName.get(name)!;
      expect(p.error).toMatchObject({ code: 'too-large' });
      expect(p.error!.message).toContain(`more than ${MAX_PACKUMENT_BYTES / (1024 * 1024)} MiB`);
      expect(p.coverage).toBe('none');
      expect(registry.requests.filter((r) => r.path === `/${name}`)).toHaveLength(1);
    }
  });

  it('honours Retry-After on a 429 and then audits the package', () => {
    expect(byName.get('ratelimited')!).toMatchObject({ error: null, coverage: 'full' });
    const hits = registry.requests.filter((r) => r.path === '/ratelimited');
    expect(hits.length).toBe(2);
  });

  it('flags tarball entries that escape the package and never follows them', () => {
    const traversal = byName.get('traversal')!;
    expect(traversal.findings.some((f) => f.detector === 'tarball-anomalies' && f.messageId === 'unsafePath')).toBe(true);
    expect(traversal.error).toBeNull();
  });

  it('stops a gzip bomb at the cap and says the view is partial', () => {
    const bomb = byName.get('bomb')!;
    expect(bomb.coverage).toBe('partial');
    expect(bomb.error).toBeNull();
  });

  it('refuses bytes that do not match the registry-published integrity', () => {
    expect(byName.get('tampered')!.error?.code).toBe('integrity');
  });

  it('reports a tarball that differs from the lockfile pin as a finding of its own', () => {
    const pinned = byName.get('pinned-mismatch')!;
    expect(pinned.findings.map((f) => f.messageId)).toContain('integrityMismatch');
    expect(pinned.level === 'high' || pinned.level === 'critical').toBe(true);
  });

  it('does not send the registry token to the other host of a redirect', () => {
    const redirected = registry.requests.filter((r) => r.path.startsWith('/-/redirected/'));
    expect(redirected.length).toBeGreaterThan(0);
    for (const r of redirected) expect(r.headers.authorization).toBeUndefined();
  });

  it('counts what could not be audited and exits 3 unless incomplete results are allowed', () => {
    // A package with an error but its packument read is audited partially, not failed: the counts add up.
    expect(report.summary.failed).toBe(report.packages.filter((p) => p.error !== null && p.coverage === 'none').length);
    expect(report.summary.audited + report.summary.failed + report.summary.unfinished).toBe(report.summary.packages);
    expect(report.summary.failed).toBeGreaterThanOrEqual(5);
    expect(report.summary.incomplete).toBe(true);
    expect(exitCodeFor(report, 'critical', false)).toBe(3);
    expect(exitCodeFor(report, 'critical', true)).toBe(0);
    expect(exitCodeFor(report, 'high', true)).toBe(1);
  });
});
