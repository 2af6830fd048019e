/**
 * Ctrl-C during a scan: the CLI stops promptly, prints what it has (marked interrupted), exits 130,
 * and leaves npm's cache usable for the next run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { REPO_ROOT, runCli, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const NAMES = Array.from({ length: 12 }, (_, i) => `slow-${i}`);
let registry: TestRegistry;
let projectDir: string;

beforeAll(async () => {
  const fixtures: PackageFixture[] = NAMES.map((name) => ({
    name,
    publisher: { name: 'p' },
    versions: [{ version: '1.0.0', publishedAt: '2021-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = (a) => a * 2;\n' } }],
  }));
  registry = await startTestRegistry({ fixtures });
  // Every package but the first two stalls, so the scan is still running when Ctrl-C arrives.
  for (const name of NAMES.slice(2)) registry.misbehave(name, { kind: 'stall-mid-body' });
  projectDir = mkdtempSync(join(tmpdir(), 'spamcheck-interrupt-'));
  writeFlatProject(projectDir, NAMES);
});
afterAll(async () => {
  await registry?.close();
});

it('stops on SIGINT, prints a partial report marked interrupted, exits 130, and the cache still works', async () => {
  const env = sealedEnv();
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-interrupt-cache-'));
  const args = [join(REPO_ROOT, 'bin', 'spamcheck.js'), projectDir, '--json', '--registry', registry.url, '--cache', cache, '--concurrency', '2', '--timeout', '60'];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  // Wait until the scan is under way (startup is slow on a loaded machine), then give it a moment.
  const deadline = Date.now() + 30_000;
  while (registry.requests.filter((r) => r.path.startsWith('/slow-')).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  const signalledAt = Date.now();
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(Date.now() - signalledAt).toBeLessThan(5000);
  expect(code).toBe(130);
  const report = reportSchema.parse(JSON.parse(stdout));
  expect(report.summary.interrupted).toBe(true);
  expect(report.packages).toHaveLength(NAMES.length);
  // Finished packages are audited; after Ctrl-C their publisher lookups were skipped, so they may be partial.
  const done = report.packages.filter((p) => p.error === null && p.coverage !== 'none').map((p) => p.name).sort();
  expect(done).toEqual(['slow-0', 'slow-1']);
  expect(report.packages.filter((p) => p.error?.code === 'interrupted').length).toBeGreaterThanOrEqual(NAMES.length - 2);

  registry.behave();
  const again = await runCli([projectDir, '--json', '--registry', registry.url, '--cache', cache], { env });
  expect(again.code).toBe(0);
  expect(reportSchema.parse(JSON.parse(again.stdout)).summary.audited).toBe(NAMES.length);
});
