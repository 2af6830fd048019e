/**
 * Issue 12: on a terminal the scan shows a live line on stderr — also with --json, whose report
 * goes to stdout — so a one-minute scan never looks frozen. Runs the built CLI under a
 * pseudo-terminal (`script`), as a user at a terminal would.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, sealedEnv } from '../support/cli.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
let registry: TestRegistry;
let projectDir: string;

beforeAll(async () => {
  const names = ['tty-a', 'tty-b'];
  registry = await startTestRegistry({
    fixtures: names.map((name) => ({ name, publisher: { name: 'p' }, versions: [{ version: '1.0.0', publishedAt: '2021-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = (a) => a + 1;\n' } }] })),
  });
  projectDir = mkdtempSync(join(tmpdir(), 'spamcheck-tty-'));
  writeFlatProject(projectDir, names);
});
afterAll(async () => {
  await registry?.close();
});

it.skipIf(!hasScript)('with --json on a terminal, stderr shows fetch and analysis counts', async () => {
  const command = [process.execPath, join(REPO_ROOT, 'bin', 'spamcheck.js'), projectDir, '--json', '--registry', registry.url].map((a) => `'${a}'`).join(' ');
  // Asynchronously: a blocking spawn would stop the registry that runs in this process.
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: sealedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(code).toBe(0);
  expect(out).toMatch(/fetched and judged \d+\/2/);
  expect(out).toMatch(/analysing: (publisher look-ups|cross-package detectors) \d+\/\d+/);
  expect(out).toContain('"schemaVersion": 1');
});
