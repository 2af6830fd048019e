/**
 * `npm run bench:detectors`: the tarball stage's CPU on a real tree, replayed in one thread.
 *
 * A cold scan's figures mix the detectors with the network, the main thread and, on a shared
 * machine, whatever else the cores run: two cold scans of the same tree differed by 10-20 % of CPU
 * on one 2-core machine (2026-12-06), more than most changes to a detector are worth. This replays
 * the packages a scan's detector threads judged (captured with SPAMCHECK_CAPTURE_JOBS, see
 * src/engine/capture.ts) through the same `judgeTarballStage`, one after another, `--rounds` times:
 * round 1 is what a scan's detector thread does (code not yet optimised), later rounds the same work
 * warmed up. It prints milliseconds per round and per detector, and `--out` writes the last round's
 * judgements, to compare byte for byte before and after a change (`cmp a.json b.json`).
 *
 *   npm run bench:detectors -- --project /path/to/project      # capture a cold scan, then replay
 *   npm run bench:detectors -- --jobs /tmp/jobs --rounds 5      # replay an earlier capture
 *   npm run bench:detectors -- --jobs /tmp/jobs --only worm-payload --out after.json
 *
 * Figures are printed, never asserted. Needs `npm run build` for a capture (the scan runs the CLI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deserialize } from 'node:v8';
// The scan's V8 flags (the interrupt budget decides when code is optimised), as bin/spamcheck.js sets them.
import '../../bin/v8-flags.js';
import type { CapturedJob, CapturedSetup } from '../../src/engine/capture.js';
import { enabledFromSettings, judgeTarballStage, prepareDetectors } from '../../src/engine/judge.js';
import { reviveFacts } from '../../src/engine/portable-facts.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Runs a cold scan of `project` with an empty cache, writing its jobs to a new folder; returns the folder. */
function capture(project: string): string {
  const jobs = mkdtempSync(join(tmpdir(), 'spamcheck-jobs-'));
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-jobs-cache-'));
  console.log(`capturing a cold scan of ${project} into ${jobs}`);
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'spamcheck.js'), project, '--json', '--cache', cache, '--fail-on', 'never', '--allow-incomplete'], {
    env: { ...process.env, SPAMCHECK_CAPTURE_JOBS: jobs },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`the scan failed (exit ${run.status})`);
  return jobs;
}

function main(): void {
  const project = flag('--project');
  const dir = flag('--jobs') ?? (project ? capture(resolve(project)) : undefined);
  if (!dir) throw new Error('give --jobs <dir> (a capture) or --project <dir> (capture one now)');
  const setup = deserialize(readFileSync(join(dir, 'setup.bin'))) as CapturedSetup;
  const only = flag('--only')?.split(',');
  const enabled = enabledFromSettings(only ? setup.settings.filter((s) => only.includes(s.id)) : setup.settings);
  const now = new Date(setup.nowMs);
  const jobs = readdirSync(dir).filter((f) => /^\d+-\d+\.bin$/.test(f)).sort().map((f) => deserialize(readFileSync(join(dir, f))) as CapturedJob);
  const rounds = Math.max(1, Number.parseInt(flag('--rounds') ?? '3', 10) || 3);
  console.log(`${jobs.length} packages, ${enabled.length} detectors, ${rounds} rounds`);
  const prepared = performance.now();
  prepareDetectors(enabled);
  console.log(`prepare: ${(performance.now() - prepared).toFixed(0)} ms`);
  for (let round = 1; round <= rounds; round++) {
    const timings = new Map<string, number>();
    const judgements: unknown[] = [];
    const started = performance.now();
    for (const job of jobs) {
      const { judgement, previousWanted } = judgeTarballStage(reviveFacts(job.facts), enabled, now, true, job.askPrevious);
      for (const [id, ms] of Object.entries(judgement.timingsMs ?? {})) timings.set(id, (timings.get(id) ?? 0) + ms);
      delete judgement.timingsMs;
      judgements.push({ package: `${job.facts.name}@${job.facts.version}`, judgement, previousWanted });
    }
    const total = performance.now() - started;
    const top = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id, ms]) => `${id} ${ms.toFixed(0)}`);
    console.log(`round ${round}: ${total.toFixed(0)} ms; ${top.join(', ')}`);
    const out = flag('--out');
    if (round === rounds && out) writeFileSync(out, JSON.stringify(judgements));
  }
}

main();
