/**
 * action.yml's own shell steps, run as the runner would run them (bash, inputs through env, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files), against the test registry with the local build in place of npx.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { GONE_PACKAGE, PRIVATE_SCOPE, e2ePackages } from './packages.js';

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: e2ePackages, privateScope: PRIVATE_SCOPE });
  registry.misbehave(GONE_PACKAGE, { kind: 'not-found' });
});
afterAll(async () => {
  await registry?.close();
});

const action = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** Evaluates the only expressions the run steps' env uses: inputs.* and steps.<id>.outputs.*. */
function evaluate(value: string, inputs: Record<string, string>, outputs: Record<string, Record<string, string>>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) return inputs[input[1]!] ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) return outputs[output[1]!]?.[output[2]!] ?? '';
    throw new Error(`expression the test cannot evaluate: ${expression}`);
  });
}

/** bash -e -c script, asynchronously: the test registry answers from this same process. */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

async function runAction(workspace: string, given: Record<string, string>) {
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...given };
  const outputs: Record<string, Record<string, string>> = {};
  const summary = join(workspace, 'step-summary.md');
  writeFileSync(summary, '');
  const results: { id?: string; status: number | null; stderr: string }[] = [];
  for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
    const outputFile = join(workspace, `output-${results.length}`);
    writeFileSync(outputFile, '');
    const env = sealedEnv({
      E2E_TOKEN: PRIVATE_SCOPE.token,
      npm_config_registry: registry.url,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summary,
      SPAMCHECK_BIN: join(REPO_ROOT, 'bin', 'spamcheck.js'),
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, inputs, outputs)])),
    });
    const result = await bash(step.run!, workspace, env);
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=', 2) as [string, string]));
    results.push({ ...(step.id ? { id: step.id } : {}), status: result.status, stderr: result.stderr });
  }
  return { results, outputs, summary: readFileSync(summary, 'utf8') };
}

function workspaceWithProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-action-'));
  cpSync(join(REPO_ROOT, 'fixtures', 'projects', 'npm-v3'), join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'app', '.npmrc'), `@private:registry=${registry.url}\n${registry.url.replace(/^http:/, '')}:_authToken=\${E2E_TOKEN}\n`);
  return dir;
}

describe('action.yml', () => {
  it('is a composite action that sets up Node, runs the CLI and uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.uses ?? 'run')).toEqual(['actions/setup-node@v4', 'run', 'github/codeql-action/upload-sarif@v3', 'run']);
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['fail-on', 'format', 'config']));
  });

  it('writes SARIF, a step summary and annotations, then fails the job on a high-risk package', { timeout: 120_000 }, async () => {
    const workspace = workspaceWithProject();
    const { results, outputs, summary } = await runAction(workspace, { path: 'app', output: 'out.sarif' });
    expect(outputs.scan).toEqual({ 'exit-code': '1' });
    expect(results[0]!.status).toBe(0); // the scan step itself never fails, so the upload runs
    expect(results[1]!.status).toBe(1); // the last step fails the job
    const sarif = JSON.parse(readFileSync(join(workspace, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.some((r: { properties: { package: string } }) => r.properties.package === 'curl-dropper')).toBe(true);
    expect(summary).toMatch(/^## spamcheck/);
    // Paths are relative to the repository root (GITHUB_WORKSPACE), where the project is the app/ folder.
    expect(results[0]!.stderr).toMatch(/^::error file=app\/package-lock\.json,line=\d+/m);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app/package-lock.json');
  });

  it('passes fail-on and config through: an ignore file and fail-on never both let the job pass', { timeout: 120_000 }, async () => {
    const workspace = workspaceWithProject();
    expect((await runAction(workspace, { path: 'app', 'fail-on': 'never' })).results.at(-1)!.status).toBe(0);
    writeFileSync(
      join(workspace, 'gate.json'),
      JSON.stringify({ ignore: [{ package: 'curl-dropper', reason: 'reviewed' }, { package: GONE_PACKAGE, reason: 'removing it' }] }),
    );
    const { outputs } = await runAction(workspace, { path: 'app', config: 'gate.json', format: 'json', output: 'report.json' });
    expect(outputs.scan).toEqual({ 'exit-code': '0' });
    expect(JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8')).policy.config).toMatch(/gate\.json$/);
  });
});
