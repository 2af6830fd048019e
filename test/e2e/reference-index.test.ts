/**
 * The reference index end to end: an index built by the real builder from a 127.0.0.1 registry,
 * handed to the built CLI with SPAMCHECK_REFERENCE_INDEX, judging a project that locks an original,
 * a starjacking copy and a typosquat.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import { RegistryClient } from '../../src/registry/client.js';
import { toPacoteOptions } from '../../src/registry/npm-config.js';
import { buildReferenceIndex, writeIndex } from '../../scripts/reference-index/build.js';
import { REFERENCE_SOURCES, TINTED, disguise } from '../../scripts/corpus/families/reference-sources.js';
import { runCli, sealedEnv } from '../support/cli.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { referenceFixture } from '../support/reference-index.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const copy: PackageFixture = {
  name: 'shiny-term-colors',
  publisher: { name: 'copier', email: 'c@example.com' },
  versions: [{ version: '1.0.0', publishedAt: '2025-01-01T00:00:00.000Z', manifest: { main: 'index.js', repository: { type: 'git', url: TINTED.repository } }, files: { 'index.js': disguise(TINTED) } }],
};
const fixtures = [...REFERENCE_SOURCES.map((s) => referenceFixture(s)), copy];

let registry: TestRegistry;
let indexFile: string;
let report: Report;
let scanArgs: string[];

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures, thin: true });
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-refindex-e2e-'));
  const client = new RegistryClient({ pacoteOptions: toPacoteOptions({}, { registry: registry.url, cache: join(dir, 'build-cache') }, {}), retries: 0, retryBaseDelayMs: 10, maxRetryAfterMs: 100, requestTimeoutMs: 10_000, tarballCaps: DEFAULT_TARBALL_CAPS });
  indexFile = join(dir, 'reference-index.json.gz');
  writeIndex(await buildReferenceIndex({ names: REFERENCE_SOURCES.map((s) => s.name), client, concurrency: 2, earlierTop: 0, id: 'e2e-index', namesSource: 'e2e', registry: 'test registry' }), indexFile);
  const project = join(dir, 'project');
  const locked = ['tinted', 'shiny-term-colors'];
  const versions: Record<string, string> = { tinted: '2.0.0', 'shiny-term-colors': '1.0.0' };
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: versions }));
  const packages: Record<string, unknown> = { '': { name: 'app', version: '1.0.0', dependencies: versions } };
  for (const name of locked) packages[`node_modules/${name}`] = { version: versions[name] };
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  scanArgs = [project, '--json', '--registry', registry.url, '--cache', join(dir, 'cache')];
  const result = await runCli(scanArgs, { env: sealedEnv({ SPAMCHECK_REFERENCE_INDEX: indexFile }) });
  report = reportSchema.parse(JSON.parse(result.stdout));
}, 60_000);
afterAll(async () => registry?.close());

describe('reference index through the CLI', () => {
  it('calls the starjacking copy high and discounts the original', () => {
    const byName = new Map(report.packages.map((p) => [p.name, p]));
    const clone = byName.get('shiny-term-colors')!;
    expect(clone.findings.map((f) => f.messageId)).toEqual(expect.arrayContaining(['clone', 'starjacking']));
    expect(['high', 'critical']).toContain(clone.level);
    const original = byName.get('tinted')!;
    expect(original.findings.find((f) => f.detector === 'reference-package')?.weight).toBe(-10);
    expect(original.findings.some((f) => f.detector === 'reference-clone')).toBe(false);
  });

  it('a warm scan reports what the cold one did, and another index is another verdict key', async () => {
    const tarballsRead = (stderr: string) => Number(/count tarballs read (\d+)/.exec(stderr)?.[1]);
    const warm = await runCli(scanArgs, { env: sealedEnv({ SPAMCHECK_REFERENCE_INDEX: indexFile, SPAMCHECK_TIMINGS: '1' }) });
    expect(tarballsRead(warm.stderr)).toBe(0);
    expect(reportSchema.parse(JSON.parse(warm.stdout))).toEqual(report);
    // The same index under another path: the reference detectors' cached code matches are not reused.
    const other = indexFile.replace(/\.json\.gz$/, '-other.json.gz');
    copyFileSync(indexFile, other);
    copyFileSync(indexFile.replace(/\.json\.gz$/, '.meta.json'), other.replace(/\.json\.gz$/, '.meta.json'));
    const moved = await runCli(scanArgs, { env: sealedEnv({ SPAMCHECK_REFERENCE_INDEX: other, SPAMCHECK_TIMINGS: '1' }) });
    expect(tarballsRead(moved.stderr)).toBe(2);
    expect(reportSchema.parse(JSON.parse(moved.stdout))).toEqual(report);
  }, 60_000);

  it('--version names the index it carries', async () => {
    const result = await runCli(['--version'], { env: sealedEnv({ SPAMCHECK_REFERENCE_INDEX: indexFile }) });
    expect(result.stdout).toMatch(/reference index e2e-index: 4 packages, built \d{4}-\d\d-\d\d/);
  });
});
