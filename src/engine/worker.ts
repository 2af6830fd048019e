/**
 * Detector worker thread: runs the tarball stage on one package at a time for the pool in pool.ts.
 * Running detectors off the main thread uses every core and lets the pool stop a detector that
 * never ends on some hostile input, which a synchronous call in the main thread could not.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCapture } from './capture.js';
import { type DetectorSetting, enabledFromSettings, judgeTarballStage, prepareDetectors } from './judge.js';
import { reviveFacts, type PortableFacts } from './portable-facts.js';
import type { WorkerReply } from './pool.js';

interface Setup {
  /** The detectors and options the scan parsed: the worker judges with exactly those. */
  settings: DetectorSetting[];
  nowMs: number;
  measure: boolean;
  /** Started ahead of the packages (a cold scan): prepare the detectors while none has arrived. */
  prepare?: boolean;
  /** Folder to write each job to (SPAMCHECK_CAPTURE_JOBS, engine/capture.ts). */
  captureDir?: string;
}

const setup = workerData as Setup;
const enabled = enabledFromSettings(setup.settings);
const now = new Date(setup.nowMs);
if (setup.prepare) prepareDetectors(enabled);
const capture = setup.captureDir ? createCapture(setup.captureDir, { settings: setup.settings, nowMs: setup.nowMs }) : undefined;

parentPort!.on('message', (job: { id: number; facts: PortableFacts; askPrevious: boolean }) => {
  capture?.job(job.facts, job.askPrevious);
  const { judgement, previousWanted } = judgeTarballStage(reviveFacts(job.facts), enabled, now, setup.measure, job.askPrevious);
  // The texts are shared memory: wanted again, the main thread still has them.
  parentPort!.postMessage({ id: job.id, judgement, ...(previousWanted ? { previousWanted } : {}) } satisfies WorkerReply);
});
