/**
 * `npm run bench:cpu -- --project <dir>`: where a cold scan's CPU goes, by thread and by kind of
 * work, measured by the kernel's sampler (Linux `perf`), not by V8's profiler.
 *
 * Why not `--cpu-prof`: it samples each JavaScript thread on the wall clock and knows nothing of
 * V8's compiler and GC threads or of libuv's thread pool, where a third of a cold scan's CPU goes.
 * On a busy 2-core machine it also charges a thread for time it spent waiting for a core: one cold
 * scan's profile put 2.0 s of the main thread in zlib's `_read`, which hands the work to the thread
 * pool and costs 70 ms for 143 MB when measured alone. `perf` samples only threads that are running.
 *
 * Prints CPU seconds per thread group (main, detector threads, V8's platform threads, libuv's
 * pool) split into kinds of work: V8 compiling, garbage collection, inflating gzip, hashing, TLS,
 * the kernel (page faults, file system, system calls), and the rest (JavaScript and the runtime).
 * Figures are printed, never asserted. Needs `perf` (linux-tools) with permission to sample a child
 * process (kernel.perf_event_paranoid ≤ 2).
 *
 *   npm run bench:cpu -- --project /path/to/project    # one cold scan, empty cache
 *   npm run bench:cpu -- --project . --hz 999           # finer sampling
 *   npm run bench:cpu -- --project . --top 30           # and each thread group's 30 costliest symbols (self time)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..', '..');

const GROUPS = ['main', 'detector', 'v8 platform', 'libuv pool', 'other'] as const;
type Group = (typeof GROUPS)[number];
const KINDS = ['compile', 'gc', 'inflate', 'hash', 'tls', 'kernel', 'js+runtime'] as const;
type Kind = (typeof KINDS)[number];

/** How far down a stack a kind is looked for: deep enough for V8's compiler pipelines, not to the thread's root. */
const KIND_DEPTH = 40;

/** The kind of work one sampled stack (innermost frame first) was doing. */
function kindOf(frames: readonly Frame[]): Kind {
  const near = frames.slice(0, KIND_DEPTH).map((f) => f.symbol);
  const has = (pattern: RegExp) => near.some((s) => pattern.test(s));
  if (has(/compiler::|maglev::|Turbofan|turboshaft|OptimizedCompilationJob|BaselineCompiler|BytecodeGenerator|internal::Parser|internal::Scanner|ParseInfo/)) return 'compile';
  if (has(/Heap::|Scaveng|MarkCompact|Marking|Sweep|Evacuat|ArrayBufferSweeper|MinorMC|GCTracer/)) return 'gc';
  if (has(/^inflate|^adler32|^crc32/)) return 'inflate';
  if (has(/^sha\d+_block|^SHA\d+_|md5_block/)) return 'hash';
  if (has(/aesni|gcm_|ghash|^ssl3_|^tls1_|chacha20|poly1305/)) return 'tls';
  if (frames[0]?.kernel) return 'kernel';
  return 'js+runtime';
}

/** The thread a stack's root shows, or undefined when the stack is cut short of its root (deep JavaScript). */
function groupOfRoot(frames: readonly Frame[]): Group | undefined {
  const root = frames.slice(-12).map((f) => f.symbol).join(' ');
  if (/node::worker::Worker::Run|Worker::StartThread/.test(root)) return 'detector';
  if (/PlatformWorkerThread|DefaultJobWorker|WorkerThread::Run|v8::platform/.test(root)) return 'v8 platform';
  if (/uv__work|ThreadPoolWork|^worker\b| worker /.test(root)) return 'libuv pool';
  if (/node::Start|__libc_start_main|__libc_start_call_main|NodeMainInstance/.test(root)) return 'main';
  return undefined;
}

interface Frame {
  symbol: string;
  kernel: boolean;
}

interface Sample {
  tid: number;
  frames: Frame[];
}

/** Parses `perf script -F tid,ip,sym,dso` output, one sample at a time. */
async function* samplesOf(lines: AsyncIterable<string>): AsyncGenerator<Sample> {
  let current: Sample | undefined;
  for await (const line of lines) {
    if (line.trim() === '') {
      if (current) yield current;
      current = undefined;
    } else if (current === undefined) {
      current = { tid: Number.parseInt(line.trim(), 10), frames: [] };
    } else {
      const m = /^\s*[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$/.exec(line);
      if (m) current.frames.push({ symbol: m[1]!, kernel: m[2]!.includes('kernel') });
    }
  }
  if (current) yield current;
}

interface Tally {
  /** Samples per thread and kind. */
  byThread: Map<number, Map<Kind, number>>;
  /** Per thread, how many samples' roots pointed at each group. */
  roots: Map<number, Map<Group, number>>;
  /** Per thread, samples by innermost frame (self time), for `--top`. */
  selfBySymbol: Map<number, Map<string, number>>;
}

/** Adds `n` to a count kept in a map (samples per kind, per group). */
function add<K>(map: Map<K, number>, key: K, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

async function tally(perfData: string): Promise<Tally> {
  const child = spawn('perf', ['script', '-i', perfData, '-F', 'tid,ip,sym,dso'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((done) => child.on('close', done));
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const result: Tally = { byThread: new Map(), roots: new Map(), selfBySymbol: new Map() };
  for await (const sample of samplesOf(createInterface({ input: child.stdout, crlfDelay: Infinity }))) {
    if (!result.byThread.has(sample.tid)) {
      result.byThread.set(sample.tid, new Map());
      result.roots.set(sample.tid, new Map());
      result.selfBySymbol.set(sample.tid, new Map());
    }
    add(result.byThread.get(sample.tid)!, kindOf(sample.frames));
    add(result.selfBySymbol.get(sample.tid)!, sample.frames[0]?.symbol ?? '[unknown]');
    const root = groupOfRoot(sample.frames);
    if (root) add(result.roots.get(sample.tid)!, root);
  }
  // A failed `perf script` would otherwise print an empty table as if nothing had run.
  const status = await exited;
  if (status !== 0) throw new Error(`perf script failed (exit ${status}): ${Buffer.concat(stderr).toString().trim().split('\n').slice(-3).join(' | ')}`);
  return result;
}

/** A thread's group: what most of its samples with a visible root say (deep stacks lose the root). */
function groupOfThread(roots: Map<Group, number> | undefined): Group {
  let best: Group = 'other';
  let most = 0;
  for (const [group, n] of roots ?? []) if (n > most) [best, most] = [group, n];
  return best;
}

function printTable(t: Tally, hz: number): void {
  const rows = new Map<Group, { threads: number; kinds: Map<Kind, number> }>(GROUPS.map((g) => [g, { threads: 0, kinds: new Map() }]));
  for (const [tid, kinds] of t.byThread) {
    const row = rows.get(groupOfThread(t.roots.get(tid)))!;
    row.threads++;
    for (const [kind, n] of kinds) add(row.kinds, kind, n);
  }
  const seconds = (n: number) => (n / hz).toFixed(2).padStart(7);
  const sum = (m: Map<Kind, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(`${'thread group'.padEnd(22)}${'CPU s'.padStart(7)}${KINDS.map((k) => k.padStart(11)).join('')}`);
  const totals = new Map<Kind, number>();
  for (const [group, row] of rows) {
    if (row.threads === 0) continue;
    for (const [kind, n] of row.kinds) add(totals, kind, n);
    console.log(`${`${group} (${row.threads})`.padEnd(22)}${seconds(sum(row.kinds))}${KINDS.map((k) => seconds(row.kinds.get(k) ?? 0).padStart(11)).join('')}`);
  }
  const all = sum(totals);
  console.log(`${'total'.padEnd(22)}${seconds(all)}${KINDS.map((k) => seconds(totals.get(k) ?? 0).padStart(11)).join('')}`);
  console.log(`${'share of the total'.padEnd(29)}${KINDS.map((k) => `${(((totals.get(k) ?? 0) / Math.max(1, all)) * 100).toFixed(0)} %`.padStart(11)).join('')}`);
}

/** Per thread group, the `top` symbols with the most self time: what to read next in a profile. */
function printTopSymbols(t: Tally, hz: number, top: number): void {
  const byGroup = new Map<Group, Map<string, number>>();
  for (const [tid, symbols] of t.selfBySymbol) {
    const group = groupOfThread(t.roots.get(tid));
    if (!byGroup.has(group)) byGroup.set(group, new Map());
    for (const [symbol, n] of symbols) add(byGroup.get(group)!, symbol, n);
  }
  for (const group of GROUPS) {
    const symbols = byGroup.get(group);
    if (!symbols) continue;
    console.log(`\n${group}: symbols with the most self time`);
    for (const [symbol, n] of [...symbols].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(n / hz).toFixed(2).padStart(7)}  ${symbol.slice(0, 140)}`);
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const project = option(args, '--project');
  const hz = Number(option(args, '--hz') ?? 499);
  if (!project) {
    console.error('usage: npm run bench:cpu -- --project <dir with a lockfile> [--hz 499] [--top N]');
    return 2;
  }
  if (spawnSync('perf', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error('perf was not found: install linux-tools (the `perf` command) to measure CPU by thread.');
    return 2;
  }
  const startedAtMs = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'spamcheck-bench-cpu-'));
  try {
    const perfData = join(work, 'perf.data');
    const scan = [process.execPath, '--perf-basic-prof', join(ROOT, 'bin', 'spamcheck.js'), resolve(project), '--json', '--cache', join(work, 'cache'), '--fail-on', 'never', '--allow-incomplete'];
    const started = performance.now();
    // The scan runs in the scratch folder: V8's symbol maps for perf go to /tmp, anything else it drops stays here.
    const record = spawnSync('perf', ['record', '-F', String(hz), '-g', '-o', perfData, '--', ...scan], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const wall = (performance.now() - started) / 1000;
    if (record.status !== 0) {
      console.error(`perf record failed (exit ${record.status}): ${record.stderr.toString().trim().split('\n').slice(-3).join(' | ')}`);
      return 1;
    }
    console.log(`cold scan of ${resolve(project)}: ${wall.toFixed(1)} s wall, sampled at ${hz} Hz`);
    const tallied = await tally(perfData);
    printTable(tallied, hz);
    const top = Number(option(args, '--top') ?? 0);
    if (top > 0) printTopSymbols(tallied, hz, top);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
    removeSymbolMaps(startedAtMs);
  }
}

/** V8's symbol maps for perf (`/tmp/perf-<pid>.map`, megabytes each) written during this run. */
function removeSymbolMaps(sinceMs: number): void {
  for (const name of readdirSync('/tmp').filter((n) => /^perf-\d+\.map$/.test(n))) {
    const path = join('/tmp', name);
    if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= sinceMs) rmSync(path, { force: true });
  }
}

process.exitCode = await main();
