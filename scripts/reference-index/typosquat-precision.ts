/**
 * Precision of the typosquat name rules on real popular names: every one of the top N names (from
 * the shipped reference index, or fixtures/trusted/top-npm.txt) is checked against the others as
 * if it were unknown. Prints the pairs the name rules match and, with --hooks, which of those
 * names run an install script (the content signal that would make a look-alike high), read from
 * the configured registry's manifests.
 *
 *   npx tsx scripts/reference-index/typosquat-precision.ts [--top 5000] [--hooks]
 *
 * The detector never judges an indexed name (it has its own users), so the figure that matters is
 * how many real names the rules alone would pull in, and how many of those carry a hook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pacote from 'pacote';
import { SHIPPED_INDEX_PATH, ReferenceIndex, loadReferenceIndexFile } from '../../src/analysis/reference-index/index.js';
import { nearestLookAlike } from '../../src/analysis/reference-index/names.js';
import { typosquat } from '../../src/detectors/typosquat/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--top');
const top = at >= 0 ? Number(args[at + 1]) : 5000;
const options = typosquat.meta.options.parse({});

function namesOnlyIndex(): ReferenceIndex {
  try {
    return loadReferenceIndexFile(SHIPPED_INDEX_PATH);
  } catch {
    const names = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'trusted', 'top-npm.txt'), 'utf8').split('\n').filter(Boolean);
    return new ReferenceIndex({ id: 'top-npm.txt', builtAt: '', packages: names.length, names: 'fixtures/trusted/top-npm.txt', registry: '' }, names.map((name, rank) => ({ name, rank, maintainers: [], versions: [], sketch: [], fileHashes: [], readmeSketch: [], tokens: 0, codeBytes: 0 })));
  }
}

const index = namesOnlyIndex();
const checked = index.packages.slice(0, top);
const pairs = checked.flatMap((p) => {
  const found = nearestLookAlike(p.name, index, { ...options, maxTargetRank: Math.min(options.maxTargetRank, top) });
  return found ? [{ name: p.name, target: found.target.name, kind: found.kind }] : [];
});
console.log(`${checked.length} top names from ${index.summary.id}: ${pairs.length} match another top name by the name rules alone (${((100 * pairs.length) / checked.length).toFixed(2)}%)`);
const byKind = new Map<string, number>();
for (const p of pairs) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
console.log(`by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
if (args.includes('--hooks')) {
  let hooked = 0;
  for (const p of pairs) {
    const manifest = (await pacote.manifest(p.name, { fullMetadata: true }).catch(() => undefined)) as { scripts?: Record<string, string> } | undefined;
    const hooks = ['preinstall', 'install', 'postinstall'].filter((h) => manifest?.scripts?.[h]);
    if (hooks.length > 0) hooked++;
    console.log(`  ${p.name} ~ ${p.target} (${p.kind})${hooks.length > 0 ? `  install hook: ${hooks.join(', ')}` : ''}`);
  }
  console.log(`${hooked} of the ${pairs.length} run an install hook`);
} else {
  for (const p of pairs) console.log(`  ${p.name} ~ ${p.target} (${p.kind})`);
}
