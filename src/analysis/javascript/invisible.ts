/**
 * Payloads written in characters nobody can see. Unicode variation selectors (U+FE00-FE0F and
 * U+E0100-E01EF, 256 of them: one per byte value), tag characters (U+E0000-E007F), zero-width
 * characters and Hangul fillers render as nothing, so a string of them reads as '' in an editor or
 * a diff while it carries a program (the os-info-checker-es and GlassWorm campaigns, 2025).
 *
 * Real text uses them one at a time: an emoji's U+FE0F, a zero-width joiner between two emoji, a flag
 * of a region written as a black flag and five or six tags. A long unbroken run is data, not text.
 */

/** Characters that render as nothing, in runs: a code point test, surrogate pairs included. */
function isInvisible(code: number): boolean {
  return (
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xe0100 && code <= 0xe01ef) ||
    (code >= 0xe0000 && code <= 0xe007f) ||
    (code >= 0x200b && code <= 0x200d) ||
    (code >= 0x2060 && code <= 0x2064) ||
    code === 0xfeff ||
    code === 0x115f ||
    code === 0x1160 ||
    code === 0x3164 ||
    code === 0xffa0
  );
}

/** A cheap first look: most strings hold none of these, and most of the rest hold one. */
// The class matches variation selectors on their own, never as part of the character before them: that is the point.
// eslint-disable-next-line no-misleading-character-class
const ANY_INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\uFE00-\uFE0F\u115F\u1160\u3164\uFFA0]|\uDB40[\uDC00-\uDDEF]/;

/** A run at least this long is a payload: the longest run real text makes is a region flag's six tags. */
export const INVISIBLE_PAYLOAD_RUN = 24;

/** The longest run of consecutive invisible code points in `value`. */
export function longestInvisibleRun(value: string): number {
  if (!ANY_INVISIBLE.test(value)) return 0;
  let longest = 0;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.codePointAt(i)!;
    if (code > 0xffff) i++;
    run = isInvisible(code) ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * The bytes a string of variation selectors stands for, read the way such payloads are written
 * (U+FE00-FE0F are 0-15, U+E0100-E01EF are 16-255), as latin1 text: what the hidden code names.
 * Undefined when the string holds no such run.
 */
export function revealVariationSelectors(value: string): string | undefined {
  if (longestInvisibleRun(value) < INVISIBLE_PAYLOAD_RUN) return undefined;
  const bytes: number[] = [];
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xfe00 && code <= 0xfe0f) bytes.push(code - 0xfe00);
    else if (code >= 0xe0100 && code <= 0xe01ef) bytes.push(code - 0xe0100 + 16);
  }
  return bytes.length >= INVISIBLE_PAYLOAD_RUN ? Buffer.from(bytes).toString('latin1') : undefined;
}

/**
 * Text hidden in Unicode tag characters (U+E0020-E007E stand for ASCII 0x20-0x7E), the "ASCII
 * smuggling" of instructions to AI assistants in rule files and READMEs (Pillar Security's Rules File
 * Backdoor, 2025): the longest run's hidden ASCII, or undefined when no run is long enough.
 */
export function revealTagText(value: string): { run: number; text: string } | undefined {
  // Tags and the supplementary variation selectors are all written with the high surrogate U+DB40.
  if (value.indexOf('\uDB40') < 0) return undefined;
  const run = longestInvisibleRun(value);
  if (run < INVISIBLE_PAYLOAD_RUN) return undefined;
  let text = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xe0020 && code <= 0xe007e && text.length < 400) text += String.fromCharCode(code - 0xe0000);
  }
  return { run, text };
}
