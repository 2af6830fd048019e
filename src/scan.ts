/**
 * The pipeline, top to bottom:
 *   lockfile → DependencyGraph → per package, as a bounded pool fetches: packument (facts/) →
 *   verdict cache or tarball → engine (detectors in worker threads; files released once judged)
 *   → scan-wide detectors over per-package summaries → scoring → policy → Report.
 * Data moves one way; each stage lives in its own folder. Nothing here prints: progress goes out
 * through `onProgress`, the result is a Report value that reporters turn into text.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import npa from 'npm-package-arg';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type Engine, type JudgedPackage, createEngine } from './engine/index.js';
import { createVerdictCache } from './engine/cache/verdict-cache.js';
import { type WriteBehind, writeBehind } from './util/json-files.js';
import { type FactsWithError, applyTarballFacts, fetchErrorOf, gatherRegistryFacts, isHeavyRead, readPreviousRelease, readTarballFacts } from './facts/gather.js';
import { type PackumentSource, createPackumentStore } from './facts/packument-store.js';
import { lookupPublisherVolumes } from './facts/publisher-volumes.js';
import { packageKey } from './facts/types.js';
import { UsageError } from './errors.js';
import type { DependencyGraph, LockedPackage } from './lockfiles/graph.js';
import { findLockfile, lockfileKindOf, readLockfile } from './lockfiles/index.js';
import { resolveFromPackageJson } from './lockfiles/package-json/resolve.js';
import { type ScanOptions, type ScanOptionsInput, parseScanOptions } from './options.js';
import type { OmitKind } from './config/schema.js';
import { applyPolicy, loadBaseline } from './report/policy.js';
import { unchangedSince } from './lockfiles/since.js';
import { agentPerOrigin } from './registry/agents.js';
import { RegistryClient } from './registry/client.js';
import { loadNpmConfig, toPacoteOptions } from './registry/npm-config.js';
import { type PackageReport, type Report, SCHEMA_VERSION } from './report/schema.js';
import { type PackageOutcome, notAuditedReport, registryGaps, toPackageReport } from './report/package-report.js';
import { DEFAULT_TARBALL_CAPS } from './package-files/tarball.js';
import { TOOL_VERSION } from './version.js';
import { runAhead, runPool } from './util/pool.js';
import { type KnownMaliciousIndex, loadKnownMalicious, spamcheckDataDir } from './facts/known-malicious.js';

export type ScanProgress =
  | { phase: 'lockfile'; lockfile: string; format: string; packages: number; ignoredLockfiles: string[] }
  | {
      phase: 'fetch';
      done: number;
      total: number;
      current: string;
      /** Of `done`: judged from the verdict cache, without reading the tarball. */
      cached?: number;
      /** Packages whose facts are being fetched, and packages waiting for or in a detector worker. */
      fetching?: number;
      analysing?: number;
    }
  /** After fetching: publisher look-ups, then cross-package detectors, each with a count. */
  | { phase: 'analyse'; step: 'publishers' | 'cross-package'; done: number; total: number }
  /** The report is built: a live progress line can be cleared. */
  | { phase: 'done' };

export interface ScanHooks {
  onProgress?: (event: ScanProgress) => void;
  /** Aborting stops new fetches, cancels those under way, and returns what was done, marked interrupted. */
  signal?: AbortSignal;
  /** Environment for npm config (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** When given, receives the milliseconds each detector and phase took, and `count …` figures (SPAMCHECK_TIMINGS). */
  detectorTimings?: Map<string, number>;
  /** Folder the detector threads write each tarball-stage job to, for `npm run bench:detectors` (SPAMCHECK_CAPTURE_JOBS). */
  captureJobsDir?: string;
  /** Problems that do not stop the scan (a damaged downloaded list), for stderr. */
  onWarning?: (message: string) => void;
}

/**
 * Most packages waiting for the detector threads before fetching pauses (with BACKLOG_TEXT_BYTES, it
 * bounds the files in memory): two per thread, and never fewer than six. On 2 cores there is one
 * detector thread; with two waiting, one package that held it for a second or two (next,
 * typescript) stopped every fetch, and the network and the main thread sat idle, then burst. On a
 * 657-package tree, with --concurrency 12: four waiting beat two in ten of ten interleaved runs
 * (25.6 s against 28.3 s), six did better again (23.8 s over six runs), ten no better than six.
 * Peak RSS stayed at 420-450 MB. A longer backlog at six fetches did not help: both were needed.
 */
export function backlogLimit(detectorThreads: number): number {
  return Math.max(6, 2 * detectorThreads);
}

/**
 * Whether one more package may start being read: packages in reading and packages waiting for the
 * detector threads together stay under the backlog limit plus the fetch slots, and the text waiting
 * stays under BACKLOG_TEXT_BYTES. Counting the reads in flight lets one read start as each package
 * leaves the detector threads. Counting only the waiting packages, every free slot started at the
 * moment the backlog fell under its limit: twelve reads landed together, the backlog jumped to
 * sixteen, no read started while it drained, and the detector thread sat idle while the next burst
 * was on the network (a fifth to a third of its time in the first ten seconds of a cold scan).
 */
export function mayStartRead(state: { reading: number; waiting: number; waitingTextBytes: number }, detectorThreads: number, concurrency: number): boolean {
  if (state.waitingTextBytes >= BACKLOG_TEXT_BYTES) return false;
  return state.reading + state.waiting < backlogLimit(detectorThreads) + concurrency;
}

/**
 * Most bytes of file text waiting for a worker before fetching pauses. Four large packages waiting
 * at once could hold 32 MB of text (8 MiB each) on the main thread, and V8 counts that growth
 * against the main heap's limit: it set off full collections that freed almost nothing.
 */
const BACKLOG_TEXT_BYTES = 16 * 1024 * 1024;

/**
 * Heavy reads (platform builds: tens of MB for the main thread to inflate, next to nothing for the
 * detectors) in flight at once, as a share of `--concurrency`. In lockfile order the eight
 * `@next/swc-*` builds of a Next.js app came one after another and filled every fetch slot for
 * three seconds while the detector thread sat idle; held to a third of the slots, they are read
 * beside the packages that keep the detectors busy.
 */
const HEAVY_READS_SHARE = 1 / 3;

/**
 * Packuments read ahead at once, per tarball read (`--concurrency`). Each is a response body, its
 * text and its parsed objects on the main thread until it is slimmed: two per read (24 at once) put
 * 80-100 MB of bodies and 150-190 MB of main heap in flight while the large packuments of a Next.js
 * tree arrived together, the scan's first peak of RSS. One per read was as fast (here and in
 * earlier measurements), and with the 16 MB worker young generation peak RSS over five interleaved
 * scans was 448-461 MB against 456-509.
 */
const PACKUMENTS_AHEAD_PER_FETCH = 1;

export async function scan(input: ScanOptionsInput, hooks: ScanHooks = {}): Promise<Report> {
  const options = parseScanOptions(input);
  // Read before any network work: a wrong --baseline path fails at once, not after the scan.
  const baseline = options.baseline ? loadBaseline(resolve(options.baseline)) : undefined;
  const run = openScan(options, hooks);
  const { graph, resolvedFromManifest, ignoredLockfiles } = await loadGraph(options, run.projectDir, run.client, hooks);
  run.phase('lockfile');
  // The known-bad list: the shipped copy, or the one `spamcheck update-db` saved when it is newer.
  const knownBad = loadKnownMalicious({ dataDir: spamcheckDataDir(String(run.pacoteOptions.cache)) });
  for (const warning of knownBad.warnings) hooks.onWarning?.(warning);
  const selected = await selectPackages(graph, options, run.projectDir);
  for (const p of selected.toAudit) run.lockedVersions.set(p.name, [...(run.lockedVersions.get(p.name) ?? []), p.version]);

  if (selected.toAudit.length > 0 && run.engine.needs.has('files') && noVerdictStored(run)) run.engine.expectTarball(true);
  const { outcomes, progress } = await auditAll(run, selected.toAudit, knownBad);
  run.phase('packages (fetch and judge)');
  const interrupted = hooks.signal?.aborted === true;
  // Lockfile order, not completion order: scan-wide detectors list twins and members in a stable order.
  const audited = selected.toAudit.flatMap((locked) => outcomes.get(packageKey(locked)) ?? []);
  await judgeAcrossPackages(run, audited, interrupted);
  recordCounts(run, progress);

  const result = buildReport(run, { graph, resolvedFromManifest, ignoredLockfiles, toAudit: selected.toAudit, bundled: selected.bundled, outcomes, audited, interrupted });
  return applyPolicy(result, {
    failOn: options.failOn,
    ignore: options.ignore,
    now: run.now,
    ...(baseline ? { baseline: { file: relativeOrAbsolute(run.projectDir, baseline.file), report: baseline.report } } : {}),
    ...(options.configFile ? { config: relativeOrAbsolute(run.projectDir, options.configFile) } : {}),
    ...(options.omit.length > 0 ? { omitted: { kinds: options.omit, packages: selected.omitted.length } } : {}),
    ...(options.since ? { since: { ref: options.since, unchanged: selected.unchanged.size } } : {}),
  });
}

/**
 * Whether no tarball verdict is stored (a first scan, a fresh CI cache, verdicts turned off): then
 * every package will be read, and the detector thread starts with the scan, loading and preparing
 * its detectors while the first packuments travel, on a core that has nothing else to do yet. Otherwise it starts
 * with the first package the cache cannot answer. Started with the first package read, it was ready
 * half a second after it (on 2 busy cores), with a dozen packages waiting.
 */
function noVerdictStored(run: ScanRun): boolean {
  if (!run.cacheDir || !run.options.verdictCache) return true;
  try {
    return readdirSync(join(run.cacheDir, 'verdicts')).length === 0;
  } catch {
    return true;
  }
}

/** What one scan holds while it runs: the registry client, the stores, the engine and the clock. */
interface ScanRun {
  options: ScanOptions;
  hooks: ScanHooks;
  now: Date;
  projectDir: string;
  pacoteOptions: Record<string, unknown>;
  client: RegistryClient;
  cacheDir: string | undefined;
  packumentMaxAgeMs: number;
  packuments: PackumentSource;
  /** Every locked version of each name, so one packument fetch keeps them all. */
  lockedVersions: Map<string, string[]>;
  engine: Engine;
  /** Stored packuments and verdicts, held back and written while the scan waits for the detector threads (see writeBehind). */
  writes: WriteBehind;
  searches: { asked: number; kept: number };
  phase: (name: string) => void;
}

function openScan(options: ScanOptions, hooks: ScanHooks): ScanRun {
  const env = hooks.env ?? process.env;
  const projectDir = resolve(options.dir);
  // Every request in flight listens to the one Ctrl-C signal (pacote, retries, tarball reads, searches):
  // bounded by the concurrency, so not a leak, but Node warns on stderr past ten.
  if (hooks.signal) setMaxListeners(Math.max(getMaxListeners(hooks.signal), options.concurrency * 4 + 16), hooks.signal);
  const npmOptions = toPacoteOptions(loadNpmConfig({ projectDir, env }), options, env);
  const agent = agentPerOrigin(npmOptions, options.requestTimeoutMs, env);
  const pacoteOptions = agent ? { ...npmOptions, agent } : npmOptions;
  const client = new RegistryClient({
    pacoteOptions,
    // Offline, npm's cache is all there is, read as npm reads it (and, offline, never written).
    readOnlyNpmCache: !options.offline,
    retries: options.retries,
    retryBaseDelayMs: options.retryBaseDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    requestTimeoutMs: options.requestTimeoutMs,
    maxPackumentBytes: options.maxPackumentBytes,
    tarballCaps: DEFAULT_TARBALL_CAPS,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  });
  const cacheDir = spamcheckCacheDir(pacoteOptions);
  const packumentMaxAgeMs = options.offline ? Number.POSITIVE_INFINITY : options.packumentMaxAgeHours * 3_600_000;
  const lockedVersions = new Map<string, string[]>();
  const writes = writeBehind();
  const packuments = createPackumentStore({
    writer: writes,
    dir: cacheDir && join(cacheDir, 'packuments'),
    registryFor: (name) => registryFor(pacoteOptions, name),
    maxAgeMs: packumentMaxAgeMs,
    fetch: (name, fullVersions) => client.readPackument(name, { fullVersions }),
    versionsOf: (name) => lockedVersions.get(name) ?? [],
  });
  // --min-release-age is a flag for one detector's option: it goes where config options go.
  const detectorOptions = options.minReleaseAgeMs !== undefined ? { ...options.detectorOptions, 'release-age': { ...options.detectorOptions?.['release-age'], minAgeMs: options.minReleaseAgeMs } } : options.detectorOptions;
  const now = options.now ?? new Date();
  const engine = createEngine({
    selection: { only: options.detectors, disable: options.disableDetectors, options: detectorOptions },
    now,
    workers: options.detectorWorkers,
    timeoutMs: options.detectorTimeoutMs,
    measure: hooks.detectorTimings !== undefined,
    captureDir: hooks.captureJobsDir,
    ...(cacheDir && options.verdictCache ? { cache: (fingerprint: string) => createVerdictCache(join(cacheDir, 'verdicts'), fingerprint, writes) } : {}),
  });
  const searches = { asked: 0, kept: 0 };
  return { options, hooks, now, projectDir, pacoteOptions, client, cacheDir, packumentMaxAgeMs, packuments, lockedVersions, engine, writes, searches, phase: phaseClock(hooks.detectorTimings) };
}

/** What this scan audits: not bundled copies, not omitted kinds (--omit), not unchanged since --since. */
async function selectPackages(graph: DependencyGraph, options: ScanOptions, projectDir: string) {
  const omitted = graph.packages.filter((p) => isOmitted(p, options.omit));
  const unchanged = options.since ? await unchangedSince(graph, options.since, projectDir) : new Set<string>();
  const toAudit = graph.packages.filter((p) => !p.bundled && !omitted.includes(p) && !unchanged.has(packageKey(p)));
  return { toAudit, omitted, unchanged, bundled: graph.packages.filter((p) => p.bundled) };
}

interface Progress {
  done: number;
  cached: number;
  started: number;
}

/** Fetches and judges every package through a bounded pool; stops starting new ones on Ctrl-C. */
async function auditAll(run: ScanRun, toAudit: readonly LockedPackage[], knownBad: KnownMaliciousIndex): Promise<{ outcomes: Map<string, PackageOutcome>; progress: Progress }> {
  const { engine, hooks } = run;
  const outcomes = new Map<string, PackageOutcome>();
  const progress: Progress = { done: 0, cached: 0, started: 0 };
  const report = (current: string) => {
    const analysing = engine.backlog();
    const fetching = Math.max(0, progress.started - progress.done - analysing);
    hooks.onProgress?.({ phase: 'fetch', done: progress.done, cached: progress.cached, total: toAudit.length, current, fetching, analysing });
  };
  report('');
  const context: AuditContext = { engine, client: run.client, ...(hooks.signal ? { signal: hooks.signal } : {}) };
  // Packuments run ahead of the tarball reads: most are one round trip of a few KB, and waiting for
  // each before its tarball left the scan idle on latency. Slim packuments are kept to the end of
  // the scan anyway, so reading them early holds nothing extra.
  const heavy = heavyReads(run.options.concurrency);
  const order = readOrder(toAudit);
  const registry = runAhead(order, run.options.concurrency * PACKUMENTS_AHEAD_PER_FETCH, hooks.signal, async (locked) => {
    const facts = await gatherRegistryFacts(locked, run.packuments, knownBad, hooks.signal);
    heavy.learn(locked, facts);
    return facts;
  });
  const judgements: Promise<void>[] = [];
  let reading = 0;
  const { concurrency } = run.options;
  try {
    await runPool(order.map((locked, index) => ({ locked, index })), concurrency, hooks.signal, async ({ locked, index }) => {
      // A heavy read (a platform build) brings the detector threads next to nothing, so it does not
      // wait for them: it takes the main thread's time while they are behind. Held back with the
      // rest, such reads were left for the end of the scan, with the detector thread idle.
      const light = !heavy.is(locked);
      const readDone = heavy.start(locked);
      // Backpressure: while workers are behind, fetching more would only hold more files in memory.
      // Woken when the backlog shrinks, not polled: twelve fetch slots polling every 5 ms woke the
      // main thread 10,000 times in a 16 s scan, and each waited up to 5 ms after a package left.
      while (light && !mayStartRead({ reading, waiting: engine.backlog(), waitingTextBytes: engine.backlogTextBytes() }, engine.workers, concurrency)) {
        // The main thread waits for the detector threads: the cache writes held back go meanwhile.
        void run.writes.drain();
        await engine.backlogShrinks();
      }
      // Counted before any await: the next slot woken by the same shrink sees this read.
      if (light) reading++;
      progress.started++;
      // The slot is free once the package is read: its judgement is the workers' business.
      const { judgement } = await auditOne(locked, context, registry.get(index)).finally(() => {
        if (light) reading--;
        readDone();
      });
      judgements.push(
        judgement.then((outcome) => {
          // A package whose reading was interrupted was not audited: judging the half read would invent findings.
          if (!outcome) return;
          outcomes.set(packageKey(locked), outcome);
          progress.done++;
          if (outcome.cached) progress.cached++;
          report(packageKey(locked));
        }),
      );
    }, { canStart: ({ locked }) => heavy.canStart(locked) });
    // Every package is read: the main thread now mostly waits for the detector threads.
    const drained = run.writes.drain();
    await Promise.all(judgements);
    await drained;
  } finally {
    await engine.close();
    // The last verdicts, and what an interrupted or failed scan had already read.
    await run.writes.drain();
  }
  return { outcomes, progress };
}

/**
 * The order packages are read in: the project's own dependencies early, one in every
 * DIRECT_SPREAD reads, the rest in lockfile order. A project's direct dependencies are its
 * frameworks and tools, the packages with the most code for the detector threads (react-dom, next,
 * webpack, vitest on the bench's tree); in lockfile order (by path) webpack and vitest were read in
 * the scan's last seconds and judged after every read had ended, while in its first seconds the
 * detector thread sat idle waiting for small packages. They are spread rather than read first
 * because their packuments are the largest too (next's is 21 MB): all eleven fetched at once
 * raised the early heaps and the scan's peak RSS by 20-40 MB. Scan-wide detectors and the report
 * are still given the packages in lockfile order.
 */
function readOrder(toAudit: readonly LockedPackage[]): LockedPackage[] {
  const direct = toAudit.filter((locked) => locked.direct);
  const rest = toAudit.filter((locked) => !locked.direct);
  const order: LockedPackage[] = [];
  let d = 0;
  let r = 0;
  while (d < direct.length || r < rest.length) {
    const directTurn = order.length % DIRECT_SPREAD === 0 || r >= rest.length;
    order.push(directTurn && d < direct.length ? direct[d++]! : rest[r++]!);
  }
  return order;
}

/** One read in this many is a direct dependency's, while any is left (readOrder). */
const DIRECT_SPREAD = 4;

/**
 * Heavy reads in flight (HEAVY_READS_SHARE): which packages are heavy is learnt from their packuments,
 * read ahead; a package not learnt yet counts as light.
 */
function heavyReads(concurrency: number) {
  const heavy = new Set<LockedPackage>();
  const most = Math.max(1, Math.floor(concurrency * HEAVY_READS_SHARE));
  let reading = 0;
  return {
    learn(locked: LockedPackage, facts: FactsWithError): void {
      if (isHeavyRead(facts.versionMeta)) heavy.add(locked);
    },
    is: (locked: LockedPackage): boolean => heavy.has(locked),
    canStart: (locked: LockedPackage): boolean => !heavy.has(locked) || reading < most,
    /** Counts the read as started; returns what to call once it is done. */
    start(locked: LockedPackage): () => void {
      if (!heavy.has(locked)) return () => {};
      reading++;
      return () => void reading--;
    },
  };
}

/** Publisher volumes (one search per publisher), then the scan-wide detectors over every package judged. */
async function judgeAcrossPackages(run: ScanRun, audited: JudgedPackage[], interrupted: boolean): Promise<void> {
  const { hooks, engine } = run;
  const onStep = (step: 'publishers' | 'cross-package') => (stepDone: number, stepTotal: number) =>
    hooks.onProgress?.({ phase: 'analyse', step, done: stepDone, total: stepTotal });
  const publisherVolumes =
    engine.needs.has('publisher-volume') && !interrupted
      ? await lookupPublisherVolumes(audited, {
          pacoteOptions: run.pacoteOptions,
          now: run.now,
          ...(run.cacheDir ? { dir: join(run.cacheDir, 'publishers') } : {}),
          maxAgeMs: run.packumentMaxAgeMs,
          offline: run.options.offline,
          ...(hooks.signal ? { signal: hooks.signal } : {}),
          onStep: onStep('publishers'),
          counts: run.searches,
        })
      : new Map();
  run.phase('publisher volumes');
  engine.judgeScan(audited, publisherVolumes, onStep('cross-package'));
  run.phase('scan-wide detectors');
}

/** SPAMCHECK_TIMINGS: detector milliseconds and where the packages came from. */
function recordCounts(run: ScanRun, progress: Progress): void {
  const timings = run.hooks.detectorTimings;
  if (!timings) return;
  for (const [id, ms] of run.engine.timings) timings.set(id, (timings.get(id) ?? 0) + ms);
  timings.set('phase: packument store read', run.packuments.counts.readMs);
  timings.set('count packuments from cache', run.packuments.counts.stored);
  timings.set('count packuments fetched', run.packuments.counts.fetched);
  timings.set('count publisher searches sent', run.searches.asked);
  timings.set('count publisher searches from cache', run.searches.kept);
  timings.set('count verdicts from cache', progress.cached);
  timings.set('count tarballs read', progress.done - progress.cached);
}

interface Audit {
  graph: DependencyGraph;
  resolvedFromManifest: boolean;
  ignoredLockfiles: string[];
  toAudit: readonly LockedPackage[];
  bundled: readonly LockedPackage[];
  outcomes: Map<string, PackageOutcome>;
  audited: JudgedPackage[];
  interrupted: boolean;
}

/** The report before policy: packages riskiest first, and counts that add up (audited + failed + unfinished = packages). */
function buildReport(run: ScanRun, a: Audit): Report {
  const packages: PackageReport[] = a.toAudit.map((locked) => {
    const outcome = a.outcomes.get(packageKey(locked));
    return outcome ? toPackageReport(outcome) : notAuditedReport(locked, a.interrupted);
  });
  packages.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name) || x.version.localeCompare(y.version));
  const levels = { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
  for (const p of packages) levels[p.level]++;
  // A package with an error but some facts read is audited (partially).
  const notAudited = packages.filter((p) => p.coverage === 'none' && p.error !== null);
  const unfinished = notAudited.filter((p) => p.error!.code === 'interrupted').length;
  run.hooks.onProgress?.({ phase: 'done' });
  const { projectDir } = run;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'spamcheck', version: TOOL_VERSION },
    project: {
      path: projectDir,
      lockfile: relative(projectDir, a.graph.lockfile) || basename(a.graph.lockfile),
      format: a.graph.format,
      resolved: a.resolvedFromManifest,
      ignoredLockfiles: a.ignoredLockfiles.map((path) => relative(projectDir, path) || basename(path)),
    },
    summary: {
      packages: packages.length,
      audited: packages.length - notAudited.length,
      partial: packages.filter((p) => p.coverage === 'partial').length,
      notScanned: a.graph.notScanned.length + a.bundled.length,
      failed: notAudited.length - unfinished,
      unfinished,
      judgedWithout: registryGaps(a.audited),
      levels,
      incomplete: packages.some((p) => p.error !== null) || a.interrupted,
      interrupted: a.interrupted,
    },
    packages,
    notScanned: [
      ...a.graph.notScanned.map((n) => ({ name: n.name, spec: n.spec, reason: n.reason })),
      ...a.bundled.map((p) => ({ name: p.name, spec: p.version, reason: 'bundled: ships inside its parent package, whose tarball was audited' })),
    ],
    lockfileProblems: a.graph.problems.map((p) => ({
      message: p.message,
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.key !== undefined ? { key: p.key } : {}),
      ...(p.kind !== undefined ? { kind: p.kind } : {}),
    })),
  };
}

function relativeOrAbsolute(dir: string, file: string): string {
  const rel = relative(dir, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

/** npm's --omit: a package is left out when every path to it is of an omitted kind. */
function isOmitted(p: LockedPackage, omit: readonly OmitKind[]): boolean {
  return (omit.includes('dev') && p.dev) || (omit.includes('optional') && p.optional) || (omit.includes('peer') && p.peer);
}


/**
 * The project argument must be a folder. People often pass the package.json or the lockfile itself:
 * say so and show the command that works, instead of "no lockfile and no package.json".
 */
export function assertProjectDir(projectDir: string): void {
  if (!existsSync(projectDir)) throw new UsageError(`${projectDir}: no such folder — pass the project folder (the one with package.json)`);
  if (statSync(projectDir).isDirectory()) return;
  const file = basename(projectDir);
  if (lockfileKindOf(projectDir)) throw new UsageError(`${projectDir} is a lockfile, not a folder — run spamcheck ${dirname(projectDir)}, or pass it with --lockfile ${projectDir}`);
  const hint = file === 'package.json' ? `run spamcheck ${dirname(projectDir)} (the folder that holds it)` : 'pass the project folder';
  throw new UsageError(`${projectDir} is a file, not a folder — ${hint}`);
}

async function loadGraph(
  options: ScanOptions,
  projectDir: string,
  client: RegistryClient,
  hooks: ScanHooks,
): Promise<{ graph: DependencyGraph; resolvedFromManifest: boolean; ignoredLockfiles: string[] }> {
  assertProjectDir(projectDir);
  let graph: DependencyGraph;
  let ignored: string[] = [];
  let resolvedFromManifest = false;
  if (options.specs) {
    graph = await resolveSpecs(options.specs, projectDir, client, options.concurrency);
    resolvedFromManifest = true;
  } else if (options.lockfile) {
    const path = resolve(options.lockfile);
    const kind = lockfileKindOf(path);
    if (!kind) throw new UsageError(`${path} is not a lockfile spamcheck knows — pass a package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock`);
    if (!existsSync(path)) throw new UsageError(`${path}: no such file — check the --lockfile path`);
    graph = await readLockfile({ path, kind }, { maxPathsPerPackage: options.maxPathsPerPackage });
  } else {
    const found = findLockfile(projectDir);
    ignored = found.ignored.map((l) => l.path);
    if (found.chosen) {
      graph = await readLockfile(found.chosen, { maxPathsPerPackage: options.maxPathsPerPackage });
    } else if (existsSync(join(projectDir, 'package.json'))) {
      // No lockfile: resolve ranges the way npm would and say so in the report.
      graph = await resolveFromPackageJson(projectDir, (name) => client.packument(name), { concurrency: options.concurrency });
      resolvedFromManifest = true;
    } else {
      throw new UsageError(
        `${projectDir} has no lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock) and no package.json — run spamcheck in a project folder or pass --lockfile <path>`,
      );
    }
  }
  hooks.onProgress?.({ phase: 'lockfile', lockfile: graph.lockfile, format: graph.format, packages: graph.packages.length, ignoredLockfiles: ignored });
  return { graph, resolvedFromManifest, ignoredLockfiles: ignored };
}

/**
 * `spamcheck check <spec…>`: the specs become the dependencies of an imaginary project and are
 * resolved the way npm would resolve them in a package.json.
 */
async function resolveSpecs(specs: readonly string[], projectDir: string, client: RegistryClient, concurrency: number): Promise<DependencyGraph> {
  const dependencies: Record<string, string> = {};
  for (const spec of specs) {
    let parsed: npa.Result;
    try {
      parsed = npa(spec);
    } catch (error) {
      throw new UsageError(`${spec}: not a package spec (${(error as Error).message}) — write name, name@version or name@range`);
    }
    if (!parsed.registry || !parsed.name) throw new UsageError(`${spec}: only registry packages can be checked — write name, name@version or name@range`);
    dependencies[parsed.name] = parsed.rawSpec === '' || parsed.rawSpec === '*' ? 'latest' : parsed.rawSpec;
  }
  const project = { root: { name: 'spamcheck-check', dependencies }, workspaces: new Map() };
  const graph = await resolveFromPackageJson(projectDir, (name) => client.packument(name), { concurrency, project });
  return { ...graph, format: 'specs-resolved', lockfile: join(projectDir, `spamcheck check ${specs.join(' ')}`) };
}

/** What auditing one package needs from the scan. */
interface AuditContext {
  engine: Engine;
  client: RegistryClient;
  signal?: AbortSignal;
}

/** A package read and handed to the engine, its judgement still to come (a box, so awaiting the read does not await the judgement). */
interface Handed<T> {
  judgement: Promise<T>;
}

/**
 * The facts stage for one package, then the engine: from the verdict cache when its tarball was
 * judged before. Resolves once the package is read.
 */
async function readPackage(c: AuditContext, registryFacts: Promise<FactsWithError>): Promise<Handed<PackageOutcome>> {
  const { engine, client, signal } = c;
  const facts = await registryFacts;
  const handed = (judged: JudgedPackage | Promise<JudgedPackage>) => ({ judgement: Promise.resolve(judged).then((j) => ({ ...j, error: fetchErrorOf(facts) })) });
  if (!facts.versionMeta || !engine.needs.has('files')) return handed(engine.judge(facts, undefined, undefined));
  const { key, verdict } = await engine.lookup(facts);
  if (verdict) {
    applyTarballFacts(facts, verdict.tarball);
    return handed(engine.judgeCached(facts, verdict));
  }
  engine.expectTarball();
  const tarball = await readTarballFacts(facts, client, signal);
  return handed(engine.judge(facts, tarball, key, (wanting) => readPreviousRelease(wanting, client, signal)));
}

/**
 * Reads and judges one package. Whatever goes wrong inside (a stream, a parser, a detector pool)
 * is this package's error; the judgement is undefined when the scan was interrupted before the
 * package was read.
 */
async function auditOne(locked: LockedPackage, c: AuditContext, registryFacts: Promise<FactsWithError>): Promise<Handed<PackageOutcome | undefined>> {
  const failed = (error: unknown): PackageOutcome | undefined => {
    if (c.signal?.aborted) return undefined;
    const message = `could not be audited: ${(error as Error)?.message ?? String(error)}`;
    const facts = { name: locked.name, version: locked.version, locked, missing: [] };
    return { facts, findings: [], unavailable: [], detectorErrors: [], summaries: {}, readPartially: false, cached: false, limits: [], error: { code: 'internal', message } };
  };
  try {
    const { judgement } = await readPackage(c, registryFacts);
    return { judgement: judgement.then((outcome) => (outcome.error?.code === 'interrupted' ? undefined : outcome), failed) };
  } catch (error) {
    return { judgement: Promise.resolve(failed(error)) };
  }
}

/** spamcheck's own cache folder, beside npm's `_cacache`: `<npm cache>/_spamcheck`. */
function spamcheckCacheDir(pacoteOptions: Record<string, unknown>): string | undefined {
  const cacache = pacoteOptions.cache;
  return typeof cacache === 'string' ? join(dirname(cacache), '_spamcheck') : undefined;
}

/** The registry npm would ask for this name (a scope's own registry, else the default). */
function registryFor(pacoteOptions: Record<string, unknown>, name: string): string {
  const scope = /^(@[^/]+)\//.exec(name)?.[1];
  const scoped = scope ? pacoteOptions[`${scope}:registry`] : undefined;
  return String(scoped ?? pacoteOptions.registry ?? 'https://registry.npmjs.org/');
}

/** Records the wall time since the previous call under `phase: <name>`, when timings are asked for. */
function phaseClock(timings: Map<string, number> | undefined): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    timings?.set(`phase: ${name}`, now - last);
    last = now;
  };
}
