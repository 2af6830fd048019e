/**
 * reference-clone: the package's code is a copy of a popular package's (from the shipped reference
 * index) published under another name. Fingerprints are token-normalised and winnowed
 * (src/analysis/fingerprint/), so renaming identifiers, reformatting or dropping the licence header
 * does not hide a copy.
 *
 * A copy alone is low-to-medium: forks and vendored re-publishes exist. What makes it spam:
 *   starjacking   the copy names the original's repository, borrowing its stars and history — high on its own
 *   young         created in the last weeks
 *   bulk          a burst of versions within an hour
 * Not a copy claim: the package is the reference package itself, shares its scope or a maintainer,
 * or (for a fork with its own repository) belongs to the same name family.
 */
import { z } from 'zod';
import { referenceIndex, type ReferenceIndex } from '../../analysis/reference-index/index.js';
import { bareName, isReferencePackage, prepareMatching, resolveMatches, summarizeMatches, relationTo, repositoryOf, sameNameFamily, scopeOf, type CodeMatch } from '../../analysis/reference-index/match.js';
import { publishContext } from '../../analysis/reference-index/context.js';
import { safeLine } from '../../report/sanitize.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';

const options = z.object({
  minTokens: z.number().int().positive().default(50),
  minSimilarity: z.number().min(0).max(1).default(0.5),
  youngDays: z.number().int().positive().default(30),
  burstVersions: z.number().int().positive().default(5),
  /** A history of its own: published over this many days, or this many versions where times are untrusted. */
  establishedHistoryDays: z.number().positive().default(180),
  establishedVersions: z.number().int().positive().default(15),
  weights: z
    .object({ clone: z.number().default(35), cloneEstablished: z.number().default(20), fork: z.number().default(10), starjacking: z.number().default(35), starjackingEstablished: z.number().default(15), young: z.number().default(10), bulk: z.number().default(10) })
    .default({ clone: 35, cloneEstablished: 20, fork: 10, starjacking: 35, starjackingEstablished: 15, young: 10, bulk: 10 }),
});
type Options = z.output<typeof options>;

/** Relations under which carrying the reference's code is expected (itself, its scope, its maintainers). */
const EXPECTED_SHARING = new Set(['same-name', 'same-scope', 'shared-maintainer', 'renamed-project']);

export const referenceClone = definePackageDetector({
  meta: {
    id: 'reference-clone',
    description: 'Code copied from a popular package (reference index) under another name; starjacking when it also claims the original repository.',
    needs: ['packument', 'files'],
    // Reads maintainers and publish times: judged every scan, from the code matches `summarize` kept.
    derivedFrom: 'registry',
    messages: {
      clone: 'code is a copy of {reference} ({similarityPercent}% similar) published under another name',
      fork: 'code is a copy of {reference} ({similarityPercent}% similar) under a related name ({relation}) with its own repository',
      declaredFork: 'code is a copy of {reference} ({similarityPercent}% similar) that says it is a fork ("{excerpt}")',
      starjacking: 'claims the repository of {reference} ({repository}) while shipping a copy of its code: starjacking',
      young: 'the copy was created {ageDays} day(s) ago',
      bulk: '{burstVersions} versions of the copy were published within an hour',
    },
    options,
  },
  prepare: prepareMatching,
  summarize: (facts, o) => summarizeMatches(facts, o),
  detect({ facts, options: o, now, summary }) {
    const loaded = referenceIndex();
    if ('error' in loaded) return { findings: [], unavailable: [{ signal: 'reference index', reason: loaded.error }] };
    const index = loaded.index;
    if (isReferencePackage(facts, index)) return { findings: [] };
    if (!summary) return { findings: [] };
    const match = resolveMatches(index, summary).find((m) => !EXPECTED_SHARING.has(relationTo(facts, m.reference) ?? 'none'));
    if (!match) return { findings: [], ...(summary.partial ? { unavailable: [{ signal: 'reference clone', reason: 'code read partially (size caps); a copy could be missed' }] } : {}) };
    if (isSiblingOrRepublish(facts, match, index)) return { findings: [] };
    return { findings: cloneFindings(facts, match, o, now, summary.declaredFork) };
  },
});

/**
 * Sharing code is expected of a monorepo sibling (the claimed repository holds several indexed
 * packages and this name follows their naming: lodash.values / lodash.keys, swagger-ui-react /
 * swagger-ui-dist) and of a scoped re-publish under the original's own name (@someone/lru-cache
 * carrying a patch). Neither pretends to be another package.
 */
function isSiblingOrRepublish(facts: Parameters<typeof relationTo>[0], match: CodeMatch, index: ReferenceIndex): boolean {
  if (scopeOf(facts.name) !== undefined && bareName(facts.name) === bareName(match.reference.name)) return true;
  const repository = repositoryOf(facts);
  if (repository === undefined || repository !== match.reference.repository) return false;
  const members = index.byRepository(repository);
  return members.length >= 2 && members.some((p) => sameNameFamily(facts.name, p.name, true));
}

/**
 * The package's npm scope is the claimed repository's owner (`@vis.gl/react-mapbox` naming
 * github:visgl/react-map-gl, a module of the organisation's own monorepo). Only a scope's members
 * publish under it, so naming that repository borrows nobody's stars; the copy still counts.
 */
function scopeOwnsRepository(name: string, repository: string): boolean {
  const scope = scopeOf(name)?.replace(/^@/, '');
  const owner = /^[a-z]+:([^/]+)\//.exec(repository)?.[1];
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return scope !== undefined && owner !== undefined && plain(scope) !== '' && plain(scope) === plain(owner);
}

/**
 * The name is the project's own in another namespace: the unscoped name a package had before it
 * moved into its organisation's scope (b64 and @hapi/b64), or a scope named after the project
 * (@ua-parser-js/pro-business beside ua-parser-js). Naming the project's repository there borrows
 * nobody's stars; the copy still counts.
 */
function projectNamespace(name: string, reference: string): boolean {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (scopeOf(name) === undefined) return scopeOf(reference) !== undefined && name === bareName(reference);
  return scopeOf(reference) === undefined && plain(scopeOf(name)!) === plain(reference);
}

function cloneFindings(facts: Parameters<typeof relationTo>[0], match: CodeMatch, o: Options, now: Date, declaredFork: string | undefined): DetectorFinding[] {
  const reference = safeLine(match.reference.name, 120);
  const repository = repositoryOf(facts);
  const claims = repository !== undefined && repository === match.reference.repository && !scopeOwnsRepository(facts.name, repository) && !projectNamespace(facts.name, match.reference.name);
  const relation = relationTo(facts, match.reference);
  const evidence = {
    reference,
    referenceVersions: match.reference.versions.join(', '),
    similarityPercent: Math.round(match.similarity * 100),
    containmentPercent: Math.round(match.containment * 100),
    sameFiles: match.sameFiles,
    readmeSimilarityPercent: Math.round(match.readmeSimilarity * 100),
  };
  const data = { reference, similarityPercent: evidence.similarityPercent };
  const findings: DetectorFinding[] = [];
  if (relation === 'name-family' && !claims) {
    findings.push({ messageId: 'fork', data: { ...data, relation }, weight: o.weights.fork, evidence: { ...evidence, repository: repository ?? null } });
    return findings;
  }
  const context = publishContext(facts, now);
  // A copy with a long record of its own releases is more often a fork that never updated its
  // `repository` field, or a sibling of the original's project, than a fresh impersonation: the
  // copy and the claim still count, at lower weights.
  const established = (context.historyDays ?? 0) >= o.establishedHistoryDays || (context.historyDays === undefined && context.versionCount >= o.establishedVersions);
  if (established && claims && sameNameFamily(facts.name, match.reference.name, true)) return findings;
  // A copy that calls itself a fork is not passing itself off as the original, whatever repository it names.
  if (declaredFork !== undefined) {
    findings.push({ messageId: 'declaredFork', data: { ...data, excerpt: declaredFork }, weight: o.weights.fork, evidence: { ...evidence, repository: repository ?? null, excerpt: declaredFork } });
  } else findings.push({ messageId: 'clone', data, weight: established ? o.weights.cloneEstablished : o.weights.clone, evidence: { ...evidence, establishedHistory: established } });
  // The original's name plus words (process-okam, assert-browserify, react-beautiful-dnd-next) naming its
  // repository is a fork that kept the field as often as an impostor: the claim counts as for an
  // established copy, and a payload is the behaviour detectors' to find.
  const familyFork = sameNameFamily(facts.name, match.reference.name);
  if (claims && declaredFork === undefined) {
    findings.push({
      messageId: 'starjacking',
      data: { reference, repository: safeLine(repository, 200) },
      weight: established || familyFork ? o.weights.starjackingEstablished : o.weights.starjacking,
      evidence: { field: 'repository', repository: safeLine(repository, 200), reference, establishedHistory: established },
    });
  }
  if (context.ageDays !== undefined && context.ageDays <= o.youngDays) findings.push({ messageId: 'young', data: { ageDays: context.ageDays }, weight: o.weights.young, evidence: { field: 'time.created', ageDays: context.ageDays } });
  if ((context.burstVersions ?? 0) >= o.burstVersions) findings.push({ messageId: 'bulk', data: { burstVersions: context.burstVersions! }, weight: o.weights.bulk, evidence: { field: 'time', burstVersions: context.burstVersions! } });
  return findings;
}

