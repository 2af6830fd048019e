/**
 * readme-spam: READMEs and metadata that advertise something other than software, or that are a
 * starter template nobody edited. Judges the README shipped in the locked version's tarball (the
 * packument's top-level `readme` belongs to the latest version only and thin registries omit it),
 * plus the description and keywords of the version.
 *
 * Signals (each its own finding and weight):
 *   linkFarm        many links to one or two unrelated sites, dense in the text or repeated
 *   spamLinks       unrelated links whose anchor, address or line carries spam vocabulary
 *   shorteners      links through URL shorteners
 *   spamVocabulary  lexicon phrases (lexicon.ts) at a density no technical README reaches
 *   stockReadme     a project starter's README (stock-templates.ts), or a description copied from one
 *   readmeEmpty / readmeNameOnly
 *   mismatch        a substantial README that never names the package, its bin or its repository
 *   keywordStuffing dozens of keywords, mostly unrelated to the text, or repeated
 */
import { z } from 'zod';
import type { DetectorFinding, UnavailableSignal } from '../types.js';
import { definePackageDetector } from '../types.js';
import { safeLine, stripControl } from '../../report/sanitize.js';
import { extractLinks, findReadmePath, lineAt, nameSpellings, normaliseProse, repositoryUrl, stripMarkup, wordCount, words as wordsOf } from '../../analysis/text.js';
import { findLexiconHits, prepareForLexicon, type LexiconHit } from './lexicon.js';
import { classifyLinks, ownSites, type ClassifiedLink } from './links.js';
import { matchStockReadme, matchStockSentence } from '../../analysis/stock-templates.js';
import { setAsideSponsorSections } from './sponsors.js';

export const WEIGHTS = {
  linkFarm: 25,
  spamLinks: 20,
  shortenersMany: 15,
  shortenerOne: 5,
  vocabularyDense: 40,
  vocabularyMedium: 30,
  vocabularyLight: 20,
  stockReadme: 40,
  stockReadmeEdited: 10,
  stockDescription: 15,
  readmeEmpty: 8,
  readmeNameOnly: 10,
  mismatch: 10,
  keywordStuffing: 10,
  keywordStuffingHeavy: 20,
} as const;

const options = z.object({
  /** Unrelated links needed before link density is judged at all. */
  minFarmLinks: z.number().int().positive().default(5),
  /** Unrelated links per 100 words of README that make prose a link list. */
  farmLinksPer100Words: z.number().positive().default(4),
  /** Share of the unrelated links that go to the single most-linked site, for a farm. */
  farmTopSiteShare: z.number().min(0).max(1).default(0.4),
  /** Spam phrases needed (and their density per 100 words) for each vocabulary weight. */
  vocabularyLight: z.object({ hits: z.number(), per100Words: z.number() }).default({ hits: 3, per100Words: 1 }),
  vocabularyMedium: z.object({ hits: z.number(), per100Words: z.number() }).default({ hits: 5, per100Words: 2 }),
  vocabularyDense: z.object({ hits: z.number(), per100Words: z.number() }).default({ hits: 8, per100Words: 3 }),
  /** Share of a README's words that must come from a starter template to call it stock. */
  stockCoverage: z.number().min(0).max(1).default(0.4),
  /** A README shorter than this is never judged for "does not mention the package". */
  mismatchMinWords: z.number().int().positive().default(40),
  /** Keyword counts that start (and double) the stuffing signal. */
  stuffingMinKeywords: z.number().int().positive().default(20),
  stuffingHeavyKeywords: z.number().int().positive().default(50),
});

type Options = z.output<typeof options>;

export const readmeSpam = definePackageDetector({
  meta: {
    id: 'readme-spam',
    description: 'READMEs and metadata that are link farms, spam advertising, stock starter templates, or unrelated to the package.',
    needs: ['files'],
    messages: {
      linkFarm: 'README links {unrelatedLinks} times to {unrelatedSites} unrelated site(s) ({linksPer100Words} per 100 words), most to {topSite}',
      spamLinks: 'README has {count} unrelated link(s) advertising spam, e.g. "{example}"',
      shorteners: 'README hides {count} link(s) behind URL shorteners ({sites})',
      spamVocabulary: 'README/description use spam vocabulary {hits} times ({per100Words} per 100 words; {categories})',
      stockReadme: 'README is the unchanged {template} starter README ({coveragePercent}% of its text)',
      stockReadmeEdited: 'README starts from the {template} starter README',
      stockDescription: 'description is a line of the {template} starter README',
      readmeEmpty: 'README is empty',
      readmeNameOnly: 'README holds only the package name',
      mismatch: 'README ({words} words) never mentions the package, its bin or its repository{titleNote}',
      keywordStuffing: '{count} keywords, {unrelatedPercent}% unrelated to the README and description, {duplicates} repeated',
    },
    options,
  },
  detect({ facts, options: o }) {
    const findings: DetectorFinding[] = [];
    const unavailable: UnavailableSignal[] = [];
    const manifest: Record<string, unknown> = facts.manifest ?? (facts.versionMeta as Record<string, unknown> | undefined) ?? {};
    const description = typeof manifest.description === 'string' ? manifest.description : '';
    const keywords = Array.isArray(manifest.keywords) ? manifest.keywords.filter((k): k is string => typeof k === 'string') : [];

    let readme: string | undefined;
    let readmePath: string | undefined;
    if (!facts.files) {
      unavailable.push({ signal: 'README', reason: 'the tarball was not read; only description and keywords were judged' });
    } else {
      readmePath = findReadmePath(facts.files);
      readme = readmePath ? facts.files.readText(readmePath) : undefined;
      if (readmePath && readme === undefined) unavailable.push({ signal: 'README', reason: `${readmePath} was not captured (too large or not text)` });
    }
    const readmeFile = readmePath ?? 'README';

    // Sponsor walls list what the funders sell, not what the package is (sponsors.ts).
    const ownText = readme === undefined ? undefined : setAsideSponsorSections(readme).text;
    const vocabulary = judgeVocabulary(ownText ?? '', readmeFile, description, keywords, o);
    if (readme !== undefined) {
      findings.push(...judgeLinks(ownText ?? readme, readmeFile, { ...manifest, name: facts.name }, vocabulary.length > 0, o));
      findings.push(...judgeShape(readme, readmeFile, facts.name, manifest, o));
    }
    findings.push(...vocabulary);
    const stockDescription = description ? matchStockSentence(description) : undefined;
    if (stockDescription) {
      findings.push({
        messageId: 'stockDescription',
        data: { template: stockDescription.template },
        weight: WEIGHTS.stockDescription,
        evidence: { field: 'description', excerpt: safeLine(description, 200), template: stockDescription.template },
      });
    }
    const stuffing = judgeKeywords(keywords, facts.name, `${readme ?? ''}\n${description}`, o);
    if (stuffing) findings.push(stuffing);
    return { findings, unavailable };
  },
});

function judgeLinks(readme: string, file: string, manifest: Record<string, unknown>, textIsSpam: boolean, o: Options): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  const links = classifyLinks(
    extractLinks(readme).filter((l) => !l.image),
    ownSites(manifest),
  );
  const words = Math.max(1, wordCount(stripMarkup(readme)));
  // A site the README talks about by name ("works with ESLint" → eslint.org) is the package's
  // ecosystem, not a farm target: plugins link to their host tool's docs dozens of times.
  // The repository's owner and name count as "talked about": a homepage at reqkit.dev for
  // github.com/reqkit/http-request-kit is the project's own site.
  const repositoryPath = (repositoryUrl(manifest.repository) ?? '').replace(/^[a-z+]+:\/\/[^/]+/i, '').replace(/\//g, ' ');
  const proseWords = new Set(wordsOf(`${stripLinks(readme)} ${String(manifest.name ?? '')} ${String(manifest.description ?? '')} ${repositoryPath}`.toLowerCase()));
  const discussed = (l: ClassifiedLink) => l.kind === 'unrelated' && proseWords.has(siteLabel(l.site));
  const unrelated = links.filter((l) => (l.kind === 'unrelated' && !discussed(l)) || l.kind === 'shortener');
  const perSite = countBy(unrelated.map((l) => l.site));
  const [topSite, topCount] = [...perSite.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const perUrl = countBy(unrelated.map((l) => l.url));
  const maxRepeat = Math.max(0, ...perUrl.values());
  const linksPer100Words = round1((unrelated.length / words) * 100);
  // Farms point at one to three sites; real docs spread their outside links over many.
  const concentrated = unrelated.length > 0 && (perSite.size <= 3 || topCount / unrelated.length >= o.farmTopSiteShare);
  // Dense, or repeated and still half as dense: long real READMEs (axios, safe-buffer) repeat an
  // outside link now and then, but at under 2 per 100 words.
  const dense = linksPer100Words >= o.farmLinksPer100Words || (maxRepeat >= 3 && linksPer100Words >= o.farmLinksPer100Words / 2);
  if (unrelated.length >= o.minFarmLinks && concentrated && dense) {
    const first = unrelated[0]!;
    findings.push({
      messageId: 'linkFarm',
      data: { unrelatedLinks: unrelated.length, unrelatedSites: perSite.size, linksPer100Words, topSite: safeLine(topSite, 80) },
      weight: WEIGHTS.linkFarm,
      evidence: {
        file,
        line: first.line,
        excerpt: safeLine(first.url, 160),
        links: links.length,
        unrelatedLinks: unrelated.length,
        sites: [...perSite.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([site, count]) => `${safeLine(site, 80)} ×${count}`),
        maxRepeatOfOneUrl: maxRepeat,
        linksPer100Words,
        readmeWords: words,
      },
    });
  }

  const lines = readme.split('\n');
  // In a text already judged spam, every link to an unrelated site is the advertisement.
  const spammy = unrelated.filter((l) => textIsSpam || linkAdvertisesSpam(l, lines[l.line - 1] ?? ''));
  if (spammy.length >= 2) {
    findings.push({
      messageId: 'spamLinks',
      data: { count: spammy.length, example: safeLine(spammy[0]!.url, 120) },
      weight: WEIGHTS.spamLinks,
      evidence: { file, line: spammy[0]!.line, excerpt: safeLine(lines[spammy[0]!.line - 1] ?? '', 200), links: spammy.slice(0, 10).map((l) => safeLine(l.url, 160)) },
    });
  }

  const shortened = links.filter((l) => l.kind === 'shortener');
  if (shortened.length > 0) {
    const sites = [...new Set(shortened.map((l) => l.site))];
    findings.push({
      messageId: 'shorteners',
      data: { count: shortened.length, sites: safeLine(sites.join(', '), 120) },
      weight: shortened.length >= 2 ? WEIGHTS.shortenersMany : WEIGHTS.shortenerOne,
      evidence: { file, line: shortened[0]!.line, excerpt: safeLine(shortened[0]!.url, 160), links: shortened.slice(0, 10).map((l) => safeLine(l.url, 160)) },
    });
  }
  return findings;
}

/** Call-to-action anchors of link farms, in the languages the lexicon covers. */
const CALL_TO_ACTION = /\b(?:watch|download|stream|click\s+here|visit|play|claim|get\s+(?:it\s+)?(?:now|free)|daftar|login|nonton|descargar|baixar|assistir|ver\s+ahora|regarder|télécharger|смотреть|скачать)\b/iu;

function linkAdvertisesSpam(link: ClassifiedLink, line: string): boolean {
  const text = prepareForLexicon(`${link.text} ${link.url.replace(/[-_/.]+/g, ' ')} ${line}`);
  return findLexiconHits(text).length > 0 || (CALL_TO_ACTION.test(link.text) && findLexiconHits(prepareForLexicon(line)).length > 0);
}

function judgeShape(readme: string, file: string, name: string, manifest: Record<string, unknown>, o: Options): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  const prose = normaliseProse(readme);
  if (prose === '') {
    findings.push({ messageId: 'readmeEmpty', weight: WEIGHTS.readmeEmpty, evidence: { file, bytes: Buffer.byteLength(readme) } });
    return findings;
  }
  const spellings = nameSpellings(name).map(normaliseProse);
  if (spellings.includes(prose)) {
    findings.push({ messageId: 'readmeNameOnly', weight: WEIGHTS.readmeNameOnly, evidence: { file, line: 1, excerpt: safeLine(readme, 120) } });
    return findings;
  }

  const stock = matchStockReadme(readme);
  if (stock) {
    const full = stock.coverage >= o.stockCoverage;
    findings.push({
      messageId: full ? 'stockReadme' : 'stockReadmeEdited',
      data: { template: stock.template, coveragePercent: Math.round(stock.coverage * 100) },
      weight: full ? WEIGHTS.stockReadme : WEIGHTS.stockReadmeEdited,
      evidence: { file, template: stock.template, matchedSentences: stock.matched.slice(0, 6), coveragePercent: Math.round(stock.coverage * 100) },
    });
  }

  const words = wordCount(stripMarkup(readme));
  if (words >= o.mismatchMinWords) {
    const lower = ` ${prose} `;
    const rawLower = readme.toLowerCase();
    const mentions = [...spellings, ...binNames(manifest).map(normaliseProse), ...repositoryNames(manifest).map(normaliseProse)].filter((s) => s.length >= 2);
    const mentioned = mentions.some((s) => lower.includes(` ${s} `)) || nameSpellings(name).some((s) => rawLower.includes(s)) || mentionsEveryNameWord(name, lower);
    const title = firstTitle(readme);
    // A README copied from a sibling of the same family (typed-array-byte-length's README is titled
    // typed-array-byte-offset) is a maintainer's slip, not a README about another project.
    if (!mentioned && !(title && namesASibling(title, name))) {
      findings.push({
        messageId: 'mismatch',
        data: { words, titleNote: title ? `; its title is "${safeLine(title, 80)}"` : '' },
        weight: WEIGHTS.mismatch,
        evidence: { file, line: 1, excerpt: safeLine(title ?? readme, 160), readmeWords: words, lookedFor: mentions.slice(0, 8).map((m) => safeLine(m, 80)) },
      });
    }
  }
  return findings;
}

function judgeVocabulary(readme: string, file: string, description: string, keywords: string[], o: Options): DetectorFinding[] {
  const sources: { field: string; text: string }[] = [
    { field: file, text: readme },
    { field: 'description', text: description },
    { field: 'keywords', text: keywords.join(', ') },
  ];
  const hits: (LexiconHit & { field: string; line: number })[] = [];
  let words = 0;
  for (const source of sources) {
    if (source.text === '') continue;
    const prepared = prepareForLexicon(stripControl(source.text));
    words += wordCount(stripMarkup(source.text));
    for (const hit of findLexiconHits(prepared)) hits.push({ ...hit, field: source.field, line: lineAt(prepared, hit.index) });
  }
  if (hits.length === 0) return [];
  const per100Words = round1((hits.length / Math.max(1, words)) * 100);
  const distinctEntries = new Set(hits.map((h) => h.entry.id)).size;
  // Two different phrases, or one phrase hammered (at least 4 times, twice the density): a single
  // phrase said once or twice is how technical text brushes against the vocabulary.
  const varied = (t: { hits: number; per100Words: number }) => distinctEntries >= 2 || (hits.length >= Math.max(4, t.hits) && per100Words >= 2 * t.per100Words);
  const meets = (t: { hits: number; per100Words: number }) => hits.length >= t.hits && per100Words >= t.per100Words && varied(t);
  const weight = meets(o.vocabularyDense) ? WEIGHTS.vocabularyDense : meets(o.vocabularyMedium) ? WEIGHTS.vocabularyMedium : meets(o.vocabularyLight) ? WEIGHTS.vocabularyLight : 0;
  if (weight === 0) return [];
  const categories = [...new Set(hits.map((h) => h.entry.category))];
  const languages = [...new Set(hits.flatMap((h) => h.entry.languages))];
  const first = hits[0]!;
  return [
    {
      messageId: 'spamVocabulary',
      data: { hits: hits.length, per100Words, categories: categories.join(', ') },
      weight,
      evidence: {
        ...(first.field === file ? { file } : { field: first.field }),
        line: first.line,
        excerpt: safeLine(first.text, 120),
        phrases: [...new Set(hits.map((h) => safeLine(h.text, 60)))].slice(0, 12),
        categories,
        languages,
        hits: hits.length,
        distinctPhrases: distinctEntries,
        per100Words,
        words,
      },
    },
  ];
}

function judgeKeywords(keywords: string[], name: string, text: string, o: Options): DetectorFinding | undefined {
  if (keywords.length < o.stuffingMinKeywords) return undefined;
  const normalisedText = ` ${normaliseProse(`${text} ${name}`)} `;
  const normalisedKeywords = keywords.map((k) => normaliseProse(k)).filter((k) => k !== '');
  const unrelated = normalisedKeywords.filter((k) => !k.split(' ').some((w) => w.length >= 3 && normalisedText.includes(` ${w} `)));
  // Exact repeats (case-insensitive): "utf8"/"utf-8" or "es5"/"es6" are different keywords.
  const exact = keywords.map((k) => k.trim().toLowerCase());
  const duplicates = exact.length - new Set(exact).size;
  const unrelatedShare = unrelated.length / Math.max(1, normalisedKeywords.length);
  const spamKeywords = findLexiconHits(prepareForLexicon(keywords.join(', '))).length;
  // Real packages list synonyms the README never uses (sindresorhus-style lists run 20–60, file-type
  // 200 related ones); stuffing is spam phrases, a fifth of the list repeated, or dozens of keywords
  // almost none of which the text is about.
  const stuffed = spamKeywords >= 3 || (duplicates >= 5 && duplicates / keywords.length >= 0.2) || (keywords.length >= 30 && unrelatedShare >= 0.8);
  if (!stuffed) return undefined;
  return {
    messageId: 'keywordStuffing',
    data: { count: keywords.length, unrelatedPercent: Math.round(unrelatedShare * 100), duplicates },
    weight: keywords.length >= o.stuffingHeavyKeywords ? WEIGHTS.keywordStuffingHeavy : WEIGHTS.keywordStuffing,
    evidence: {
      field: 'keywords',
      excerpt: safeLine(keywords.slice(0, 12).join(', '), 200),
      keywords: keywords.length,
      unrelatedKeywords: unrelated.length,
      duplicateKeywords: duplicates,
      spamKeywordHits: spamKeywords,
    },
  };
}

/**
 * A short name (up to three words) whose words all appear in the README, in any order or number:
 * "SPDX license exceptions" talks about spdx-exceptions. Long keyword-chain names (SEO spam) do
 * not get this leniency; their words are in the text by construction.
 */
function mentionsEveryNameWord(name: string, paddedProse: string): boolean {
  const nameWords = normaliseProse(name.replace(/^@[^/]+\//, '')).split(' ').filter((w) => w.length >= 2);
  if (nameWords.length === 0 || nameWords.length > 3) return false;
  return nameWords.every((w) => paddedProse.includes(` ${w} `) || paddedProse.includes(` ${w.replace(/s$/, '')} `) || paddedProse.includes(` ${w}s `));
}

/**
 * Whether the title names a package that differs from `name` in exactly one of its words, sharing at
 * least two (`typed-array-byte-offset` for typed-array-byte-length, `array.prototype.findlast` for
 * array.prototype.findlastindex): a sibling of one family.
 */
function namesASibling(title: string, name: string): boolean {
  const partsOf = (n: string) => n.toLowerCase().replace(/^@[^/]+\//, '').split(/[-_.]+/).filter(Boolean);
  const own = partsOf(name);
  if (own.length < 3) return false;
  return title.split(/\s+/).some((token) => {
    const other = partsOf(token.replace(/^[^a-z0-9@]+|[^a-z0-9]+$/gi, ''));
    if (other.length !== own.length || other.join('-') === own.join('-')) return false;
    return other.filter((w, i) => w !== own[i]).length === 1;
  });
}

function binNames(manifest: Record<string, unknown>): string[] {
  const bin = manifest.bin;
  if (typeof bin === 'object' && bin !== null) return Object.keys(bin);
  return [];
}

function repositoryNames(manifest: Record<string, unknown>): string[] {
  const url = repositoryUrl(manifest.repository);
  const last = url?.split('/').filter(Boolean).pop();
  return last ? [last] : [];
}

function firstTitle(readme: string): string | undefined {
  const markdown = /^\s{0,3}#\s+(.+?)\s*#*\s*$/m.exec(readme)?.[1];
  const html = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(readme)?.[1];
  const title = markdown ?? html;
  return title ? stripMarkup(title).trim() || undefined : undefined;
}

/** README text without link targets or bare URLs, so a domain name only counts when written as prose. */
function stripLinks(readme: string): string {
  return stripMarkup(readme).replace(/\bhttps?:\/\/\S+/g, ' ');
}

/** `eslint` for eslint.org, `moviesflixhd` for moviesflixhd.xyz: the name a text would use for the site. */
function siteLabel(site: string): string {
  return (site.split('.')[0] ?? '').toLowerCase();
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

