/**
 * The pipeline, top to bottom:
 *   lockfile → DependencyGraph → fetch facts (bounded pool) → package detectors (as facts arrive)
 *   → scan-wide detectors → scoring → Report.
 * Data moves one way; each stage lives in its own folder. Nothing here prints: progress goes out
 * through `onProgress`, the result is a Report value that reporters turn into text.
 */
import { existsSync, statSync } from 'node:fs';
import npa from 'npm-package-arg';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ALL_DETECTORS, type EnabledDetector, type PackageJudgement, enableDetectors } from './engine/judge.js';
import { type PackageJudge, createPackageJudge } from './engine/pool.js';
import { type FactName, type PackageFacts, packageKey } from './facts/types.js';
import { factsToFetch, type ScanDetector } from './detectors/types.js';
import { UsageError } from './errors.js';
import type { DependencyGraph, LockedPackage } from './lockfiles/graph.js';
import { findLockfile, lockfileKindOf, readLockfile } from './lockfiles/index.js';
import { readManifest } from './facts/packument-schema.js';
import { resolveFromPackageJson } from './lockfiles/package-json/resolve.js';
import { type ScanOptions, type ScanOptionsInput, parseScanOptions } from './options.js';
import type { OmitKind } from './config/schema.js';
import { applyPolicy, loadBaseline } from './report/policy.js';
import { unchangedSince } from './lockfiles/since.js';
import { PackageFetchError, RegistryClient } from './registry/client.js';
import { loadNpmConfig, toPacoteOptions } from './registry/npm-config.js';
import { createPublisherVolumeLookup } from './registry/publisher-volume.js';
import { publishersOf } from './analysis/publishers.js';
import type { Packument, PublisherVolume } from './facts/npm-types.js';
import { type PackageReport, type Report, SCHEMA_VERSION } from './report/schema.js';
import { DEFAULT_TARBALL_CAPS, matchesIntegrity } from './package-files/tarball.js';
import { renderFinding, sanitizeEvidence } from './report/findings.js';
import { levelForScore, scoreFindings } from './report/levels.js';
import { previousVersion, riskyCapability } from './analysis/behaviour/capability.js';
import { TOOL_VERSION } from './version.js';
import { runPool } from './util/pool.js';
import { type KnownMaliciousIndex, loadKnownMalicious, spamcheckDataDir } from './facts/known-malicious.js';

export type ScanProgress =
  | { phase: 'lockfile'; lockfile: string; format: string; packages: number; ignoredLockfiles: string[] }
  | { phase: 'fetch'; done: number; total: number; current: string }
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
  /** When given, receives the milliseconds each detector spent, summed over packages (for benchmarks). */
  detectorTimings?: Map<string, number>;
  /** Problems that do not stop the scan (a damaged downloaded list), for stderr. */
  onWarning?: (message: string) => void;
}

interface PackageOutcome extends PackageJudgement {
  facts: PackageFacts;
  error: { code: string; message: string } | null;
}

export async function scan(input: ScanOptionsInput, hooks: ScanHooks = {}): Promise<Report> {
  const options = parseScanOptions(input);
  const env = hooks.env ?? process.env;
  const now = options.now ?? new Date();
  const projectDir = resolve(options.dir);
  // --min-release-age is a flag for one detector's option: it goes where config options go.
  const detectorOptions = options.minReleaseAgeMs !== undefined ? { ...options.detectorOptions, 'release-age': { ...options.detectorOptions?.['release-age'], minAgeMs: options.minReleaseAgeMs } } : options.detectorOptions;
  const selection = { only: options.detectors, disable: options.disableDetectors, options: detectorOptions };
  const enabled = enableDetectors(selection);
  const baseline = options.baseline ? loadBaseline(resolve(options.baseline)) : undefined;
  const needs = factsToFetch(enabled.map(({ detector }) => detector));
  const timings = hooks.detectorTimings;

  const pacoteOptions = toPacoteOptions(loadNpmConfig({ projectDir, env }), options, env);
  const client = new RegistryClient({
    pacoteOptions,
    retries: options.retries,
    retryBaseDelayMs: options.retryBaseDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    requestTimeoutMs: options.requestTimeoutMs,
    tarballCaps: DEFAULT_TARBALL_CAPS,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  });

  const { graph, resolvedFromManifest, ignoredLockfiles } = await loadGraph(options, projectDir, client, hooks);
  // The known-bad list: the shipped copy, or the one `spamcheck update-db` saved when it is newer.
  const knownBad = loadKnownMalicious({ dataDir: spamcheckDataDir(String(pacoteOptions.cache)) });
  for (const warning of knownBad.warnings) hooks.onWarning?.(warning);
  const omitted = graph.packages.filter((p) => isOmitted(p, options.omit));
  const unchanged = options.since ? await unchangedSince(graph, options.since, projectDir) : new Set<string>();
  const toAudit = graph.packages.filter((p) => !p.bundled && !omitted.includes(p) && !unchanged.has(packageKey(p)));
  const bundled = graph.packages.filter((p) => p.bundled);
  hooks.onProgress?.({ phase: 'fetch', done: 0, total: toAudit.length, current: '' });

  // Package detectors judge each package as soon as its facts arrive, off the main thread when built.
  const judge = createPackageJudge({
    enabled,
    selection,
    now,
    timeoutMs: options.detectorTimeoutMs,
    measure: timings !== undefined,
    ...(options.detectorWorkers !== undefined ? { workers: options.detectorWorkers } : {}),
  });
  const outcomes = new Map<string, PackageOutcome>();
  let done = 0;
  try {
    await runPool(toAudit, options.concurrency, hooks.signal, async (locked) => {
      const outcome = await auditOne(locked, client, needs, knownBad, judge, hooks.signal);
      // A package whose reading was interrupted was not audited: judging the half read would invent findings.
      if (!outcome) return;
      for (const [id, ms] of Object.entries(outcome.timingsMs ?? {})) timings?.set(id, (timings.get(id) ?? 0) + ms);
      outcomes.set(packageKey(locked), outcome);
      done++;
      hooks.onProgress?.({ phase: 'fetch', done, total: toAudit.length, current: packageKey(locked) });
    });
  } finally {
    await judge.close();
  }
  const interrupted = hooks.signal?.aborted === true;

  const audited = [...outcomes.values()];
  const onStep = (step: 'publishers' | 'cross-package') => (stepDone: number, stepTotal: number) =>
    hooks.onProgress?.({ phase: 'analyse', step, done: stepDone, total: stepTotal });
  const publisherVolumes =
    needs.has('publisher-volume') && !interrupted ? await lookupPublisherVolumes(audited, pacoteOptions, now, hooks.signal, onStep('publishers')) : new Map();
  runScanDetectors(audited, enabled, publisherVolumes, now, timings, onStep('cross-package'));

  const judgedWithout = registryGaps(audited);
  const packages: PackageReport[] = [];
  for (const locked of toAudit) {
    const outcome = outcomes.get(packageKey(locked));
    packages.push(outcome ? toPackageReport(outcome) : notAuditedReport(locked, interrupted));
  }
  packages.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.version.localeCompare(b.version));

  const levels = { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
  for (const p of packages) levels[p.level]++;
  // audited + failed + unfinished = packages: a package with an error but some facts read is audited (partially).
  const notAudited = packages.filter((p) => p.coverage === 'none' && p.error !== null);
  const unfinished = notAudited.filter((p) => p.error!.code === 'interrupted').length;
  const failed = notAudited.length - unfinished;
  const partial = packages.filter((p) => p.coverage === 'partial').length;

  hooks.onProgress?.({ phase: 'done' });
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'spamcheck', version: TOOL_VERSION },
    project: {
      path: projectDir,
      lockfile: relative(projectDir, graph.lockfile) || basename(graph.lockfile),
      format: graph.format,
      resolved: resolvedFromManifest,
      ignoredLockfiles: ignoredLockfiles.map((path) => relative(projectDir, path) || basename(path)),
    },
    summary: {
      packages: packages.length,
      audited: packages.length - notAudited.length,
      partial,
      notScanned: graph.notScanned.length + bundled.length,
      failed,
      unfinished,
      judgedWithout,
      levels,
      incomplete: packages.some((p) => p.error !== null) || interrupted,
      interrupted,
    },
    packages,
    notScanned: [
      ...graph.notScanned.map((n) => ({ name: n.name, spec: n.spec, reason: n.reason })),
      ...bundled.map((p) => ({ name: p.name, spec: p.version, reason: 'bundled: ships inside its parent package, whose tarball was audited' })),
    ],
    lockfileProblems: graph.problems.map((p) => ({
      message: p.message,
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.key !== undefined ? { key: p.key } : {}),
      ...(p.kind !== undefined ? { kind: p.kind } : {}),
    })),
  };
  return applyPolicy(report, {
    failOn: options.failOn,
    ignore: options.ignore,
    now,
    ...(baseline ? { baseline: { file: relativeOrAbsolute(projectDir, baseline.file), report: baseline.report } } : {}),
    ...(options.configFile ? { config: relativeOrAbsolute(projectDir, options.configFile) } : {}),
    ...(options.omit.length > 0 ? { omitted: { kinds: options.omit, packages: omitted.length } } : {}),
    ...(options.since ? { since: { ref: options.since, unchanged: unchanged.size } } : {}),
  });
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

/**
 * Fetches and judges one package. Whatever goes wrong inside (a stream, a parser, a detector pool)
 * is this package's error; undefined when the scan was interrupted before the package was read.
 */
async function auditOne(locked: LockedPackage, client: RegistryClient, needs: Set<FactName>, knownBad: KnownMaliciousIndex, judge: PackageJudge, signal?: AbortSignal): Promise<PackageOutcome | undefined> {
  let facts: PackageFacts = { name: locked.name, version: locked.version, locked, missing: [] };
  try {
    facts = await gatherFacts(locked, client, needs, knownBad, signal);
    if ((facts as PackageFactsWithError).fetchError?.code === 'interrupted') return undefined;
    const judgement = await judge.judge(facts);
    return { facts, ...judgement, error: fetchErrorOf(facts) };
  } catch (error) {
    if (signal?.aborted) return undefined;
    const message = `could not be audited: ${(error as Error)?.message ?? String(error)}`;
    return { facts, findings: [], unavailable: [], detectorErrors: [], error: { code: 'internal', message } };
  }
}

/** Limits that leave the file view a prefix of the package: shown as the reason it is partial. */
const STOPPED_EARLY = new Set(['truncated', 'total-bytes-exceeded', 'too-many-entries']);

/** Fetches what the enabled detectors need. Registry failures become `missing` facts, never exceptions. */
async function gatherFacts(locked: LockedPackage, client: RegistryClient, needs: Set<FactName>, knownBad: KnownMaliciousIndex, signal?: AbortSignal): Promise<PackageFacts> {
  const listed = knownBad.lookup(locked.name);
  const facts: PackageFacts = { name: locked.name, version: locked.version, locked, missing: [], ...(listed.length > 0 ? { knownMalicious: listed } : {}) };
  // One packument per package, shared by the packument and tarball calls, then dropped.
  const packumentCache = new Map<string, unknown>();
  try {
    const read = await client.readPackument(locked.name, packumentCache);
    facts.packument = slimPackument(read.value, locked.version);
    // Only what bears on this version: junk in another version's scripts blinds nothing here.
    const own = `versions[${JSON.stringify(locked.version)}]`;
    const dropped = read.dropped.filter((d) => !d.field.startsWith('versions[') || d.field.startsWith(own));
    if (dropped.length > 0) facts.dropped = dropped;
    facts.versionMeta = facts.packument.versions[locked.version];
    if (!facts.versionMeta) {
      facts.registry = { gone: { what: 'version', message: `the packument lists no version ${locked.version}` } };
      facts.missing.push({ fact: 'files', reason: `version ${locked.version} is not on the registry` });
      return facts;
    }
  } catch (error) {
    const fetchError = asFetchError(error, signal);
    if (fetchError.gone) facts.registry = { gone: { what: 'package', message: fetchError.message } };
    facts.missing.push({ fact: 'packument', reason: fetchError.message });
    facts.missing.push({ fact: 'files', reason: 'no packument to locate the tarball' });
    (facts as PackageFactsWithError).fetchError = fetchError;
    return facts;
  }
  if (!needs.has('files')) return facts;
  try {
    const read = await client.tarball(locked.name, locked.version, packumentCache);
    facts.files = read.files;
    const manifestText = read.files.readText('package.json');
    if (manifestText !== undefined) {
      try {
        const manifest = readManifest(JSON.parse(manifestText), 'package.json: ');
        if (manifest) {
          facts.manifest = manifest.value;
          if (manifest.dropped.length > 0) facts.dropped = [...(facts.dropped ?? []), ...manifest.dropped];
        } else {
          facts.dropped = [...(facts.dropped ?? []), { field: 'package.json', reason: 'the tarball\'s package.json is not an object; left out' }];
        }
      } catch {
        facts.missing.push({ fact: 'files', reason: 'package.json in the tarball is not valid JSON' });
      }
    }
    // Digests of a read that stopped early describe a prefix: comparing them with the pin would invent a mismatch.
    const comparison = locked.integrity && read.complete ? matchesIntegrity(locked.integrity, read.digests) : undefined;
    facts.registry = {
      lockfileIntegrity: !locked.integrity ? 'not-pinned' : !read.complete ? 'read-incomplete' : comparison === undefined ? 'not-comparable' : comparison ? 'match' : 'mismatch',
      ...(locked.integrity ? { pinnedIntegrity: locked.integrity } : {}),
      ...(read.complete ? { servedIntegrity: `sha512-${read.digests.sha512}` } : {}),
      tarballBytes: { compressed: read.compressedBytes, unpacked: read.unpackedBytes },
    };
  } catch (error) {
    const fetchError = asFetchError(error, signal);
    facts.missing.push({ fact: 'files', reason: fetchError.message });
    (facts as PackageFactsWithError).fetchError = fetchError;
  }
  if (needs.has('previous-files') && facts.files) await readPrevious(facts, client, packumentCache, signal);
  return facts;
}

/** One extra tarball, only for a locked version with a risky capability and a release before it. */
async function readPrevious(facts: PackageFacts, client: RegistryClient, packumentCache: Map<string, unknown>, signal?: AbortSignal): Promise<void> {
  const previous = facts.packument ? previousVersion(Object.keys(facts.packument.versions), facts.version) : undefined;
  if (previous === undefined || !riskyCapability(facts)) return;
  try {
    const read = await client.tarball(facts.name, previous, packumentCache);
    const text = read.files.readText('package.json');
    let manifest: Record<string, unknown> | undefined;
    try {
      manifest = text !== undefined ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      manifest = undefined;
    }
    facts.previous = { version: previous, files: read.files, ...(manifest ? { manifest } : {}) };
  } catch (error) {
    facts.missing.push({ fact: 'previous-files', reason: `${previous}: ${asFetchError(error, signal).message}` });
  }
}

/**
 * Keeps the locked version's full entry and only identity fields of the others: a popular package's
 * packument holds thousands of full manifests (tens of MB), and detectors need only the list, the
 * times and who published each.
 */
export function slimPackument(packument: Packument, lockedVersion: string): Packument {
  const versions: Packument['versions'] = {};
  for (const [version, meta] of Object.entries(packument.versions ?? {})) {
    versions[version] =
      version === lockedVersion
        ? meta
        : { name: meta.name, version: meta.version, ...(meta._npmUser ? { _npmUser: meta._npmUser } : {}), ...(meta.deprecated ? { deprecated: meta.deprecated } : {}) };
  }
  return { ...packument, versions };
}

/** Internal: the fetch failure that made a fact missing, kept for the package's `error`. */
type PackageFactsWithError = PackageFacts & { fetchError?: PackageFetchError };

function asFetchError(error: unknown, signal?: AbortSignal): PackageFetchError {
  if (error instanceof PackageFetchError) return error;
  if (signal?.aborted) return new PackageFetchError('interrupted', 'interrupted');
  return new PackageFetchError('network', (error as Error)?.message ?? String(error));
}

/** The fetch failure behind missing facts, unless the registry said the package is gone (a finding, not an error). */
function fetchErrorOf(facts: PackageFacts): PackageOutcome['error'] {
  const fetchError = (facts as PackageFactsWithError).fetchError;
  return fetchError && !fetchError.gone ? { code: fetchError.code, message: fetchError.message } : null;
}

function timed(id: string, timings: Map<string, number> | undefined, work: () => void): void {
  if (!timings) return work();
  const started = performance.now();
  work();
  timings.set(id, (timings.get(id) ?? 0) + performance.now() - started);
}

function runScanDetectors(
  outcomes: PackageOutcome[],
  enabled: readonly EnabledDetector[],
  publisherVolumes: ReadonlyMap<string, PublisherVolume | null>,
  now: Date,
  timings?: Map<string, number>,
  onStep?: (done: number, total: number) => void,
): void {
  const byKey = new Map(outcomes.map((o) => [packageKey(o.facts), o]));
  const packages = outcomes.map((o) => o.facts);
  const scanWide = enabled.filter(({ detector }) => detector.scope === 'scan');
  let stepDone = 0;
  for (const { detector, options } of scanWide) {
    onStep?.(stepDone++, scanWide.length);
    const scanDetector = detector as ScanDetector;
    timed(detector.meta.id, timings, () => {
      try {
        const result = scanDetector.detect({ packages, publisherVolumes, options, now });
        for (const { packageKey: key, ...finding } of result.findings) byKey.get(key)?.findings.push({ detector: detector.meta.id, finding });
        for (const { packageKey: key, ...signal } of result.unavailable ?? []) byKey.get(key)?.unavailable.push({ detector: detector.meta.id, signal });
      } catch (error) {
        // A scan-wide detector that fails leaves every package without its judgement: say so on each.
        for (const o of outcomes) o.detectorErrors.push({ detector: detector.meta.id, message: (error as Error)?.message ?? String(error) });
      }
    });
  }
}

/** Publishers of one package; odd registry data leaves that package without a look-up, never the scan without a report. */
function safePublishers(facts: PackageFacts): string[] {
  try {
    return publishersOf(facts);
  } catch {
    return [];
  }
}

async function lookupPublisherVolumes(
  outcomes: PackageOutcome[],
  pacoteOptions: Record<string, unknown>,
  now: Date,
  signal?: AbortSignal,
  onStep?: (done: number, total: number) => void,
): Promise<Map<string, PublisherVolume | null>> {
  // The scan's clock decides what "created in the last 30 days" means, as it does for every timing signal.
  const lookup = createPublisherVolumeLookup(pacoteOptions, { now });
  const publishers = [...new Set(outcomes.flatMap((o) => safePublishers(o.facts)))];
  const volumes = new Map<string, PublisherVolume | null>();
  onStep?.(0, publishers.length);
  await runPool(publishers, 4, signal, async (publisher) => {
    volumes.set(publisher, await lookup(publisher).catch(() => null));
    onStep?.(volumes.size, publishers.length);
  });
  return volumes;
}

/** Detectors whose signals need publisher or timing data from the packument. */
const PUBLISHER_DETECTORS = new Set(['publisher-volume']);
const TIMING_DETECTORS = new Set(['publish-timing']);

/**
 * How many packages were judged blind to publisher or timing data, and which packument fields the
 * registry left out for them: a thin mirror omits `time`, `maintainers` and `_npmUser`, and the
 * report must say so rather than look clean.
 */
function registryGaps(outcomes: PackageOutcome[]): Report['summary']['judgedWithout'] {
  let publisher = 0;
  let timing = 0;
  const omitted = new Set<string>();
  const reasons = new Map<string, number>();
  for (const o of outcomes) {
    // No packument at all (gone, failed) is said elsewhere; this line is about what a served packument left out.
    if (!o.facts.packument) continue;
    const blindTo = (ids: Set<string>) => o.unavailable.filter((u) => ids.has(u.detector));
    const noPublisher = blindTo(PUBLISHER_DETECTORS);
    const noTiming = blindTo(TIMING_DETECTORS);
    if (noPublisher.length > 0) publisher++;
    if (noTiming.length > 0) timing++;
    for (const u of [...noPublisher, ...noTiming]) reasons.set(u.signal.reason, (reasons.get(u.signal.reason) ?? 0) + 1);
    const packument = o.facts.packument;
    if (noTiming.length > 0 && (typeof packument.time !== 'object' || packument.time === null)) omitted.add('time');
    if (noPublisher.length > 0 && !Array.isArray(packument.maintainers)) omitted.add('maintainers');
    if (noPublisher.length > 0 && o.facts.versionMeta && !o.facts.versionMeta._npmUser) omitted.add('_npmUser');
  }
  const commonest = [...reasons].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { publisher, timing, omittedFields: [...omitted], ...(commonest ? { reason: commonest } : {}) };
}

function coverageOf(outcome: PackageOutcome): PackageReport['coverage'] {
  const { facts } = outcome;
  if (!facts.packument && !facts.files) return 'none';
  const readPartially = facts.files?.limits.some((l) => l.kind !== 'unsafe-path') ?? false;
  // "full" is a claim that every enabled signal was judged: a signal reported unavailable breaks it.
  const blind = outcome.unavailable.length > 0 || (facts.dropped?.length ?? 0) > 0;
  return facts.missing.length > 0 || outcome.detectorErrors.length > 0 || readPartially || blind ? 'partial' : 'full';
}

function toPackageReport(outcome: PackageOutcome): PackageReport {
  const { facts } = outcome;
  const detectorsById = new Map(ALL_DETECTORS.map((d) => [d.meta.id, d]));
  const findings = outcome.findings
    .map(({ detector, finding }) => ({
      detector,
      messageId: finding.messageId,
      weight: finding.weight,
      message: renderFinding(detectorsById.get(detector)?.meta.messages[finding.messageId], finding),
      evidence: sanitizeEvidence(finding.evidence),
    }))
    .sort((a, b) => b.weight - a.weight);
  const score = scoreFindings(findings.map((f) => f.weight));
  return {
    ...lockedFields(facts.locked),
    score,
    level: levelForScore(score),
    findings,
    error: outcome.error,
    coverage: coverageOf(outcome),
    missing: [
      ...facts.missing.map((m) => ({ fact: m.fact, reason: m.reason })),
      // Detectors still read a capped or truncated view (a payload in its first files is still a payload); the report says it is a prefix.
      ...(facts.files?.limits ?? []).filter((l) => STOPPED_EARLY.has(l.kind)).map((l) => ({ fact: 'files', reason: l.message })),
    ],
    unavailable: [
      ...outcome.unavailable.map(({ detector, signal }) => ({ detector, signal: signal.signal, reason: signal.reason })),
      // Registry data left out at the boundary: the signals that read it were judged without it.
      ...(facts.dropped ?? []).map((d) => ({ detector: 'registry-data', signal: d.field, reason: d.reason })),
    ],
    detectorErrors: outcome.detectorErrors,
  };
}

function notAuditedReport(locked: LockedPackage, interrupted: boolean): PackageReport {
  return {
    ...lockedFields(locked),
    score: 0,
    level: 'none',
    findings: [],
    error: interrupted ? { code: 'interrupted', message: 'the scan was interrupted before this package was audited' } : { code: 'not-audited', message: 'not audited' },
    coverage: 'none',
    missing: [],
    unavailable: [],
    detectorErrors: [],
  };
}

function lockedFields(locked: LockedPackage) {
  return {
    name: locked.name,
    version: locked.version,
    direct: locked.direct,
    dev: locked.dev,
    optional: locked.optional,
    paths: locked.paths,
    aliases: locked.aliases,
    bundled: locked.bundled,
    peer: locked.peer,
    ...(locked.line !== undefined ? { line: locked.line } : {}),
  };
}
