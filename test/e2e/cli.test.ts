import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { REPO_ROOT, runCli, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { GONE_PACKAGE, PRIVATE_SCOPE, e2ePackages } from './packages.js';

let registry: TestRegistry;
let cacheRoot: string;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: e2ePackages, privateScope: PRIVATE_SCOPE });
  registry.misbehave(GONE_PACKAGE, { kind: 'not-found' });
  cacheRoot = mkdtempSync(join(tmpdir(), 'spamcheck-e2e-cache-'));
});
afterAll(async () => {
  await registry?.close();
});

/** A copy of a fixture project with a project .npmrc carrying the private scope's token, as a user would have. */
function project(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `spamcheck-${name}-`));
  cpSync(join(REPO_ROOT, 'fixtures', 'projects', name), dir, { recursive: true });
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(dir, '.npmrc'), `@private:registry=${registry.url}\n${host}:_authToken=\${E2E_TOKEN}\n`);
  return dir;
}

const baseArgs = () => ['--registry', registry.url, '--cache', join(cacheRoot, String(Math.random())), '--concurrency', '4'];
const env = () => sealedEnv({ E2E_TOKEN: PRIVATE_SCOPE.token });

function parseReport(stdout: string): Report {
  return reportSchema.parse(JSON.parse(stdout));
}

describe.each(['npm-v1', 'npm-v2', 'npm-v3'])('spamcheck on a %s project', (name) => {
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: Report;
  beforeAll(async () => {
    registry.misbehave('flaky-pkg', { kind: 'server-error-then-ok', failures: 2 });
    result = await runCli([project(name), '--json', ...baseArgs(), '--timeout', '10'], { env: env() });
    report = parseReport(result.stdout);
    registry.behave('flaky-pkg');
  });

  it('prints exactly one JSON document that matches the schema, and nothing else on stdout', () => {
    expect(result.stdout.trim().startsWith('{')).toBe(true);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(report.schemaVersion).toBe(1);
    expect(report.project.format).toBe(`npm-lock-${name.slice(-2)}`);
  });

  it('audits every registry package once, with flags and a path from the root', () => {
    const byName = new Map(report.packages.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(['@private/secret-util', 'curl-dropper', 'dev-helper', 'flaky-pkg', 'gone-pkg', 'opt-native', 'tidy-utils', 'tiny-dep']);
    expect(report.packages).toHaveLength(8);
    expect(byName.get('dev-helper')).toMatchObject({ direct: true, dev: true, optional: false });
    expect(byName.get('opt-native')).toMatchObject({ direct: true, optional: true, dev: false });
    expect(byName.get('tiny-dep')).toMatchObject({ direct: false, dev: false });
    expect(byName.get('tiny-dep')!.paths[0]).toEqual(['root', 'tidy-utils', 'tiny-dep']);
  });

  it('lists non-registry dependencies as not scanned, with the reason', () => {
    const reasons = Object.fromEntries(report.notScanned.map((n) => [n.name, n.reason]));
    expect(reasons['local-lib']).toMatch(/file|link/);
    expect(reasons['git-dep']).toBe('git');
  });

  it('ranks the install-script dropper first and the vanished package as a finding, not an error', () => {
    expect(report.packages[0]!.name).toBe('curl-dropper');
    expect(['high', 'critical']).toContain(report.packages[0]!.level);
    expect(report.packages[0]!.findings.some((f) => f.detector === 'install-scripts')).toBe(true);
    const gone = report.packages.find((p) => p.name === GONE_PACKAGE)!;
    expect(gone.error).toBeNull();
    expect(gone.findings.map((f) => f.messageId)).toContain('packageGone');
    const scores = report.packages.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('reaches the private scope with the token from the project .npmrc, and recovers from 500s by retrying', () => {
    const secret = report.packages.find((p) => p.name === '@private/secret-util')!;
    expect(secret.error).toBeNull();
    expect(secret.coverage).toBe('full');
    const flaky = report.packages.find((p) => p.name === 'flaky-pkg')!;
    expect(flaky.error).toBeNull();
    expect(flaky.coverage).toBe('full');
    expect(report.packages.find((p) => p.name === 'tidy-utils')!.level).toBe('none');
  });

  it('exits 1 because a package reached the default --fail-on high', () => {
    expect(result.code).toBe(1);
  });
});

describe('the terminal report', () => {
  it('shows the riskiest package with its evidence and path, a summary, and no colour when NO_COLOR is set', async () => {
    const result = await runCli([project('npm-v3'), ...baseArgs()], { env: { ...env(), NO_COLOR: '1' } });
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).not.toMatch(/\u001b\[/);
    expect(out).toMatch(/(HIGH|CRITICAL)\s+\d+\s+curl-dropper@1\.0\.0/);
    expect(out).toContain('path: root > curl-dropper');
    expect(out).toMatch(/postinstall/);
    // gone-pkg has no files left, but the registry's answer is its verdict: all 8 count as audited, so the numbers add up.
    expect(out).toMatch(/Summary: \d+ critical, \d+ high, \d+ medium, \d+ low, \d+ none · 8 audited, 0 failed, 2 not scanned/);
    expect(out.indexOf('curl-dropper')).toBeLessThan(out.indexOf('gone-pkg'));
    // Progress is for terminals only: a piped stderr stays quiet.
    expect(result.stderr).toBe('');
  });
});

describe('exit codes', () => {
  it('0 with --fail-on never when every package was audited', async () => {
    const result = await runCli([project('npm-v3'), '--fail-on', 'never', ...baseArgs()], { env: env() });
    expect(result.code).toBe(0);
  });

  it('3 when a package could not be audited, 0 with --allow-incomplete', async () => {
    registry.misbehave('tiny-dep', { kind: 'server-error', target: 'both' });
    try {
      const args = [project('npm-v3'), '--json', '--fail-on', 'never', ...baseArgs()];
      const incomplete = await runCli(args, { env: env() });
      expect(incomplete.code).toBe(3);
      const report = parseReport(incomplete.stdout);
      const tiny = report.packages.find((p) => p.name === 'tiny-dep')!;
      expect(tiny.error?.code).toBe('registry-error');
      expect(tiny.coverage).toBe('none');
      expect(report.summary.failed).toBe(1);
      expect(report.summary.incomplete).toBe(true);
      const allowed = await runCli([...args, '--allow-incomplete'], { env: env() });
      expect(allowed.code).toBe(0);
    } finally {
      registry.behave('tiny-dep');
    }
  });

  it('2 with the folder named when there is no lockfile and no package.json', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'spamcheck-nothing-'));
    const result = await runCli([empty, ...baseArgs()], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(empty);
    expect(result.stderr).toMatch(/no lockfile/);
    expect(result.stdout).toBe('');
  });

  it('2 saying the path is a file, not a folder, when given the package.json itself (issue 12)', async () => {
    const project = mkdtempSync(join(tmpdir(), 'spamcheck-file-arg-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', dependencies: {} }));
    const result = await runCli([join(project, 'package.json'), ...baseArgs()], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`spamcheck: ${join(project, 'package.json')} is a file, not a folder — run spamcheck ${project} (the folder that holds it)\n`);
    const tree = await runCli(['tree', join(project, 'package.json')], { env: env() });
    expect(tree.code).toBe(2);
    expect(tree.stderr).toMatch(/^spamcheck: .* is a file, not a folder — /);
  });

  it('2 in one error style, "spamcheck: <what> — <what to do>", for usage mistakes too', async () => {
    for (const args of [['--fail-on', 'severe'], ['--no-such-flag'], ['--concurrency', '0']]) {
      const result = await runCli(args, { env: env() });
      expect(result.code).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^spamcheck: .+ — .+\n$/);
      expect(result.stderr).not.toMatch(/^error:/m);
    }
  });

  it('2 with the file and the position for invalid JSON', async () => {
    const result = await runCli([join(REPO_ROOT, 'fixtures/projects/bad-json'), ...baseArgs()], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/package-lock\.json:6/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a lockfile of a newer version with a known shape is read best-effort, with a warning naming the version', async () => {
    const result = await runCli([join(REPO_ROOT, 'fixtures/projects/unknown-version'), ...baseArgs()], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^spamcheck: warning: package-lock\.json:3: lockfileVersion 7 is newer than spamcheck knows; read as lockfileVersion 3/m);
  });

  it('0 and an empty report for an empty dependency tree', async () => {
    const result = await runCli([join(REPO_ROOT, 'fixtures/projects/empty-tree'), '--json', ...baseArgs()], { env: env() });
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.packages).toEqual([]);
    expect(report.summary.packages).toBe(0);
  });

  it('2 for a bad flag value, with a usage hint', async () => {
    const result = await runCli(['--fail-on', 'severe'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/severe/);
  });

  it('--help documents the exit codes', async () => {
    const result = await runCli(['--help'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Exit codes:[\s\S]*\b3\b[\s\S]*--allow-incomplete/);
  });
});
