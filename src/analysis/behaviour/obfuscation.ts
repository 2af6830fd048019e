/**
 * Obfuscation that hides behaviour. The shapes are the ones obfuscators leave: javascript-obfuscator's
 * string array with a rotating decoder (`while (!![]) { try { … parseInt(_0x…(0x1a2)) … push(shift()) } }`),
 * Dean Edwards' packer (`eval(function(p,a,c,k,e,…)`), and large encoded blobs decoded at run time.
 * What matters is what the hidden code reaches, so the string literals of the file are read the way
 * the decoder would read them (plain, standard base64 and the obfuscator's lower-case-first base64
 * alphabet) and searched for the vocabulary of sources and sinks.
 */
import { assessObfuscation, isDynamicCodeCall, revealVariationSelectors, searchTokens, type JsAnalysis } from '../javascript/index.js';

export interface ObfuscationFinding {
  reasons: string[];
  /** Sensitive or dangerous words found in the file's (decoded) strings: what the hidden code names. */
  vocabulary: string[];
  line?: number;
}

const ROTATING_DECODER = /while\s*\(\s*!!\[\]\s*\)\s*\{\s*try\s*\{[^}]{0,400}parseInt\(/;
const PACKER = /eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[dr]\s*\)/;
const VOCABULARY = /\b(child_process|execSync|spawn|exec|eval|Function|https?|request|hostname|userInfo|networkInterfaces|homedir|process\.env|\.npmrc|\.ssh|id_rsa|passwd|webhooks?|discord|telegram|leveldb|wallet|ethereum|XMLHttpRequest|fetch|sendTransaction|clipboard|curl|powershell|wget|dns|createWriteStream|writeFileSync|chmod)\b/;
const MIN_HEX_TEXT_STRINGS = 3;
const VOCABULARY_ALL = new RegExp(VOCABULARY.source, 'g');
const OBFUSCATOR_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=';
const STANDARD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

/** Reads an obfuscator-style base64 string (custom alphabet) into text; undefined when it is not base64. */
function decodeWith(alphabet: string, text: string): string | undefined {
  if (text.length < 4 || !/^[A-Za-z0-9+/]+=*$/.test(text)) return undefined;
  const translated = alphabet === STANDARD_ALPHABET ? text : [...text].map((c) => STANDARD_ALPHABET[alphabet.indexOf(c)] ?? c).join('');
  const decoded = Buffer.from(translated, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
}

/** Text written as hex digits (`'72657175697265'` is "require"); undefined for hashes, colours and other hex data. */
function decodeHex(text: string): string | undefined {
  // Eight digits at least: colours (`556b2f` reads "Uk/") are six.
  if (text.length < 8 || text.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(text)) return undefined;
  const decoded = Buffer.from(text, 'hex').toString('latin1');
  return /^[\w.:/@?&=%+-]+$/.test(decoded) && /[a-z]{3}/i.test(decoded) ? decoded : undefined;
}

/** Words from VOCABULARY in the file's strings, read plain and through both base64 alphabets (hex text: `hexText`). */
export function hiddenVocabulary(strings: readonly { value: string }[], max = 12): string[] {
  const words = new Set<string>();
  for (const { value } of strings.slice(0, 5000)) {
    for (const text of [value, decodeWith(STANDARD_ALPHABET, value), decodeWith(OBFUSCATOR_ALPHABET, value), revealVariationSelectors(value)]) {
      if (text === undefined) continue;
      for (const m of text.matchAll(VOCABULARY_ALL)) {
        words.add(m[1]!);
        if (words.size >= max) return [...words];
      }
    }
  }
  return [...words];
}

/**
 * Module names, methods and URLs spelt as hex text and decoded by a helper of the file
 * (`require(unhex('6178696f73'))[unhex('676574')](unhex('68747470…'))`): what it names is read from
 * the decoded strings alone (a big file's plain strings name http and exec for ordinary reasons),
 * with `a URL` for a decoded address and `eval` when the file evaluates code built at run time.
 */
function hexText(analysis: JsAnalysis & { mode: 'ast' }): ObfuscationFinding | undefined {
  const decoded = new Map<string, { text: string; line: number }>();
  for (const s of analysis.strings.slice(0, 5000)) {
    const text = decodeHex(s.value);
    if (text !== undefined && !decoded.has(s.value)) decoded.set(s.value, { text, line: s.line });
  }
  if (decoded.size < MIN_HEX_TEXT_STRINGS) return undefined;
  const texts = [...decoded.values()];
  const vocabulary = hiddenVocabulary(texts.map((t) => ({ value: t.text }))).filter((w) => !/^https?$/.test(w));
  if (texts.some((t) => /^(https?|wss?):\/\//i.test(t.text))) vocabulary.push('a URL');
  if (analysis.calls.some((c) => isDynamicCodeCall(c.callee) && !(c.args.length > 0 && c.args.every((a) => a?.kind === 'string' && !a.partial)))) vocabulary.push('eval');
  return { reasons: [`${decoded.size} strings written as hex-encoded text`], vocabulary, line: texts[0]!.line };
}

/** Obfuscation of a parsed file, or of an unparsed one by token search; undefined when the file reads clearly. */
export function obfuscationOf(analysis: JsAnalysis, text: string): ObfuscationFinding | undefined {
  const reasons: string[] = [];
  let line: number | undefined;
  const head = text.length > 2_000_000 ? text.slice(0, 2_000_000) : text;
  const shapes = searchTokens(head, { rotating: ROTATING_DECODER, packer: PACKER }, head.length, 1);
  for (const hit of shapes) {
    reasons.push(hit.token === 'rotating' ? 'javascript-obfuscator string array with a rotating decoder' : 'eval-packed code (p,a,c,k,e,d packer)');
    line ??= hit.line;
  }
  if (analysis.mode === 'ast') {
    const assessed = assessObfuscation(analysis);
    for (const r of assessed.reasons) if (!reasons.includes(r)) reasons.push(r);
  }
  const hex = analysis.mode === 'ast' ? hexText(analysis) : undefined;
  if (reasons.length === 0 && !hex) return undefined;
  if (reasons.length === 0 && hex) return hex;
  const vocabulary = analysis.mode === 'ast' ? hiddenVocabulary(analysis.strings) : [];
  return { reasons, vocabulary, ...(line !== undefined ? { line } : {}) };
}
