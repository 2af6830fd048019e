/**
 * Runs the enabled package detectors over one package's facts and collects what they say. Shared by
 * the in-process path and the detector worker threads, so both judge exactly alike.
 */
import { UsageError } from '../errors.js';
import { detectors as registeredDetectors } from '../detectors/index.js';
import { registryState } from '../detectors/registry-state/index.js';
import { tarballAnomalies } from '../detectors/tarball-anomalies/index.js';
import type { Detector, DetectorFinding, PackageDetector, PackageFacts, UnavailableSignal } from '../detectors/types.js';

/** Detectors built into the pipeline (they judge what the fetch stage saw), then the registered ones. */
export const ALL_DETECTORS: readonly Detector[] = [registryState, tarballAnomalies, ...registeredDetectors];

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

export interface PackageJudgement {
  findings: { detector: string; finding: DetectorFinding }[];
  unavailable: { detector: string; signal: UnavailableSignal }[];
  detectorErrors: { detector: string; message: string }[];
  /** Milliseconds per detector, when asked for. */
  timingsMs?: Record<string, number>;
}

export function judgePackage(facts: PackageFacts, enabled: readonly EnabledDetector[], now: Date, measure = false): PackageJudgement {
  const judgement: PackageJudgement = { findings: [], unavailable: [], detectorErrors: [], ...(measure ? { timingsMs: {} } : {}) };
  for (const { detector, options } of enabled) {
    if (detector.scope !== 'package') continue;
    const id = detector.meta.id;
    // publisher-volume and previous-files are optional: their absence is reported by the detector itself.
    const missing = detector.meta.needs.filter((need) => need !== 'publisher-volume' && need !== 'previous-files' && facts.missing.some((m) => m.fact === need));
    // A detector that cannot see what it needs says so instead of judging on nothing — except
    // registry-state, whose whole job is to speak about missing facts.
    if (missing.length > 0 && detector !== registryState) {
      judgement.unavailable.push({ detector: id, signal: { signal: 'all', reason: `needs ${missing.join(', ')}, which could not be read` } });
      continue;
    }
    const started = measure ? performance.now() : 0;
    try {
      const result = (detector as PackageDetector).detect({ facts, options, now });
      for (const finding of result.findings) judgement.findings.push({ detector: id, finding });
      for (const signal of result.unavailable ?? []) judgement.unavailable.push({ detector: id, signal });
    } catch (error) {
      judgement.detectorErrors.push({ detector: id, message: (error as Error)?.message ?? String(error) });
    }
    if (judgement.timingsMs) judgement.timingsMs[id] = (judgement.timingsMs[id] ?? 0) + performance.now() - started;
  }
  return judgement;
}
