/**
 * Measures how a package name was built. People name packages from words they mean (`string-width`,
 * `@esbuild/linux-arm64`); generators glue random parts together (`bella-peyek92-sukiwir`,
 * `gociay-uinga-uuggaucfu`, `smoggy_fly_z3n`). Nothing here lists campaign words: every signal is a
 * shape (separators, where digits sit, letter statistics) measured against a general vocabulary built
 * from package descriptions (see scripts/names/build-vocabulary.ts).
 */
import { BIGRAM_LOG2, VOCABULARY_WORDS } from './vocabulary-data.js';

const vocabulary: ReadonlySet<string> = new Set(VOCABULARY_WORDS.split(' '));
const BIGRAM_FROM = '^abcdefghijklmnopqrstuvwxyz';
const BIGRAM_TO = 'abcdefghijklmnopqrstuvwxyz$';

export type TokenKind =
  /** A vocabulary word, or a compound of up to three of them (`webpack` = web + pack). */
  | 'word'
  /** Letters only, not a word: a brand (`lodash`), a foreign word, or random letters. */
  | 'unknown'
  /** Letters then 1–3 digits (`tiwul90`, `arm64`). */
  | 'letters-digits'
  /** Digits only. */
  | 'number'
  /** Anything else: digits inside letters (`z3n`, `i18n`), digits first (`3d`). */
  | 'mixed';

export interface NameToken {
  text: string;
  kind: TokenKind;
  /** For `letters-digits`: whether the letter part is a vocabulary word (`utf8`) or not (`tiwul90`). */
  letterPartIsWord?: boolean;
  /** Mean log2 probability per letter transition (word edges included); English words sit near -3.5. */
  bigramLog2PerTransition?: number;
}

export interface NameShape {
  /** The name without its scope. */
  bare: string;
  scope?: string;
  /** Separators in the order they appear (`-`, `_`, `.`). */
  separators: string[];
  tokens: NameToken[];
}

/** True when `letters` splits into at most `maxParts` vocabulary words of at least 3 letters each. */
export function isCompoundOfWords(letters: string, maxParts = 3): boolean {
  if (vocabulary.has(letters)) return true;
  if (maxParts <= 1) return false;
  for (let cut = 3; cut <= letters.length - 3; cut++) {
    if (vocabulary.has(letters.slice(0, cut)) && isCompoundOfWords(letters.slice(cut), maxParts - 1)) return true;
  }
  return false;
}

/** Mean log2 bigram probability per transition, `^` and `$` marking the word's edges. */
export function bigramLog2PerTransition(letters: string): number {
  const padded = `^${letters}$`;
  let sum = 0;
  for (let i = 0; i + 1 < padded.length; i++) {
    const row = BIGRAM_LOG2[BIGRAM_FROM.indexOf(padded[i]!)];
    const value = row?.[BIGRAM_TO.indexOf(padded[i + 1]!)];
    sum += value ?? -10;
  }
  return sum / (padded.length - 1);
}

/**
 * Target-triple parts, the grammar platform packages are named by (`@scope/tool-linux-arm-gnueabihf`,
 * `@esbuild/android-arm64`, `@rollup/rollup-linux-loongarch64-gnu`): operating systems, and the ABI
 * and libc suffixes, which look like random letters to a bigram model but are a closed, documented set.
 */
const PLATFORM_WORDS: ReadonlySet<string> = new Set(['linux', 'darwin', 'macos', 'win', 'windows', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android', 'ios', 'wasi', 'illumos', 'cygwin']);
const ABI_SUFFIX = /^(?:gnu|musl|msvc|uclibc|android|mingw|ohos)?(?:eabi)?(?:hf)?$/;

function isPlatformWord(letters: string): boolean {
  return PLATFORM_WORDS.has(letters) || (letters.length >= 3 && ABI_SUFFIX.test(letters));
}

function classify(text: string): NameToken {
  if (/^[a-z]+$/.test(text)) {
    const kind: TokenKind = isCompoundOfWords(text) || isPlatformWord(text) ? 'word' : 'unknown';
    return { text, kind, bigramLog2PerTransition: bigramLog2PerTransition(text) };
  }
  const lettersDigits = /^([a-z]+)(\d{1,3})$/.exec(text);
  if (lettersDigits) {
    const letters = lettersDigits[1]!;
    return { text, kind: 'letters-digits', letterPartIsWord: isCompoundOfWords(letters) || letters.length <= 2 };
  }
  if (/^\d+$/.test(text)) return { text, kind: 'number' };
  return { text, kind: 'mixed' };
}

export function nameShape(name: string): NameShape {
  const lower = name.toLowerCase();
  const scoped = /^@([^/]+)\/(.*)$/.exec(lower);
  const bare = scoped ? scoped[2]! : lower;
  const separators = bare.match(/[-_.]+/g) ?? [];
  const tokens = bare.split(/[-_.]+/).filter((t) => t.length > 0).map(classify);
  return scoped ? { bare, scope: scoped[1]!, separators, tokens } : { bare, separators, tokens };
}
