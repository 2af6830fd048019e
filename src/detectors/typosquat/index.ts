/**
 * typosquat: the name imitates a popular package's name (src/analysis/reference-index/names.ts:
 * one edit, a swapped pair, separators, a `.js` tail, look-alike characters, a scope spelled from a
 * popular scoped name), weighed with what the package is:
 *   - a copy of the imitated package's code, or an install hook: high — the name is bait and the
 *     package either passes for the real one or runs on install (a copy's weight here is the part
 *     the name adds: reference-clone scores the copy itself, so together they reach high);
 *   - young and nothing else: low-to-medium needs more than a name;
 *   - a long history of its own (published over months, many versions): the resemblance is a
 *     coincidence of naming, weighed down to almost nothing.
 * A name that is itself in the index is never a typosquat of another: it has its own users.
 */
import { z } from 'zod';
import { referenceIndex } from '../../analysis/reference-index/index.js';
import { type MatchSummary, relationTo, repositoryOf, resolveMatches, summarizeMatches } from '../../analysis/reference-index/match.js';

/** A copy of the imitated package's code makes the look-alike worse. */
const COPY = { minTokens: 50, minSimilarity: 0.5 };
import { lookAlikeOf } from '../../analysis/reference-index/names.js';
import { publishContext } from '../../analysis/reference-index/context.js';
import { safeLine } from '../../report/sanitize.js';
import { isNativeBuild } from '../../analysis/lifecycle.js';
import { installScripts } from '../../analysis/lifecycle.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';

const options = z.object({
  /** Targets: the most popular packages of the index (rank below this). */
  maxTargetRank: z.number().int().positive().default(5000),
  minEditLength: z.number().int().positive().default(5),
  youngDays: z.number().int().positive().default(30),
  establishedHistoryDays: z.number().positive().default(180),
  establishedVersions: z.number().int().positive().default(15),
  weights: z
    .object({ lookAlike: z.number().default(15), established: z.number().default(3), clone: z.number().default(25), installHook: z.number().default(55), nativeBuildHook: z.number().default(10), young: z.number().default(10) })
    .default({ lookAlike: 15, established: 3, clone: 25, installHook: 55, nativeBuildHook: 10, young: 10 }),
});

export const typosquat = definePackageDetector({
  meta: {
    id: 'typosquat',
    description: "A name that imitates a popular package's name (one edit, swapped letters, separators, look-alike characters, scope), weighed with the package's content and history.",
    needs: ['packument'],
    messages: {
      'look-alike': 'name imitates {target} ({kind})',
      clone: 'and its code is a copy of {target} ({similarityPercent}% similar)',
      'install-hook': 'and it runs a {hook} script on install',
      young: 'and it was created {ageDays} day(s) ago',
    },
    options,
  },
  summarize: (facts): MatchSummary | undefined => summarizeMatches(facts, COPY),
  detect({ facts, options: o, now, summary }) {
    const loaded = referenceIndex();
    if ('error' in loaded) return { findings: [], unavailable: [{ signal: 'reference index', reason: loaded.error }] };
    const index = loaded.index;
    const found = lookAlikeOf(facts.name, index, o);
    if (!found) return { findings: [] };
    const target = safeLine(found.target.name, 120);
    const repository = repositoryOf(facts);
    // The target's own family re-publishing under a near name (shared maintainer) is not imitation.
    if (relationTo(facts, found.target) === 'shared-maintainer') return { findings: [] };
    const context = publishContext(facts, now);
    const established = (context.historyDays ?? 0) >= o.establishedHistoryDays || (context.historyDays === undefined && context.versionCount >= o.establishedVersions);
    const findings: DetectorFinding[] = [
      {
        messageId: 'look-alike',
        data: { target, kind: found.kind },
        weight: established ? o.weights.established : o.weights.lookAlike,
        evidence: { field: 'name', target, kind: found.kind, targetRank: found.target.rank + 1, claimsTargetRepository: repository !== undefined && repository === found.target.repository, establishedHistory: established },
      },
    ];
    const copy = summary ? resolveMatches(index, summary).find((m) => m.reference === found.target) : undefined;
    if (copy) findings.push({ messageId: 'clone', data: { target, similarityPercent: Math.round(copy.similarity * 100) }, weight: o.weights.clone, evidence: { similarityPercent: Math.round(copy.similarity * 100), sameFiles: copy.sameFiles } });
    // A native build (node-gyp, prebuild-install…) is what a real addon near a popular name runs;
    // any other install hook on a look-alike name is the bait's payload.
    const hooks = (installScripts(facts) ?? []).filter((s) => !s.implicit);
    if (hooks.length > 0) {
      const hook = hooks.find((h) => !isNativeBuild(h.command)) ?? hooks[0]!;
      const weight = isNativeBuild(hook.command) ? o.weights.nativeBuildHook : established ? o.weights.installHook / 2 : o.weights.installHook;
      findings.push({ messageId: 'install-hook', data: { hook: hook.hook }, weight, evidence: { field: `scripts.${hook.hook}`, excerpt: safeLine(hook.command, 200), nativeBuild: isNativeBuild(hook.command) } });
    }
    if (!established && context.ageDays !== undefined && context.ageDays <= o.youngDays) findings.push({ messageId: 'young', data: { ageDays: context.ageDays }, weight: o.weights.young, evidence: { field: 'time.created', ageDays: context.ageDays } });
    return { findings };
  },
});

