/**
 * Issue 12, fault 3: Ctrl-C while tarballs are being read. Every read cut by the interruption is a
 * package not audited ("interrupted"), never a finding: before the fix each half-read tarball was
 * compared with its lockfile pin and reported as "the registry served different bytes" (HIGH), and
 * the exit code was 1. Online (a slow registry) and --offline (reads from npm's cache).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pacote from 'pacote';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, reportSchema } from '../../src/report/schema.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { REPO_ROOT, runCli, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const NAMES = Array.from({ length: 12 }, (_, i) => `reading-${i}`);
let registry: TestRegistry;
let projectDir: string;

// Incompressible content makes each tarball large, so reads (from the network or the cache) take a while.
const fixture = (name: string): PackageFixture => ({
  name,
  publisher: { name: 'p', email: 'p@example.com' },
  versions: [
    {
      version: '1.0.0',
      publishedAt: '2021-01-01T00:00:00.000Z',
      manifest: { main: 'index.js' },
      files: { 'index.js': 'module.exports = (a) => a * 2;\n', 'data.bin': { base64: randomBytes(4 * 1024 * 1024).toString('base64') } },
    },
  ],
});

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: NAMES.map(fixture) });
  projectDir = mkdtempSync(join(tmpdir(), 'spamcheck-interrupt-reads-'));
  const deps = Object.fromEntries(NAMES.map((n) => [n, '1.0.0']));
  const packages: Record<string, unknown> = { '': { name: 'app', dependencies: deps } };
  // Pinned with the honest integrity: a "mismatch" can only come from comparing a cut read.
  for (const n of NAMES) packages[`node_modules/${n}`] = { version: '1.0.0', integrity: registry.dist(n, '1.0.0').integrity };
  writeFileSync(join(projectDir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
  writeFileSync(join(projectDir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
}, 60_000);
afterAll(async () => {
  await registry?.close();
});

async function interrupt(args: string[], env: NodeJS.ProcessEnv, readsUnderWay: (pid: number) => boolean): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'spamcheck.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  const deadline = Date.now() + 30_000;
  while (!readsUnderWay(child.pid!) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGINT');
  return { code: await closed, stdout };
}

function expectHonestInterruptedReport(report: Report): void {
  expect(report.summary.interrupted).toBe(true);
  expect(report.packages).toHaveLength(NAMES.length);
  // Nothing is raised by a read the interruption cut. Packages read whole before Ctrl-C are judged as
  // usual: these benign fixtures may share a low cross-package note among themselves, never more.
  for (const p of report.packages) {
    expect(p.findings.filter((f) => f.detector === 'registry-state' || f.detector === 'tarball-anomalies')).toEqual([]);
    expect(['none', 'low']).toContain(p.level);
  }
  const unfinished = report.packages.filter((p) => p.error?.code === 'interrupted');
  expect(unfinished.length).toBeGreaterThan(0);
  for (const p of unfinished) {
    expect(p.coverage).toBe('none');
    expect(p.findings).toEqual([]);
    expect(p.level).toBe('none');
  }
  const { audited, failed, unfinished: unfinishedCount, packages } = report.summary;
  expect(unfinishedCount).toBe(unfinished.length);
  expect(audited + failed + unfinishedCount).toBe(packages);
}

describe('Ctrl-C while tarballs are being read', () => {
  it('online: exits 130 with a JSON report marked interrupted, unfinished packages not audited, nothing raised', async () => {
    for (const n of NAMES.slice(1)) registry.misbehave(n, { kind: 'trickle', bytesPerTick: 64 * 1024, intervalMs: 50, target: 'tarball' });
    const env = sealedEnv();
    const cache = mkdtempSync(join(tmpdir(), 'spamcheck-interrupt-reads-cache-'));
    const tarballRequests = () => registry.requests.filter((r) => r.path.endsWith('.tgz')).length;
    const before = tarballRequests();
    const { code, stdout } = await interrupt([projectDir, '--json', '--registry', registry.url, '--cache', cache, '--concurrency', '4'], env, () => tarballRequests() - before >= 4);
    registry.behave();
    expect(code).toBe(130);
    expectHonestInterruptedReport(reportSchema.parse(JSON.parse(stdout)));
  });

  it('online, table: the summary says the scan was interrupted and lists what was not audited', async () => {
    for (const n of NAMES.slice(1)) registry.misbehave(n, { kind: 'trickle', bytesPerTick: 64 * 1024, intervalMs: 50, target: 'tarball' });
    const env = sealedEnv();
    const cache = mkdtempSync(join(tmpdir(), 'spamcheck-interrupt-reads-cache-'));
    const tarballRequests = () => registry.requests.filter((r) => r.path.endsWith('.tgz')).length;
    const before = tarballRequests();
    const { code, stdout } = await interrupt([projectDir, '--no-color', '--registry', registry.url, '--cache', cache, '--concurrency', '4'], env, () => tarballRequests() - before >= 4);
    registry.behave();
    expect(code).toBe(130);
    expect(stdout).toMatch(/INTERRUPTED/);
    expect(stdout).toMatch(/Not audited, interrupted \(\d+\)/);
    expect(stdout).not.toMatch(/HIGH|CRITICAL|MEDIUM/);
  });

  it.skipIf(process.platform !== 'linux')('--offline from a warm cache: the same, while cached tarballs are being read', async () => {
    const env = sealedEnv();
    const cache = mkdtempSync(join(tmpdir(), 'spamcheck-interrupt-reads-warm-'));
    const warm = await runCli([projectDir, '--json', '--registry', registry.url, '--cache', cache], { env });
    expect(warm.code).toBe(0);
    // spamcheck keeps verdicts, not tarballs: put the tarballs in npm's cache as npm itself would,
    // and judge again without the verdicts, so the offline scan reads them from there.
    for (const name of NAMES) await pacote.tarball(`${name}@1.0.0`, { registry: registry.url, cache: join(cache, '_cacache') });
    // Interrupt once the CLI holds a cached tarball open (read through /proc: no guessing with sleeps).
    const readingCachedTarball = (pid: number) => {
      try {
        return readdirSync(`/proc/${pid}/fd`).some((fd) => {
          try {
            return readlinkSync(`/proc/${pid}/fd/${fd}`).includes(join(cache, '_cacache', 'content-v2'));
          } catch {
            return false;
          }
        });
      } catch {
        return false;
      }
    };
    const { code, stdout } = await interrupt([projectDir, '--json', '--offline', '--no-verdict-cache', '--registry', registry.url, '--cache', cache, '--concurrency', '4'], env, readingCachedTarball);
    expect(code).toBe(130);
    expectHonestInterruptedReport(reportSchema.parse(JSON.parse(stdout)));
  });
});
