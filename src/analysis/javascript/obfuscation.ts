/**
 * Obfuscation measures: identifiers shaped like obfuscator output, escape-encoded strings, long
 * encoded strings, line length; and the assessment that tells obfuscated code from minified code.
 */
import { isDynamicCodeCall } from './callees.js';
import { holderOf } from './data-flow.js';
import { INVISIBLE_PAYLOAD_RUN, longestInvisibleRun } from './invisible.js';
import type { FileState } from './state.js';
import type { AstNode, JsAnalysis, JsStringLiteral } from './types.js';

const ENCODED_STRING = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^(?:[0-9a-fA-F]{2})+$/;
export const HEX_IDENTIFIER = /^_0x[0-9a-f]{3,}$/i;

/** Counts a string literal's escapes and encoded length, and keeps the literal (with its holder) for detectors. */
export function visitString(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  const value = node.value as string;
  const raw = (node.raw as string) ?? '';
  s.stringChars += raw.length;
  // Only escapes of printable ASCII hide anything: obfuscators write 'require' as '\x72\x65…', while
  // Unicode tables (identifier ranges, emoji regexes) escape non-ASCII code points nobody could type.
  const escapes = raw.match(/\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/g)?.filter((e) => {
    const code = parseInt(e.slice(2), 16);
    return code >= 0x20 && code < 0x7f;
  });
  if (escapes) s.escapedChars += escapes.reduce((n, e) => n + e.length, 0);
  if (value.length >= 64 && ENCODED_STRING.test(value)) s.longestEncoded = Math.max(s.longestEncoded, value.length);
  s.longestInvisible = Math.max(s.longestInvisible, longestInvisibleRun(value));
  if (s.strings.length < 5000) {
    const literal: JsStringLiteral = { value: value.slice(0, 4096), line: s.lineOf(node) };
    // Set after, not spread in: a spread copied a second object for every string of every file.
    const holder = value.length < 300 ? holderOf(ancestors) : undefined;
    if (holder !== undefined) literal.holder = holder;
    s.strings.push(literal);
  }
}

/** Longest line in the first `maxChars` characters: minified and packed code runs long. */
export function longestLine(source: string, maxChars: number): number {
  let longest = 0;
  let start = 0;
  const end = Math.min(source.length, maxChars);
  for (let i = source.indexOf('\n'); i !== -1 && i < end; i = source.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
  }
  return Math.max(longest, end - start);
}

export interface ObfuscationAssessment {
  obfuscated: boolean;
  reasons: string[];
}

/**
 * Obfuscated, not merely minified: minifiers shorten names but keep strings readable and never
 * evaluate decoded text. Obfuscators leave `_0x…` identifiers, escape-encoded strings, and
 * decode-then-eval stages.
 */
export function assessObfuscation(analysis: JsAnalysis): ObfuscationAssessment {
  if (analysis.mode !== 'ast') return { obfuscated: false, reasons: [] };
  const m = analysis.metrics;
  const reasons: string[] = [];
  if (m.hexIdentifierCount >= 8 && m.hexIdentifierCount / Math.max(1, m.identifierCount) >= 0.2) {
    reasons.push(`${m.hexIdentifierCount} of ${m.identifierCount} identifiers shaped like _0x…`);
  }
  if (m.longestInvisibleRun >= INVISIBLE_PAYLOAD_RUN) reasons.push(`${m.longestInvisibleRun} invisible characters in a row in one string (a payload written in variation selectors or zero-width characters)`);
  if (m.escapedStringRatio >= 0.5 && m.codeBytes >= 200) reasons.push(`${Math.round(m.escapedStringRatio * 100)}% of string text written as \\x/\\u escapes`);
  // `Function('return this')` is a constant idiom, not code built from data.
  const dynamic = analysis.calls.filter((c) => isDynamicCodeCall(c.callee) && (c.decodedArgument || !(c.args.length > 0 && c.args.every((a) => a?.kind === 'string' && !a.partial))));
  if (dynamic.some((c) => c.decodedArgument)) reasons.push('evaluates a decoded string');
  else if (m.longestEncodedStringBytes >= 1000 && dynamic.length > 0) reasons.push(`${m.longestEncodedStringBytes}-character encoded string beside ${dynamic[0]!.callee}()`);
  return { obfuscated: reasons.length > 0, reasons };
}
