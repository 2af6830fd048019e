/**
 * Runs detectors over one package's facts and collects what they say. Shared by the in-process path
 * and the detector worker threads, so both judge exactly alike.
 *
 * Every detector runs from one list (src/detectors/index.ts), in one of two stages:
 * - `tarball`: package detectors derived from the package's bytes and the locked version's entry,
 *   plus every scan-wide detector's `summarize` and the `summarize` of registry-stage package
 *   detectors that need something of the bytes (a code fingerprint match). Runs in a worker while the files are in memory;
 *   its result is what the verdict cache stores by tarball integrity.
 * - `registry`: package detectors that read what the registry or lockfile says (times, gone, the
 *   pinned integrity). Cheap; runs on the main thread on every scan, cached tarball or not.
 */
import { UsageError } from '../errors.js';
import { riskyCapability } from '../analysis/behaviour/capability.js';
import { forgetTexts } from '../util/literal-gate.js';
import { detectors } from '../detectors/index.js';
import {
  type Detector,
  type DetectorFinding,
  type PackageDetector,
  type PackageFacts,
  type UnavailableSignal,
  isTarballDerived,
} from '../detectors/types.js';

export const ALL_DETECTORS: readonly Detector[] = detectors;

/** A detector with its options parsed once for the whole scan. */
export interface EnabledDetector {
  detector: Detector;
  options: unknown;
}

/** Which detectors run and with what options; config values were validated by the config schema, flags are checked here. */
export interface DetectorSelection {
  /** Only these ids (default: all). */
  only?: readonly string[] | undefined;
  disable?: readonly string[];
  /** Per id, options over the detector's defaults. */
  options?: Readonly<Record<string, Record<string, unknown>>>;
}

export function enableDetectors(selection: DetectorSelection = {}): EnabledDetector[] {
  const { only, disable = [], options = {} } = selection;
  const known = new Set(ALL_DETECTORS.map((d) => d.meta.id));
  const unknown = [...(only ?? []), ...disable, ...Object.keys(options)].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`unknown detector ${unknown.join(', ')} — use one of: ${[...known].join(', ')}`);
  return ALL_DETECTORS.filter((d) => (!only || only.includes(d.meta.id)) && !disable.includes(d.meta.id)).map((detector) => {
    const parsed = detector.meta.options.safeParse(options[detector.meta.id] ?? {});
    if (!parsed.success) throw new UsageError(`options of detector ${detector.meta.id}: ${parsed.error.issues[0]!.message} — fix detectors.options.${detector.meta.id} in the config`);
    return { detector, options: parsed.data as unknown };
  });
}

/** The portable form of the enabled detectors (plain data), as workers and cache keys receive it. */
export interface DetectorSetting {
  id: string;
  options: unknown;
}

export function settingsOf(enabled: readonly EnabledDetector[]): DetectorSetting[] {
  return enabled.map(({ detector, options }) => ({ id: detector.meta.id, options }));
}

/** In a worker: the same detectors with the options the scan parsed (never re-derived from defaults). */
export function enabledFromSettings(settings: readonly DetectorSetting[]): EnabledDetector[] {
  const byId = new Map(ALL_DETECTORS.map((d) => [d.meta.id, d]));
  return settings.map(({ id, options }) => ({ detector: byId.get(id)!, options }));
}

/** Runs each enabled detector's `prepare` (see PackageDetector.prepare); a failure is left for its first package to meet. */
export function prepareDetectors(enabled: readonly EnabledDetector[]): void {
  for (const { detector } of enabled) {
    if (detector.scope !== 'package' || !detector.prepare) continue;
    try {
      detector.prepare();
    } catch {
      // The detector fails again on its first package, where the failure is reported.
    }
  }
}

export type Stage = 'tarball' | 'registry';

export function stageOf(detector: Detector): Stage {
  return detector.scope === 'scan' || isTarballDerived(detector.meta) ? 'tarball' : 'registry';
}

export interface PackageJudgement {
  findings: { detector: string; finding: DetectorFinding }[];
  unavailable: { detector: string; signal: UnavailableSignal }[];
  detectorErrors: { detector: string; message: string }[];
  /** Per detector id: its `summarize` of this package (tarball stage only). */
  summaries: Record<string, unknown>;
  /** Milliseconds per detector, when asked for. */
  timingsMs?: Record<string, number>;
}

export function emptyJudgement(measure = false): PackageJudgement {
  return { findings: [], unavailable: [], detectorErrors: [], summaries: {}, ...(measure ? { timingsMs: {} } : {}) };
}

/** `summaries`: the tarball stage's, for the registry stage's detectors that summarize. */
export function judgePackage(facts: PackageFacts, enabled: readonly EnabledDetector[], now: Date, stage: Stage, measure = false, summaries?: Readonly<Record<string, unknown>>): PackageJudgement {
  const judgement = emptyJudgement(measure);
  for (const { detector, options } of enabled) {
    // A registry-stage package detector may still need something of the bytes: its `summarize`
    // runs in the tarball stage (and is cached with it), its `detect` later sees the summary.
    const summarizesHere = stage === 'tarball' && detector.summarize !== undefined;
    if (stageOf(detector) !== stage && !summarizesHere) continue;
    const started = measure ? performance.now() : 0;
    if (stage === 'tarball' && (detector.scope === 'scan' || stageOf(detector) !== stage)) summarize(detector, facts, options, judgement);
    else runPackageDetector(detector as PackageDetector, facts, options, now, judgement, summaries?.[detector.meta.id]);
    if (judgement.timingsMs) judgement.timingsMs[detector.meta.id] = (judgement.timingsMs[detector.meta.id] ?? 0) + performance.now() - started;
  }
  return judgement;
}

/**
 * The tarball stage, and, when asked, whether the package shows a capability worth comparing with
 * the release before it (riskyCapability): asked here, where the detectors have decoded the texts.
 */
export function judgeTarballStage(facts: PackageFacts, enabled: readonly EnabledDetector[], now: Date, measure: boolean, askPrevious: boolean): { judgement: PackageJudgement; previousWanted: boolean } {
  // The literal gates remember this package's texts for each other, and nothing older.
  forgetTexts();
  const judgement = judgePackage(facts, enabled, now, 'tarball', measure);
  return { judgement, previousWanted: askPrevious && facts.files !== undefined && riskyCapability(facts) };
}

function runPackageDetector(detector: PackageDetector, facts: PackageFacts, options: unknown, now: Date, judgement: PackageJudgement, summary: unknown): void {
  const id = detector.meta.id;
  // publisher-volume and previous-files are optional: their absence is reported by the detector itself.
  const missing = detector.meta.needs.filter((need) => need !== 'publisher-volume' && need !== 'previous-files' && facts.missing.some((m) => m.fact === need));
  // A detector that cannot see what it needs says so instead of judging on nothing.
  if (missing.length > 0 && !detector.meta.judgesMissing) {
    judgement.unavailable.push({ detector: id, signal: { signal: 'all', reason: `needs ${missing.join(', ')}, which could not be read` } });
    return;
  }
  try {
    const result = detector.detect({ facts, options, now, summary });
    for (const finding of result.findings) judgement.findings.push({ detector: id, finding });
    for (const signal of result.unavailable ?? []) judgement.unavailable.push({ detector: id, signal });
  } catch (error) {
    judgement.detectorErrors.push({ detector: id, message: (error as Error)?.message ?? String(error) });
  }
}

function summarize(detector: Detector, facts: PackageFacts, options: unknown, judgement: PackageJudgement): void {
  if (!detector.summarize) return;
  try {
    const summary = detector.summarize(facts, options);
    if (summary !== undefined) judgement.summaries[detector.meta.id] = summary;
  } catch (error) {
    judgement.detectorErrors.push({ detector: detector.meta.id, message: (error as Error)?.message ?? String(error) });
  }
}

/** Both stages' results in detector-list order, as one pass over the list would have produced them. */
export function mergeJudgements(a: PackageJudgement, b: PackageJudgement): PackageJudgement {
  const order = new Map(ALL_DETECTORS.map((d, i) => [d.meta.id, i]));
  const byOrder = <T extends { detector: string }>(list: T[]) => list.sort((x, y) => (order.get(x.detector) ?? 1e9) - (order.get(y.detector) ?? 1e9));
  const timings = a.timingsMs || b.timingsMs ? { ...a.timingsMs, ...b.timingsMs } : undefined;
  return {
    findings: byOrder([...a.findings, ...b.findings]),
    unavailable: byOrder([...a.unavailable, ...b.unavailable]),
    detectorErrors: byOrder([...a.detectorErrors, ...b.detectorErrors]),
    summaries: { ...a.summaries, ...b.summaries },
    ...(timings ? { timingsMs: timings } : {}),
  };
}
