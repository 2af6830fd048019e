import type { DetectorFinding, Evidence, EvidenceValue } from '../detectors/types.js';

/**
 * Untrusted text (READMEs, descriptions, file names, registry errors) must never reach a terminal
 * or a JSON consumer with escape sequences, bidi overrides or zero-width tricks in it.
 */

// ESC-introduced sequences first (CSI, OSC up to BEL/ST, and two-byte escapes), so their parameters go too.
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0/C1 controls except tab and newline; DEL; bidi embeddings/overrides/isolates; zero-width characters and BOM.
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Removes escape sequences and invisible/control characters; keeps tabs and newlines. */
export function stripControl(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(UNSAFE_CHARACTERS, '');
}

/** One printable line: control characters stripped, whitespace folded, cut to `maxLength` with an ellipsis. */
export function safeLine(text: string, maxLength = 200): string {
  const folded = stripControl(text).replace(/\s+/g, ' ').trim();
  return folded.length > maxLength ? `${folded.slice(0, maxLength - 1)}…` : folded;
}

/**
 * Every string a finding carries (file names, fields, data) folded to one safe line: file names
 * and paths come from the tarball and may hold escape sequences too, not only excerpts.
 */
export function sanitizeFindings(findings: DetectorFinding[]): DetectorFinding[] {
  const clean = (value: EvidenceValue): EvidenceValue => {
    if (typeof value === 'string') return safeLine(value, 300);
    if (Array.isArray(value)) return value.map(clean);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    return value;
  };
  return findings.map((f) => ({
    ...f,
    ...(f.data ? { data: Object.fromEntries(Object.entries(f.data).map(([k, v]) => [k, typeof v === 'string' ? safeLine(v, 300) : v])) } : {}),
    evidence: Object.fromEntries(Object.entries(f.evidence).map(([k, v]) => [k, v === undefined ? v : clean(v)])) as Evidence,
  }));
}
