/**
 * `tsx scripts/bench/compare.ts <built-a> <built-b> [--thin]`: scans the labelled corpus with two
 * builds of spamcheck (folders holding bin/ and dist/) from one test registry, then scans it again
 * with b on b's warm cache, and prints every difference between the JSON reports (the project path
 * aside). For a change that must keep findings identical (speed work): no output but "identical".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestRegistry } from '../../test/support/registry.js';
import { loadCorpus } from '../corpus/load.js';

const [a, b] = process.argv.slice(2).filter((x) => !x.startsWith('--')).map((p) => resolve(p));
if (!a || !b) throw new Error('usage: compare.ts <built-a> <built-b> [--thin]');
const thin = process.argv.includes('--thin');
const corpus = loadCorpus({ now: new Date() });
const registry = await startTestRegistry({ fixtures: corpus.entries.map((e) => e.fixture), publisherVolume: corpus.publisherVolume, tarballRoot: corpus.tarballRoot, thin });
const caches = [mkdtempSync(join(tmpdir(), 'spamcheck-compare-a-')), mkdtempSync(join(tmpdir(), 'spamcheck-compare-b-'))];

async function run(root: string, cache: string): Promise<unknown> {
  const env = { ...process.env, NO_COLOR: '1', npm_config_userconfig: join(cache, 'no-npmrc'), npm_config_registry: registry.url };
  // Asynchronous: the registry answers from this process's event loop.
  const out = await new Promise<string>((done) =>
    execFile(process.execPath, [join(root, 'bin', 'spamcheck.js'), corpus.projectDir, '--json', '--registry', registry.url, '--cache', cache, '--fail-on', 'never', '--allow-incomplete'], { env, maxBuffer: 512 * 1024 * 1024 }, (_error, stdout) => done(stdout)),
  );
  const report = JSON.parse(out) as { project: { path: string } };
  report.project.path = '';
  return report;
}

function diff(x: unknown, y: unknown, path: string, out: string[]): void {
  if (out.length > 40) return;
  if (typeof x !== typeof y || Array.isArray(x) !== Array.isArray(y) || x === null || y === null || typeof x !== 'object') {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ${JSON.stringify(x)?.slice(0, 200)} != ${JSON.stringify(y)?.slice(0, 200)}`);
    return;
  }
  const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
  for (const k of keys) diff((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`, out);
}

try {
  const ra = await run(a, caches[0]!);
  const rb = await run(b, caches[1]!);
  const rbWarm = await run(b, caches[1]!);
  for (const [label, x, y] of [['a vs b (cold)', ra, rb], ['b cold vs b warm', rb, rbWarm]] as const) {
    const out: string[] = [];
    diff(x, y, '', out);
    console.log(`${label}: ${out.length === 0 ? 'identical' : `${out.length} difference(s)`}`);
    for (const line of out) console.log(`  ${line}`);
  }
} finally {
  await registry.close();
  for (const c of caches) rmSync(c, { recursive: true, force: true });
}
