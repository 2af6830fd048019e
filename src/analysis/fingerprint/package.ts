/**
 * The fingerprint of one package's code and README. The reference-index builder and the scan call
 * this same function, so a scanned package and an indexed one are measured with one ruler.
 *
 * Which code: the package's JavaScript, tests and examples left out (a copier drops them, and they
 * differ between forks), in path order, up to a byte budget so a 10 MB bundle costs what 512 KiB
 * costs. Files are fingerprinted separately and their fingerprints pooled, so a copy that merges
 * or splits files still matches.
 */
import type { PackageFiles } from '../../package-files/types.js';
import { findReadmePath, isScriptPath, normaliseProse } from '../text.js';
import { normalisedTokens } from './tokens.js';
import { bottomK, hashSequence, hashString, winnow } from './winnow.js';

export const FINGERPRINT_PARAMS = {
  /** Code sketch size (bottom-k). */
  codeSketch: 64,
  /** README sketch size (bottom-k of word 4-shingles). */
  readmeSketch: 16,
  readmeShingleWords: 4,
  /** A file shorter than this is everyone's file (`module.exports = require('./lib')`): not hashed whole. */
  minFileTokens: 40,
  /** Per-file hashes kept (the largest files), enough for small utilities, bounded for big packages. */
  maxFileHashes: 12,
  maxCodeBytes: 512 * 1024,
  maxTokensPerFile: 60_000,
  minReadmeWords: 30,
} as const;

export interface PackageFingerprint {
  /** Hashes of whole normalised files (largest first, deduplicated). */
  fileHashes: number[];
  /** Every winnowed fingerprint of the code read. */
  prints: Set<number>;
  /** Bottom-k of `prints`. */
  sketch: number[];
  tokens: number;
  codeFiles: number;
  codeBytes: number;
  readmeSketch: number[];
  /** True when the budget or the file view stopped short: absence of a match proves less. */
  partial: boolean;
}

const SKIPPED_PATH = /(?:^|\/)(?:node_modules|test|tests|__tests__|__mocks__|spec|specs|example|examples|benchmark|benchmarks|bench|fixtures|coverage|docs?)\/|\.(?:test|spec)\.[cm]?jsx?$/i;

export function isFingerprintedPath(path: string): boolean {
  return isScriptPath(path) && !SKIPPED_PATH.test(path);
}

export function fingerprintPackage(files: PackageFiles): PackageFingerprint {
  const paths = files.entries.filter((e) => e.type === 'file' && isFingerprintedPath(e.path)).map((e) => e.path).sort();
  const prints = new Set<number>();
  const wholeFiles: { hash: number; tokens: number }[] = [];
  let tokens = 0;
  let codeBytes = 0;
  let codeFiles = 0;
  let partial = files.limits.length > 0;
  for (const path of paths) {
    const text = files.readText(path);
    if (text === undefined) {
      partial = true;
      continue;
    }
    if (codeBytes + text.length > FINGERPRINT_PARAMS.maxCodeBytes) {
      partial = true;
      continue;
    }
    codeBytes += text.length;
    codeFiles++;
    const hashes = normalisedTokens(text, FINGERPRINT_PARAMS.maxTokensPerFile).map(hashString);
    tokens += hashes.length;
    winnow(hashes, prints);
    if (hashes.length >= FINGERPRINT_PARAMS.minFileTokens) wholeFiles.push({ hash: hashSequence(hashes), tokens: hashes.length });
  }
  wholeFiles.sort((a, b) => b.tokens - a.tokens || a.hash - b.hash);
  const fileHashes = [...new Set(wholeFiles.map((f) => f.hash))].slice(0, FINGERPRINT_PARAMS.maxFileHashes);
  return { fileHashes, prints, sketch: bottomK(prints, FINGERPRINT_PARAMS.codeSketch), tokens, codeFiles, codeBytes, readmeSketch: readmeSketch(files), partial };
}

/** Bottom-k of the README's word shingles (prose normalised: markup, case, numbers, links gone). */
export function readmeSketch(files: PackageFiles): number[] {
  const path = findReadmePath(files);
  const text = path === undefined ? undefined : files.readText(path);
  if (text === undefined) return [];
  const words = normaliseProse(text).split(' ').filter(Boolean);
  if (words.length < FINGERPRINT_PARAMS.minReadmeWords) return [];
  const shingles: number[] = [];
  const n = FINGERPRINT_PARAMS.readmeShingleWords;
  for (let i = 0; i + n <= words.length; i++) shingles.push(hashString(words.slice(i, i + n).join(' ')));
  return bottomK(shingles, FINGERPRINT_PARAMS.readmeSketch);
}
