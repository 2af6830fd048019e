/**
 * One package's entry in the report: its findings rendered and scored, what could not be read, and
 * what the lockfile says about it.
 */
import type { JudgedPackage } from '../engine/index.js';
import { ALL_DETECTORS } from '../engine/judge.js';
import type { LockedPackage } from '../lockfiles/graph.js';
import { renderFinding, sanitizeEvidence } from './findings.js';
import { levelForScore, scoreFindings } from './levels.js';
import type { PackageReport, Report } from './schema.js';

/** A judged package and the fetch failure behind its missing facts, if any. */
export interface PackageOutcome extends JudgedPackage {
  error: { code: string; message: string } | null;
}

/** Limits that leave the file view a prefix of the package: shown as the reason it is partial. */
const STOPPED_EARLY = new Set(['truncated', 'total-bytes-exceeded', 'too-many-entries']);

function coverageOf(outcome: PackageOutcome): PackageReport['coverage'] {
  const { facts } = outcome;
  // Files are only ever read after the packument, so no packument means nothing was audited.
  if (!facts.packument) return 'none';
  // "full" is a claim that every enabled signal was judged: a signal reported unavailable breaks it.
  const blind = outcome.unavailable.length > 0 || (facts.dropped?.length ?? 0) > 0;
  return facts.missing.length > 0 || outcome.detectorErrors.length > 0 || outcome.readPartially || blind ? 'partial' : 'full';
}

export function toPackageReport(outcome: PackageOutcome): PackageReport {
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
      ...outcome.limits.filter((l) => STOPPED_EARLY.has(l.kind)).map((l) => ({ fact: 'files', reason: l.message })),
    ],
    unavailable: [
      ...outcome.unavailable.map(({ detector, signal }) => ({ detector, signal: signal.signal, reason: signal.reason })),
      // Registry data left out at the boundary: the signals that read it were judged without it.
      ...(facts.dropped ?? []).map((d) => ({ detector: 'registry-data', signal: d.field, reason: d.reason })),
    ],
    detectorErrors: outcome.detectorErrors,
  };
}

/** Detectors whose signals need publisher or timing data from the packument. */
const PUBLISHER_DETECTORS = new Set(['publisher-volume']);
const TIMING_DETECTORS = new Set(['publish-timing']);

/**
 * How many packages were judged blind to publisher or timing data, and which packument fields the
 * registry left out for them: a thin mirror omits `time`, `maintainers` and `_npmUser`, and the
 * report must say so rather than look clean.
 */
export function registryGaps(outcomes: readonly JudgedPackage[]): Report['summary']['judgedWithout'] {
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

export function notAuditedReport(locked: LockedPackage, interrupted: boolean): PackageReport {
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
