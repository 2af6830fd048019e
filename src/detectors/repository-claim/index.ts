/**
 * repository-claim: the package names, as its `repository`, the repository of a different popular
 * package (looked up in the shipped reference index, never on the network). Borrowing a famous
 * repository lends a package stars, history and trust it does not have.
 *
 * Monorepos make sharing a repository normal: @babel/* share babel/babel, @types/* share
 * DefinitelyTyped, lodash.* share lodash. So a claim is only counted when nothing relates the
 * package to the repository's popular packages: not the same scope, not the same name family, no
 * shared maintainer — and not when the package is itself in the index. A forked project that never
 * updated its `repository` field looks the same, so a claim alone stays low. When the code is also
 * a copy of the claimed package, reference-clone reports starjacking and this detector stays quiet
 * rather than count the same act twice.
 */
import { z } from 'zod';
import { referenceIndex } from '../../analysis/reference-index/index.js';
import { relationTo, repositoryOf, resolveMatches, summarizeMatches } from '../../analysis/reference-index/match.js';

/** A copy of the claimed package's code: then reference-clone speaks (starjacking), not this detector. */
const COPY = { minTokens: 50, minSimilarity: 0.5 };
import { publishContext } from '../../analysis/reference-index/context.js';
import { safeLine } from '../../report/sanitize.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';

const options = z.object({
  youngDays: z.number().int().positive().default(30),
  maxOwnersListed: z.number().int().positive().default(5),
  weights: z.object({ claim: z.number().default(20), young: z.number().default(10) }).default({ claim: 20, young: 10 }),
});

export const repositoryClaim = definePackageDetector({
  meta: {
    id: 'repository-claim',
    description: "Names the repository of a different popular package (reference index) as its own.",
    needs: ['packument'],
    messages: {
      claim: 'names {repository} as its repository, which is the repository of {owner}, a popular package it is not related to',
      young: 'the package claiming it was created {ageDays} day(s) ago',
    },
    options,
  },
  summarize: (facts) => summarizeMatches(facts, COPY),
  detect({ facts, options: o, now, summary }) {
    const loaded = referenceIndex();
    if ('error' in loaded) return { findings: [], unavailable: [{ signal: 'reference index', reason: loaded.error }] };
    const index = loaded.index;
    const repository = repositoryOf(facts);
    if (repository === undefined || index.byName(facts.name)) return { findings: [] };
    const owners = index.byRepository(repository).filter((p) => p.name !== facts.name);
    if (owners.length === 0 || owners.some((p) => relationTo(facts, p, true) !== undefined)) return { findings: [] };
    if (summary && resolveMatches(index, summary).some((m) => owners.includes(m.reference))) return { findings: [] };
    const owner = safeLine(owners[0]!.name, 120);
    const findings: DetectorFinding[] = [
      {
        messageId: 'claim',
        data: { repository: safeLine(repository, 200), owner },
        weight: o.weights.claim,
        evidence: { field: 'repository', repository: safeLine(repository, 200), owners: owners.slice(0, o.maxOwnersListed).map((p) => safeLine(p.name, 120)) },
      },
    ];
    const context = publishContext(facts, now);
    if (context.ageDays !== undefined && context.ageDays <= o.youngDays) findings.push({ messageId: 'young', data: { ageDays: context.ageDays }, weight: o.weights.young, evidence: { field: 'time.created', ageDays: context.ageDays } });
    return { findings };
  },
});
