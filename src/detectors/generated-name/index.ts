/**
 * generated-name: the package name was built by a generator, not chosen by a person.
 *
 * A name alone is weak evidence (people do pick odd names), so each signal weighs little and the
 * total is capped; it matters when it adds to timing, cluster and content findings. False positives
 * are measured on the top-10,000 npm names by scripts/names/evaluate.ts (figures in the docs).
 */
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { nameSignals, type NameSignalId } from '../../analysis/names/signals.js';

const SIGNAL_WEIGHTS: Readonly<Record<NameSignalId, number>> = {
  'digits-glued-inside': 20,
  'generator-phrase': 20,
  'pseudo-words': 20,
  'random-letters': 15,
  'rare-word-salad': 10,
  'long-keyword-chain': 5,
  'counter-suffix': 15,
  'embedded-digit-run': 15,
};

/** Several shapes in one name are not independent evidence: one generator made them all. */
const MAX_TOTAL_WEIGHT = 25;

const options = z.object({
  maxTotalWeight: z.number().min(0).max(100).default(MAX_TOTAL_WEIGHT),
});

/** Findings for a name, weights already capped; exported for the evaluation script. */
export function generatedNameFindings(name: string, maxTotalWeight = MAX_TOTAL_WEIGHT): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  let budget = maxTotalWeight;
  // Registry names cannot hold control characters, but a hostile mirror could serve them.
  const shownName = safeLine(name, 214);
  // Strongest first, so the cap trims the weakest evidence.
  const signals = nameSignals(shownName).sort((a, b) => SIGNAL_WEIGHTS[b.id] - SIGNAL_WEIGHTS[a.id]);
  for (const signal of signals) {
    const weight = Math.min(SIGNAL_WEIGHTS[signal.id], budget);
    budget -= weight;
    findings.push({
      messageId: signal.id,
      data: { name: shownName, tokens: signal.tokens.map((t) => safeLine(t, 60)).join(', ') },
      weight,
      evidence: { field: 'name', excerpt: shownName, tokens: signal.tokens.map((t) => safeLine(t, 60)) },
    });
  }
  return findings;
}

export const generatedName = definePackageDetector({
  meta: {
    id: 'generated-name',
    description: 'The package name has the shape of a generator: random words and digits glued together, random letters, generator phrases.',
    needs: [],
    messages: {
      'digits-glued-inside': 'Name "{name}" has digits glued onto a non-word in its middle ({tokens}), the shape of a name generator.',
      'generator-phrase': 'Name "{name}" joins words with underscores like a random-name generator ({tokens}).',
      'pseudo-words': 'Name "{name}" is made only of pronounceable non-words ({tokens}).',
      'random-letters': 'Name "{name}" contains random-looking letter strings ({tokens}).',
      'rare-word-salad': 'Name "{name}" strings together unrelated rare words ({tokens}).',
      'long-keyword-chain': 'Name "{name}" is a long chain of keywords.',
      'counter-suffix': 'Name "{name}" is non-words ending in a counter ({tokens}), like a batch of generated names.',
      'embedded-digit-run': 'Name "{name}" has a long digit run stamped into it ({tokens}).',
    },
    options,
  },
  detect({ facts, options: { maxTotalWeight } }) {
    return { findings: generatedNameFindings(facts.name, maxTotalWeight) };
  },
});
