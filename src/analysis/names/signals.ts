/**
 * The generated-name signals, each a shape test over `nameShape`. Kept apart from the detector so the
 * evaluation script (scripts/names/evaluate.ts) can measure each signal on real name lists.
 */
import { nameShape, type NameShape, type NameToken } from './shape.js';

export type NameSignalId =
  | 'digits-glued-inside'
  | 'generator-phrase'
  | 'random-letters'
  | 'pseudo-words'
  | 'rare-word-salad'
  | 'long-keyword-chain'
  | 'counter-suffix'
  | 'embedded-digit-run';

export interface NameSignal {
  id: NameSignalId;
  /** The tokens that made the signal fire, for the evidence. */
  tokens: string[];
}

/** Thresholds, named so the evaluation script and the docs can quote them. */
export const NAME_THRESHOLDS = {
  /** A letter run must be at least this long before its letter statistics mean anything. */
  minRandomTokenLetters: 5,
  /** Mean log2 bigram probability below which letters read as random (English words: about -3.5). */
  randomBigramLog2: -4.9,
  /** Tokens in a name before it counts as a keyword chain. */
  keywordChainTokens: 7,
  /** Letters a non-vocabulary word needs to count as a rare word in a salad. */
  rareWordMinLetters: 5,
} as const;

const isLetters = (t: NameToken) => t.kind === 'word' || t.kind === 'unknown';

/** Numbers that carry meaning on a technical word (`arm64`, `sha256`, `int8`): bit and byte widths. */
const MEANINGFUL_WIDTHS = new Set(['8', '16', '32', '64', '128', '256', '512']);
const gluedDigits = (t: NameToken) => /\d+$/.exec(t.text)?.[0] ?? '';

/**
 * `bella-peyek92-sukiwir`: a non-word with 1–3 digits glued on, followed by more name. People put
 * numbers on words they mean (`utf8`, `arm64`, `vue2`) or at the end as a version; generators glue a
 * counter or random digits onto a random word in the middle.
 */
function digitsGluedInside(shape: NameShape): NameSignal | undefined {
  const { tokens } = shape;
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (
      t.kind === 'letters-digits' &&
      t.letterPartIsWord === false &&
      !MEANINGFUL_WIDTHS.has(gluedDigits(t)) &&
      /^[a-z]{3,}/.test(t.text) &&
      isLetters(tokens[i + 1]!)
    ) {
      return { id: 'digits-glued-inside', tokens: [t.text] };
    }
  }
  return undefined;
}

/**
 * `smoggy_fly_z3n`, `feminist_finch-appteadev`: the adjective_noun pattern of random-name generators
 * (Docker-style), recognisable by underscores between plain words, either two of them or mixed with
 * hyphens. npm names use hyphens; a lone underscore (`string_decoder`) or a doubled one
 * (`@types/babel__core`) is a different, human habit.
 */
function generatorPhrase(shape: NameShape): NameSignal | undefined {
  const single = shape.separators.filter((s) => s === '_').length;
  if (shape.separators.some((s) => s.length > 1)) return undefined;
  const mixed = single >= 1 && shape.separators.includes('-');
  if (single < 2 && !mixed) return undefined;
  // Locale codes (`en_us`) are underscore pairs too, but of two-letter codes, not words.
  const [first, second] = shape.tokens;
  if (!first || !second || !isLetters(first) || !isLetters(second) || first.text.length < 3 || second.text.length < 3) return undefined;
  return { id: 'generator-phrase', tokens: [first.text, second.text] };
}

/** Tokens whose letter statistics are not those of any language the vocabulary knows: `aizsax`, `uuggaucfu`. */
function randomLetters(shape: NameShape): NameSignal | undefined {
  const random = shape.tokens.filter(
    (t) =>
      t.kind === 'unknown' &&
      t.text.length >= NAME_THRESHOLDS.minRandomTokenLetters &&
      (t.bigramLog2PerTransition ?? 0) <= NAME_THRESHOLDS.randomBigramLog2,
  );
  // One odd token is a brand (`yauzl`, `nwsapi`); random letters next to other non-words is a generator.
  const otherUnknown = shape.tokens.filter((t) => t.kind === 'unknown' && !random.includes(t));
  if (random.length >= 2 || (random.length === 1 && otherUnknown.length >= 1)) {
    return { id: 'random-letters', tokens: random.map((t) => t.text) };
  }
  return undefined;
}

/** `abuni-nibaia-luhubi`: three or more parts and none of them a word: pronounceable, meaningless. */
function pseudoWords(shape: NameShape): NameSignal | undefined {
  const { tokens } = shape;
  if (tokens.length < 3) return undefined;
  if (!tokens.every((t) => t.kind === 'unknown' && t.text.length >= 3)) return undefined;
  return { id: 'pseudo-words', tokens: tokens.map((t) => t.text) };
}

/**
 * `abiogenesis-cli-tachyon-miranda`: four or more parts with two long non-vocabulary words among
 * them. Real long names are phrases of common technical words (`babel-plugin-transform-...`).
 */
function rareWordSalad(shape: NameShape): NameSignal | undefined {
  if (shape.tokens.length < 4) return undefined;
  if (!shape.tokens.every(isLetters)) return undefined;
  const rare = shape.tokens.filter((t) => t.kind === 'unknown' && t.text.length >= NAME_THRESHOLDS.rareWordMinLetters);
  if (rare.length < 2) return undefined;
  return { id: 'rare-word-salad', tokens: rare.map((t) => t.text) };
}

/** SEO spam strings keywords together (`watch-...-full-movie-online-free-download`). */
function longKeywordChain(shape: NameShape): NameSignal | undefined {
  if (shape.tokens.length < NAME_THRESHOLDS.keywordChainTokens) return undefined;
  return { id: 'long-keyword-chain', tokens: shape.tokens.map((t) => t.text) };
}

/**
 * `nokire-zenitsu41`, `anak-jalanan-mdn23`: non-words ending in a counter. A person numbering their
 * own word writes `vue2` or `parse5`; a batch script appends its loop counter to whatever it drew.
 */
function counterSuffix(shape: NameShape): NameSignal | undefined {
  const { tokens } = shape;
  const last = tokens[tokens.length - 1];
  if (tokens.length < 2 || !last || last.kind !== 'letters-digits' || MEANINGFUL_WIDTHS.has(gluedDigits(last))) return undefined;
  const rest = tokens.slice(0, -1);
  if (!rest.every((t) => t.kind === 'unknown' && t.text.length >= 3)) return undefined;
  return { id: 'counter-suffix', tokens: tokens.map((t) => t.text) };
}

/** `ajushi57360924`: a long digit run inside letters, the way scripts stamp a timestamp or random id into a name. */
function embeddedDigitRun(shape: NameShape): NameSignal | undefined {
  const stamped = shape.tokens.filter((t) => /[a-z]/.test(t.text) && /\d{6,}/.test(t.text));
  return stamped.length > 0 ? { id: 'embedded-digit-run', tokens: stamped.map((t) => t.text) } : undefined;
}

const SIGNALS = [digitsGluedInside, generatorPhrase, randomLetters, pseudoWords, rareWordSalad, longKeywordChain, counterSuffix, embeddedDigitRun];

export function nameSignals(name: string): NameSignal[] {
  const shape = nameShape(name);
  return SIGNALS.map((signal) => signal(shape)).filter((s): s is NameSignal => s !== undefined);
}
