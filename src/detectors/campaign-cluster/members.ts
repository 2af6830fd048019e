/**
 * What the cluster detector compares between two packages of a scan: who published them, when they
 * were created, whether their names look generated, whether they ship the same files or README, and
 * whether one depends on the other. Each trait is optional because thin registries omit the fields.
 */
import { nameSignals } from '../../analysis/names/signals.js';
import { publishTimeline } from '../../analysis/timeline.js';
import { publishersOf } from '../../analysis/publishers.js';
import { findReadmePath, normaliseProse, sha256Hex } from '../../analysis/text.js';
import { packageKey, type LeanFacts, type PackageFacts } from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Member {
  key: string;
  name: string;
  publishers: string[];
  /** `time.created`, when the packument's times are trustworthy. */
  createdAtMs?: number;
  /** First to last version, in days, when the times are trustworthy. */
  historyDays?: number;
  /** The name has at least one generated-name shape. */
  generatedName: boolean;
  /** Token shapes of the name (`a-ad-a` for `zul-tiwul90-breki`), to tell one generator's names from another's. */
  nameSignature: string;
  /** Hash of the non-boilerplate files (paths and contents): identical files shipped under different names. */
  layoutKey?: string;
  /** Hash of the README's prose with the package's own name removed. */
  readmeKey?: string;
  repositoryUrl?: string;
  repositoryDirectory?: string;
  dependencyNames: string[];
}

/** Files every package may share verbatim without meaning anything. */
const BOILERPLATE = /^(?:package\.json|readme(?:\.[a-z]+)?|licen[cs]e(?:\.[a-z]+)?|copying|changelog(?:\.[a-z]+)?|history(?:\.[a-z]+)?|\.npmignore)$/i;
/** Prose shorter than this is too generic to fingerprint ("# foo"). */
const MIN_README_PROSE_CHARS = 40;

function tokenShape(token: string): string {
  if (/^[a-z]+$/.test(token)) return 'a';
  if (/^[a-z]+\d+$/.test(token)) return 'ad';
  if (/^\d+$/.test(token)) return 'd';
  return 'm';
}

function splitName(name: string): { scoped: boolean; tokens: string[]; separators: string[] } {
  const bare = name.toLowerCase().replace(/^@[^/]+\//, '');
  return { scoped: name.startsWith('@'), tokens: bare.split(/[-_.]+/).filter(Boolean), separators: bare.match(/[-_.]+/g) ?? [] };
}

function nameSignature(name: string): string {
  const { scoped, tokens, separators } = splitName(name);
  const parts = tokens.map((t, i) => tokenShape(t) + (separators[i] ?? ''));
  return (scoped ? '@/' : '') + parts.join('');
}

/**
 * Identical shipped files: text files by content hash, others (binaries, files too large to
 * capture) by size. Boilerplate (package.json, README, licence, changelog) is left out because
 * unrelated packages share it verbatim. Text is hashed as the bytes it was shipped as, where the
 * view keeps them: hashing decoded text decoded every captured file (type declarations and JSON
 * nothing else reads) and encoded it again, 80 MB each way on a 657-package tree.
 */
function layoutKey(facts: PackageFacts): string | undefined {
  const files = facts.files;
  if (!files) return undefined;
  const own = files.entries
    .filter((e) => e.type === 'file' && !BOILERPLATE.test(e.path))
    .map((e) => {
      const content = files.readBytes?.(e.path) ?? files.readText(e.path);
      return `${e.path}:${content !== undefined ? sha256Hex(content) : `${e.size} bytes`}`;
    })
    .sort();
  return own.length > 0 ? sha256Hex(own.join('\n')) : undefined;
}

/** What the cluster detector keeps of a package's files: fingerprints of its own files and its README. */
export interface FilesSummary {
  layoutKey?: string;
  /** The tarball has a readable README; its key (undefined when too short to fingerprint). */
  readme?: { key?: string };
}

export function summarizeFiles(facts: PackageFacts): FilesSummary | undefined {
  if (!facts.files) return undefined;
  const summary: FilesSummary = {};
  const layout = layoutKey(facts);
  if (layout) summary.layoutKey = layout;
  const path = findReadmePath(facts.files);
  const text = path ? facts.files.readText(path) : undefined;
  if (text !== undefined) {
    const key = text ? readmeKeyOf(text, facts.name) : undefined;
    summary.readme = key ? { key } : {};
  }
  return summary;
}

function readmeKeyOf(text: string, name: string): string | undefined {
  const bare = name.replace(/^@[^/]+\//, '');
  const prose = normaliseProse(text.split(name).join(' ').split(bare).join(' '));
  return prose.length >= MIN_README_PROSE_CHARS ? sha256Hex(prose) : undefined;
}

/** The tarball's README, else the packument's (thin tarballs ship none). */
function readmeKey(facts: LeanFacts, files: FilesSummary | undefined): string | undefined {
  if (files?.readme) return files.readme.key;
  const text = facts.packument?.readme;
  return text ? readmeKeyOf(text, facts.name) : undefined;
}

function repository(facts: LeanFacts): { url?: string; directory?: string } {
  const repo = facts.versionMeta?.repository ?? facts.packument?.repository;
  const raw = typeof repo === 'string' ? repo : repo?.url;
  const directory = typeof repo === 'object' && repo !== null && typeof repo.directory === 'string' ? repo.directory : undefined;
  const url = raw
    ?.toLowerCase()
    .replace(/^git\+/, '')
    .replace(/^[a-z]+:\/\/(?:[^@/]+@)?/, '')
    .replace(/^git@([^:]+):/, '$1/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  return { ...(url ? { url } : {}), ...(directory ? { directory } : {}) };
}

function dependencyNames(facts: LeanFacts): string[] {
  const source = (facts.manifest ?? facts.versionMeta ?? {}) as Record<string, unknown>;
  const names = new Set<string>();
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = source[field];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  return [...names];
}

export function memberOf(facts: LeanFacts, files: FilesSummary | undefined, now: Date): Member {
  const timeline = publishTimeline(facts.packument, now);
  const repo = repository(facts);
  const member: Member = {
    key: packageKey(facts),
    name: facts.name,
    publishers: publishersOf(facts),
    generatedName: nameSignals(facts.name).length > 0,
    nameSignature: nameSignature(facts.name),
    dependencyNames: dependencyNames(facts),
  };
  if (timeline.ok) {
    member.createdAtMs = timeline.createdAtMs;
    const events = timeline.events;
    member.historyDays = Math.floor((events[events.length - 1]!.publishedAtMs - events[0]!.publishedAtMs) / DAY_MS);
  }
  if (files?.layoutKey) member.layoutKey = files.layoutKey;
  const readme = readmeKey(facts, files);
  if (readme) member.readmeKey = readme;
  if (repo.url) member.repositoryUrl = repo.url;
  if (repo.directory) member.repositoryDirectory = repo.directory;
  return member;
}

/**
 * Two generated names from one generator: the same token shapes (`a-ad-a` for both
 * `zul-tiwul90-breki` and `bella-peyek92-sukiwir`), or the same stem with different counters
 * (`seblakkuah1`, `seblakkuah3`), or one series (`miroone`, `miroto`, `mirotri`). Other names are never "similar":
 * `@babel/helper-a` and `@babel/helper-b` are a family, not a campaign.
 */
export function similarGeneratedNames(a: Member, b: Member): boolean {
  if (nameSeries(a, b)) return true;
  if (!a.generatedName || !b.generatedName) return false;
  const stem = (m: Member) => m.name.replace(/\d+$/, '');
  if (stem(a) === stem(b) && stem(a).length >= 4) return true;
  return a.nameSignature === b.nameSignature;
}

/**
 * One stem with short endings, as a loop names its output (`miroone`, `miroto`, `mirotri`,
 * `cilokmanis2`). Only for one-word names: `lodash.get` and `lodash.set` are a family with a
 * separator, the way people name modules.
 */
export function nameSeries(a: Member, b: Member): boolean {
  const bare = (m: Member) => m.name.toLowerCase().replace(/^@[^/]+\//, '');
  const x = bare(a);
  const y = bare(b);
  if (x === y || /[-_.]/.test(x) || /[-_.]/.test(y)) return false;
  let common = 0;
  while (common < x.length && common < y.length && x[common] === y[common]) common++;
  const maxEnding = 4;
  return common >= 4 && x.length - common <= maxEnding && y.length - common <= maxEnding && x.length + y.length - 2 * common > 0;
}
