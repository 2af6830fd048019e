/**
 * The terminal report: riskiest first, each package with its score, the evidence behind it and the
 * path that pulled it in, then what could not be audited, then one summary line. Pure: (report,
 * options) → string; colour is decided by the caller.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { PackageReport, Report, ReportFinding } from '../report/schema.js';
import { safeLine } from '../report/sanitize.js';
import type { Level } from '../report/levels.js';

export interface TableOptions {
  color: boolean;
  /** Findings shown per package (the JSON has all of them). */
  maxFindingsPerPackage?: number;
  /** Also list packages at level none that have findings. */
  showAll?: boolean;
}

const LEVEL_LABEL: Record<Level, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', none: 'NONE' };

function paint(c: ChalkInstance, level: Level, text: string): string {
  switch (level) {
    case 'critical':
      return c.bgRed.white.bold(text);
    case 'high':
      return c.red.bold(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.cyan(text);
    default:
      return c.dim(text);
  }
}

function evidenceLine(finding: ReportFinding): string | undefined {
  const e = finding.evidence as Record<string, unknown>;
  const where = [typeof e.file === 'string' ? e.file : undefined, typeof e.line === 'number' ? `line ${e.line}` : undefined, typeof e.field === 'string' ? e.field : undefined]
    .filter(Boolean)
    .join(', ');
  const excerpt = typeof e.excerpt === 'string' ? safeLine(e.excerpt, 100) : undefined;
  if (!where && !excerpt) return undefined;
  return [where, excerpt ? `“${excerpt}”` : undefined].filter(Boolean).join(': ');
}

function flags(p: PackageReport): string {
  return [p.direct ? 'direct' : 'transitive', p.dev ? 'dev' : undefined, p.optional ? 'optional' : undefined, p.coverage === 'partial' ? 'partial' : undefined]
    .filter(Boolean)
    .join(', ');
}

function renderPackage(c: ChalkInstance, p: PackageReport, maxFindings: number): string[] {
  const lines: string[] = [];
  const label = paint(c, p.level, LEVEL_LABEL[p.level].padEnd(8));
  const aliases = p.aliases.length > 0 ? ` (as ${p.aliases.map((a) => safeLine(a, 60)).join(', ')})` : '';
  lines.push(`${label} ${String(p.score).padStart(3)}  ${c.bold(`${safeLine(p.name, 120)}@${safeLine(p.version, 40)}`)}${aliases}  ${c.dim(flags(p))}`);
  for (const f of p.findings.slice(0, maxFindings)) {
    const sign = f.weight >= 0 ? `+${f.weight}` : `${f.weight}`;
    const mark = f.suppressed ? c.dim(` [suppressed: ${safeLine(f.suppressed.reason, 80)}]`) : f.inBaseline && f.weight > 0 ? c.dim(' [in baseline]') : '';
    lines.push(`    ${c.dim(sign.padStart(4))} ${c.dim(f.detector)}  ${f.message}${mark}`);
    const evidence = evidenceLine(f);
    if (evidence) lines.push(`         ${c.dim(evidence)}`);
  }
  if (p.findings.length > maxFindings) lines.push(c.dim(`         … ${p.findings.length - maxFindings} more finding(s): spamcheck explain ${safeLine(p.name, 120)}@${safeLine(p.version, 40)}`));
  if (p.suppressed) lines.push(`    ${c.dim(`suppressed by ignore entry "${safeLine(p.suppressed.entry, 120)}": ${safeLine(p.suppressed.reason, 160)}`)}`);
  else if (p.gateLevel !== undefined && p.gateLevel !== p.level) lines.push(`    ${c.dim(`counts as ${p.gateLevel} for --fail-on (${p.findings.some((f) => f.suppressed) ? 'suppressed findings' : 'findings in the baseline'} left out)`)}`);
  if (p.error) lines.push(`    ${c.red('not audited:')} ${safeLine(p.error.message, 200)}`);
  else if (p.coverage === 'none') lines.push(`    ${c.dim('nothing else could be checked: the registry has no files for it')}`);
  else if (p.missing.length > 0) lines.push(`    ${c.yellow('partial:')} ${safeLine(p.missing.map((m) => m.reason).join('; '), 200)}`);
  const path = p.paths[0];
  if (path) lines.push(`    ${c.dim('path:')} ${safeLine(path.join(' > '), 200)}`);
  return lines;
}

function namesList(packages: PackageReport[], max: number): string {
  const names = packages.slice(0, max).map((p) => `${safeLine(p.name, 120)}@${safeLine(p.version, 40)}`);
  return names.join(', ') + (packages.length > max ? `, … ${packages.length - max} more in --json` : '');
}

const quoted = (fields: string[]) => fields.map((f) => `\`${f}\``).join(fields.length === 2 ? ' and ' : ', ');

/** One line on what the verdicts could not see, and why: a thin registry must not look like a clean one. */
function blindLine(summary: Report['summary']): string | undefined {
  const { publisher, timing, omittedFields, reason } = summary.judgedWithout;
  if (publisher === 0 && timing === 0) return undefined;
  const parts = [publisher > 0 ? `${publisher} without publisher data` : undefined, timing > 0 ? `${timing} without timing data` : undefined].filter(Boolean);
  const why = omittedFields.length > 0 ? `the registry omits ${quoted(omittedFields)}` : reason ? safeLine(reason, 160) : 'the registry did not give it';
  return `Judged blind: ${parts.join(', ')} (${why}): those signals were not judged for them.`;
}

export function renderTable(report: Report, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const maxFindings = options.maxFindingsPerPackage ?? 3;
  const out: string[] = [];
  const { project, summary } = report;
  out.push(
    `${c.bold('spamcheck')} ${report.tool.version} · ${safeLine(project.lockfile, 200)} (${project.format}${project.resolved ? ', resolved from package.json ranges: not locked' : ''}) · ${summary.packages} packages`,
  );
  if (project.ignoredLockfiles.length > 0) out.push(c.dim(`also found ${project.ignoredLockfiles.map((l) => safeLine(l, 200)).join(', ')}: not used (pass --lockfile to choose)`));
  out.push('');

  const shown = report.packages.filter((p) => p.level !== 'none' || (options.showAll && p.findings.length > 0));
  for (const p of shown) out.push(...renderPackage(c, p, maxFindings), '');
  if (shown.length === 0) out.push(c.green('No package reached level low.'), '');

  const notAudited = report.packages.filter((p) => p.error !== null && p.level === 'none');
  const failed = notAudited.filter((p) => p.error!.code !== 'interrupted');
  const unfinished = notAudited.filter((p) => p.error!.code === 'interrupted');
  if (failed.length > 0) {
    out.push(c.yellow(`Not audited (${failed.length}):`));
    for (const p of failed.slice(0, 20)) out.push(`  ${safeLine(p.name, 120)}@${safeLine(p.version, 40)}: ${safeLine(p.error!.message, 160)}`);
    if (failed.length > 20) out.push(c.dim(`  … ${failed.length - 20} more in --json`));
    out.push('');
  }
  if (unfinished.length > 0) {
    out.push(c.yellow(`Not audited, interrupted (${unfinished.length}):`));
    out.push(`  ${namesList(unfinished, 20)}`, '');
  }
  const blind = blindLine(summary);
  if (blind) out.push(c.yellow(blind), '');
  const partial = report.packages.filter((p) => p.coverage === 'partial');
  if (partial.length > 0) out.push(c.dim(`Partially read or judged (${partial.length}): ${namesList(partial, 10)}`), '');
  if (report.notScanned.length > 0) {
    out.push(c.dim(`Not scanned (${report.notScanned.length}, not from a registry):`));
    for (const n of report.notScanned.slice(0, 10)) out.push(c.dim(`  ${safeLine(n.name, 120)} ${safeLine(n.spec, 120)}: ${safeLine(n.reason, 100)}`));
    if (report.notScanned.length > 10) out.push(c.dim(`  … ${report.notScanned.length - 10} more in --json`));
    out.push('');
  }
  if (report.lockfileProblems.length > 0) {
    out.push(c.yellow(`Lockfile entries that could not be read (${report.lockfileProblems.length}):`));
    for (const p of report.lockfileProblems.slice(0, 10)) out.push(`  ${p.line !== undefined ? `line ${p.line}: ` : ''}${safeLine(p.message, 200)}`);
    out.push('');
  }

  const l = summary.levels;
  const levelText = [
    paint(c, 'critical', `${l.critical} critical`),
    paint(c, 'high', `${l.high} high`),
    paint(c, 'medium', `${l.medium} medium`),
    paint(c, 'low', `${l.low} low`),
    `${l.none} none`,
  ].join(', ');
  const unfinishedText = summary.unfinished > 0 ? `, ${summary.unfinished} not audited (interrupted)` : '';
  const coverage = `${summary.audited} audited${summary.partial > 0 ? ` (${summary.partial} partially)` : ''}, ${summary.failed} failed${unfinishedText}, ${summary.notScanned} not scanned`;
  out.push(...policyLines(c, report));
  out.push(`${c.bold('Summary:')} ${levelText} · ${coverage}${summary.interrupted ? c.yellow(' · INTERRUPTED (Ctrl-C): results are partial') : ''}`);
  return `${out.join('\n')}\n`;
}

function policyLines(c: ChalkInstance, report: Report): string[] {
  const policy = report.policy;
  if (!policy) return [];
  const out: string[] = [];
  for (const e of policy.ignore.unused) out.push(c.dim(`Unused ignore entry "${safeLine(e.package, 120)}"${e.detector ? ` (${e.detector})` : ''}: matches nothing in this scan; remove it${policy.config ? ` from ${safeLine(policy.config, 120)}` : ''}`));
  const parts: string[] = [];
  if (policy.config) parts.push(`config ${safeLine(policy.config, 120)}`);
  if (policy.ignore.suppressedPackages > 0) parts.push(`${policy.ignore.suppressedPackages} package(s) suppressed by ignore entries`);
  if (policy.ignore.expired.length > 0) parts.push(c.yellow(`${policy.ignore.expired.length} expired ignore entr${policy.ignore.expired.length === 1 ? 'y' : 'ies'}`));
  if (policy.baseline) parts.push(`${policy.baseline.packages} package(s) and ${policy.baseline.findings} finding(s) already in the baseline ${safeLine(policy.baseline.file, 120)}`);
  if (policy.omitted) parts.push(`${policy.omitted.packages} ${policy.omitted.kinds.join('/')} package(s) omitted`);
  if (policy.since) parts.push(`${policy.since.unchanged} package(s) unchanged since ${safeLine(policy.since.ref, 60)}, not audited`);
  if (parts.length > 0) out.push(`${c.bold('Policy:')} fail on ${policy.failOn} · ${parts.join(' · ')}`);
  return out;
}
