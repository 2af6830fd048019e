/**
 * `spamcheck --json | head` and the like: the reader closes the pipe before spamcheck has written
 * everything. That must not end in an unhandled EPIPE error and a stack trace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

function runWithClosedStdout(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'spamcheck.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the program has started: its first write to stdout meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

it('ends quietly, with its own exit code, when the reader of stdout has gone (EPIPE)', async () => {
  for (const args of [['--help'], ['--version']]) {
    const { status, stderr } = await runWithClosedStdout(args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(status).toBe(0);
  }
});
