/**
 * The report stage that decides what counts for --fail-on, after scoring and before any reporter:
 * ignore entries (accepted risks, with a reason and an optional expiry) and a baseline report (what was
 * already there). Nothing is removed from the report: suppressed and baselined findings stay visible,
 * marked, and each package gets a `gateLevel` from what still counts. Exit codes read `gateLevel`.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import type { IgnoreEntry } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { FailOn } from '../options.js';
import { type PackageReport, type Report, type ReportFinding, reportSchema } from './schema.js';
import { isAtLeast, levelForScore, scoreFindings } from './levels.js';

export interface PolicyInput {
  failOn: FailOn;
  ignore: readonly IgnoreEntry[];
  baseline?: { file: string; report: Report };
  now: Date;
  config?: string;
  omitted?: { kinds: string[]; packages: number };
  since?: { ref: string; unchanged: number };
}

/** `name` or `name@range` → its parts; the `@` of a scope is not a separator. */
export function splitPackageSpec(spec: string): { name: string; range?: string } {
  const at = spec.lastIndexOf('@');
  return at > 0 ? { name: spec.slice(0, at), range: spec.slice(at + 1) } : { name: spec };
}

export function matchesPackage(entry: IgnoreEntry, p: { name: string; version: string }): boolean {
  const { name, range } = splitPackageSpec(entry.package);
  if (name !== p.name) return false;
  return range === undefined || range === '' || range === '*' || semver.satisfies(p.version, range, { includePrerelease: true, loose: true });
}

/** An entry is valid through its `expires` day (UTC) and expired from the next day on. */
export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return entry.expires !== undefined && now.toISOString().slice(0, 10) > entry.expires;
}

const findingKey = (f: Pick<ReportFinding, 'detector' | 'messageId'>) => `${f.detector}\0${f.messageId}`;

/** Reads a report this tool wrote earlier; the error names the file and what to do. */
export function loadBaseline(file: string): { file: string; report: Report } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'baseline file not found' : 'baseline is not valid JSON'} — pass a report written by spamcheck --format json`);
  }
  const result = reportSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`${file}: not a spamcheck report (at ${issue.path.join('.') || 'top level'}: ${issue.message}) — pass a report written by spamcheck --format json`);
  }
  return { file, report: result.data };
}

export function applyPolicy(report: Report, input: PolicyInput): Report {
  const active = input.ignore.filter((e) => !isExpired(e, input.now));
  const used = new Set<IgnoreEntry>();
  const baseline = input.baseline ? baselineIndex(input.baseline.report) : undefined;
  let baselinePackages = 0;
  let baselineFindings = 0;
  let suppressedPackages = 0;
  const packages = report.packages.map((original) => {
    const p: PackageReport = { ...original, findings: original.findings.map((f) => ({ ...f })) };
    const matching = active.filter((e) => matchesPackage(e, p));
    const whole = matching.find((e) => e.detector === undefined);
    if (whole) {
      used.add(whole);
      p.suppressed = { reason: whole.reason, entry: whole.package, ...(whole.expires ? { expires: whole.expires } : {}) };
    }
    for (const f of p.findings) {
      const entry = matching.find((e) => e.detector === f.detector);
      if (entry) {
        used.add(entry);
        f.suppressed = { reason: entry.reason, entry: entry.package };
      }
      if (baseline?.get(`${p.name}@${p.version}`)?.has(findingKey(f))) {
        f.inBaseline = true;
        if (f.weight > 0) baselineFindings++;
      }
    }
    if (baseline?.has(`${p.name}@${p.version}`)) p.inBaseline = true;
    p.gateLevel = p.suppressed ? 'none' : levelForScore(scoreFindings(p.findings.filter(counts).map((f) => f.weight)));
    if (p.level !== 'none' && p.gateLevel !== p.level) {
      if (p.suppressed || p.findings.some((f) => f.suppressed && f.weight > 0)) suppressedPackages++;
      else if (p.findings.filter((f) => f.weight > 0).every((f) => f.inBaseline)) baselinePackages++;
    }
    return p;
  });
  return {
    ...report,
    packages,
    policy: {
      failOn: input.failOn,
      ...(input.config ? { config: input.config } : {}),
      ignore: {
        suppressedPackages,
        unused: active.filter((e) => !used.has(e)).map(entryForReport),
        expired: input.ignore.filter((e) => isExpired(e, input.now)).map(entryForReport),
      },
      ...(input.baseline ? { baseline: { file: input.baseline.file, packages: baselinePackages, findings: baselineFindings } } : {}),
      ...(input.omitted ? { omitted: input.omitted } : {}),
      ...(input.since ? { since: input.since } : {}),
    },
  };
}

/** Counter-evidence always counts; a risk counts unless accepted or already in the baseline. */
function counts(f: ReportFinding): boolean {
  return f.weight < 0 || (!f.suppressed && !f.inBaseline);
}

function baselineIndex(report: Report): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const p of report.packages) index.set(`${p.name}@${p.version}`, new Set(p.findings.map(findingKey)));
  return index;
}

function entryForReport(e: IgnoreEntry) {
  return { package: e.package, ...(e.detector ? { detector: e.detector } : {}), reason: e.reason, ...(e.expires ? { expires: e.expires } : {}) };
}

/** The level a package is judged on for --fail-on. */
export function gateLevelOf(p: PackageReport) {
  return p.gateLevel ?? p.level;
}

export function failsGate(p: PackageReport, failOn: FailOn): boolean {
  return failOn !== 'never' && isAtLeast(gateLevelOf(p), failOn);
}
