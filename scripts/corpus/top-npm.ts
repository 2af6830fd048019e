/**
 * Writes fixtures/trusted/top-npm.txt: the most-downloaded npm package names, one a line, most
 * downloaded first. It is the negative set for name heuristics and the input of `bench:trusted`.
 * Source: the tool library's package list (name, version, downloads a month, summary; tab-separated).
 *
 *   npx tsx scripts/corpus/top-npm.ts [--source /work/.library/env/packages/npm.tsv] [--count 10000]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpmTsv } from '../lib/npm-tsv.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const source = flag('--source', '/work/.library/env/packages/npm.tsv');
const count = Number(flag('--count', '10000'));
const out = join(root, 'fixtures', 'trusted', 'top-npm.txt');

const rows = readNpmTsv(readFileSync(source, 'utf8'));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, rows.slice(0, count).map((r) => r.name).join('\n') + '\n');
console.log(`wrote ${Math.min(count, rows.length)} names to ${out}`);
