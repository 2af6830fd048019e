/**
 * GitHub Actions workflow commands (`::error file=…,line=…::…`) for packages at or above --fail-on, so
 * the failing packages are marked on the lockfile in the pull request. Printed on stderr (the runner
 * reads commands from both streams) so stdout stays one report.
 */
import type { Report } from '../report/schema.js';
import { failsGate } from '../report/policy.js';
import type { FailOn } from '../options.js';
import { safeLine } from '../report/sanitize.js';
import { lockfileUri } from './locations.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderAnnotations(report: Report, failOn: FailOn, sourceRoot?: string): string {
  const file = lockfileUri(report, sourceRoot);
  const lines: string[] = [];
  for (const p of report.packages.filter((pkg) => failsGate(pkg, failOn))) {
    const top = p.findings.find((f) => f.weight > 0 && !f.suppressed && !f.inBaseline);
    const properties = [`file=${escapeProperty(file)}`, ...(p.line !== undefined ? [`line=${p.line}`] : []), `title=${escapeProperty(`spamcheck: ${p.name}@${p.version} is ${p.gateLevel ?? p.level}`)}`];
    const message = `${p.name}@${p.version} scored ${p.score} (${p.level})${top ? `: ${top.message}` : ''}. Run spamcheck explain ${p.name}@${p.version} for the evidence.`;
    lines.push(`::error ${properties.join(',')}::${escapeData(safeLine(message, 400))}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
