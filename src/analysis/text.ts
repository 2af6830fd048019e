/**
 * Text helpers shared by the content detectors (empty-code, template-app, code-clone, readme-spam,
 * shared-readme): which files count as code, where the README is, how to compare two texts
 * "by content" (normalise, then hash), and how to pull links and words out of Markdown.
 *
 * Everything here is pure string work: package files are never executed or parsed as modules.
 */
import { createHash } from 'node:crypto';
import type { PackageFiles } from '../package-files/types.js';
import { createLineIndex } from '../util/line-index.js';

/** Files whose bytes run: JavaScript and its compile-to-JS cousins, native addons and WebAssembly. */
const CODE_EXTENSION = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|vue|svelte|coffee|node|wasm)$/i;
/** Declaration files describe code without being code; a types-only package ships only these. */
const DECLARATION_EXTENSION = /\.d\.[cm]?ts$/i;

export function isDeclarationPath(path: string): boolean {
  return DECLARATION_EXTENSION.test(path);
}

export function isCodePath(path: string): boolean {
  return CODE_EXTENSION.test(path) && !isDeclarationPath(path);
}

/** JavaScript we can measure as text (not binaries such as .node/.wasm). */
export function isScriptPath(path: string): boolean {
  return /\.(?:[cm]?js|jsx)$/i.test(path);
}

const README_NAME = /^readme(?:\.(?:md|markdown|mdown|mkdn|txt|rst|adoc|org))?$/i;

/** The package's own README: a root-level readme file, Markdown preferred (npm's own choice order). */
export function findReadmePath(files: PackageFiles): string | undefined {
  const candidates = files.entries.filter((e) => e.type === 'file' && !e.path.includes('/') && README_NAME.test(e.path)).map((e) => e.path);
  candidates.sort((a, b) => readmeRank(a) - readmeRank(b) || a.localeCompare(b));
  return candidates[0];
}

/** The first `chars` characters of the package's README ('' when it has none): where a package says what it is. */
export function readmeHead(files: PackageFiles, chars: number): string {
  const path = findReadmePath(files);
  return path !== undefined ? (files.readText(path) ?? '').slice(0, chars) : '';
}

function readmeRank(path: string): number {
  if (/\.(?:md|markdown)$/i.test(path)) return 0;
  if (!path.includes('.')) return 1;
  return 2;
}

/**
 * JavaScript with comments removed and whitespace collapsed, so two files that differ only in
 * formatting compare equal and "how much code is there" is measured on what runs: every run of
 * whitespace (inside string literals too) is one space, a space beside punctuation is dropped, and
 * so are spaces at either end.
 * A small scanner that respects strings and template literals; regular expression literals are
 * recognised by the usual "what came before the slash" rule, which is enough for measuring.
 */
export function compactJavaScript(source: string): string {
  const out = new CompactOutput(source.length);
  let i = 0;
  const n = source.length;
  let lastSignificant = -1;
  while (i < n) {
    // Ordinary code up to the next slash, quote or whitespace is copied in one piece: the scan is
    // per character only where the meaning can change (this runs over every file of every package).
    let j = i;
    while (j < n && !isSpecial(source.charCodeAt(j))) j++;
    if (j > i) {
      out.copy(source, i, j);
      lastSignificant = source.charCodeAt(j - 1);
      i = j;
      if (i >= n) break;
    }
    const c = source.charCodeAt(i);
    // Never charCodeAt past the end: its NaN deoptimised this loop (V8 had compiled it for small
    // integers), and it was compiled again, 13 times in one scan.
    const next = i + 1 < n ? source.charCodeAt(i + 1) : -1;
    if (c === SLASH && next === SLASH) {
      while (i < n && source.charCodeAt(i) !== NEWLINE) i++;
      out.space();
      continue;
    }
    if (c === SLASH && next === STAR) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      out.space();
      continue;
    }
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === BACKTICK) {
      const start = i;
      i = stringEnd(source, i, c);
      out.literal(source, start, Math.min(i, n));
      lastSignificant = c;
      continue;
    }
    if (c === SLASH && regexCanStartAfter(lastSignificant)) {
      const start = i;
      i = regexEnd(source, i);
      out.literal(source, start, Math.min(i, n));
      lastSignificant = SLASH;
      continue;
    }
    if (c !== SLASH) {
      while (i < n && isWhitespace(source.charCodeAt(i))) i++;
      out.space();
      continue;
    }
    out.copy(source, i, i + 1);
    lastSignificant = SLASH;
    i++;
  }
  return out.text();
}

const [SLASH, STAR, NEWLINE, BACKSLASH, DOUBLE_QUOTE, SINGLE_QUOTE, BACKTICK] = ['/', '*', '\n', '\\', '"', "'", '`'].map((ch) => ch.charCodeAt(0)) as [number, number, number, number, number, number, number];

/** Character classes by code, for the ASCII range: the scanner asks per character. */
const ASCII_WHITESPACE = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r') ASCII_WHITESPACE[ch.charCodeAt(0)] = 1;
const ASCII_SPECIAL = ASCII_WHITESPACE.slice();
for (const ch of '/"\'`') ASCII_SPECIAL[ch.charCodeAt(0)] = 1;
/** Punctuation that needs no space beside it. */
const PUNCTUATION = new Uint8Array(128);
for (const ch of '{}()[];,:=+-*/<>!&|?.') PUNCTUATION[ch.charCodeAt(0)] = 1;
/** After these, a slash starts a regular expression rather than dividing. */
const BEFORE_REGEX = new Uint8Array(128);
for (const ch of '(,=:[!&|?{};+-*%<>~^') BEFORE_REGEX[ch.charCodeAt(0)] = 1;

/** JavaScript's `\s`: ASCII whitespace, the Unicode spaces, line and paragraph separators, BOM. */
function isWhitespace(code: number): boolean {
  if (code < 128) return ASCII_WHITESPACE[code] === 1;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isSpecial(code: number): boolean {
  return code < 128 ? ASCII_SPECIAL[code] === 1 : isWhitespace(code);
}

function regexCanStartAfter(previous: number): boolean {
  return previous === -1 || (previous < 128 && BEFORE_REGEX[previous] === 1);
}

/** Just past a string literal opened at `i`; a quote (not a backtick) also ends at a line break, which is kept. */
function stringEnd(source: string, i: number, quote: number): number {
  const n = source.length;
  i++;
  while (i < n && source.charCodeAt(i) !== quote) {
    if (source.charCodeAt(i) === BACKSLASH) i++;
    if (quote !== BACKTICK && source.charCodeAt(i) === NEWLINE) break;
    i++;
  }
  return i + 1;
}

/** Just past a regular expression literal opened at `i`, flags included; an unclosed one ends after its line. */
function regexEnd(source: string, i: number): number {
  const n = source.length;
  i++;
  let inClass = false;
  while (i < n && source.charCodeAt(i) !== NEWLINE) {
    const ch = source.charCodeAt(i);
    if (ch === BACKSLASH) i++;
    else if (ch === 0x5b) inClass = true;
    else if (ch === 0x5d) inClass = false;
    else if (ch === SLASH && !inClass) break;
    i++;
  }
  i++;
  while (i < n && isAsciiLetter(source.charCodeAt(i))) i++;
  return i;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * The compacted text, built as it is scanned into one reused buffer of character codes: a run of
 * whitespace becomes one space, written only once the next character shows that neither side is
 * punctuation. Collapsing and trimming with regular expressions afterwards copied every file three
 * more times (and joining the pieces cost as much again); code-clone compacts every JavaScript
 * file of every package.
 */
class CompactOutput {
  private codes: Uint16Array;
  private length = 0;
  private pendingSpace = false;
  /** Last character written, -1 before the first. */
  private last = -1;
  /** Highest character code written: below 256, the text is decoded as Latin-1 (one byte a character). */
  private highest = 0;

  /** `capacity`: the source's length, which the output never exceeds. */
  constructor(capacity: number) {
    // One buffer per thread for files up to 2 Mi characters (package files are kept to 1 MiB);
    // anything longer gets its own, so no thread keeps a giant buffer. The shared one is made once
    // at full size (4 MB): growing it replaced a module variable the compiled scanner depended on,
    // and each replacement threw that compiled code away.
    this.codes = capacity > SHARED_MAX ? new Uint16Array(capacity) : (shared ??= new Uint16Array(SHARED_MAX));
  }

  space(): void {
    this.pendingSpace = true;
  }

  /** Characters [from, to) of `source`, none of them whitespace. */
  copy(source: string, from: number, to: number): void {
    if (this.pendingSpace) {
      if (this.last !== -1 && !isPunctuation(this.last) && !isPunctuation(source.charCodeAt(from))) this.codes[this.length++] = 0x20;
      this.pendingSpace = false;
    }
    const codes = this.codes;
    let k = this.length;
    let highest = this.highest;
    for (let i = from; i < to; i++) {
      const code = source.charCodeAt(i);
      codes[k++] = code;
      if (code > highest) highest = code;
    }
    this.length = k;
    this.highest = highest;
    this.last = codes[k - 1]!;
  }

  /** A string or regular expression literal, copied as is except that its whitespace collapses too. */
  literal(source: string, from: number, to: number): void {
    let start = from;
    for (let k = from; k < to; k++) {
      if (!isWhitespace(source.charCodeAt(k))) continue;
      if (k > start) this.copy(source, start, k);
      this.space();
      start = k + 1;
    }
    if (start < to) this.copy(source, start, to);
  }

  text(): string {
    const codes = this.codes.subarray(0, this.length);
    if (this.highest >= 256) return Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('utf16le');
    const bytes = Buffer.allocUnsafe(codes.length);
    bytes.set(codes);
    return bytes.toString('latin1');
  }
}

const SHARED_MAX = 2 * 1024 * 1024;
let shared: Uint16Array | undefined;

function isPunctuation(code: number): boolean {
  return code < 128 && PUNCTUATION[code] === 1;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Prose normalised for comparison: Markdown/HTML markup and link targets dropped (anchor text kept),
 * case folded, punctuation and digits removed, whitespace collapsed. Two READMEs that differ only in
 * formatting, numbers or link addresses normalise to the same string.
 */
export function normaliseProse(text: string): string {
  return recentProse(text, (t) => stripMarkup(t).normalize('NFKC').toLowerCase().replace(NOT_PROSE, ' ').trim());
}

/**
 * Punctuation, symbols, digits and whitespace: each run of them becomes one space. One pass, where
 * punctuation runs were made spaces and then every run of spaces collapsed: the second pass matched
 * every single space of the text (over 1,641 real READMEs, descriptions and keyword lists,
 * normaliseProse took 130 ms, now 113). The result is the same string.
 */
const NOT_PROSE = /[\p{P}\p{S}\d\s]+/gu;

/** Removes code fences' markers, HTML tags, image and link targets, emphasis and heading marks. */
export function stripMarkup(text: string): string {
  return recentMarkup(text, stripMarkupOnce);
}

/**
 * The results for the last few long texts. One README is stripped five times and normalised four
 * (readme-spam's signals, its sponsor check, shared-readme, the stock templates, the fingerprint),
 * each a dozen regular-expression passes over the whole text; short texts (keywords, titles) cost
 * less than the lookup.
 */
function recentResults<T>(size: number): (text: string, compute: (text: string) => T) => T {
  const recent = new Map<string, T>();
  return (text, compute) => {
    if (text.length < 256) return compute(text);
    const known = recent.get(text);
    if (known !== undefined) return known;
    const result = compute(text);
    recent.set(text, result);
    if (recent.size > size) recent.delete(recent.keys().next().value!);
    return result;
  };
}

const recentProse = recentResults<string>(4);
const recentMarkup = recentResults<string>(4);
const recentWordCounts = recentResults<number>(4);

function stripMarkupOnce(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' ')
    .replace(/<[^>]{1,400}>/g, ' ')
    .replace(/[`*_~#>|]+/g, ' ');
}

/** Words in any script: letters and digits runs (Latin, Cyrillic, CJK runs count as one word each). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = new RegExp(CJK.source, 'gu');

/**
 * Length of a text in "words" that is fair to scripts written without spaces: a run of CJK/kana
 * characters counts roughly one word per two characters, like the usual reading-speed estimates.
 */
export function wordCount(text: string): number {
  // readme-spam counts the words of one stripped README three times (links, vocabulary, sponsors).
  return recentWordCounts(text, countWords);
}

function countWords(text: string): number {
  const all = words(text);
  // Without a CJK character each word counts one: most READMEs, and the per-word test below was
  // most of this function (a regular expression per word, over every README three times).
  if (!CJK.test(text)) return all.length;
  let count = 0;
  for (const w of all) {
    const cjk = w.match(CJK_ALL)?.length ?? 0;
    count += cjk > 0 ? Math.max(1, Math.ceil(cjk / 2)) + (w.length - cjk > 0 ? 1 : 0) : 1;
  }
  return count;
}

export interface TextLink {
  url: string;
  /** Lower-cased host without a leading `www.`; empty for relative links. */
  host: string;
  /** 1-based line in the text. */
  line: number;
  /** Anchor text when the link was written as Markdown/HTML, else the URL itself. */
  text: string;
  /** Inside an image (`![..](..)` or `<img>`): badges and screenshots, not navigation. */
  image: boolean;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;
const ANY_URL = /https?:\/\//i;

/**
 * Every absolute http(s) link in a Markdown/HTML text, one entry per occurrence (repeats count:
 * a link farm repeats the same target). A Markdown link `[text](url)` counts once, not twice.
 */
export function extractLinks(text: string): TextLink[] {
  const links: TextLink[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, index) => {
    // All three patterns need a scheme: most lines of a README have none, and skip three searches.
    if (!ANY_URL.test(lineText)) return;
    const taken: [number, number][] = [];
    const markdown = /(!?)\[([^\]]*)\]\((\s*<?https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\)/gi;
    for (const m of lineText.matchAll(markdown)) {
      const url = m[3]!.trim().replace(/^</, '');
      links.push(makeLink(url, index + 1, m[2] ?? url, m[1] === '!' || /!\[/.test(m[2] ?? '')));
      taken.push([m.index!, m.index! + m[0].length]);
    }
    const html = /<(a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']?(https?:\/\/[^"'\s>]+)[^>]*>([^<]*)/gi;
    for (const m of lineText.matchAll(html)) {
      links.push(makeLink(m[2]!, index + 1, m[3]?.trim() || m[2]!, m[1]!.toLowerCase() === 'img'));
      taken.push([m.index!, m.index! + m[0].length]);
    }
    for (const m of lineText.matchAll(URL_PATTERN)) {
      const at = m.index!;
      if (taken.some(([s, e]) => at >= s && at < e)) continue;
      const url = m[0].replace(/[.,;:!?]+$/, '');
      links.push(makeLink(url, index + 1, url, false));
    }
  });
  return links;
}

function makeLink(url: string, line: number, text: string, image: boolean): TextLink {
  return { url, host: hostOf(url), line, text, image };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Registrable-ish domain: the last two labels (three for common second-level public suffixes). */
export function siteOf(host: string): string {
  const labels = host.split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const secondLevel = labels[labels.length - 2]!;
  const takeThree = /^(?:co|com|net|org|gov|edu|ac|or|ne|go)$/.test(secondLevel) && labels[labels.length - 1]!.length === 2;
  return labels.slice(takeThree ? -3 : -2).join('.');
}

/** `https://github.com/owner/repo` from the many shapes `repository` takes in package.json. */
export function repositoryUrl(repository: unknown): string | undefined {
  const raw = typeof repository === 'string' ? repository : typeof repository === 'object' && repository !== null ? (repository as { url?: unknown }).url : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  let url = raw.trim().replace(/^git\+/, '').replace(/\.git$/, '');
  const shorthand = /^(github|gitlab|bitbucket):(.+)$/.exec(url);
  if (shorthand) url = `https://${shorthand[1]}.${shorthand[1] === 'bitbucket' ? 'org' : shorthand[1] === 'gitlab' ? 'com' : 'com'}/${shorthand[2]}`;
  else if (/^[\w.-]+\/[\w.-]+$/.test(url)) url = `https://github.com/${url}`;
  url = url.replace(/^git@([^:]+):/, 'https://$1/').replace(/^(?:git|ssh):\/\/(?:git@)?/, 'https://');
  return url;
}

/** A package's own names: the words of its name and scope (four letters or more), and its homepage's and repository's sites. */
export interface Ownership {
  words: Set<string>;
  hosts: Set<string>;
}

export function ownership(name: string, manifest: Record<string, unknown>): Ownership {
  const words = new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4));
  const urls = [typeof manifest.homepage === 'string' ? manifest.homepage : undefined, repositoryUrl(manifest.repository)];
  const hosts = new Set(urls.flatMap((url) => (url ? [hostOf(url)] : [])).filter((host) => host.includes('.')).map(siteOf));
  return { words, hosts };
}

/**
 * A host at the package's own site, or whose domain is a word of its name. The domain itself must
 * be the word: a look-alike wraps the brand in more (ionicio for ionic, sol-rpc for solana).
 */
export function ownsHost(own: Ownership, host: string): boolean {
  const site = siteOf(host.toLowerCase());
  return own.hosts.has(site) || own.words.has(site.split('.')[0] ?? '');
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  // Callers ask for many offsets of the same text (one per hit): index it once.
  if (lastIndexed.text !== text) lastIndexed = { text, index: createLineIndex(text) };
  return lastIndexed.index.line(offset);
}
let lastIndexed = { text: '', index: createLineIndex('') };

/** The 1-based line of a character offset and that whole line: where a finding points, in one call. */
export function lineAndExcerpt(text: string, offset: number): { line: number; excerpt: string } {
  const start = text.lastIndexOf('\n', offset) + 1;
  const end = text.indexOf('\n', offset);
  return { line: lineAt(text, offset), excerpt: text.slice(start, end < 0 ? undefined : end) };
}

/**
 * `text` with every whole-word occurrence of `phrase` replaced by `by`, where words are separated by
 * single spaces (normalised prose): what a global replace of `(?<![^ ])phrase(?![^ ])` gives, left to
 * right and non-overlapping, without a regular expression whose lookbehind is tried at every offset.
 */
export function replaceWords(text: string, phrase: string, by: string): string {
  if (phrase === '') return text;
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(phrase); at !== -1; ) {
    const end = at + phrase.length;
    if ((at === 0 || text.charCodeAt(at - 1) === 0x20) && (end === text.length || text.charCodeAt(end) === 0x20)) {
      out += text.slice(copied, at) + by;
      copied = end;
      at = text.indexOf(phrase, end);
    } else {
      at = text.indexOf(phrase, at + 1);
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A package name's lowercase spellings a README would use to talk about it. */
export function nameSpellings(name: string): string[] {
  const lower = name.toLowerCase();
  const unscoped = lower.replace(/^@[^/]+\//, '');
  const scope = /^@([^/]+)\//.exec(lower)?.[1];
  const spaced = unscoped.replace(/[-_.]+/g, ' ').trim();
  const joined = unscoped.replace(/[-_.]+/g, '');
  return [...new Set([lower, unscoped, spaced, joined, ...(scope ? [scope] : [])].filter((s) => s.length >= 2))];
}
