/**
 * Detector worker thread: judges one package at a time for the pool in judge-pool.ts. Running
 * detectors off the main thread uses every core and lets the pool stop a detector that never ends
 * on some hostile input, which a synchronous call in the main thread could not.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { judgePackage, enableDetectors, type DetectorSelection } from './judge.js';
import { reviveFacts, type PortableFacts } from './portable-facts.js';

interface Setup {
  selection: DetectorSelection;
  nowMs: number;
  measure: boolean;
}

const setup = workerData as Setup;
const enabled = enableDetectors(setup.selection);
const now = new Date(setup.nowMs);

parentPort!.on('message', (job: { id: number; facts: PortableFacts }) => {
  parentPort!.postMessage({ id: job.id, judgement: judgePackage(reviveFacts(job.facts), enabled, now, setup.measure) });
});
