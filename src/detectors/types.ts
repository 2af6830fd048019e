/**
 * The detector contract. A detector is a module with `meta` (what it is, what it needs, its messages
 * and options) beside a pure `detect` function over already-fetched facts, like an ESLint rule.
 * Detectors never fetch, never print, and never throw on purpose: a throw is recorded as a failure
 * of that detector on that package and the scan goes on.
 */
import type { z } from 'zod';
import type { PublisherVolume } from '../facts/npm-types.js';
import type { FactName, PackageFacts } from '../facts/types.js';

// The facts contract lives with the facts stage; detectors read it through their own contract file.
export type { FactName, PackageFacts } from '../facts/types.js';
export { packageKey } from '../facts/types.js';

export type EvidenceValue = string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };

/** Concrete, checkable evidence. Put units in key names (`codeBytes`, `windowSeconds`). */
export interface Evidence {
  file?: string;
  line?: number;
  field?: string;
  excerpt?: string;
  [key: string]: EvidenceValue | undefined;
}

export interface DetectorFinding {
  /** Key of `meta.messages`; the message text is rendered later from the template and `data`. */
  messageId: string;
  data?: Record<string, string | number>;
  /** Contribution to the 0–100 score. Negative weights are counter-evidence (age, history). */
  weight: number;
  evidence: Evidence;
}

/** A signal the detector could not evaluate because a fact is missing: shown, never scored. */
export interface UnavailableSignal {
  signal: string;
  reason: string;
}

export interface DetectorResult {
  findings: DetectorFinding[];
  unavailable?: UnavailableSignal[];
}

export interface DetectorMeta<Options extends z.ZodType = z.ZodType> {
  /** kebab-case, equals the folder name; also the future SARIF rule id. */
  id: string;
  description: string;
  /** Facts without which the detector cannot judge: when one is missing it is skipped and says so. */
  needs: FactName[];
  /**
   * Facts the detector reads when they are there and does without otherwise (reporting the signals
   * it could not evaluate as unavailable). The scan fetches them like `needs`, but a missing one
   * does not skip the detector.
   */
  optionalNeeds?: FactName[];
  /** Message templates with `{name}` placeholders filled from a finding's `data`. */
  messages: Record<string, string>;
  /** zod schema of the options, with defaults: `options.parse({})` gives the defaults. */
  options: Options;
  /**
   * What the result depends on, which decides whether the verdict cache may keep it. `tarball`: the
   * package's bytes (files, manifest) and the locked version's own registry entry (versionMeta), so
   * it is stored by tarball integrity and reused. `registry`: anything else the registry or the
   * lockfile says (packument times, versions, gone, the lockfile's pinned integrity), recomputed on
   * every scan. Default: `tarball` when `needs` includes files, else `registry`.
   */
  derivedFrom?: 'tarball' | 'registry';
  /** Runs even when a fact it needs is missing, because speaking about missing facts is its job. */
  judgesMissing?: boolean;
}

export interface PackageDetectorContext<O, Summary = unknown> {
  facts: PackageFacts;
  options: O;
  /** What this detector's `summarize` returned in the tarball stage; undefined when it did not run (no files). */
  summary?: Summary | undefined;
  /** The scan's clock, so timing signals are testable. */
  now: Date;
}

/** What a scan-wide detector keeps of one package once its files are released. */
export type LeanFacts = Omit<PackageFacts, 'files'>;

/** One package as a scan-wide detector sees it: lean facts plus its own summary of the files. */
export interface ScannedPackage<Summary = unknown> {
  facts: LeanFacts;
  /** What `summarize` returned for this package; undefined when it was not run (files unread). */
  summary: Summary | undefined;
}

export interface ScanDetectorContext<O, Summary = unknown> {
  packages: readonly ScannedPackage<Summary>[];
  /** Per publisher name: the registry's answer, or null when the registry could not say. */
  publisherVolumes: ReadonlyMap<string, PublisherVolume | null>;
  options: O;
  now: Date;
}

/**
 * Judges one package on its own facts. A `registry` detector that also needs something of the bytes
 * reduces the files in `summarize` (tarball stage: in a worker, cached by tarball integrity, so it
 * may read only files, manifest, name and versionMeta) and reads the summary in `detect`, which
 * must not read `files` itself: a package judged from the verdict cache has none.
 */
export interface PackageDetector<Options extends z.ZodType = z.ZodType, Summary = unknown> {
  scope: 'package';
  meta: DetectorMeta<Options>;
  /**
   * Work done once per detector thread, that no package decides: loading a data file, building its
   * lookup tables. A thread started ahead of a cold scan's first package runs it while it would
   * otherwise wait; anywhere else the first `summarize` does it. Must not throw on purpose.
   */
  prepare?(): void;
  summarize?(facts: PackageFacts, options: z.output<Options>): Summary | undefined;
  detect(context: PackageDetectorContext<z.output<Options>, Summary>): DetectorResult;
}

/** A finding a cross-package detector attaches to one package of the scan (`name@version`). */
export interface ScanDetectorFinding extends DetectorFinding {
  packageKey: string;
}

/**
 * Sees every package of the scan at once: clusters, shared READMEs, twins. Runs in two steps so a
 * scan never holds every package's files: `summarize` reduces one package's files to a small JSON
 * value while they are in memory (in a worker, as the package finishes; the verdict cache keeps it
 * by tarball integrity, so it may read only files, manifest, name and versionMeta), then `detect`
 * sees every package's lean facts (packument, manifest, no files) with its summary.
 */
export interface ScanDetector<Options extends z.ZodType = z.ZodType, Summary = unknown> {
  scope: 'scan';
  meta: DetectorMeta<Options>;
  summarize?(facts: PackageFacts, options: z.output<Options>): Summary | undefined;
  detect(context: ScanDetectorContext<z.output<Options>, Summary>): {
    findings: ScanDetectorFinding[];
    unavailable?: (UnavailableSignal & { packageKey: string })[];
  };
}

export type Detector = PackageDetector | ScanDetector;

/** Every fact some detector reads, required or optional: what the scan fetches. */
export function factsToFetch(detectors: readonly Detector[]): Set<FactName> {
  return new Set(detectors.flatMap((d) => [...d.meta.needs, ...(d.meta.optionalNeeds ?? [])]));
}

/** Identity helpers that keep the option type flowing from `meta.options` into `detect`. */
export function definePackageDetector<O extends z.ZodType, S = undefined>(d: Omit<PackageDetector<O, S>, 'scope'>): PackageDetector<O, S> {
  return { scope: 'package', ...d } as PackageDetector<O, S>;
}

export function defineScanDetector<O extends z.ZodType, S = undefined>(d: Omit<ScanDetector<O, S>, 'scope'>): ScanDetector<O, S> {
  return { scope: 'scan', ...d };
}

/** Whether the verdict cache may keep this detector's result (see `DetectorMeta.derivedFrom`). */
export function isTarballDerived(meta: DetectorMeta): boolean {
  return (meta.derivedFrom ?? (meta.needs.includes('files') ? 'tarball' : 'registry')) === 'tarball';
}
