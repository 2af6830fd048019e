/**
 * reference-package (counter-evidence): the package is a popular package from the shipped reference
 * index — same name, and the repository it names is the one the index recorded. Weak signals that
 * fire on real popular packages (an odd README, a short description, a name that reads as random)
 * are discounted by a small negative weight. Small on purpose: a hijacked popular package keeps its
 * name and repository, and the strong signals of a worm or a dropper must still reach high.
 */
import { z } from 'zod';
import { referenceIndex } from '../../analysis/reference-index/index.js';
import { isReferencePackage } from '../../analysis/reference-index/match.js';
import { definePackageDetector } from '../types.js';

const options = z.object({ weight: z.number().max(0).default(-10) });

export const referencePackage = definePackageDetector({
  meta: {
    id: 'reference-package',
    description: 'Counter-evidence: the package is a popular package of the reference index (same name and repository).',
    needs: ['packument'],
    messages: { reference: 'is the popular package {name} (rank {rank} of the reference index {index}), repository matching' },
    options,
  },
  detect({ facts, options: o }) {
    const loaded = referenceIndex();
    if ('error' in loaded) return { findings: [], unavailable: [{ signal: 'reference index', reason: loaded.error }] };
    const reference = isReferencePackage(facts, loaded.index);
    if (!reference) return { findings: [] };
    return {
      findings: [
        {
          messageId: 'reference',
          data: { name: reference.name, rank: reference.rank + 1, index: loaded.index.summary.id },
          weight: o.weight,
          evidence: { field: 'name', rank: reference.rank + 1, repository: reference.repository ?? null },
        },
      ],
    };
  },
});

