/**
 * Issue 12, fault 1: a registry that sends the headers and the first bytes of a tarball and then
 * nothing, never ending the response. The scan must give that package a timeout error and go on;
 * before the fix the process died of an unhandled 'error' event from pacote's fetcher stream.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { plainPackage } from '../support/package-fixture.js';
import { runCli, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const NAMES = ['calm-a', 'stuck-tgz', 'calm-b'];
let registry: TestRegistry;
let projectDir: string;

// Enough bytes that the first 20 of the gzip stream are far from its end.
const fixture = (name: string) => plainPackage(name, { 'index.js': `module.exports = (a, b) => a + b;\n// ${'x'.repeat(4000)}\n`, 'README.md': `# ${name}\n` });

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: NAMES.map(fixture) });
  registry.misbehave('stuck-tgz', { kind: 'stall-after-bytes', bytes: 20, target: 'tarball' });
  projectDir = mkdtempSync(join(tmpdir(), 'spamcheck-stalled-'));
  writeFlatProject(projectDir, NAMES);
});
afterAll(async () => {
  await registry?.close();
});

it('a tarball body that stalls after 20 bytes and never ends is that package\'s timeout, and the scan goes on', async () => {
  const env = sealedEnv();
  const result = await runCli([projectDir, '--json', '--registry', registry.url, '--timeout', '1'], { env });
  expect(result.stderr).not.toMatch(/Unhandled|unexpected error/);
  expect(result.code).toBe(3);
  const report = reportSchema.parse(JSON.parse(result.stdout));
  const byName = new Map(report.packages.map((p) => [p.name, p]));
  expect(byName.get('stuck-tgz')!.error).toMatchObject({ code: 'timeout' });
  expect(byName.get('stuck-tgz')!.error!.message).toMatch(/timed out after 1 s/);
  expect(byName.get('stuck-tgz')!.findings).toEqual([]);
  expect(byName.get('calm-a')).toMatchObject({ error: null, coverage: 'full' });
  expect(byName.get('calm-b')).toMatchObject({ error: null, coverage: 'full' });
});
