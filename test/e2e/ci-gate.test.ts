/**
 * The CI gate end to end, through the built CLI against the 127.0.0.1 registry: config file and
 * ignore entries, expiry, baseline, output formats (SARIF validated against the official schema),
 * step summary and annotations, explain, check, --omit and --since.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { REPO_ROOT, runCli, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { GONE_PACKAGE, PRIVATE_SCOPE, e2ePackages } from './packages.js';

// ajv-draft-04 is CommonJS with only a `default` export; under NodeNext the class is on `.default`.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as typeof import('ajv').Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: InstanceType<typeof AjvDraft04>) => unknown;

let registry: TestRegistry;
let cacheRoot: string;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: e2ePackages, privateScope: PRIVATE_SCOPE });
  registry.misbehave(GONE_PACKAGE, { kind: 'not-found' });
  cacheRoot = mkdtempSync(join(tmpdir(), 'spamcheck-gate-cache-'));
});
afterAll(async () => {
  await registry?.close();
});

function project(name = 'npm-v3'): string {
  const dir = mkdtempSync(join(tmpdir(), `spamcheck-gate-${name}-`));
  cpSync(join(REPO_ROOT, 'fixtures', 'projects', name), dir, { recursive: true });
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(dir, '.npmrc'), `@private:registry=${registry.url}\n${host}:_authToken=\${E2E_TOKEN}\n`);
  return dir;
}

// Most tests run the CLI two or three times on a shared 2-core machine.
const SLOW = { timeout: 120_000 };

const baseArgs = () => ['--registry', registry.url, '--cache', join(cacheRoot, String(Math.random())), '--concurrency', '4'];
const env = (extra: Record<string, string> = {}) => sealedEnv({ E2E_TOKEN: PRIVATE_SCOPE.token, ...extra });
const parseReport = (text: string): Report => reportSchema.parse(JSON.parse(text));

/** The two packages of the fixture project that reach high: the dropper and the vanished package. */
const ACCEPT_BOTH = [
  { package: 'curl-dropper@1.0.0', reason: 'vendored and reviewed by security (ticket SEC-12)' },
  { package: GONE_PACKAGE, detector: 'registry-state', reason: 'replaced next sprint' },
];

function withConfig(config: unknown, file = 'spamcheck.json'): string {
  const dir = project();
  if (file === 'package.json') {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, spamcheck: config }, null, 2));
  } else {
    writeFileSync(join(dir, file), JSON.stringify(config, null, 2));
  }
  return dir;
}

describe('config file and ignore entries', () => {
  it('an ignore entry turns a failing scan into exit 0, and the package stays in the report marked suppressed', SLOW, async () => {
    const dir = withConfig({ $schema: './node_modules/spamcheck-cli/schema/spamcheck.schema.json', ignore: [...ACCEPT_BOTH, { package: 'left-pad', reason: 'old' }] });
    const result = await runCli([dir, '--json', ...baseArgs()], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    const dropper = report.packages.find((p) => p.name === 'curl-dropper')!;
    expect(['high', 'critical']).toContain(dropper.level);
    expect(dropper.suppressed).toEqual({ reason: ACCEPT_BOTH[0]!.reason, entry: 'curl-dropper@1.0.0' });
    expect(dropper.gateLevel).toBe('none');
    const gone = report.packages.find((p) => p.name === GONE_PACKAGE)!;
    expect(gone.suppressed).toBeUndefined();
    expect(gone.findings.find((f) => f.detector === 'registry-state')!.suppressed?.reason).toBe('replaced next sprint');
    expect(report.policy?.config).toBe('spamcheck.json');
    expect(report.policy?.ignore.unused.map((e) => e.package)).toEqual(['left-pad']);
  });

  it('the same entries expired turn it back into exit 1, with a warning naming each', SLOW, async () => {
    const dir = withConfig({ ignore: ACCEPT_BOTH.map((e) => ({ ...e, expires: '2024-01-31' })) });
    const result = await runCli([dir, ...baseArgs()], { env: env({ NO_COLOR: '1' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/warning: ignore entry "curl-dropper@1\.0\.0" expired on 2024-01-31/);
    expect(result.stderr).toMatch(/ignore entry "gone-pkg" \(registry-state\) expired/);
    expect(result.stdout).toMatch(/2 expired ignore entries/);
  });

  it('is read from the "spamcheck" key of package.json, and flags override it', SLOW, async () => {
    const dir = withConfig({ failOn: 'never' }, 'package.json');
    expect((await runCli([dir, ...baseArgs()], { env: env() })).code).toBe(0);
    expect((await runCli([dir, '--fail-on', 'high', ...baseArgs()], { env: env() })).code).toBe(1);
  });

  it('an invalid config stops with exit 2 naming the file, the line, the path and what to do', SLOW, async () => {
    const dir = withConfig({ ignore: [{ package: 'curl-dropper', reason: '' }] });
    const result = await runCli([dir, ...baseArgs()], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/spamcheck: .*spamcheck\.json:\d+ at ignore\[0\]\.reason: say why this package is accepted/);
    const typo = withConfig({ detectors: { options: { 'install-scripts': { maxFilesFolowed: 3 } } } });
    const typoResult = await runCli([typo, ...baseArgs()], { env: env() });
    expect(typoResult.code).toBe(2);
    expect(typoResult.stderr).toMatch(/at detectors\.options\["install-scripts"\]: unknown key "maxFilesFolowed" — remove it or check the spelling/);
  });

  it('detectors.disable turns a detector off', SLOW, async () => {
    const dir = withConfig({ detectors: { disable: ['install-scripts', 'registry-state'] } });
    const result = await runCli([dir, '--json', ...baseArgs()], { env: env() });
    const report = parseReport(result.stdout);
    expect(report.packages.flatMap((p) => p.findings).some((f) => f.detector === 'install-scripts' || f.detector === 'registry-state')).toBe(false);
  });
});

describe('baseline', () => {
  it('a baseline of the same scan gives exit 0 and says how many were in it', SLOW, async () => {
    const dir = project();
    const first = await runCli([dir, '--json', ...baseArgs()], { env: env() });
    expect(first.code).toBe(1);
    writeFileSync(join(dir, 'baseline.json'), first.stdout);
    const second = await runCli([dir, '--baseline', join(dir, 'baseline.json'), ...baseArgs()], { env: env({ NO_COLOR: '1' }) });
    expect(second.code).toBe(0);
    const high = parseReport(first.stdout).packages.filter((p) => p.level !== 'none').length;
    expect(second.stdout).toMatch(new RegExp(`${high} package\\(s\\) and \\d+ finding\\(s\\) already in the baseline baseline\\.json`));
  });

  it('a bad baseline file is exit 2 naming it', SLOW, async () => {
    const dir = project();
    writeFileSync(join(dir, 'old.json'), '{"not":"a report"}');
    const result = await runCli([dir, '--baseline', join(dir, 'old.json'), ...baseArgs()], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/old\.json: not a spamcheck report/);
  });
});

describe('formats', () => {
  it('SARIF validates against the official 2.1.0 schema, one rule per detector, results at the lockfile line', SLOW, async () => {
    const dir = project();
    const result = await runCli([dir, '--format', 'sarif', ...baseArgs()], { env: env() });
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    // Formats (uri, uri-reference, date-time) are checked too, not skipped.
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain('install-scripts');
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect(run.tool.driver.rules.find((r: { id: string }) => r.id === 'install-scripts').help.markdown).toMatch(/What it looks for/);
    const dropper = run.results.find((r: { ruleId: string; properties: { package: string } }) => r.properties.package === 'curl-dropper' && r.ruleId === 'install-scripts');
    expect(dropper.level).toBe('error');
    const location = dropper.locations[0].physicalLocation;
    expect(location.artifactLocation.uri).toBe('package-lock.json');
    const lockLines = readFileSync(join(dir, 'package-lock.json'), 'utf8').split('\n');
    expect(lockLines[location.region.startLine - 1]).toContain('"node_modules/curl-dropper"');
    // Same input, same fingerprints.
    const again = JSON.parse((await runCli([dir, '--format', 'sarif', ...baseArgs()], { env: env() })).stdout);
    expect(again.runs[0].results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints)).toEqual(run.results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints));
  });

  it('Markdown renders the riskiest package; --output writes it while the terminal gets the table; CI gets a step summary and annotations', SLOW, async () => {
    const dir = project();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const result = await runCli([dir, '--format', 'markdown', '--output', join(dir, 'report.md'), ...baseArgs()], {
      env: env({ NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }),
    });
    expect(result.code).toBe(1);
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^## spamcheck/);
    expect(markdown).toMatch(/❌ 2 packages at or above \*\*high\*\*/);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| **'));
    expect(rows[0]).toMatch(/`curl-dropper@1\.0\.0`.*install-scripts: .*root \\> curl-dropper/);
    expect(result.stdout).toMatch(/Summary: /); // the table
    expect(readFileSync(summary, 'utf8')).toBe(markdown);
    const lockLines = readFileSync(join(dir, 'package-lock.json'), 'utf8').split('\n');
    const line = lockLines.findIndex((l) => l.includes('"node_modules/curl-dropper"')) + 1;
    expect(result.stderr).toContain(`::error file=package-lock.json,line=${line},title=spamcheck%3A curl-dropper@1.0.0 is`);
    expect(result.stderr.match(/^::error /gm)).toHaveLength(2);
  });
});

describe('explain', () => {
  it('shows every finding with its evidence, every path, coverage and an ignore entry to paste', SLOW, async () => {
    const dir = project();
    const json = parseReport((await runCli([dir, '--json', ...baseArgs()], { env: env() })).stdout);
    const dropper = json.packages.find((p) => p.name === 'curl-dropper')!;
    const result = await runCli(['explain', 'curl-dropper', dir, ...baseArgs()], { env: env({ NO_COLOR: '1' }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/curl-dropper@1\.0\.0 {2}(HIGH|CRITICAL) \(score \d+\)/);
    expect(result.stdout).toContain(`Findings (${dropper.findings.length})`);
    for (const f of dropper.findings) expect(result.stdout).toContain(`${f.detector}/${f.messageId}: ${f.message}`);
    expect(result.stdout).toContain('root > curl-dropper');
    expect(result.stdout).toContain('Coverage: full');
    expect(result.stdout).toMatch(/\{"package":"curl-dropper@1\.0\.0","reason":"[^"]+","expires":"\d{4}-\d{2}-\d{2}"\}/);
    const tiny = await runCli(['explain', 'tiny-dep@0.1.0', dir, ...baseArgs()], { env: env({ NO_COLOR: '1' }) });
    expect(tiny.stdout).toContain('Paths that pull it in (2):\n  root > tidy-utils > tiny-dep\n  root > dev-helper > tidy-utils > tiny-dep');
    const missing = await runCli(['explain', 'left-pad', dir, ...baseArgs()], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/left-pad is not in this project's tree/);
  });
});

describe('check', () => {
  it('exits 1 on a spam spec and 0 on a clean one, resolving the tree', SLOW, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'spamcheck-check-'));
    const spam = await runCli(['check', 'curl-dropper', ...baseArgs()], { cwd, env: env({ NO_COLOR: '1' }) });
    expect(spam.code).toBe(1);
    expect(spam.stdout).toMatch(/curl-dropper@1\.0\.0/);
    const clean = await runCli(['check', 'tidy-utils@^1.1', '--json', ...baseArgs()], { cwd, env: env() });
    expect(clean.code).toBe(0);
    const report = parseReport(clean.stdout);
    expect(report.project.format).toBe('specs-resolved');
    expect(report.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(['tidy-utils@1.2.0', 'tiny-dep@0.1.0']);
  });
});

describe('--omit', () => {
  it('--omit dev leaves dev-only packages out, and says how many', SLOW, async () => {
    const result = await runCli([project(), '--omit', 'dev', '--json', ...baseArgs()], { env: env() });
    const report = parseReport(result.stdout);
    expect(report.packages.map((p) => p.name)).not.toContain('dev-helper');
    expect(report.packages.map((p) => p.name)).toContain('tidy-utils');
    expect(report.policy?.omitted).toEqual({ kinds: ['dev'], packages: 1 });
    const both = parseReport((await runCli([project(), '--omit', 'dev', '--omit', 'optional', '--json', ...baseArgs()], { env: env() })).stdout);
    expect(both.packages.map((p) => p.name)).not.toContain('opt-native');
  });
});

describe('--since', () => {
  it('audits only what the lockfile added since the ref and reports the rest as unchanged', SLOW, async () => {
    const dir = project();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    // The "before" lockfile: the same project without curl-dropper.
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const before = structuredClone(lock);
    delete before.packages['node_modules/curl-dropper'];
    delete before.packages[''].dependencies['curl-dropper'];
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(before, null, 2));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'before');
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const result = await runCli([dir, '--since', 'HEAD', '--json', ...baseArgs()], { env: env() });
    expect(result.code).toBe(1);
    const report = parseReport(result.stdout);
    expect(report.packages.map((p) => p.name)).toEqual(['curl-dropper']);
    expect(report.policy?.since).toEqual({ ref: 'HEAD', unchanged: 7 });
    const bad = await runCli([dir, '--since', 'no-such-ref', ...baseArgs()], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since no-such-ref: git does not know this ref/);
  });
});
