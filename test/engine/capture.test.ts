/**
 * SPAMCHECK_CAPTURE_JOBS (engine/capture.ts): the detector threads write each package they judge,
 * and `npm run bench:detectors` replays those files in one thread. A capture is only useful if the
 * replay judges exactly as the scan did, so the files must hold everything the detectors read,
 * texts included (they live in shared memory, which v8.serialize cannot write).
 * Worker threads need the compiled code, so this test drives dist/ (npm test builds it first).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { afterEach, expect, it } from 'vitest';
import { e2ePackages } from '../e2e/packages.js';
import { factsFromFixture } from '../support/package-fixture.js';

const dist = (file: string) => new URL(`../../dist/engine/${file}`, import.meta.url).href;
const { createPackageJudge } = (await import(dist('pool.js'))) as typeof import('../../src/engine/pool.js');
const { enableDetectors, enabledFromSettings, judgeTarballStage } = (await import(dist('judge.js'))) as typeof import('../../src/engine/judge.js');
const { portableFacts, reviveFacts } = (await import(dist('portable-facts.js'))) as typeof import('../../src/engine/portable-facts.js');
const { createPackedPackageFiles, packedTextsOf } = (await import(new URL('../../dist/package-files/memory.js', import.meta.url).href)) as typeof import('../../src/package-files/memory.js');
type Captured = import('../../src/engine/capture.js').CapturedJob;

const now = new Date('2026-01-01T00:00:00.000Z');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The fixture's facts with their texts packed in shared memory, as the tarball reader leaves them. */
function packed(name: string) {
  const facts = factsFromFixture(e2ePackages.find((p) => p.name === name)!);
  return { ...facts, files: createPackedPackageFiles(facts.files!.entries, packedTextsOf(facts.files!), facts.files!.limits) };
}

it('writes every package the detector threads judge, and a replay of the files judges them alike', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-capture-test-'));
  made.push(dir);
  const enabled = enableDetectors({});
  const judge = createPackageJudge({ enabled, now, workers: 1, timeoutMs: 30_000, measure: false, captureDir: dir });
  const packages = [packed('curl-dropper'), packed('tidy-utils')];
  let judged;
  try {
    judged = await Promise.all(packages.map((facts) => judge.judge(facts)));
  } finally {
    await judge.close();
  }
  const files = readdirSync(dir).filter((f) => f !== 'setup.bin').sort();
  expect(files).toHaveLength(2);
  const setup = deserialize(readFileSync(join(dir, 'setup.bin'))) as { settings: Parameters<typeof enabledFromSettings>[0]; nowMs: number };
  expect(setup.nowMs).toBe(now.getTime());
  const replayed = files.map((f) => {
    const job = deserialize(readFileSync(join(dir, f))) as Captured;
    return judgeTarballStage(reviveFacts(job.facts), enabledFromSettings(setup.settings), new Date(setup.nowMs), false, job.askPrevious).judgement;
  });
  expect(judged[0]!.judgement.findings.length).toBeGreaterThan(0);
  expect(replayed).toEqual(judged.map((j) => j.judgement));
  // The texts came through: the replayed facts read the same file text as the scan's.
  const first = deserialize(readFileSync(join(dir, files[0]!))) as Captured;
  const revived = reviveFacts(first.facts).files!;
  const original = reviveFacts(portableFacts(packages[0]!)).files!;
  expect(revived.textPaths()).toEqual(original.textPaths());
  for (const path of revived.textPaths()) expect(revived.readText(path)).toBe(original.readText(path));
});
