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
