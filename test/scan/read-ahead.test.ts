/**
 * Issue 14: a cold scan waited for each packument before it asked for the package's tarball, one
 * round trip after another in every fetch slot, and sat idle on latency. Packuments now run ahead
 * of the tarball reads. With one fetch slot and slow tarballs, every packument is asked for before
 * the second tarball; before, the requests alternated (packument, tarball, packument, tarball…).
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

const NAMES = ['ahead-a', 'ahead-b', 'ahead-c', 'ahead-d'];
let registry: TestRegistry;
let projectDir: string;

const fixture = (name: string) => plainPackage(name, { 'index.js': `module.exports = (a, b) => a + b;\n// ${name} ${'x'.repeat(3000)}\n`, 'README.md': `# ${name}\n` });

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: NAMES.map(fixture) });
  // Each tarball takes a few hundred milliseconds: long enough for every packument to arrive meanwhile.
  for (const name of NAMES) registry.misbehave(name, { kind: 'trickle', bytesPerTick: 200, intervalMs: 25, target: 'tarball' });
  projectDir = mkdtempSync(join(tmpdir(), 'spamcheck-ahead-'));
  writeFlatProject(projectDir, NAMES);
});
afterAll(async () => {
  await registry?.close();
});

it('asks for every packument before the second tarball, even with one fetch slot', async () => {
  const result = await runCli([projectDir, '--json', '--registry', registry.url, '--concurrency', '1', '--fail-on', 'never'], { env: sealedEnv() });
  const report = reportSchema.parse(JSON.parse(result.stdout));
  expect(report.packages.map((p) => [p.name, p.error, p.coverage])).toEqual(expect.arrayContaining(NAMES.map((name) => [name, null, 'full'])));

  const paths = registry.requests.map((r) => r.path);
  const tarballs = paths.flatMap((path, i) => (path.endsWith('.tgz') ? [i] : []));
  const firstPackument = NAMES.map((name) => paths.indexOf(`/${name}`));
  expect(tarballs).toHaveLength(NAMES.length);
  expect(firstPackument.every((i) => i >= 0)).toBe(true);
  expect(Math.max(...firstPackument)).toBeLessThan(tarballs[1]!);
});
