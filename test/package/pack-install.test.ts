/**
 * Issue 12: the published package works. Packs a fresh copy of the project (no dist/, as a clone
 * is) with `npm pack` — so `prepack` must build — installs the tarball into a temporary prefix and
 * runs the installed command. Also checks the tarball: LICENSE shipped, no source maps pointing at
 * sources that are not shipped. npm installs our dependencies from its cache (npm ci filled it),
 * falling back to the configured registry.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

it('npm pack of a fresh copy builds, ships LICENSE and no dangling maps, and the installed spamcheck runs', () => {
  const copy = mkdtempSync(join(tmpdir(), 'spamcheck-pack-src-'));
  for (const entry of ['bin', 'src', 'scripts', 'data', 'schema', 'docs', 'action.yml', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'LICENSE', 'README.md']) {
    if (!existsSync(join(REPO_ROOT, entry))) continue;
    cpSync(join(REPO_ROOT, entry), join(copy, entry), { recursive: true });
  }
  // The build needs TypeScript; reuse the installed tree instead of installing again.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  expect(existsSync(join(copy, 'dist'))).toBe(false);

  const out = mkdtempSync(join(tmpdir(), 'spamcheck-pack-out-'));
  const packed = JSON.parse(execFileSync(NPM, ['pack', '--json', '--pack-destination', out], { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed[0]!.files.map((f) => f.path);
  expect(files).toContain('dist/cli.js');
  // The CLI bundle the bin runs (scripts/bundle.ts, part of the build), never a code cache a local run wrote beside it.
  expect(files).toContain('dist/bundle/cli.cjs');
  expect(files.filter((f) => f.endsWith('.cache'))).toEqual([]);
  expect(files).toContain('LICENSE');
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);

  const prefix = mkdtempSync(join(tmpdir(), 'spamcheck-pack-prefix-'));
  execFileSync(NPM, ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(out, packed[0]!.filename)], { stdio: 'pipe' });
  const bin = join(prefix, 'node_modules', '.bin', 'spamcheck');
  expect(readdirSync(join(prefix, 'node_modules', 'spamcheck-cli'))).toContain('dist');

  // The first line is the version; later lines describe the data files carried.
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  expect(version).toBe(JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: REPO_ROOT, encoding: 'utf8' })));
  const tree = execFileSync(bin, ['tree', join(REPO_ROOT, 'fixtures', 'projects', 'npm-v3'), '--no-color'], { encoding: 'utf8' });
  expect(tree).toMatch(/tidy-utils/);
}, 300_000);
