/**
 * The engine fingerprint in verdict-cache keys: a hash of spamcheck's code as it runs (every .js
 * file of the built package, or every .ts file when run from the sources) and of the enabled
 * detectors with their options, and of the reference index the reference detectors match against. Hashing the code, rather than a version constant per detector, means
 * no one has to remember to bump anything: any change to a detector, to the analysers it calls or
 * to the tarball reader gives new keys. Computed once per process (about 1 MB read, a few ms).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { indexPath, readIndexSummary } from '../../analysis/reference-index/index.js';
import { join } from 'node:path';
import { PACKAGE_ROOT, RUNS_COMPILED } from '../../util/package-root.js';
import type { DetectorSetting } from '../judge.js';
import { sha256, stableJson } from './verdict-cache.js';

// The CLI bundle's code is the same as dist's .js files.
const EXTENSION = RUNS_COMPILED ? '.js' : '.ts';
/** dist/ (the CLI bundle included), or src/ when run from the sources. */
const CODE_ROOT = join(PACKAGE_ROOT, EXTENSION === '.js' ? 'dist' : 'src');

let codeHash: string | undefined;

export function codeFingerprint(): string {
  if (codeHash === undefined) {
    const files = (readdirSync(CODE_ROOT, { recursive: true }) as string[]).filter((f) => f.endsWith(EXTENSION) && !f.endsWith(`.d${EXTENSION}`)).sort();
    const hash = createHash('sha256');
    for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(CODE_ROOT, file)));
    codeHash = hash.digest('hex');
  }
  return codeHash;
}

/**
 * Which reference index the reference detectors' summaries were computed against: its path and the
 * summary written beside it (id, build time), else the file's size and mtime. Read cheaply, without
 * loading the index.
 */
export function referenceIndexFingerprint(env: NodeJS.ProcessEnv = process.env): string {
  const path = indexPath(env);
  const summary = readIndexSummary(env);
  if (summary) return `${path}\n${stableJson(summary)}`;
  try {
    const stat = statSync(path);
    return `${path}\n${stat.size} ${stat.mtimeMs}`;
  } catch {
    return `${path}\nabsent`;
  }
}

export function engineFingerprint(settings: readonly DetectorSetting[]): string {
  return sha256(`${codeFingerprint()}\n${stableJson(settings)}\n${referenceIndexFingerprint()}`);
}
