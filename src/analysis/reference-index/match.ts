/**
 * Questions the reference-index detectors ask about one scanned package: whose code is this a copy
 * of, is it the reference package itself, and how is it related to a reference package (same
 * scope, same name family, shared maintainers) — relations under which sharing code or a
 * repository is normal (monorepos, modular builds, scoped re-publishes).
 */
import type { PackageFacts } from '../../facts/types.js';
import { type PackageFingerprint, fingerprintPackage } from '../fingerprint/package.js';
import { containment, sketchSimilarity } from '../fingerprint/winnow.js';
import { FINGERPRINT_PARAMS } from '../fingerprint/package.js';
import type { ReferencePackage } from './format.js';
import { type ReferenceIndex, referenceIndex } from './index.js';
import { normaliseRepository } from './repository.js';
import { readmeHead } from '../text.js';
import { safeLine } from '../../report/sanitize.js';

export interface CodeMatch {
  reference: ReferencePackage;
  /** Estimated Jaccard similarity of the two packages' code fingerprints. */
  similarity: number;
  /** Share of the reference's sketch found in this package's code. */
  containment: number;
  /** Whole normalised files this package shares with the reference. */
  sameFiles: number;
  readmeSimilarity: number;
}

export interface MatchOptions {
  /** Below this many normalised tokens, code is too generic to call a copy. */
  minTokens: number;
  minSimilarity: number;
}

const prints = new WeakMap<object, PackageFingerprint>();

/** Fewer distinctive fingerprints than this (after boilerplate is removed) cannot tell code apart. */
const MIN_DISTINCT_PRINTS = 8;

/** Fingerprint of a package's files, computed once per package however many detectors ask. */
export function fingerprintOf(facts: PackageFacts): PackageFingerprint | undefined {
  if (!facts.files) return undefined;
  let print = prints.get(facts.files);
  if (!print) {
    print = fingerprintPackage(facts.files);
    prints.set(facts.files, print);
  }
  return print;
}

/** A candidate reference measured against this package's code (independent of any detector's options). */
interface Measured {
  reference: ReferencePackage;
  similarity: number;
  containment: number;
  sameFiles: number;
  sizeRatio: number;
}

/**
 * The top candidates of a package's code, measured once per fingerprint: reference-clone,
 * repository-claim, typosquat and farm-copy each ask with their own thresholds, and the candidate
 * search over the index was most of the reference detectors' time when each of them ran it.
 */
const measuredMemo = new WeakMap<PackageFingerprint, { index: ReferenceIndex; measured: Measured[] }>();

function measuredCandidates(index: ReferenceIndex, print: PackageFingerprint): Measured[] {
  const known = measuredMemo.get(print);
  if (known && known.index === index) return known.measured;
  const measured: Measured[] = [];
  // Boilerplate shared by many packages is left out on both sides, so two packages that share only
  // tsc's helpers are not "similar"; what is left must still be enough to tell code apart.
  const common = index.commonHashes();
  const distinct = (values: readonly number[]) => values.filter((v) => !common.has(v));
  const mine = distinct(print.sketch);
  if (mine.length >= MIN_DISTINCT_PRINTS) {
    for (const reference of index.codeCandidates(print.prints, print.fileHashes, 3).slice(0, 25)) {
      const theirs = distinct(reference.sketch);
      if (theirs.length < MIN_DISTINCT_PRINTS) continue;
      measured.push({
        reference,
        similarity: sketchSimilarity(mine, theirs, FINGERPRINT_PARAMS.codeSketch),
        containment: containment(theirs, print.prints),
        sameFiles: reference.fileHashes.filter((h) => print.fileHashes.includes(h)).length,
        sizeRatio: print.tokens / Math.max(1, reference.tokens),
      });
    }
  }
  measuredMemo.set(print, { index, measured });
  return measured;
}

/** Reference packages whose code this package's code copies, best first. */
export function codeMatches(index: ReferenceIndex, print: PackageFingerprint, o: MatchOptions): CodeMatch[] {
  if (print.tokens < o.minTokens) return [];
  const out: CodeMatch[] = [];
  for (const { reference, similarity, containment: contained, sameFiles, sizeRatio } of measuredCandidates(index, print)) {
    if (reference.tokens < o.minTokens) continue;
    // A copy is most of the reference and most of this package: a bundle that embeds a small
    // library contains it but is not it.
    const isCopy = similarity >= o.minSimilarity || (contained >= 0.8 && similarity >= 0.35 && sizeRatio <= 2.5 && sizeRatio >= 0.4);
    if (!isCopy) continue;
    out.push({ reference, similarity, containment: contained, sameFiles, readmeSimilarity: sketchSimilarity(print.readmeSketch, reference.readmeSketch, FINGERPRINT_PARAMS.readmeSketch) });
  }
  return out.sort((a, b) => b.similarity - a.similarity || a.reference.rank - b.reference.rank);
}

/** A code match as the tarball stage keeps it (plain data): the reference by its rank in the index. */
export type StoredMatch = Omit<CodeMatch, 'reference'> & { rank: number };

/** What a reference detector keeps of the files: its code matches, and whether the code was read partially. */
export interface MatchSummary {
  partial: boolean;
  matches: StoredMatch[];
  /** What the package says of itself when it says it is a fork (see `forkDeclaration`), if it matched anything. */
  declaredFork?: string;
}

/**
 * The detectors' `summarize`: the matches are computed where the files are (a worker, or the verdict
 * cache), and `detect`, which also reads the packument (maintainers, times), sees only this.
 */
/**
 * Loads the reference index and builds the lookup tables code matching reads (64 ms and 320 ms
 * here): done by the first package matched otherwise, on the detector thread's busiest path.
 */
export function prepareMatching(): void {
  const loaded = referenceIndex();
  if (!('error' in loaded)) loaded.index.commonHashes();
}

export function summarizeMatches(facts: PackageFacts, o: MatchOptions): MatchSummary | undefined {
  const loaded = referenceIndex();
  if ('error' in loaded) return undefined;
  if (isOwnReference(facts, loaded.index)) return undefined;
  const print = fingerprintOf(facts);
  if (!print) return undefined;
  const matches = codeMatches(loaded.index, print, o).map(({ reference, ...rest }) => ({ ...rest, rank: reference.rank }));
  const declaredFork = matches.length > 0 ? forkDeclaration(facts) : undefined;
  return { partial: print.partial, matches, ...(declaredFork !== undefined ? { declaredFork } : {}) };
}

/**
 * A copy that says what it is: "fork" in its name (`@mui/x-internal-exceljs-fork`), its description
 * ("React Native fork of …") or the first lines of its README ("Fork which adds a trailing slash"),
 * or "a custom version of". A fork that keeps the original's `repository` field is not passing
 * itself off as the original; starjacking copies the original's own words, which say no such thing.
 */
export function forkDeclaration(facts: PackageFacts): string | undefined {
  const description = typeof facts.manifest?.description === 'string' ? facts.manifest.description : '';
  const readme = facts.files ? readmeHead(facts.files, 1000) : '';
  for (const text of [facts.name, description, readme]) {
    const said = FORK_DECLARATION.exec(text);
    if (said) return safeLine(said[0], 80);
  }
  return undefined;
}

const FORK_DECLARATION = /(^|[^a-z])fork(ed)?([^a-z]|$)[^\n]{0,60}|\bcustom (version|build) of\b[^\n]{0,60}/i;

/** The summary's matches with their reference packages again, in the order codeMatches gave them. */
export function resolveMatches(index: ReferenceIndex, summary: MatchSummary): CodeMatch[] {
  return summary.matches.flatMap(({ rank, ...rest }) => {
    const reference = index.packages[rank]?.rank === rank ? index.packages[rank] : index.packages.find((p) => p.rank === rank);
    return reference ? [{ reference, ...rest }] : [];
  });
}

/**
 * The package is its own reference package, as far as the tarball can tell: every reference detector
 * stops there before reading code matches (isReferencePackage; repository-claim, typosquat and
 * farm-copy stop at an indexed name). So its code is not fingerprinted: a real tree is mostly
 * popular packages, and matching them against the index was a third of the workers' CPU. When the
 * repository that decides cannot be read from the tarball (the packument's is not here), the
 * matches are computed as before.
 */
function isOwnReference(facts: PackageFacts, index: ReferenceIndex): boolean {
  const reference = index.byName(facts.name);
  if (!reference) return false;
  if (reference.repository === undefined) return true;
  const own = facts.manifest?.repository;
  return own !== undefined && normaliseRepository(own) === reference.repository;
}

export function repositoryOf(facts: PackageFacts): string | undefined {
  return normaliseRepository(facts.manifest?.repository ?? facts.versionMeta?.repository ?? facts.packument?.repository);
}

export function maintainersOf(facts: PackageFacts): string[] {
  const people = [...(facts.packument?.maintainers ?? []), ...(facts.versionMeta?.maintainers ?? [])];
  const user = facts.versionMeta?._npmUser?.name;
  const names = people.map((p) => p?.name?.toLowerCase()).filter((n): n is string => !!n);
  if (user) names.push(user.toLowerCase());
  return [...new Set(names)];
}

export function scopeOf(name: string): string | undefined {
  return name.startsWith('@') ? name.slice(1, name.indexOf('/')) : undefined;
}

export function bareName(name: string): string {
  return name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
}

function nameWords(name: string): string[] {
  return name.toLowerCase().replace(/^@/, '').split(/[-._/]+/).filter(Boolean);
}

/**
 * Names of one family: one is the other plus words (`lodash` / `lodash.merge`, `react-dom` /
 * `react-dom-server`, `babel-core` / `@babel/core`). `loose` also accepts first words sharing a
 * distinctive start (`vite` / `@vitejs/plugin-react`): right for monorepo siblings naming one
 * repository, too generous for deciding whether copied code is a fork (`merge-objects` / `mergewise`).
 */
export function sameNameFamily(a: string, b: string, loose = false): boolean {
  const wa = nameWords(a);
  const wb = nameWords(b);
  if (wa.length === 0 || wb.length === 0) return false;
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  if (short.every((w, i) => long[i] === w) || short.every((w, i) => long[long.length - short.length + i] === w)) return true;
  return loose && commonPrefixLength(wa[0]!, wb[0]!) >= 4;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export type Relation = 'same-name' | 'same-scope' | 'shared-maintainer' | 'renamed-project' | 'name-family';

/** Why sharing code or a repository with `reference` is expected of this package; undefined when nothing explains it. */
export function relationTo(facts: PackageFacts, reference: ReferencePackage, looseFamily = false): Relation | undefined {
  if (facts.name === reference.name) return 'same-name';
  const scope = scopeOf(facts.name);
  if (scope !== undefined && scope === scopeOf(reference.name)) return 'same-scope';
  const mine = maintainersOf(facts);
  if (mine.length > 0 && reference.maintainers.some((m) => mine.includes(m))) return 'shared-maintainer';
  if (renamedProject(facts, reference)) return 'renamed-project';
  if (sameNameFamily(facts.name, reference.name, looseFamily)) return 'name-family';
  return undefined;
}

const unscoped = (name: string) => name.replace(/^@[^/]+\//, '').toLowerCase();

/**
 * The popular package's own repository is named after this package, and not after itself: the
 * project was renamed and publishes under the new name (terser-webpack-plugin's repository became
 * webpack/minimizer-webpack-plugin). The reference index records what the popular package says,
 * which a copier cannot change; a starjacker borrows a repository named after the famous package.
 */
function renamedProject(facts: PackageFacts, reference: ReferencePackage): boolean {
  const repository = repositoryOf(facts);
  if (repository === undefined || repository !== reference.repository) return false;
  const repoName = repository.replace(/\.git$/i, '').split(/[/:]/).at(-1)?.toLowerCase();
  return repoName !== undefined && repoName === unscoped(facts.name) && repoName !== unscoped(reference.name);
}

/**
 * This package is the reference package: same name, and the repository it names is the one the
 * index recorded (or one of them names none). A package in the index under its own name has a
 * public life of its own, whatever its code resembles.
 */
export function isReferencePackage(facts: PackageFacts, index: ReferenceIndex): ReferencePackage | undefined {
  const reference = index.byName(facts.name);
  if (!reference) return undefined;
  const repository = repositoryOf(facts);
  if (repository !== undefined && reference.repository !== undefined && repository !== reference.repository) return undefined;
  return reference;
}
