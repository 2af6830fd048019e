/**
 * `npm run bench`: speed and memory of a real scan against the configured registry, cold (empty
 * cache) and warm (the same cache again), plus the lockfile-parsing benchmarks.
 *
 * The project is a real dependency tree: by default a temp project whose lockfile npm writes for a
 * set of widely used packages (`npm install --package-lock-only --ignore-scripts`, nothing runs);
 * or `--project <dir>` to measure your own. Figures are printed, never asserted: targets live here.
 *
 *   npm run bench                      # default project
 *   npm run bench -- --project ../app  # your project
 *   npm run bench -- --skip-lockfiles  # only the scan
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Targets printed beside the figures (a few hundred packages, 2 cores). */
const TARGETS = {
  coldSecondsPer100Packages: 10,
  warmSecondsPer100Packages: 3,
  peakRssMiB: 600,
};

const DEFAULT_DEPENDENCIES = {
  express: '^4.21.0',
  webpack: '^5.95.0',
  eslint: '^8.57.0',
  typescript: '^5.6.0',
  react: '^18.3.0',
  'react-dom': '^18.3.0',
  lodash: '^4.17.21',
  axios: '^1.7.0',
  chalk: '^4.1.2',
  commander: '^12.1.0',
  jest: '^29.7.0',
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

interface Run {
  seconds: number;
  peakRssMiB: number;
  packages: number;
  audited: number;
  failed: number;
  levels: Record<string, number>;
}

function runScan(projectDir: string, cacheDir: string): (Run & { timings: string[] }) | undefined {
  // /usr/bin/time reports the child's peak resident set size; the scan runs as users run it.
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', 'BENCH %e %M', process.execPath, join(ROOT, 'bin', 'spamcheck.js'), projectDir, '--json', '--cache', cacheDir, '--fail-on', 'never', '--allow-incomplete', '--concurrency', '8'],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, SPAMCHECK_TIMINGS: '1' } },
  );
  const timing = /BENCH ([\d.]+) (\d+)/.exec(result.stderr ?? '');
  if (!timing || result.status !== 0) {
    console.log(`scan failed (exit ${result.status}): ${(result.stderr ?? '').split('\n').slice(-5).join(' | ')}`);
    return undefined;
  }
  const report = JSON.parse(result.stdout) as { summary: { packages: number; audited: number; failed: number; levels: Record<string, number> } };
  return {
    seconds: Number(timing[1]),
    peakRssMiB: Math.round(Number(timing[2]) / 1024),
    packages: report.summary.packages,
    audited: report.summary.audited,
    failed: report.summary.failed,
    levels: report.summary.levels,
    timings: (result.stderr ?? '').split('\n').filter((l) => l.startsWith('timing ')),
  };
}

function print(label: string, run: Run, targetPer100: number): void {
  const per100 = (run.seconds / Math.max(1, run.packages)) * 100;
  console.log(
    `${label.padEnd(5)} ${run.packages} packages (${run.audited} audited, ${run.failed} failed) in ${run.seconds.toFixed(1)} s ` +
      `= ${per100.toFixed(2)} s/100 pkgs (target ≤ ${targetPer100}), peak RSS ${run.peakRssMiB} MiB (target ≤ ${TARGETS.peakRssMiB}); ` +
      `levels ${JSON.stringify(run.levels)}`,
  );
}

function main(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });

  if (!args.includes('--skip-lockfiles')) {
    for (const script of ['lockfiles.ts', 'lockfiles-pnpm-bun.ts']) {
      const path = join(ROOT, 'scripts', 'bench', script);
      if (!existsSync(path)) continue;
      console.log(`\n== ${script}`);
      spawnSync(process.execPath, ['--import', 'tsx', path], { cwd: ROOT, stdio: 'inherit' });
    }
  }

  console.log('\n== scan of a real project against the configured registry');
  const given = flag('--project');
  const projectDir = given ? resolve(given) : makeDefaultProject();
  if (!projectDir) return;
  const lock = join(projectDir, 'package-lock.json');
  if (existsSync(lock)) console.log(`project: ${projectDir} (${Object.keys((JSON.parse(readFileSync(lock, 'utf8')) as { packages?: object }).packages ?? {}).length - 1} lockfile entries)`);
  const cacheDir = mkdtempSync(join(tmpdir(), 'spamcheck-bench-cache-'));
  try {
    const cold = runScan(projectDir, cacheDir);
    if (!cold) return;
    print('cold', cold, TARGETS.coldSecondsPer100Packages);
    const warm = runScan(projectDir, cacheDir);
    if (warm) print('warm', warm, TARGETS.warmSecondsPer100Packages);
    console.log(`detector CPU time (warm run): ${(warm ?? cold).timings.map((t) => t.slice('timing '.length)).join(', ')}`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main();
