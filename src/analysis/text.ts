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

function readmeRank(path: string): number {
  if (/\.(?:md|markdown)$/i.test(path)) return 0;
  if (!path.includes('.')) return 1;
  return 2;
}

/**
 * JavaScript with comments removed and whitespace collapsed, so two files that differ only in
 * formatting compare equal and "how much code is there" is measured on what runs.
 * A small scanner that respects strings and template literals; regular expression literals are
 * recognised by the usual "what came before the slash" rule, which is enough for measuring.
 */
export function compactJavaScript(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  let lastSignificant = '';
  while (i < n) {
    // Ordinary code up to the next slash, quote or whitespace is copied in one piece: the scan is
    // per character only where the meaning can change (this runs over every file of every package).
    SPECIAL.lastIndex = i;
    const special = SPECIAL.exec(source);
    const j = special ? special.index : n;
    if (j > i) {
      out += source.slice(i, j);
      lastSignificant = source[j - 1]!;
      i = j;
      if (i >= n) break;
    }
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
      out += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      out += ' ';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      i++;
      while (i < n && source[i] !== c) {
        if (source[i] === '\\') i++;
        if (c !== '`' && source[i] === '\n') break;
        i++;
      }
      i++;
      out += source.slice(start, i);
      lastSignificant = c;
      continue;
    }
    if (c === '/' && regexCanStartAfter(lastSignificant)) {
      const start = i;
      i++;
      let inClass = false;
      while (i < n && source[i] !== '\n') {
        const ch = source[i];
        if (ch === '\\') i++;
        else if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if (ch === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(source[i]!)) i++;
      out += source.slice(start, i);
      lastSignificant = '/';
      continue;
    }
    if (c !== '/') {
      // A run of whitespace: one space (collapseCodeWhitespace makes any run one space anyway).
      WHITESPACE.lastIndex = i;
      WHITESPACE.exec(source);
      i = WHITESPACE.lastIndex;
      out += ' ';
      continue;
    }
    out += c;
    lastSignificant = c;
    i++;
  }
  return collapseCodeWhitespace(out);
}

const SPECIAL = /[/"'`\s]/g;
const WHITESPACE = /\s+/y;

function regexCanStartAfter(previous: string): boolean {
  return previous === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(previous);
}

/**
 * Drops whitespace that separates nothing (around punctuation), keeps one space between words.
 * Only a punctuation mark with a space beside it is rewritten: matching every mark and putting it
 * back unchanged made this most of the cost of fingerprinting a package's code.
 */
function collapseCodeWhitespace(code: string): string {
  return code
    .replace(/\s+/g, ' ')
    .replace(/ ([{}()[\];,:=+\-*/<>!&|?.]) ?|([{}()[\];,:=+\-*/<>!&|?.]) /g, '$1$2')
    .trim();
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Prose normalised for comparison: Markdown/HTML markup and link targets dropped (anchor text kept),
 * case folded, punctuation and digits removed, whitespace collapsed. Two READMEs that differ only in
 * formatting, numbers or link addresses normalise to the same string.
 */
export function normaliseProse(text: string): string {
  return stripMarkup(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\d]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Removes code fences' markers, HTML tags, image and link targets, emphasis and heading marks. */
export function stripMarkup(text: string): string {
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

/**
 * Length of a text in "words" that is fair to scripts written without spaces: a run of CJK/kana
 * characters counts roughly one word per two characters, like the usual reading-speed estimates.
 */
export function wordCount(text: string): number {
  let count = 0;
  for (const w of words(text)) {
    const cjk = w.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
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

/**
 * Every absolute http(s) link in a Markdown/HTML text, one entry per occurrence (repeats count:
 * a link farm repeats the same target). A Markdown link `[text](url)` counts once, not twice.
 */
export function extractLinks(text: string): TextLink[] {
  const links: TextLink[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, index) => {
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

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  // Callers ask for many offsets of the same text (one per hit): index it once.
  if (lastIndexed.text !== text) lastIndexed = { text, index: createLineIndex(text) };
  return lastIndexed.index.line(offset);
}
let lastIndexed = { text: '', index: createLineIndex('') };

/** A package name's lowercase spellings a README would use to talk about it. */
export function nameSpellings(name: string): string[] {
  const lower = name.toLowerCase();
  const unscoped = lower.replace(/^@[^/]+\//, '');
  const scope = /^@([^/]+)\//.exec(lower)?.[1];
  const spaced = unscoped.replace(/[-_.]+/g, ' ').trim();
  const joined = unscoped.replace(/[-_.]+/g, '');
  return [...new Set([lower, unscoped, spaced, joined, ...(scope ? [scope] : [])].filter((s) => s.length >= 2))];
}
