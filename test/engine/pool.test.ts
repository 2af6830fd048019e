/**
 * Package detectors in worker threads (the built CLI's path): they judge exactly as inline, and a
 * package whose detectors run past the time limit gets a detector error instead of hanging the scan.
 * Worker threads need the compiled code, so this test drives dist/ (npm test builds it first).
 */
import { describe, expect, it } from 'vitest';
import { e2ePackages } from '../e2e/packages.js';
import { factsFromFixture } from '../support/package-fixture.js';

// Imported from dist/ by a computed path so `npm run typecheck` passes before any build; the types
// come from the sources the build compiles.
const dist = (file: string) => new URL(`../../dist/engine/${file}`, import.meta.url).href;
const { createPackageJudge, defaultDetectorThreads } = (await import(dist('pool.js'))) as typeof import('../../src/engine/pool.js');
const { enableDetectors, judgePackage } = (await import(dist('judge.js'))) as typeof import('../../src/engine/judge.js');
const { createEngine } = (await import(dist('index.js'))) as typeof import('../../src/engine/index.js');

const now = new Date('2026-01-01T00:00:00.000Z');
const dropper = factsFromFixture(e2ePackages.find((p) => p.name === 'curl-dropper')!);
const withHook = () => factsFromFixture(e2ePackages.find((p) => p.name === 'curl-dropper')!);
const clean = factsFromFixture(e2ePackages.find((p) => p.name === 'tidy-utils')!);

/** A package of `files` files of dense array literals (about 1 MB each): its texts and their reading take a heap of many MB. */
function heavyPackage(files: number) {
  const dense = `module.exports = [${Array.from({ length: 150_000 }, (_, i) => i).join(',')}];\n`;
  const heavyFiles = Object.fromEntries(Array.from({ length: files }, (_, i) => [`lib/part${i}.js`, dense]));
  return factsFromFixture({ ...e2ePackages.find((p) => p.name === 'tidy-utils')!, versions: [{ version: '1.0.0', publishedAt: '2025-01-01T00:00:00.000Z', files: { 'package.json': '{"name":"tidy-utils","version":"1.0.0","main":"lib/part0.js"}', ...heavyFiles } }] });
}

describe('detector worker pool', () => {
  it('leaves the main thread a core of its own: one detector thread per core but one, 1 to 4', async () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultDetectorThreads(cores))).toEqual([1, 1, 2, 3, 4, 4]);
    // The engine a scan builds takes that default, not a count of its own.
    const engine = createEngine({ selection: {}, now, timeoutMs: 30_000, measure: false });
    expect(engine.workers).toBe(defaultDetectorThreads());
    await engine.close();
  });

  it('judges in worker threads exactly as in the main thread', async () => {
    const enabled = enableDetectors({});
    const judge = createPackageJudge({ enabled, now, workers: 2, timeoutMs: 30_000, measure: false });
    try {
      const [{ judgement: inWorker }, { judgement: inWorkerClean }] = await Promise.all([judge.judge(dropper), judge.judge(clean)]);
      const inline = judgePackage(dropper, enabled, now, 'tarball');
      expect(inWorker.findings.length).toBeGreaterThan(0);
      expect(inWorker.findings.map((f) => [f.detector, f.finding.messageId, f.finding.weight])).toEqual(inline.findings.map((f) => [f.detector, f.finding.messageId, f.finding.weight]));
      expect(inWorker.detectorErrors).toEqual([]);
      expect(inWorkerClean.findings.filter((f) => f.finding.weight >= 10)).toEqual([]);
    } finally {
      await judge.close();
    }
  });

  it('judges with the thread it started ahead of the first package, as a fresh one would', async () => {
    const enabled = enableDetectors({});
    const judge = createPackageJudge({ enabled, now, workers: 1, timeoutMs: 30_000, measure: false });
    try {
      judge.warm();
      judge.warm();
      const { judgement } = await judge.judge(dropper);
      expect(judgement.detectorErrors).toEqual([]);
      expect(judgement.findings.map((f) => f.finding.messageId)).toEqual(judgePackage(dropper, enabled, now, 'tarball').findings.map((f) => f.finding.messageId));
    } finally {
      await judge.close();
    }
  });

  it('stops detectors that run past the limit, reports it on the package, and keeps serving the queue', async () => {
    const judge = createPackageJudge({ enabled: enableDetectors({}), now, workers: 1, timeoutMs: 1, measure: false });
    try {
      const results = await Promise.all([judge.judge(dropper), judge.judge(clean), judge.judge(dropper)]);
      for (const { judgement: result } of results) {
        expect(result.findings).toEqual([]);
        expect(result.detectorErrors[0]?.message).toMatch(/ran longer than .* and were stopped/);
      }
    } finally {
      await judge.close();
    }
  });

  it('stops a worker whose package needs more memory than its heap cap, reports it, and keeps serving the queue', async () => {
    // Eight files of dense array literals: far over a 16 MB heap.
    const heavy = heavyPackage(8);
    const judge = createPackageJudge({ enabled: enableDetectors({}), now, workers: 1, timeoutMs: 60_000, measure: false, heapLimitMb: 16 });
    try {
      const [first, second] = await Promise.all([judge.judge(heavy), judge.judge(heavy)]);
      for (const { judgement: result } of [first!, second!]) expect(result.detectorErrors[0]?.message).toMatch(/needed more than 16 MB of memory on this package and were stopped/);
    } finally {
      await judge.close();
    }
  });

  it('judges a package sent ahead to a worker that is then stopped on the next worker, as if nothing happened', async () => {
    const heavy = heavyPackage(24);
    // 24 MB: enough for a worker to judge the dropper (it needs 20), too little for 24 MB of dense arrays (they need over 28).
    const judge = createPackageJudge({ enabled: enableDetectors({}), now, workers: 1, timeoutMs: 60_000, measure: false, heapLimitMb: 24 });
    try {
      // The dropper waits in the port of the worker that the heavy package kills.
      const [stopped, after] = await Promise.all([judge.judge(heavy), judge.judge(withHook())]);
      expect(stopped.judgement.detectorErrors[0]?.message).toMatch(/needed more than 24 MB/);
      expect(after.judgement.detectorErrors).toEqual([]);
      expect(after.judgement.findings.map((f) => f.detector)).toEqual(judgePackage(withHook(), enableDetectors({}), now, 'tarball').findings.map((f) => f.detector));
      expect(after.judgement.findings.length).toBeGreaterThan(0);
    } finally {
      await judge.close();
    }
  });

  it('counts the text held by packages waiting for a worker, and lets it go as each is handed over', async () => {
    // The scan stops fetching while this is high: the texts wait on the main thread until then.
    const judge = createPackageJudge({ enabled: enableDetectors({}), now, workers: 1, timeoutMs: 30_000, measure: false });
    try {
      const judged = [dropper, clean, dropper].map((facts) => judge.judge(facts));
      // The first two went to the worker at once (one judged, the next waiting in its port, so the
      // worker never waits for this thread); the third waits here, in one 64 KiB buffer.
      expect(judge.pending()).toBe(3);
      expect(judge.pendingTextBytes()).toBe(64 * 1024);
      await Promise.all(judged);
      expect(judge.pendingTextBytes()).toBe(0);
    } finally {
      await judge.close();
    }
  });

  it('wakes a fetch held back by a full backlog as soon as a package leaves it', async () => {
    // The scan waits on this instead of polling every 5 ms (10,000 wake-ups in a 16 s scan).
    const judge = createPackageJudge({ enabled: enableDetectors({}), now, workers: 1, timeoutMs: 30_000, measure: false });
    try {
      const first = judge.judge(dropper);
      const second = judge.judge(clean);
      let woken = 0;
      const wake = () => void woken++;
      void judge.shrinks().then(wake);
      void judge.shrinks().then(wake);
      await first;
      await Promise.resolve();
      // Both waiters wake with the first reply, while the second package is still being judged.
      expect(woken).toBe(2);
      expect(judge.pending()).toBe(1);
      await second;
    } finally {
      await judge.close();
    }
  });

  it('asked, says whether the release before is worth reading, and keeps the files to judge again with it', async () => {
    const judge = createPackageJudge({ enabled: enableDetectors({}), now, workers: 1, timeoutMs: 30_000, measure: false });
    try {
      // An install hook is a risky capability; tidy-utils shows none.
      const risky = withHook();
      const text = risky.files!.readText('index.js');
      const [asked, notAsked, calm] = await Promise.all([judge.judge(risky, true), judge.judge(withHook()), judge.judge(factsFromFixture(e2ePackages.find((p) => p.name === 'tidy-utils')!), true)]);
      expect([asked.previousWanted, notAsked.previousWanted, calm.previousWanted]).toEqual([true, false, false]);
      // The texts are shared with the worker, not moved: still readable here, unchanged.
      expect(risky.files!.readText('index.js')).toBe(text);
      const again = await judge.judge(risky);
      expect(again.judgement.findings.map((f) => f.finding.messageId)).toEqual(asked.judgement.findings.map((f) => f.finding.messageId));
    } finally {
      await judge.close();
    }
  });
});
