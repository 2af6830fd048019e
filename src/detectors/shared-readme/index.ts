/**
 * shared-readme (scan scope): the same README, or the same description, on many packages of one
 * scan under different names. Campaigns publish thousands of packages from one template; when a
 * project pulls in several of them, they share text that real, separately written packages never
 * share. The group is reported once (one group id, its members) and every member is raised.
 *
 * Texts are compared after normalisation (markup, link targets, digits, punctuation and case
 * dropped) and with each package's own name replaced by a placeholder, so "# zul-tiwul90" and
 * "# bella-peyek92" over the same body are the same README. Monorepo siblings (one scope, or one
 * repository) legitimately share boilerplate and are left out.
 */
import { z } from 'zod';
import type { LeanFacts, PackageFacts, ScanDetectorFinding } from '../types.js';
import { defineScanDetector, packageKey } from '../types.js';
import { safeLine } from '../../report/sanitize.js';
import { findReadmePath, nameSpellings, normaliseProse, replaceWords, repositoryUrl, sha256Hex } from '../../analysis/text.js';

export const WEIGHTS = {
  readmeGroup: 20,
  readmeGroupLarge: 30,
  descriptionGroup: 10,
  descriptionGroupLarge: 15,
} as const;

const options = z.object({
  /** Distinct package names sharing a text before it is a campaign fingerprint. */
  minGroupSize: z.number().int().min(2).default(3),
  /** Group size that earns the larger weight. */
  largeGroupSize: z.number().int().min(2).default(10),
  /** Texts shorter than this (in normalised words) are too generic to fingerprint. */
  minReadmeWords: z.number().int().positive().default(20),
  minDescriptionWords: z.number().int().positive().default(6),
  /**
   * A group whose typical member has published this many versions is an established family sharing
   * boilerplate across organisations (@aws-sdk/* and @smithy/*), not a campaign of one-shot packages.
   * Version counts come from the packument; publish times are not trusted on thin mirrors.
   */
  maintainedVersions: z.number().int().positive().default(20),
  /** Members listed in each finding's evidence. */
  maxMembersListed: z.number().int().positive().default(20),
});

type Kind = 'readme' | 'description';

/** A text's fingerprint; the README's is all the scan keeps of it once the files are released. */
interface TextPrint {
  hash: string;
  /** Hash of the text with the package's own name left in: equal only for word-for-word copies. */
  literalHash: string;
  excerpt: string;
  file?: string;
}

interface Print extends TextPrint {
  facts: LeanFacts;
}

export const sharedReadme = defineScanDetector({
  meta: {
    id: 'shared-readme',
    description: 'The same README or description on many packages of the scan under different names: a campaign fingerprint.',
    needs: ['files'],
    messages: {
      readmeGroup: 'has the same README as {others} other package(s) of this scan{sameness} (group {groupId} of {groupSize})',
      descriptionGroup: 'has the same description as {others} other package(s) of this scan{sameness} (group {groupId} of {groupSize})',
    },
    options,
  },
  summarize: (facts, o): TextPrint | undefined => readmePrint(facts, o.minReadmeWords),
  detect({ packages, options: o }) {
    const findings: ScanDetectorFinding[] = [];
    for (const kind of ['readme', 'description'] as const) {
      const groups = new Map<string, Print[]>();
      for (const { facts, summary } of packages) {
        const text = kind === 'readme' ? summary : descriptionPrint(facts, o.minDescriptionWords);
        if (!text) continue;
        const print = { facts, ...text };
        const group = groups.get(print.hash) ?? [];
        group.push(print);
        groups.set(print.hash, group);
      }
      for (const [hash, group] of groups) {
        const names = new Set(group.map((p) => p.facts.name));
        if (names.size < o.minGroupSize || isOneProject(group) || isOneAuthorsFamily(group) || isMaintained(group, o.maintainedVersions)) continue;
        findings.push(...groupFindings(kind, hash, group, names.size, o));
      }
    }
    return { findings };
  },
});

function groupFindings(kind: Kind, hash: string, group: Print[], groupSize: number, o: z.output<typeof options>): ScanDetectorFinding[] {
  const large = groupSize >= o.largeGroupSize;
  const weight = kind === 'readme' ? (large ? WEIGHTS.readmeGroupLarge : WEIGHTS.readmeGroup) : large ? WEIGHTS.descriptionGroupLarge : WEIGHTS.descriptionGroup;
  const groupId = hash.slice(0, 12);
  const members = [...new Set(group.map((p) => packageKey(p.facts)))].sort();
  // The message must be true as written: texts equal only once each one's own name is set aside say so.
  const wordForWord = new Set(group.map((p) => p.literalHash)).size === 1;
  const sameness = wordForWord ? ', word for word' : ", apart from each package's own name";
  return group.map((print) => ({
    packageKey: packageKey(print.facts),
    messageId: kind === 'readme' ? 'readmeGroup' : 'descriptionGroup',
    data: { others: groupSize - 1, groupId, groupSize, sameness },
    weight,
    evidence: {
      ...(print.file ? { file: print.file } : { field: 'description' }),
      excerpt: print.excerpt,
      groupId,
      groupSize,
      wordForWord,
      members: members.slice(0, o.maxMembersListed).map((m) => safeLine(m, 120)),
    },
  }));
}

function readmePrint(facts: PackageFacts, minWords: number): TextPrint | undefined {
  if (!facts.files) return undefined;
  const file = findReadmePath(facts.files);
  const text = file ? facts.files.readText(file) : undefined;
  if (!file || text === undefined) return undefined;
  const literal = normaliseProse(text);
  const normalised = withoutOwnName(literal, facts.name);
  if (normalised.split(' ').filter(Boolean).length < minWords) return undefined;
  return { hash: sha256Hex(normalised), literalHash: sha256Hex(literal), excerpt: safeLine(firstLine(text), 160), file };
}

function descriptionPrint(facts: LeanFacts, minWords: number): TextPrint | undefined {
  const description = facts.manifest?.description ?? facts.versionMeta?.description;
  if (typeof description !== 'string') return undefined;
  const literal = normaliseProse(description);
  const normalised = withoutOwnName(literal, facts.name);
  if (normalised.split(' ').filter(Boolean).length < minWords) return undefined;
  return { hash: sha256Hex(normalised), literalHash: sha256Hex(literal), excerpt: safeLine(description, 160) };
}

/** Replaces the package's own name (in the spellings a README uses) by a placeholder. */
function withoutOwnName(normalised: string, name: string): string {
  let text = normalised;
  const spellings = nameSpellings(name)
    .map((s) => normaliseProse(s))
    .filter((s) => s.length >= 3)
    .sort((a, b) => b.length - a.length);
  // Whole words only, longest spelling first, so "@scope/name" is replaced before "scope".
  for (const s of spellings) text = replaceWords(text, s, 'pkgname');
  return text;
}

/** One scope, or one repository: a monorepo's packages, which share boilerplate honestly. */
function isOneProject(group: Print[]): boolean {
  const scopes = new Set(group.map((p) => /^@[^/]+\//.exec(p.facts.name)?.[0] ?? ''));
  if (scopes.size === 1 && !scopes.has('')) return true;
  const repos = new Set(group.map((p) => repositoryUrl(p.facts.manifest?.repository ?? p.facts.versionMeta?.repository)?.toLowerCase() ?? ''));
  return repos.size === 1 && !repos.has('');
}

/**
 * One author's family of small packages (ljharb's async-function / generator-function shims): every
 * member names a repository of its own, named after the package, no two the same, and one person is
 * the author of all. A template campaign has no repositories, or one shared by the whole batch.
 */
function isOneAuthorsFamily(group: Print[]): boolean {
  const repos = group.map((p) => repositoryUrl(p.facts.manifest?.repository ?? p.facts.versionMeta?.repository)?.toLowerCase());
  const ownNamed = group.every((p, i) => {
    const repoName = repos[i]?.replace(/\.git$/, '').split('/').pop();
    return repoName !== undefined && repoName === p.facts.name.replace(/^@[^/]+\//, '').toLowerCase();
  });
  if (!ownNamed || new Set(repos).size !== group.length) return false;
  const authors = group.map((p) => authorOf(p.facts));
  return authors.every((a) => a !== undefined && a === authors[0]);
}

function authorOf(facts: LeanFacts): string | undefined {
  const author = facts.manifest?.author ?? facts.versionMeta?.author;
  const text = typeof author === 'string' ? author.replace(/[<(].*$/, '') : author && typeof author === 'object' ? (author as { name?: unknown }).name : undefined;
  return typeof text === 'string' && text.trim() !== '' ? text.trim().toLowerCase() : undefined;
}

function isMaintained(group: Print[], minVersions: number): boolean {
  const counts = group.map((p) => Object.keys(p.facts.packument?.versions ?? {}).length).sort((a, b) => a - b);
  const median = counts[Math.floor(counts.length / 2)] ?? 0;
  return median >= minVersions;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '') ?? '';
}

