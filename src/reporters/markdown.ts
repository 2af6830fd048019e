/**
 * Markdown for pull-request comments and $GITHUB_STEP_SUMMARY: one summary line, then a table of the
 * packages at low or above (level, score, top finding, path). Every string from a package is escaped:
 * a package name must not be able to inject links, HTML or table columns into a PR comment.
 */
import type { PackageReport, Report } from '../report/schema.js';
import { failsGate } from '../report/policy.js';
import { safeLine } from '../report/sanitize.js';
import type { ReporterContext } from './types.js';

const MAX_ROWS = 50;

/** Escapes Markdown and HTML metacharacters so untrusted text renders as text, on one line. */
export function escapeMarkdown(text: string, maxLength = 160): string {
  return safeLine(text, maxLength).replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`);
}

export function renderMarkdown(report: Report, context: Pick<ReporterContext, 'failOn'>): string {
  const { summary } = report;
  const failing = report.packages.filter((p) => failsGate(p, context.failOn));
  const rows = report.packages.filter((p) => p.level !== 'none');
  const l = summary.levels;
  const verdict = failing.length > 0 ? `❌ ${failing.length} package${failing.length === 1 ? '' : 's'} at or above **${context.failOn}**` : `✅ nothing at or above **${context.failOn}**`;
  const out = [
    '## spamcheck',
    '',
    `${verdict} · ${l.critical} critical, ${l.high} high, ${l.medium} medium, ${l.low} low · ${summary.audited} of ${summary.packages} packages audited${summary.failed > 0 ? `, ${summary.failed} failed` : ''} · \`${escapeMarkdown(report.project.lockfile, 100)}\``,
  ];
  const policy = policyLine(report);
  if (policy) out.push('', policy);
  out.push('');
  if (rows.length === 0) {
    out.push('No package reached level low.');
  } else {
    out.push('| level | score | package | top finding | path |', '|---|---:|---|---|---|');
    for (const p of rows.slice(0, MAX_ROWS)) out.push(row(p));
    if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more; see the JSON or SARIF report.`);
  }
  return `${out.join('\n')}\n`;
}

function row(p: PackageReport): string {
  const top = p.findings.find((f) => f.weight > 0);
  const marks = [p.suppressed ? `suppressed: ${escapeMarkdown(p.suppressed.reason, 80)}` : '', p.gateLevel !== undefined && p.gateLevel !== p.level && !p.suppressed ? `counts as ${p.gateLevel}` : '']
    .filter(Boolean)
    .join('; ');
  const level = `**${p.level}**${marks ? ` (${marks})` : ''}`;
  const finding = top ? `${escapeMarkdown(top.detector, 40)}: ${escapeMarkdown(top.message, 160)}` : '';
  const path = escapeMarkdown((p.paths[0] ?? []).join(' > '), 120);
  // Inside a code span Markdown is not interpreted; only backticks and pipes could break out of it.
  const name = safeLine(`${p.name}@${p.version}`, 100).replace(/[`|]/g, '');
  return `| ${level} | ${p.score} | \`${name}\` | ${finding} | ${path} |`;
}

function policyLine(report: Report): string | undefined {
  const policy = report.policy;
  if (!policy) return undefined;
  const parts: string[] = [];
  if (policy.ignore.suppressedPackages > 0) parts.push(`${policy.ignore.suppressedPackages} suppressed by ignore entries`);
  if (policy.baseline) parts.push(`${policy.baseline.packages} already in the baseline`);
  if (policy.omitted) parts.push(`${policy.omitted.packages} ${policy.omitted.kinds.join('/')} packages omitted`);
  if (policy.since) parts.push(`${policy.since.unchanged} unchanged since \`${escapeMarkdown(policy.since.ref, 60)}\``);
  if (policy.ignore.expired.length > 0) parts.push(`⚠️ ${policy.ignore.expired.length} expired ignore entr${policy.ignore.expired.length === 1 ? 'y' : 'ies'}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
