/**
 * `npm run bench`: speed and memory of spamcheck beside `npm ci`, plus the lockfile-parsing benchmarks.
 *
 * Real tree: a project whose lockfile npm writes for widely used packages (next, react, express,
 * typescript, eslint, vitest, jest, webpack, babel; `npm install --package-lock-only
 * --ignore-scripts`, nothing runs), or `--project <dir>`. In one run, on the same tree, `--runs`
 * times (default 3): `npm ci --ignore-scripts` with an empty cache, then spamcheck with an empty
 * cache (cold); then spamcheck again on the last cache (warm), as many times. Each figure is printed
 * beside its target as a ratio to npm ci: the median of the pairs' ratios for cold (a busy moment
 * slows both sides of a pair alike), the median warm time over the median npm ci for warm, with the
 * range and the highest peak RSS seen, the scan's CPU time and the floor that time sets on this
 * machine's cores (CPU seconds / cores: no schedule of the work ends sooner). One more cold scan
 * runs only the detectors that read no file: the cost of reading alone, and so what the tarball
 * detectors add; another scans the tree without the other-platform packages `npm ci` skips here, to
 * say what reading them costs. Nothing the bench makes is deleted before every run is measured.
 *
 * Synthetic trees (`--synthetic 2000,20000`): a registry on 127.0.0.1 makes packuments and tarballs
 * of varied JavaScript on the fly (scripts/bench/synthetic.ts); spamcheck scans each size cold and
 * prints time, time per package and peak RSS (target: 20,000 packages under 1 GB, time linear).
 * Figures are printed, never asserted.
 *
 *   npm run bench                                  # lockfiles + real tree
 *   npm run bench -- --project ../app              # your project
 *   npm run bench -- --runs 1                      # one pair and one warm scan (quicker, noisier)
 *   npm run bench -- --skip-lockfiles --synthetic 2000,20000 --skip-real
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSyntheticRegistry, syntheticTree, writeSyntheticProject } from './synthetic.js';
import { detectors } from '../../src/detectors/index.js';
import { isTarballDerived } from '../../src/detectors/types.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Issue 14's targets, printed beside the figures. */
const TARGETS = {
  coldToNpmCi: 0.6,
  warmToNpmCi: 0.05,
  peakRssMiB: 500,
  syntheticPeakRssMiB: 1024,
};

const DEFAULT_DEPENDENCIES = {
  next: '^15.0.0',
  react: '^18.3.0',
  'react-dom': '^18.3.0',
  express: '^4.21.0',
  typescript: '^5.6.0',
  eslint: '^8.57.0',
  vitest: '^2.1.0',
  jest: '^29.7.0',
  webpack: '^5.95.0',
  '@babel/core': '^7.25.0',
  '@babel/preset-env': '^7.25.0',
};

function makeDefaultProject(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-bench-project-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-project', version: '1.0.0', private: true, dependencies: DEFAULT_DEPENDENCIES }, null, 2));
  try {
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  } catch (error) {
    console.log(`skipped: could not write a lockfile with npm against the configured registry (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  return dir;
}

interface Timed {
  seconds: number;
  /** User plus system CPU seconds of the command and its threads. */
  cpuSeconds: number;
  peakRssMiB: number;
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs a command under /usr/bin/time (wall and CPU seconds, peak RSS of the child) without blocking this process's event loop. */
function timed(command: string, commandArgs: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Timed> {
  return new Promise((done) => {
    const child = spawn('/usr/bin/time', ['-f', 'BENCH %e %M %U %S', command, ...commandArgs], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('close', (status) => {
      const stderr = Buffer.concat(err).toString();
      const m = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      const cpuSeconds = m ? Number(m[3]) + Number(m[4]) : Number.NaN;
      done({ seconds: m ? Number(m[1]) : Number.NaN, cpuSeconds, peakRssMiB: m ? Math.round(Number(m[2]) / 1024) : Number.NaN, stdout: Buffer.concat(out).toString(), stderr, status });
    });
  });
}

interface Scan extends Timed {
  packages: number;
  levels: Record<string, number>;
  timings: string[];
}

async function runScan(projectDir: string, cacheDir: string, extra: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<Scan | undefined> {
  const run = await timed(process.execPath, [join(ROOT, 'bin', 'spamcheck.js'), projectDir, '--json', '--cache', cacheDir, '--fail-on', 'never', '--allow-incomplete', ...extra], { env: { ...env, SPAMCHECK_TIMINGS: '1' } });
  if (run.status !== 0 || Number.isNaN(run.seconds)) {
    console.log(`scan failed (exit ${run.status}): ${run.stderr.split('\n').slice(-5).join(' | ')}`);
    return undefined;
  }
  const report = JSON.parse(run.stdout) as { summary: { packages: number; levels: Record<string, number> } };
  const timings = run.stderr.split('\n').filter((l) => l.startsWith('timing ') || l.startsWith('count '));
  return { ...run, packages: report.summary.packages, levels: report.summary.levels, timings };
}

const mark = (ok: boolean) => (ok ? 'ok' : 'ABOVE TARGET');

/** Pairs of `npm ci` and a cold scan, one after the other, and warm scans: `--runs` of each (default 3). */
const RUNS = Math.max(1, Number.parseInt(flag('--runs') ?? '3', 10) || 3);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const range = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;

/**
 * One `npm ci` with an empty cache, then one cold scan: a pair run back to back sees the same machine,
 * so the ratio of a pair is steadier than either time on a shared, noisy machine.
 */
async function coldPair(projectDir: string, work: string, i: number): Promise<{ npmCi: Timed; cold: Scan | undefined; cache: string }> {
  const install = join(work, `install-${i}`);
  cpSync(projectDir, install, { recursive: true, filter: (src) => !src.includes('node_modules') });
  const npmCi = await timed('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', join(work, `npm-cache-${i}`)], { cwd: install });
  if (npmCi.status !== 0) console.log(`npm ci failed: ${npmCi.stderr.split('\n').slice(-3).join(' | ')}`);
  if (lowOnDisk(work)) {
    rmSync(install, { recursive: true, force: true });
    rmSync(join(work, `npm-cache-${i}`), { recursive: true, force: true });
  }
  const cache = join(work, `spamcheck-cache-${i}`);
  const cold = await runScan(projectDir, cache);
  console.log(
    `  pair ${i + 1}: npm ci ${npmCi.seconds.toFixed(1)} s (CPU ${npmCi.cpuSeconds.toFixed(1)} s, ${npmCi.peakRssMiB} MiB); ` +
      (cold ? `cold scan ${cold.seconds.toFixed(1)} s = ${(cold.seconds / npmCi.seconds).toFixed(2)} × (CPU ${cold.cpuSeconds.toFixed(1)} s, ${cold.peakRssMiB} MiB)` : 'cold scan failed'),
  );
  return { npmCi, cold, cache };
}

/** Folders the bench made, deleted once everything is measured (see lowOnDisk for why not sooner). */
const leftovers: string[] = [];

/**
 * Free space under which a pair's install and npm cache (about 0.7 GB on the bench's tree) are
 * deleted at once instead of with the rest of the bench's folder at the end.
 */
const KEEP_INSTALLS_FREE_BYTES = 4 * 1024 ** 3;

/**
 * Whether `dir`'s disk is too full to keep each pair's `npm ci` output until the end. Deleted as
 * each pair went, the 21,000 files of an install and its cache were deleted just before the cold
 * scan, 10-15 s before the next pair's `npm ci`. On a file system without a
 * journal (these machines' ext4), each file created in the minutes after a deletion makes ext4 step
 * over recently deleted inodes: alone, 1,300 files took 0.9 s of kernel time just after one and 0.07 s
 * without; perf put 0.4-3.4 % of a cold scan's CPU there after one, under 0.1 % without. It hit
 * `npm ci` harder (18,000 files): in one bench, 20.4 s in the first pair and 26.2-27.8 s in the next
 * two; kept to the end, 18.8-21.2 s over five pairs. Neither a CI job nor a person deletes a tree
 * just before installing or scanning, so nothing is deleted until every run is measured.
 */
function lowOnDisk(dir: string): boolean {
  const { bavail, bsize } = statfsSync(dir);
  const low = bavail * bsize < KEEP_INSTALLS_FREE_BYTES;
  if (low) console.log(`  (under ${KEEP_INSTALLS_FREE_BYTES / 1024 ** 3} GB free: this pair's install is deleted before its cold scan, which then creates its cache files just after a mass deletion)`);
  return low;
}

/** The figures of several runs beside their target: median ratio (and its range), peak RSS the highest seen. */
function printScans(label: string, scans: Scan[], ratios: number[], npmCiSeconds: number, target: number): void {
  const ratio = median(ratios);
  const peak = Math.max(...scans.map((s) => s.peakRssMiB));
  const typical = scans.find((s) => s.seconds === median(scans.map((x) => x.seconds)))!;
  console.log(
    `spamcheck ${label}: ${typical.packages} packages in ${median(scans.map((s) => s.seconds)).toFixed(1)} s (median of ${scans.length}; ${range(scans.map((s) => s.seconds), 1)} s) = ` +
      `${ratio.toFixed(2)} × npm ci (range ${range(ratios, 2)}; target ≤ ${target}: ${mark(ratio <= target)}), peak RSS ${peak} MiB (target ≤ ${TARGETS.peakRssMiB}: ${mark(peak <= TARGETS.peakRssMiB)}); levels ${JSON.stringify(typical.levels)}`,
  );
  // A scan that keeps every core busy ends no sooner than its CPU time over the cores: the floor
  // tells a scan waiting on the network or one thread apart from one that is simply CPU-bound.
  const cores = availableParallelism();
  const cpu = median(scans.map((s) => s.cpuSeconds));
  console.log(`  CPU ${cpu.toFixed(1)} s (median) on ${cores} cores: no faster than ${(cpu / cores).toFixed(1)} s = ${(cpu / cores / npmCiSeconds).toFixed(2)} × npm ci with every core busy`);
  console.log(`  timings of the median run: ${typical.timings.join('; ')}`);
}

/**
 * One cold scan with only the detectors that read no file: every packument and tarball is still
 * fetched, verified, inflated and listed, but no file is analysed. What it costs is the floor no
 * detector work can go under; the cold scan's time above it is what the tarball detectors add.
 */
async function readingAlone(projectDir: string, work: string, npmCiSeconds: number, coldCpuSeconds: number): Promise<void> {
  const registryStage = detectors.filter((d) => !isTarballDerived(d.meta)).map((d) => d.meta.id);
  const run = await runScan(projectDir, join(work, 'spamcheck-cache-reading'), ['--detectors', registryStage.join(',')]);
  if (!run) return;
  console.log(
    `  reading alone (one cold scan, no tarball detector): ${run.seconds.toFixed(1)} s = ${(run.seconds / npmCiSeconds).toFixed(2)} × npm ci, CPU ${run.cpuSeconds.toFixed(1)} s; ` +
      `the tarball detectors add about ${(coldCpuSeconds - run.cpuSeconds).toFixed(1)} s of CPU to the cold scan`,
  );
}

/** Whether a package's `os`, `cpu` or `libc` list admits `value`, as npm reads them ("!x" excludes x). */
function admits(list: unknown, value: string): boolean {
  if (!Array.isArray(list) || list.length === 0) return true;
  const names = list.filter((v): v is string => typeof v === 'string');
  if (names.includes(`!${value}`)) return false;
  const wanted = names.filter((v) => !v.startsWith('!'));
  return wanted.length === 0 || wanted.includes(value);
}

/**
 * One cold scan of the same tree without the packages `npm ci` skips on this machine (other
 * platforms' native builds, by their `os`, `cpu` and `libc`): what the scan costs for what npm
 * installs, so the cold figure can be read against it. The full scan still reads every one of them,
 * since a package's files are where a payload hides; this line only says what they cost.
 */
async function hostPackagesOnly(projectDir: string, work: string, npmCiSeconds: number, cold: Scan): Promise<void> {
  const lockPath = join(projectDir, 'package-lock.json');
  if (!existsSync(lockPath)) return;
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages?: Record<string, { os?: unknown; cpu?: unknown; libc?: unknown }> };
  if (!lock.packages) return;
  const libc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime ? 'glibc' : 'musl';
  const skipped = Object.entries(lock.packages).filter(([path, entry]) =>
    path !== '' && !(admits(entry.os, process.platform) && admits(entry.cpu, process.arch) && (process.platform !== 'linux' || admits(entry.libc, libc))));
  if (skipped.length === 0) return;
  for (const [path] of skipped) delete lock.packages[path];
  const dir = join(work, 'host-only');
  mkdirSync(dir);
  cpSync(join(projectDir, 'package.json'), join(dir, 'package.json'));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
  const run = await runScan(dir, join(work, 'spamcheck-cache-host-only'));
  if (!run) return;
  console.log(
    `  without the ${skipped.length} other-platform packages npm ci skips (one cold scan): ${run.seconds.toFixed(1)} s = ${(run.seconds / npmCiSeconds).toFixed(2)} × npm ci, ` +
      `CPU ${run.cpuSeconds.toFixed(1)} s; reading them adds about ${(cold.cpuSeconds - run.cpuSeconds).toFixed(1)} s of CPU to the cold scan`,
  );
}

async function realTree(): Promise<void> {
  console.log(`\n== real tree: npm ci and spamcheck, same tree, same run (${RUNS} pairs of npm ci and a cold scan, then ${RUNS} warm scans)`);
  const given = flag('--project');
  const projectDir = given ? resolve(given) : makeDefaultProject();
  if (!projectDir) return;
  const lock = join(projectDir, 'package-lock.json');
  if (existsSync(lock)) console.log(`project: ${projectDir} (${Object.keys((JSON.parse(readFileSync(lock, 'utf8')) as { packages?: object }).packages ?? {}).length - 1} lockfile entries)`);
  const work = mkdtempSync(join(tmpdir(), 'spamcheck-bench-'));
  try {
    const pairs = [];
    for (let i = 0; i < RUNS; i++) pairs.push(await coldPair(projectDir, work, i));
    const npmCiSeconds = median(pairs.map((p) => p.npmCi.seconds));
    console.log(`npm ci --ignore-scripts, cold cache: ${npmCiSeconds.toFixed(1)} s (median of ${RUNS}; ${range(pairs.map((p) => p.npmCi.seconds), 1)} s), peak RSS ${Math.max(...pairs.map((p) => p.npmCi.peakRssMiB))} MiB`);
    const done = pairs.filter((p): p is typeof p & { cold: Scan } => p.cold !== undefined);
    if (done.length === 0) return;
    printScans('cold', done.map((p) => p.cold), done.map((p) => p.cold.seconds / p.npmCi.seconds), npmCiSeconds, TARGETS.coldToNpmCi);
    await readingAlone(projectDir, work, npmCiSeconds, median(done.map((p) => p.cold.cpuSeconds)));
    await hostPackagesOnly(projectDir, work, npmCiSeconds, done.find((p) => p.cold.seconds === median(done.map((d) => d.cold.seconds)))!.cold);
    const warm: Scan[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await runScan(projectDir, done[done.length - 1]!.cache);
      if (run) warm.push(run);
    }
    if (warm.length > 0) printScans('warm', warm, warm.map((w) => w.seconds / npmCiSeconds), npmCiSeconds, TARGETS.warmToNpmCi);
  } finally {
    leftovers.push(work);
  }
}

async function synthetic(sizes: number[]): Promise<void> {
  console.log('\n== synthetic trees from a 127.0.0.1 registry (cold scans)');
  const rows: { size: number; seconds: number; rss: number }[] = [];
  for (const size of sizes) {
    const tree = syntheticTree(size);
    const registry = await startSyntheticRegistry(tree);
    const projectDir = writeSyntheticProject(tree, registry.url);
    const cache = mkdtempSync(join(tmpdir(), 'spamcheck-bench-synthetic-cache-'));
    const home = mkdtempSync(join(tmpdir(), 'spamcheck-bench-home-'));
    try {
      const env = { ...process.env, HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_registry: registry.url };
      const run = await runScan(projectDir, cache, ['--registry', registry.url], env);
      if (!run) continue;
      rows.push({ size: run.packages, seconds: run.seconds, rss: run.peakRssMiB });
      console.log(
        `${String(run.packages).padStart(6)} packages: ${run.seconds.toFixed(1)} s (${((run.seconds / run.packages) * 1000).toFixed(1)} ms/package), ` +
          `peak RSS ${run.peakRssMiB} MiB (target < ${TARGETS.syntheticPeakRssMiB}: ${mark(run.peakRssMiB < TARGETS.syntheticPeakRssMiB)})`,
      );
      console.log(`  ${run.timings.join('; ')}`);
    } finally {
      await registry.close();
      leftovers.push(projectDir, cache, home);
    }
  }
  if (rows.length >= 2) {
    const [first, last] = [rows[0]!, rows[rows.length - 1]!];
    console.log(`time per package, largest vs smallest: ${(last.seconds / last.size / (first.seconds / first.size)).toFixed(2)} (1.00 = linear)`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!args.includes('--skip-lockfiles')) {
    for (const script of ['lockfiles.ts', 'lockfiles-pnpm-bun.ts']) {
      const path = join(ROOT, 'scripts', 'bench', script);
      if (!existsSync(path)) continue;
      console.log(`\n== ${script}`);
      spawnSync(process.execPath, ['--import', 'tsx', path], { cwd: ROOT, stdio: 'inherit' });
    }
  }
  try {
    if (!args.includes('--skip-real')) await realTree();
    const sizes = flag('--synthetic');
    if (sizes) await synthetic(sizes.split(',').map((n) => Number.parseInt(n, 10)).filter((n) => n > 0));
  } finally {
    for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
