/**
 * Turns a detector's finding (message id + data) into what a report shows: the message rendered from
 * the detector's template and every string of evidence stripped of control characters, because
 * evidence quotes package content that an attacker wrote.
 */
import type { DetectorFinding, EvidenceValue } from '../detectors/types.js';
import { fillMessage, UnknownMessageIdError } from './messages.js';
import { safeLine, stripControl } from './sanitize.js';

/** Longest evidence string kept; excerpts are for a reviewer's eye, not for storage. */
export const MAX_EVIDENCE_STRING_LENGTH = 300;
const MAX_EVIDENCE_ITEMS = 50;
const MAX_EVIDENCE_DEPTH = 5;

/** The finding's message as printed: its template filled (see messages.ts) and made one safe line. Throws on an undeclared messageId. */
export function renderFinding(template: string | undefined, finding: DetectorFinding): string {
  if (template === undefined) throw new UnknownMessageIdError(finding.messageId);
  return safeLine(fillMessage(template, finding.data), 300);
}

function cleanValue(value: EvidenceValue | undefined, depth: number): EvidenceValue {
  if (value === undefined || value === null) return null;
  // One printable line per string: evidence quotes file names, paths and lines an attacker wrote.
  if (typeof value === 'string') return safeLine(value, MAX_EVIDENCE_STRING_LENGTH);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (depth >= MAX_EVIDENCE_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, MAX_EVIDENCE_ITEMS).map((v) => cleanValue(v, depth + 1));
  const out: Record<string, EvidenceValue> = {};
  for (const [key, v] of Object.entries(value).slice(0, MAX_EVIDENCE_ITEMS)) out[stripControl(key)] = cleanValue(v, depth + 1);
  return out;
}

export function sanitizeEvidence(evidence: DetectorFinding['evidence']): Record<string, EvidenceValue> {
  return cleanValue(evidence as EvidenceValue, 0) as Record<string, EvidenceValue>;
}
