/**
 * One package's entry in the report: its findings rendered and scored, what could not be read, and
 * what the lockfile says about it.
 */
import type { JudgedPackage } from '../engine/index.js';
import { ALL_DETECTORS } from '../engine/judge.js';
import type { LockedPackage } from '../lockfiles/graph.js';
import { renderFinding, sanitizeEvidence } from './findings.js';
import { levelForScore, scoreFindings } from './levels.js';
import type { PackageReport } from './schema.js';

/** A judged package and the fetch failure behind its missing facts, if any. */
export interface PackageOutcome extends JudgedPackage {
  error: { code: string; message: string } | null;
}

function coverageOf(outcome: PackageOutcome): PackageReport['coverage'] {
  const { facts } = outcome;
  // Files are only ever read after the packument, so no packument means nothing was audited.
  if (!facts.packument) return 'none';
  return facts.missing.length > 0 || outcome.detectorErrors.length > 0 || outcome.readPartially ? 'partial' : 'full';
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
    missing: facts.missing.map((m) => ({ fact: m.fact, reason: m.reason })),
    unavailable: outcome.unavailable.map(({ detector, signal }) => ({ detector, signal: signal.signal, reason: signal.reason })),
    detectorErrors: outcome.detectorErrors,
  };
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
