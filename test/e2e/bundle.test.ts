/**
 * The CLI runs from a bundle (dist/bundle/cli.cjs, scripts/bundle.ts) whose modules no longer sit at
 * their dist/ depth, so everything found from a module's location (the shipped data, the docs, the
 * package version, the worker script, the code fingerprint) is found from the package root instead.
 * The bundle (as bin/spamcheck.js runs it) and dist/cli.js must be the same program.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

/** dist/cli.js without the bundle: what bin/spamcheck.js falls back to. */
const PLAIN = join(mkdtempSync(join(tmpdir(), 'spamcheck-plain-')), 'plain.mjs');
writeFileSync(PLAIN, `const { main } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist', 'cli.js')).href)});\nawait main();\n`);

const run = (entry: string, args: string[]) => spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', cwd: REPO_ROOT });
const BIN = join(REPO_ROOT, 'bin', 'spamcheck.js');

it('prints the same version, reference index and detector help from the bundle as from dist/cli.js', () => {
  for (const args of [['--version'], ['explain', '--help'], ['--help']]) {
    const bundled = run(BIN, args);
    const plain = run(PLAIN, args);
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toBe(plain.stdout);
  }
  // The version line names the shipped reference index: its data file was found from the bundle.
  expect(run(BIN, ['--version']).stdout).toMatch(/reference index top-\d+@/);
});

it('bundles spamcheck, zod and chalk only: the rest of its requires are packages from node_modules or Node', () => {
  const source = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'cli.cjs'), 'utf8');
  // As esbuild writes them (double quotes; a comment quoting `require('./lib')` is not one).
  const specifiers = [...source.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
  expect(specifiers.filter((s) => s.startsWith('.'))).toEqual([]);
  // Dynamic imports became requires: the bundle is compiled by vm.Script, which has no module loader.
  expect(source).not.toMatch(/\bimport\("/);
  expect(specifiers).not.toContain('zod');
  expect(specifiers).not.toContain('chalk');
  expect(specifiers).toContain('pacote');
});

it('leaves the parsers of detector threads and pnpm lockfiles unloaded until used (acorn, js-yaml)', () => {
  // Records every module the CLI requires, as Node loads it.
  const recorder = join(mkdtempSync(join(tmpdir(), 'spamcheck-loaded-')), 'record.cjs');
  writeFileSync(recorder, "const M = require('node:module'); const load = M._load; const seen = new Set(); M._load = function (id, ...rest) { seen.add(id); return load.call(this, id, ...rest); }; process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify([...seen]) + '\\n'));\n");
  const { stderr, status } = spawnSync(process.execPath, ['--require', recorder, BIN, 'tree', join(REPO_ROOT, 'fixtures', 'projects', 'npm-v3'), '--no-color'], { encoding: 'utf8', cwd: REPO_ROOT });
  expect(status).toBe(0);
  const loaded = JSON.parse(/LOADED (.*)/.exec(stderr)![1]!) as string[];
  expect(loaded).toContain('commander');
  for (const lazy of ['acorn', 'js-yaml']) expect(loaded).not.toContain(lazy);
});
