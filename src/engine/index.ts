/**
 * The engine: every detector, from one list, over every package of a scan.
 *
 * Per package, as its facts arrive: the tarball stage (package detectors derived from the bytes, and
 * every scan-wide detector's `summarize`) runs in a worker thread, or comes from the verdict cache;
 * the registry stage runs on the main thread. The package's files are released as soon as the
 * tarball stage has them; what the scan keeps is lean facts plus small summaries. At the end, the
 * scan-wide detectors' `detect` sees every package. Timings (SPAMCHECK_TIMINGS) are collected here.
 */
import { type TarballFacts, previousRelease } from '../facts/gather.js';
import type { FactName, PackageFacts } from '../facts/types.js';
import type { FilesLimitNote } from '../package-files/types.js';
import type { PublisherVolume } from '../facts/npm-types.js';
import { type LeanFacts, type ScanDetector, factsToFetch } from '../detectors/types.js';
import { packageKey } from '../facts/types.js';
import { type CachedVerdict, type VerdictCache, type VerdictKey, isCacheable } from './cache/verdict-cache.js';
import { type DetectorSelection, type EnabledDetector, type PackageJudgement, enableDetectors, judgePackage, mergeJudgements, settingsOf } from './judge.js';
import { createPackageJudge, defaultDetectorThreads } from './pool.js';
import { engineFingerprint } from './cache/fingerprint.js';


export interface EngineOptions {
  /** Which detectors run, with what options (flags and config). */
  selection: DetectorSelection;
  now: Date;
  /** Worker threads for the tarball stage (default: one per core, at most 4); 0 runs inline. */
  workers?: number | undefined;
  timeoutMs: number;
  /** Collect milliseconds per detector and per phase. */
  measure: boolean;
  /** Folder the detector threads write each tarball-stage job to (engine/capture.ts). */
  captureDir?: string | undefined;
  /** Where verdicts are stored; undefined caches nothing. */
  cache?: (engineFingerprint: string) => VerdictCache;
}

/** One judged package as the scan keeps it: no files. */
export interface JudgedPackage extends PackageJudgement {
  facts: LeanFacts;
  /** The tarball read stopped early (a cap, a corrupt archive): the package is partly audited. */
  readPartially: boolean;
  /** The tarball stage came from the verdict cache. */
  cached: boolean;
  /** Caps hit and entries refused while reading the tarball (fresh or as the verdict stored them). */
  limits: FilesLimitNote[];
}

export interface Engine {
  readonly needs: ReadonlySet<FactName>;
  /** A verdict stored for these facts (their `versionMeta` must be set), when there is one. */
  lookup(facts: PackageFacts): Promise<{ key: VerdictKey | undefined; verdict: CachedVerdict | undefined }>;
  /**
   * Judges a package whose tarball was read now (or could not be); stores the verdict under `key`.
   * `readPrevious` reads the release before into `facts.previous` (release-diff compares them): called
   * only for a package whose files show a capability worth that extra tarball, which is then judged
   * again with it.
   */
  judge(facts: PackageFacts, tarball: TarballFacts | undefined, key: VerdictKey | undefined, readPrevious?: (facts: PackageFacts) => Promise<void>): Promise<JudgedPackage>;
  /**
   * A tarball is about to be read for `judge`: the detector threads get ready meanwhile. `all`:
   * every package will be read (no verdict is stored), so they also prepare the detectors.
   */
  expectTarball(all?: boolean): void;
  /** Judges a package from its cached verdict: only the registry stage runs. */
  judgeCached(facts: PackageFacts, verdict: CachedVerdict): JudgedPackage;
  /** Packages waiting for a worker; callers stop fetching while it is high, so files do not pile up. */
  backlog(): number;
  /** Bytes of file text held by packages waiting for a worker; callers stop fetching while it is high. */
  backlogTextBytes(): number;
  /** Settles the next time the backlog shrinks; see PackageJudge.shrinks. */
  backlogShrinks(): Promise<void>;
  readonly workers: number;
  /** Runs the scan-wide detectors and adds their findings to the packages. */
  judgeScan(packages: readonly JudgedPackage[], publisherVolumes: ReadonlyMap<string, PublisherVolume | null>, onStep?: (done: number, total: number) => void): void;
  /** Milliseconds per detector (tarball stage summed over worker threads), when measured. */
  readonly timings: Map<string, number>;
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const enabled = enableDetectors(options.selection);
  const needs = factsToFetch(enabled.map(({ detector }) => detector));
  const workers = options.workers ?? defaultDetectorThreads();
  const pool = createPackageJudge({ enabled, now: options.now, timeoutMs: options.timeoutMs, measure: options.measure, workers, captureDir: options.captureDir });
  const cache = options.cache?.(engineFingerprint(settingsOf(enabled)));
  const timings = new Map<string, number>();
  const writes = new Set<Promise<unknown>>();
  const add = (judgement: PackageJudgement) => {
    for (const [id, ms] of Object.entries(judgement.timingsMs ?? {})) timings.set(id, (timings.get(id) ?? 0) + ms);
  };
  const registryStage = (facts: PackageFacts, summaries: Readonly<Record<string, unknown>>) => {
    const judgement = judgePackage(facts, enabled, options.now, 'registry', options.measure, summaries);
    add(judgement);
    return judgement;
  };

  const judgeTarball = async (facts: PackageFacts, readPrevious?: (facts: PackageFacts) => Promise<void>): Promise<PackageJudgement> => {
    const askPrevious = readPrevious !== undefined && needs.has('previous-files') && facts.files !== undefined && previousRelease(facts) !== undefined;
    const first = await pool.judge(facts, askPrevious);
    add(first.judgement);
    if (!first.previousWanted) return first.judgement;
    await readPrevious!(facts);
    const again = (await pool.judge(facts)).judgement;
    add(again);
    return again;
  };

  return {
    needs,
    workers,
    timings,
    backlog: () => pool.pending(),
    backlogTextBytes: () => pool.pendingTextBytes(),
    backlogShrinks: () => pool.shrinks(),
    // Timed as the synchronous work it is: lookups run for many packages at once, and timing each
    // from its start to its settlement counted the others' reads too (1.2 s of a 1.0 s warm scan).
    lookup: async (facts) =>
      timedNow(timings, 'phase: verdict cache read', options.measure, () => {
        const key = cache && facts.versionMeta ? cache.keyOf(facts.versionMeta, needs.has('previous-files') ? previousKey(facts) : '') : undefined;
        return { key, verdict: key ? cache!.get(key) : undefined };
      }),
    async judge(facts, tarball, key, readPrevious) {
      const readPartially = facts.files?.limits.some((l) => l.kind !== 'unsafe-path') ?? false;
      const tarballStage = await judgeTarball(facts, readPrevious);
      // The registry stage never sees the files, fresh or cached, so both judge alike.
      const { files: _files, previous: _previous, ...registryFacts } = facts;
      const registry = registryStage(registryFacts, tarballStage.summaries);
      // A previous release that could not be read is this scan's bad luck, not the package's verdict.
      const previousMissing = facts.missing.some((m) => m.fact === 'previous-files');
      if (cache && key && tarball && !previousMissing && isCacheable(tarballStage, tarball)) {
        const { findings, unavailable, summaries } = tarballStage;
        const write = cache.put(key, { tarball, judgement: { findings, unavailable, summaries } }).catch(() => undefined);
        writes.add(write);
        void write.finally(() => writes.delete(write));
      }
      return lean(facts, mergeJudgements(tarballStage, registry), readPartially, false, facts.files?.limits ?? []);
    },
    expectTarball: (all = false) => pool.warm(all),
    judgeCached(facts, verdict) {
      const readPartially = verdict.tarball.limits.some((l) => l.kind !== 'unsafe-path');
      const tarballStage: PackageJudgement = { ...verdict.judgement, detectorErrors: [] };
      return lean(facts, mergeJudgements(tarballStage, registryStage(facts, tarballStage.summaries)), readPartially, true, verdict.tarball.limits);
    },
    judgeScan(packages, publisherVolumes, onStep) {
      runScanDetectors(packages, enabled, publisherVolumes, options.now, options.measure ? timings : undefined, onStep);
    },
    // Verdicts still being written are waited for: a scan that returned before its cache was
    // written left the next scan (or a process exiting at once) without them.
    close: async () => {
      await Promise.all([...writes]);
      await pool.close();
    },
  };
}

/** The previous release as the verdict depends on it: version and integrity (npm never reuses a version). */
function previousKey(facts: PackageFacts): string {
  const previous = previousRelease(facts);
  if (!previous) return 'none';
  return `${previous.version} ${previous.dist?.integrity ?? previous.dist?.shasum ?? ''}`;
}

function lean(facts: PackageFacts, judgement: PackageJudgement, readPartially: boolean, cached: boolean, limits: FilesLimitNote[]): JudgedPackage {
  const { files: _files, previous: _previous, ...rest } = facts;
  return { ...judgement, facts: rest, readPartially, cached, limits };
}

/** Synchronous work, timed under `id` when measuring. */
function timedNow<T>(timings: Map<string, number>, id: string, measure: boolean, work: () => T): T {
  if (!measure) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    timings.set(id, (timings.get(id) ?? 0) + performance.now() - started);
  }
}

function runScanDetectors(
  packages: readonly JudgedPackage[],
  enabled: readonly EnabledDetector[],
  publisherVolumes: ReadonlyMap<string, PublisherVolume | null>,
  now: Date,
  timings?: Map<string, number>,
  onStep?: (done: number, total: number) => void,
): void {
  const byKey = new Map(packages.map((p) => [packageKey(p.facts), p]));
  const scanWide = enabled.filter(({ detector }) => detector.scope === 'scan');
  let stepDone = 0;
  for (const { detector, options } of scanWide) {
    onStep?.(stepDone++, scanWide.length);
    const id = detector.meta.id;
    const started = performance.now();
    try {
      const scanned = packages.map((p) => ({ facts: p.facts, summary: p.summaries[id] }));
      const result = (detector as ScanDetector).detect({ packages: scanned, publisherVolumes, options, now });
      for (const { packageKey: key, ...finding } of result.findings) byKey.get(key)?.findings.push({ detector: id, finding });
      for (const { packageKey: key, ...signal } of result.unavailable ?? []) byKey.get(key)?.unavailable.push({ detector: id, signal });
    } catch (error) {
      // A scan-wide detector that fails leaves every package without its judgement: say so on each.
      for (const p of packages) p.detectorErrors.push({ detector: id, message: (error as Error)?.message ?? String(error) });
    }
    timings?.set(id, (timings.get(id) ?? 0) + performance.now() - started);
  }
}

