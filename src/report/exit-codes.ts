/**
 * The documented exit codes, decided in one place from a finished report.
 */
import type { FailOn } from '../options.js';
import type { Report } from './schema.js';
import { failsGate } from './policy.js';

export const EXIT = {
  /** Nothing at or above --fail-on, and every package was audited. */
  ok: 0,
  /** At least one package at or above --fail-on. */
  risky: 1,
  /** The scan could not run: bad arguments, no or unreadable lockfile. */
  usage: 2,
  /** The scan ran but some packages could not be audited, and nothing reached --fail-on. */
  incomplete: 3,
  /** Interrupted (Ctrl-C); what was done so far is printed. */
  interrupted: 130,
} as const;

export function exitCodeFor(report: Report, failOn: FailOn, allowIncomplete: boolean): number {
  // Ctrl-C is the user's decision, whatever was found before it: 130, as shells expect.
  if (report.summary.interrupted) return EXIT.interrupted;
  // Suppressed and baselined findings are in the report but not in gateLevel.
  if (report.packages.some((p) => failsGate(p, failOn))) return EXIT.risky;
  if (report.summary.incomplete && !allowIncomplete) return EXIT.incomplete;
  return EXIT.ok;
}

