/**
 * Where the tarball stage (see judge.ts) runs. From the built CLI they run in a pool of worker threads: all cores
 * work while the main thread fetches, and a package whose detectors run past `timeoutMs` has its
 * worker terminated and is reported as a detector failure, so one hostile file cannot hang a scan.
 * From TypeScript sources (tests) or with `workers: 0` they run inline, with the same judging code.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type EnabledDetector, type PackageJudgement, emptyJudgement, judgeTarballStage, settingsOf } from './judge.js';
import { type PortableFacts, portableFacts } from './portable-facts.js';
import { packedTextsOf } from '../package-files/memory.js';
import type { PackageFacts } from '../facts/types.js';
import { PACKAGE_ROOT, RUNS_COMPILED } from '../util/package-root.js';

/** The tarball stage of one package, and whether its release before is worth reading (when asked). */
export interface TarballStage {
  judgement: PackageJudgement;
  /**
   * The package shows a capability worth comparing with the release before it (riskyCapability):
   * its files are back in `facts.files`, to be judged again once that release is read.
   */
  previousWanted: boolean;
}

/** A worker's reply. With `previousWanted`, the files are judged again once the release before is read. */
export interface WorkerReply {
  id: number;
  judgement: PackageJudgement;
  previousWanted?: boolean;
}

export interface PackageJudge {
  /**
   * `askPrevious`: also answer `previousWanted`. Asked where the texts are already decoded for the
   * detectors: answered on the fetch side, it decoded and searched every JavaScript file of every
   * package a second time, on the main thread, to read one extra tarball in hundreds.
   */
  judge(facts: PackageFacts, askPrevious?: boolean): Promise<TarballStage>;
  /** Packages handed over and not yet judged: the scan stops fetching while too many wait. */
  pending(): number;
  /** Bytes of file text held on this thread by packages waiting for a worker. */
  pendingTextBytes(): number;
  /**
   * Settles the next time the backlog shrinks (a package judged, or its text handed to a worker):
   * a fetch held back by a full backlog waits for this instead of polling.
   */
  shrinks(): Promise<void>;
  /**
   * A package is on its way: starts a detector thread now if none runs, so that it has loaded the
   * detectors (a quarter of a second, more on a busy machine) by the time the package arrives.
   * `prepare`: many will come (a cold scan), so threads also run the detectors' `prepare`.
   */
  warm(prepare?: boolean): void;
  close(): Promise<void>;
}

export interface JudgeOptions {
  enabled: readonly EnabledDetector[];
  now: Date;
  /** Worker threads; 0 runs inline. Default: one per core, at most 4. */
  workers?: number;
  /** Longest all detectors together may spend on one package (workers only). */
  timeoutMs: number;
  measure: boolean;
  /** Folder the worker threads write each job to (engine/capture.ts); workers only. */
  captureDir?: string | undefined;
  /** Old-generation heap of each worker, in MB (default DEFAULT_WORKER_HEAP_MB). */
  heapLimitMb?: number;
}

/**
 * Each worker's old-generation heap cap. V8 sizes a heap's growth by its limit: under the default
 * limit (a quarter of RAM) a worker let garbage pile up to 170-200 MB between collections on a
 * real tree, with 40 MB live; under 512 MB it collects at about 110 MB, at the same speed. The cap
 * is also a guard: a package whose analysis needs more has its worker stopped and gets a detector
 * error, instead of growing the process without bound.
 */
export const DEFAULT_WORKER_HEAP_MB = 512;

/**
 * Young generation of each worker, in MB. A worker's garbage is parse trees that live for one file,
 * but a file's tree outlives a small young generation and is copied at every scavenge until it is
 * promoted. On the 657-package tree (--trace-gc, one detector thread): 8 MB made 536 scavenges and
 * 1.7-1.9 s of pauses; 16 and 24 MB (both 4 MB semi-spaces) 262 and 1.4 s; 32 MB 130 and 0.9 s;
 * 64 MB 69 and 0.7 s. 32 MB beat 8 MB in four of four interleaved cold scans (22.4 -> 21.5 s on
 * average, 1.3 s less CPU), but put peak RSS at 456-509 MB against a 500 MB target; 16 MB was as
 * fast as 32 in eight interleaved scans (21.0-20.3 against 21.5-20.7 s) at 440-488 MB. 64 MB added
 * another 20-30 MB for little more. V8's default, about 50 MB held per isolate for the whole scan,
 * is no better.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** The compiled worker in dist/, also for the CLI bundle (dist/bundle/), which leaves the workers unbundled. */
const WORKER_URL = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'engine', 'worker.js'));
/** Worker threads need compiled JavaScript; running from the TypeScript sources means inline. */
const CAN_USE_WORKERS = RUNS_COMPILED;

/**
 * Detector threads: one core fewer than the machine has (1 to 4), because the main thread needs a
 * core of its own (HTTP, hashing, the tar reader) and every thread is one more V8 heap that compiles
 * and collects the same code. On 2 cores, the 657-package tree with one detector thread instead of
 * two: same wall time (three interleaved pairs), 2.8 s less CPU, peak RSS 503 -> 413-434 MB; the
 * synthetic 5,500-package tree 4% slower.
 */
export function defaultDetectorThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

export function createPackageJudge(options: JudgeOptions): PackageJudge {
  const workers = options.workers ?? defaultDetectorThreads();
  if (!CAN_USE_WORKERS || workers === 0) {
    return {
      judge: async (facts, askPrevious = false) => judgeTarballStage(facts, options.enabled, options.now, options.measure, askPrevious),
      pending: () => 0,
      pendingTextBytes: () => 0,
      shrinks: () => Promise.resolve(),
      warm: () => {},
      close: async () => {},
    };
  }
  return new WorkerJudge(workers, options);
}

interface Job {
  id: number;
  /** The facts as sent, kept until the reply: a worker stopped before this job's turn hands it on. */
  portable: PortableFacts;
  askPrevious: boolean;
  textBytes: number;
  resolve: (reply: Omit<WorkerReply, 'id'>) => void;
}

interface Slot {
  worker: Worker;
  /** Sent to this worker, oldest first: the first is being judged, the others wait in its port. */
  jobs: Job[];
  timer?: NodeJS.Timeout;
}

/**
 * Packages sent to one worker at a time: the one it judges and the next. With one, the worker sat
 * idle from each reply until the main thread, busy parsing a packument or reading a tarball, took
 * the reply and sent the next package: a third of its time in the first seconds of a cold scan.
 * On the 657-package tree, two beat one in seven of seven interleaved cold scans (17.8 against
 * 18.7 s on average); three were no faster than two.
 */
const JOBS_PER_WORKER = 2;

class WorkerJudge implements PackageJudge {
  private readonly queue: Job[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private queuedTextBytes = 0;
  private closed = false;
  private shrinkWaiters: (() => void)[] = [];
  private prepareWorkers = false;

  constructor(
    private readonly size: number,
    private readonly options: JudgeOptions,
  ) {}

  pending(): number {
    return this.slots.reduce((n, slot) => n + slot.jobs.length, this.queue.length);
  }

  pendingTextBytes(): number {
    return this.queuedTextBytes;
  }

  shrinks(): Promise<void> {
    return new Promise((resolve) => this.shrinkWaiters.push(resolve));
  }

  warm(prepare = false): void {
    this.prepareWorkers ||= prepare;
    if (this.slots.length === 0 && !this.closed) this.addSlot();
  }

  judge(facts: PackageFacts, askPrevious = false): Promise<TarballStage> {
    return new Promise((resolve) => {
      const textBytes = textBytesOf(facts);
      this.queuedTextBytes += textBytes;
      this.queue.push({
        id: this.nextId++,
        portable: portableFacts(facts),
        askPrevious,
        textBytes,
        // The texts are shared with the worker, never moved: wanted again, they are still in facts.files.
        resolve: ({ judgement, previousWanted }) => resolve({ judgement, previousWanted: previousWanted === true && facts.files !== undefined }),
      });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private addSlot(): void {
    const slot: Slot = { worker: undefined as unknown as Worker, jobs: [] };
    this.spawn(slot);
    this.slots.push(slot);
  }

  private spawn(slot: Slot): void {
    const heapMb = this.options.heapLimitMb ?? DEFAULT_WORKER_HEAP_MB;
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      workerData: {
        settings: settingsOf(this.options.enabled),
        nowMs: this.options.now.getTime(),
        measure: this.options.measure,
        prepare: this.prepareWorkers,
        ...(this.options.captureDir ? { captureDir: this.options.captureDir } : {}),
      },
    });
    slot.worker = worker;
    // Messages and errors of a worker already replaced are ignored.
    worker.on('message', (message: WorkerReply) => {
      if (slot.worker === worker && slot.jobs[0]?.id === message.id) this.finish(slot, message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.replace(slot, outOfMemory ? `detectors needed more than ${heapMb} MB of memory on this package and were stopped` : `detector worker failed: ${error.message}`);
    });
    // Idle workers must not keep the process alive once the scan is done.
    worker.unref();
  }

  private dispatch(): void {
    // Workers start with the first package that needs one: a scan served from the verdict cache starts none.
    while (this.slots.length < this.size && this.slots.length < this.pending()) this.addSlot();
    // Every worker gets one package before any gets a second.
    for (let depth = 0; depth < JOBS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.jobs.length === depth && this.queue.length > 0) this.send(slot, this.queue.shift()!);
      }
    }
  }

  private send(slot: Slot, job: Job): void {
    this.queuedTextBytes -= job.textBytes;
    slot.jobs.push(job);
    if (slot.jobs.length === 1) this.startClock(slot);
    slot.worker.postMessage({ id: job.id, facts: job.portable, askPrevious: job.askPrevious });
  }

  /**
   * The time limit runs for the package the worker judges now. A package sent ahead is timed from
   * when its predecessor's reply is taken, a little after the worker started it.
   */
  private startClock(slot: Slot): void {
    slot.worker.ref();
    slot.timer = setTimeout(
      () => this.replace(slot, `detectors ran longer than ${Math.round(this.options.timeoutMs / 1000)} s on this package and were stopped`),
      this.options.timeoutMs,
    );
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    clearTimeout(slot.timer);
    const job = slot.jobs.shift()!;
    if (slot.jobs.length > 0) this.startClock(slot);
    else slot.worker.unref();
    job.resolve(reply);
    this.dispatch();
    this.shrank();
  }

  /** Wakes every fetch waiting on the backlog: each checks again whether it may go. */
  private shrank(): void {
    const waiters = this.shrinkWaiters;
    this.shrinkWaiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * A worker that hangs or dies is replaced; the package it was judging gets a detector error, never
   * silence, and the packages sent after it go to the front of the queue, to be judged as if nothing happened.
   */
  private replace(slot: Slot, message: string): void {
    const [job, ...waiting] = slot.jobs;
    clearTimeout(slot.timer);
    slot.jobs = [];
    void slot.worker.terminate();
    for (const next of waiting) this.queuedTextBytes += next.textBytes;
    this.queue.unshift(...waiting);
    // A worker that failed holding no package (at start-up, say) is not respawned at once, or one
    // that always fails would respawn forever: the next package that needs a worker starts one.
    if (!job) this.slots.splice(this.slots.indexOf(slot), 1);
    else if (!this.closed) this.spawn(slot);
    job?.resolve({ judgement: { ...emptyJudgement(), detectorErrors: [{ detector: 'package detectors', message }] } });
    this.dispatch();
    this.shrank();
  }
}

/** The text bytes a package's facts hold (its release and the previous one), as packed for a worker. */
function textBytesOf(facts: PackageFacts): number {
  let bytes = 0;
  for (const files of [facts.files, facts.previous?.files]) {
    if (files) for (const slab of packedTextsOf(files).slabs) bytes += slab.byteLength;
  }
  return bytes;
}
