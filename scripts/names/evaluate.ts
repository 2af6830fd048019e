/**
 * Measures the generated-name signals: how often each fires on real worm names (positives) and on
 * the top-10,000 npm names (negatives), and the detector's total weight on both.
 *
 *   npx tsx scripts/names/evaluate.ts [positivesDir]
 *
 * Positives default to /work/shared/data/indonesianfoods-names (one file per account); when that folder
 * is absent the committed 500-name sample is used instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedNameFindings } from '../../src/detectors/generated-name/index.js';
import { nameSignals } from '../../src/analysis/names/signals.js';

const here = new URL('.', import.meta.url).pathname;
const fixturesDir = join(here, '../../fixtures/names');
const positivesDir = process.argv[2] ?? '/work/shared/data/indonesianfoods-names';

function readNames(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

const positivesByAccount = new Map<string, string[]>();
if (existsSync(positivesDir)) {
  for (const file of readdirSync(positivesDir).filter((f) => f.endsWith('.txt'))) {
    positivesByAccount.set(file.replace(/\.txt$/, ''), readNames(join(positivesDir, file)));
  }
} else {
  console.error(`${positivesDir} is absent: using the committed sample`);
  positivesByAccount.set('sample', readNames(join(fixturesDir, 'indonesianfoods-sample-500.txt')));
}
const negatives = readNames(join(here, '../../fixtures/trusted/top-npm.txt'));

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}%`;
const totalWeight = (name: string) => generatedNameFindings(name).reduce((sum, f) => sum + f.weight, 0);

console.log('signal rates');
const signalIds = new Set<string>();
const all = [...positivesByAccount.values()].flat();
const countSignals = (names: string[]) => {
  const counts = new Map<string, number>();
  for (const n of names) for (const s of nameSignals(n)) { counts.set(s.id, (counts.get(s.id) ?? 0) + 1); signalIds.add(s.id); }
  return counts;
};
const posCounts = countSignals(all);
const negCounts = countSignals(negatives);
for (const id of signalIds) {
  console.log(`  ${id.padEnd(20)} worm ${pct(posCounts.get(id) ?? 0, all.length).padStart(7)}   top-10k ${pct(negCounts.get(id) ?? 0, negatives.length).padStart(6)} (${negCounts.get(id) ?? 0})`);
}

console.log('\ntotal weight ≥ threshold, per account');
const thresholds = [1, 10, 20, 25];
for (const [account, names] of positivesByAccount) {
  const weights = names.map(totalWeight);
  console.log(`  ${account.padEnd(14)} n=${String(names.length).padStart(5)}  ${thresholds.map((t) => `≥${t}: ${pct(weights.filter((w) => w >= t).length, names.length)}`).join('  ')}`);
}
const allWeights = all.map(totalWeight);
console.log(`  ${'ALL'.padEnd(14)} n=${String(all.length).padStart(5)}  ${thresholds.map((t) => `≥${t}: ${pct(allWeights.filter((w) => w >= t).length, all.length)}`).join('  ')}`);
const negWeights = negatives.map((n) => [n, totalWeight(n)] as const);
console.log(`  ${'top-10k'.padEnd(14)} n=${String(negatives.length).padStart(5)}  ${thresholds.map((t) => `≥${t}: ${pct(negWeights.filter(([, w]) => w >= t).length, negatives.length)}`).join('  ')}`);
console.log(`  top-1,000 touched: ${negWeights.slice(0, 1000).filter(([, w]) => w > 0).map(([n, w]) => `${n}(${w})`).join(' ') || 'none'}`);
console.log(`\ntop-10k names with any weight:\n  ${negWeights.filter(([, w]) => w > 0).map(([n, w]) => `${n}(${w}:${nameSignals(n).map((s) => s.id).join('+')})`).join('\n  ')}`);
