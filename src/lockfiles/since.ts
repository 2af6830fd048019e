/**
 * `--since <ref>`: which locked packages were already in the lockfile at a git ref, so a pull request
 * is judged on what it brings. The old lockfile is read with `git show ref:path` (no checkout, no shell)
 * and parsed by the same parser; a name@version present then with the same integrity is unchanged.
 */
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../errors.js';
import type { DependencyGraph } from './graph.js';
import { graphFromText, lockfileKindOf } from './index.js';

const run = promisify(execFile);
const MAX_LOCKFILE_BYTES = 256 * 1024 * 1024;

/** Keys (`name@version`) of the graph's packages that the lockfile at `ref` already held. */
export async function unchangedSince(graph: DependencyGraph, ref: string, projectDir: string): Promise<Set<string>> {
  const kind = lockfileKindOf(graph.lockfile);
  if (graph.format === 'package-json-resolved' || !kind) throw new UsageError(`${projectDir}: --since compares lockfiles, and this project has none — commit a lockfile or drop --since`);
  if (ref.startsWith('-')) throw new UsageError(`--since ${ref}: not a git ref — pass a commit, branch or tag such as origin/main`);
  const dir = dirname(graph.lockfile);
  await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new UsageError(`--since ${ref}: git does not know this ref in ${dir} — fetch it first (in CI: actions/checkout with fetch-depth: 0)`);
  });
  let oldText: string;
  try {
    oldText = await git(dir, ['show', `${ref}:./${basename(graph.lockfile)}`]);
  } catch {
    return new Set(); // the lockfile did not exist at ref: everything is new
  }
  const old = await graphFromText({ path: graph.lockfile, kind }, oldText);
  const before = new Map(old.packages.map((p) => [`${p.name}@${p.version}`, p.integrity]));
  const unchanged = new Set<string>();
  for (const p of graph.packages) {
    const key = `${p.name}@${p.version}`;
    if (before.has(key) && (before.get(key) === undefined || p.integrity === undefined || before.get(key) === p.integrity)) unchanged.add(key);
  }
  return unchanged;
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_LOCKFILE_BYTES, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('--since needs git on the PATH — install git or drop --since');
    throw error;
  }
}
