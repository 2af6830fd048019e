/**
 * `spamcheck explain <name>[@version]`: one package in depth — every finding with its full evidence,
 * every recorded path, what each weight means and how the score adds up, coverage, and a ready-to-paste
 * ignore entry. Pure: (report, packages) → string.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { ALL_DETECTORS } from '../engine/judge.js';
import type { PackageReport, Report, ReportFinding } from '../report/schema.js';
import { safeLine, stripControl } from '../report/sanitize.js';
import { LEVEL_THRESHOLDS } from '../report/levels.js';

const IGNORE_TTL_DAYS = 90;

export function renderExplain(report: Report, packages: readonly PackageReport[], options: { color: boolean; now: Date }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return `${packages.map((p) => explainOne(c, report, p, options.now).join('\n')).join('\n\n')}\n`;
}

function explainOne(c: ChalkInstance, report: Report, p: PackageReport, now: Date): string[] {
  const id = `${safeLine(p.name, 200)}@${safeLine(p.version, 60)}`;
  const flags = [p.direct ? 'direct' : 'transitive', p.dev ? 'dev' : 'prod', p.optional ? 'optional' : '', p.peer ? 'peer' : '', p.bundled ? 'bundled' : ''].filter(Boolean).join(', ');
  const out = [c.bold(`${id}  ${p.level.toUpperCase()} (score ${p.score})`) + `  ${flags}`];
  out.push(`lockfile: ${safeLine(report.project.lockfile, 200)}${p.line !== undefined ? ` line ${p.line}` : ''}`);
  if (p.aliases.length > 0) out.push(`installed as: ${p.aliases.map((a) => safeLine(a, 100)).join(', ')}`);
  out.push('', c.bold(`Paths that pull it in (${p.paths.length}):`), ...p.paths.map((path) => `  ${path.map((s) => safeLine(s, 100)).join(' > ')}`));
  out.push('', c.bold('Coverage:') + ` ${p.coverage}`);
  for (const m of p.missing) out.push(`  missing ${m.fact}: ${safeLine(m.reason, 300)}`);
  for (const u of p.unavailable) out.push(`  not evaluated: ${u.detector} ${safeLine(u.signal, 60)} — ${safeLine(u.reason, 300)}`);
  for (const e of p.detectorErrors) out.push(`  detector failed: ${e.detector} — ${safeLine(e.message, 300)}`);
  if (p.error) out.push(`  not audited: ${safeLine(p.error.message, 300)}`);
  out.push('', c.bold(`Findings (${p.findings.length}):`) + c.dim(` the score is the sum of the weights, clamped to 0–100; low ≥ ${LEVEL_THRESHOLDS.low}, medium ≥ ${LEVEL_THRESHOLDS.medium}, high ≥ ${LEVEL_THRESHOLDS.high}, critical ≥ ${LEVEL_THRESHOLDS.critical}`));
  if (p.findings.length === 0) out.push('  none');
  for (const f of p.findings) out.push(...explainFinding(c, f));
  if (p.suppressed) out.push('', `Suppressed by ignore entry "${safeLine(p.suppressed.entry, 200)}": ${safeLine(p.suppressed.reason, 300)}${p.suppressed.expires ? ` (until ${p.suppressed.expires})` : ''}`);
  if (p.gateLevel !== undefined && p.gateLevel !== p.level) out.push(`Counts as ${p.gateLevel} for --fail-on.`);
  out.push('', c.bold('To accept this package, add to "ignore" in spamcheck.json:'), ...ignoreSnippet(p, now));
  return out;
}

function explainFinding(c: ChalkInstance, f: ReportFinding): string[] {
  const meta = ALL_DETECTORS.find((d) => d.meta.id === f.detector)?.meta;
  const sign = f.weight >= 0 ? `+${f.weight}` : `${f.weight}`;
  const meaning = f.weight < 0 ? 'counter-evidence: lowers the score' : `adds ${f.weight} point${f.weight === 1 ? '' : 's'} toward the score`;
  const lines = [`  ${sign.padStart(4)}  ${f.detector}/${f.messageId}: ${f.message}`, c.dim(`        weight: ${meaning}; ${meta ? `${f.detector}: ${meta.description}` : ''} (docs/detectors/${f.detector}.md)`)];
  if (f.suppressed) lines.push(c.dim(`        suppressed: ${safeLine(f.suppressed.reason, 200)}`));
  if (f.inBaseline) lines.push(c.dim('        already in the baseline'));
  lines.push(...evidenceLines(f.evidence, '        '));
  return lines;
}

/** Every evidence field, nested values as indented JSON, each line stripped of control characters. */
function evidenceLines(evidence: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === null || value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    const [first = '', ...rest] = stripControl(text).split('\n');
    lines.push(`${indent}${stripControl(key)}: ${first}`, ...rest.map((l) => `${indent}  ${l}`));
  }
  return lines;
}

function ignoreSnippet(p: PackageReport, now: Date): string[] {
  const expires = new Date(now.getTime() + IGNORE_TTL_DAYS * 86_400_000).toISOString().slice(0, 10);
  const entry = { package: `${p.name}@${p.version}`, reason: 'why this package is acceptable (reviewed by …)', expires };
  const lines = [`  ${JSON.stringify(entry)}`];
  const detectors = [...new Set(p.findings.filter((f) => f.weight > 0).map((f) => f.detector))];
  if (detectors.length > 0) {
    lines.push('or, to accept one detector\'s findings only:');
    for (const detector of detectors) lines.push(`  ${JSON.stringify({ ...entry, detector })}`);
  }
  return lines.map((l) => stripControl(l));
}
