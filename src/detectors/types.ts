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
}

export interface PackageDetectorContext<O> {
  facts: PackageFacts;
  options: O;
  /** The scan's clock, so timing signals are testable. */
  now: Date;
}

export interface ScanDetectorContext<O> {
  packages: readonly PackageFacts[];
  /** Per publisher name: the registry's answer, or null when the registry could not say. */
  publisherVolumes: ReadonlyMap<string, PublisherVolume | null>;
  options: O;
  now: Date;
}

/** Judges one package on its own facts. */
export interface PackageDetector<Options extends z.ZodType = z.ZodType> {
  scope: 'package';
  meta: DetectorMeta<Options>;
  detect(context: PackageDetectorContext<z.output<Options>>): DetectorResult;
}

/** A finding a cross-package detector attaches to one package of the scan (`name@version`). */
export interface ScanDetectorFinding extends DetectorFinding {
  packageKey: string;
}

/** Sees every package of the scan at once: clusters, shared READMEs, twins. */
export interface ScanDetector<Options extends z.ZodType = z.ZodType> {
  scope: 'scan';
  meta: DetectorMeta<Options>;
  detect(context: ScanDetectorContext<z.output<Options>>): {
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
export function definePackageDetector<O extends z.ZodType>(d: Omit<PackageDetector<O>, 'scope'>): PackageDetector<O> {
  return { scope: 'package', ...d };
}

export function defineScanDetector<O extends z.ZodType>(d: Omit<ScanDetector<O>, 'scope'>): ScanDetector<O> {
  return { scope: 'scan', ...d };
}
