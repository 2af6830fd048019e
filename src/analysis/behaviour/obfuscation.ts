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
  if (text.length < 6 || text.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(text)) return undefined;
  const decoded = Buffer.from(text, 'hex').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) && /[a-z]{2}/i.test(decoded) ? decoded : undefined;
}

/** Words from VOCABULARY in the file's strings, read plain, through both base64 alphabets and as hex text. */
export function hiddenVocabulary(strings: readonly { value: string }[], max = 12): string[] {
  const words = new Set<string>();
  for (const { value } of strings.slice(0, 5000)) {
    for (const text of [value, decodeWith(STANDARD_ALPHABET, value), decodeWith(OBFUSCATOR_ALPHABET, value), revealVariationSelectors(value), decodeHex(value)]) {
      if (text === undefined) continue;
      for (const m of text.matchAll(VOCABULARY_ALL)) {
        words.add(m[1]!);
        if (words.size >= max) return [...words];
      }
    }
  }
  return [...words];
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
    // Module names, methods and URLs spelt as hex and decoded by a helper of the file.
    const hex = analysis.strings.filter((s) => decodeHex(s.value) !== undefined);
    if (hex.length >= MIN_HEX_TEXT_STRINGS) {
      reasons.push(`${hex.length} strings written as hex-encoded text`);
      line ??= hex[0]!.line;
    }
  }
  if (reasons.length === 0) return undefined;
  const vocabulary = analysis.mode === 'ast' ? hiddenVocabulary(analysis.strings) : [];
  // An obfuscated file that evaluates code built at run time hides what it runs, whatever its strings say.
  if (analysis.mode === 'ast' && !vocabulary.includes('eval') && analysis.calls.some((c) => isDynamicCodeCall(c.callee) && !(c.args.length > 0 && c.args.every((a) => a?.kind === 'string' && !a.partial)))) vocabulary.push('eval');
  return { reasons, vocabulary, ...(line !== undefined ? { line } : {}) };
}
