/**
 * `tsx scripts/bench/compare.ts <built-a> <built-b> [--thin] [--only spam|malware] [--no-reference-index]`:
 * scans the labelled corpora (spam, then malware) with two builds of spamcheck (folders holding bin/
 * and dist/) from one test registry and one reference index built from the corpus originals (as
 * bench:quality does), then scans again with b on b's warm cache, and prints every difference
 * between the JSON reports (the project path aside). For a change that must keep findings
 * identical (speed work, merges): no output but "identical".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestRegistry } from '../../test/support/registry.js';
import { MALWARE_CORPUS_DIR, loadCorpus } from '../corpus/load.js';
import { buildCorpusIndex } from './quality.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const [a, b] = args.filter((x, i) => !x.startsWith('--') && args[i - 1] !== '--only').map((p) => resolve(p));
if (!a || !b) throw new Error('usage: compare.ts <built-a> <built-b> [--thin] [--only spam|malware] [--no-reference-index]');
const thin = args.includes('--thin');
const withIndex = !args.includes('--no-reference-index');

function diff(x: unknown, y: unknown, path: string, out: string[]): void {
  if (out.length > 40) return;
  if (typeof x !== typeof y || Array.isArray(x) !== Array.isArray(y) || x === null || y === null || typeof x !== 'object') {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ${JSON.stringify(x)?.slice(0, 200)} != ${JSON.stringify(y)?.slice(0, 200)}`);
    return;
  }
  const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
  for (const k of keys) diff((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`, out);
}

async function compareCorpus(label: string, dir?: string): Promise<number> {
  const corpus = loadCorpus({ now: new Date(), ...(dir ? { dir } : {}) });
  const registry = await startTestRegistry({ fixtures: corpus.entries.map((e) => e.fixture), publisherVolume: corpus.publisherVolume, tarballRoot: corpus.tarballRoot, thin });
  const work = mkdtempSync(join(tmpdir(), 'spamcheck-compare-'));
  const caches = [join(work, 'a'), join(work, 'b')];
  // Both builds judge against the same index file (a path that does not exist without one).
  const indexFile = join(work, 'reference-index.json.gz');
  if (withIndex) await buildCorpusIndex(registry.url, corpus.entries.filter((e) => e.label.reference).map((e) => e.fixture.name), indexFile, join(work, 'index-build'));
  const counts: string[] = [];
  async function run(root: string, cache: string): Promise<unknown> {
    const env = { ...process.env, NO_COLOR: '1', SPAMCHECK_TIMINGS: '1', npm_config_userconfig: join(cache, 'no-npmrc'), npm_config_registry: registry.url, SPAMCHECK_REFERENCE_INDEX: indexFile };
    // Asynchronous: the registry answers from this process's event loop.
    const out = await new Promise<string>((done) =>
      execFile(process.execPath, [join(root, 'bin', 'spamcheck.js'), corpus.projectDir, '--json', '--registry', registry.url, '--cache', cache, '--fail-on', 'never', '--allow-incomplete'], { env, maxBuffer: 512 * 1024 * 1024 }, (_error, stdout, stderr) => {
        counts.push(stderr.split('\n').filter((l) => l.startsWith('count ')).join(', '));
        done(stdout);
      }),
    );
    const report = JSON.parse(out) as { project: { path: string }; packages: { findings: { detector: string }[] }[] };
    report.project.path = '';
    return report;
  }
  let differences = 0;
  try {
    const ra = (await run(a!, caches[0]!)) as { packages: { findings: { detector: string }[] }[] };
    const rb = await run(b!, caches[1]!);
    const rbWarm = await run(b!, caches[1]!);
    console.log(`${label}: ${corpus.entries.length} packages, ${ra.packages.length} rows${withIndex ? ', corpus reference index' : ''}${thin ? ', thin registry' : ''}`);
    // What the comparison covered: findings per detector (a), and what b's warm scan reused.
    const fired = new Map<string, number>();
    for (const p of ra.packages) for (const f of p.findings) fired.set(f.detector, (fired.get(f.detector) ?? 0) + 1);
    console.log(`  findings (a): ${[...fired].sort().map(([d, n]) => `${d} ${n}`).join(', ')}`);
    console.log(`  b warm: ${counts[2] || 'no counts printed'}`);
    for (const [what, x, y] of [['a vs b (cold)', ra, rb], ['b cold vs b warm', rb, rbWarm]] as const) {
      const out: string[] = [];
      diff(x, y, '', out);
      differences += out.length;
      console.log(`  ${what}: ${out.length === 0 ? 'identical' : `${out.length} difference(s)`}`);
      for (const line of out) console.log(`    ${line}`);
    }
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
  return differences;
}

let total = 0;
if (only !== 'malware') total += await compareCorpus('spam corpus');
if (only !== 'spam') total += await compareCorpus('malware corpus', MALWARE_CORPUS_DIR);
process.exitCode = total === 0 ? 0 : 1;
