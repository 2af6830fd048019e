/**
 * spamcheck's own folder (where its package.json is), found from this file's location. Data files,
 * docs, the worker script and the code fingerprint are found from it, so that they resolve alike
 * from src/ (tests), from dist/ and from the single-file CLI in dist/bundle/, whose modules are no
 * longer at their dist/ depth.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`spamcheck: no package.json above ${from}; reinstall spamcheck-cli`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Running compiled code (dist/*.js, or the CLI bundle dist/bundle/cli.cjs), not the TypeScript sources. */
export const RUNS_COMPILED = /\.c?js$/.test(fileURLToPath(import.meta.url));
