/**
 * The CLI runs from a bundle (dist/bundle/, scripts/bundle.ts) whose modules no longer sit at their
 * dist/ depth, so everything found from a module's location (the shipped data, the docs, the
 * package version, the worker script, the code fingerprint) is found from the package root instead.
 * The bundle and dist/cli.js must be the same program.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

const run = (entry: string, args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, entry), ...args], { encoding: 'utf8', cwd: REPO_ROOT });

it('prints the same version, reference index and detector help from the bundle as from dist/cli.js', () => {
  for (const args of [['--version'], ['explain', '--help'], ['--help']]) {
    const bundled = run('dist/bundle/cli.js', args);
    const plain = run('dist/cli.js', args);
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toBe(plain.stdout);
  }
  // The version line names the shipped reference index: its data file was found from the bundle.
  expect(run('dist/bundle/cli.js', ['--version']).stdout).toMatch(/reference index top-\d+@/);
});

it('bundles spamcheck and zod only: the rest of its imports are packages from node_modules or its own chunks', () => {
  const dir = join(REPO_ROOT, 'dist', 'bundle');
  const specifiers = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]!));
  const relative = specifiers.filter((s) => s.startsWith('.'));
  expect(relative.every((s) => /^\.\/[\w-]+\.js$/.test(s))).toBe(true);
  expect(specifiers).not.toContain('zod');
  expect(specifiers).toContain('pacote');
});
