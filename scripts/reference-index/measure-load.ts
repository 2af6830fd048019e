/**
 * How much the reference index costs a scan: reading + validating the file, then the lookup tables
 * built on first use (code postings, name look-alike tables), and one lookup of each kind.
 * Each worker thread pays this once per scan, and only when a detector that needs the index runs.
 *
 *   npx tsx scripts/reference-index/measure-load.ts [path] [--runs 5]
 */
import { statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { SHIPPED_INDEX_PATH, loadReferenceIndexFile } from '../../src/analysis/reference-index/index.js';
import { lookAlikeOf } from '../../src/analysis/reference-index/names.js';
import { typosquat } from '../../src/detectors/typosquat/index.js';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? SHIPPED_INDEX_PATH;
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const load: number[] = [];
const postings: number[] = [];
const names: number[] = [];
const cpu: number[] = [];
let count = 0;
for (let run = 0; run < runs; run++) {
  // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours.
  const cpuStart = process.cpuUsage();
  let t = performance.now();
  const index = loadReferenceIndexFile(path);
  load.push(performance.now() - t);
  count = index.packages.length;
  t = performance.now();
  index.codeCandidates(new Set([1, 2, 3]), [4], 3);
  postings.push(performance.now() - t);
  t = performance.now();
  lookAlikeOf('lodahs', index, typosquat.meta.options.parse({}));
  names.push(performance.now() - t);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
}
const raw = gunzipSync(readFileSync(path)).length;
console.log(`${path}: ${count} packages, ${(statSync(path).size / 1024 / 1024).toFixed(2)} MiB gzip (${(raw / 1024 / 1024).toFixed(2)} MiB JSON)`);
console.log(`median of ${runs}: load+validate ${median(load).toFixed(0)} ms, code postings ${median(postings).toFixed(0)} ms, name tables ${median(names).toFixed(0)} ms; CPU for all three ${median(cpu).toFixed(0)} ms`);
