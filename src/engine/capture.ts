/**
 * Writes the tarball stage's jobs to a folder as they are judged (SPAMCHECK_CAPTURE_JOBS), so
 * `npm run bench:detectors` can replay them in one thread: the detectors' CPU on a real tree without
 * the network, the main thread or the other cores' load in the figures, and their judgements to
 * compare byte for byte after a change. A developer's tool: nothing is written unless asked for.
 *
 * Each job is one file (`v8.serialize`): the portable facts the worker received, their texts copied
 * out of shared memory (which `v8.serialize` cannot write), and whether the previous release was
 * asked about. `setup.bin` holds the detector settings and the scan's clock.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { threadId } from 'node:worker_threads';
import type { DetectorSetting } from './judge.js';
import type { PortableFacts } from './portable-facts.js';

export interface CapturedSetup {
  settings: DetectorSetting[];
  nowMs: number;
}

export interface CapturedJob {
  facts: PortableFacts;
  askPrevious: boolean;
}

type Files = NonNullable<PortableFacts['files']>;

const unshared = (files: Files): Files => ({ ...files, texts: { ...files.texts, slabs: files.texts.slabs.map((slab) => new Uint8Array(slab)) } });

/** A capture into `dir` for this thread: `setup` once, then `job` per package judged. */
export function createCapture(dir: string, setup: CapturedSetup): { job(facts: PortableFacts, askPrevious: boolean): void } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'setup.bin'), serialize(setup));
  let seq = 0;
  return {
    job(facts, askPrevious) {
      const copy: PortableFacts = {
        ...facts,
        ...(facts.files ? { files: unshared(facts.files) } : {}),
        ...(facts.previous ? { previous: { ...facts.previous, files: unshared(facts.previous.files) } } : {}),
      };
      const name = `${String(threadId).padStart(2, '0')}-${String(seq++).padStart(6, '0')}.bin`;
      writeFileSync(join(dir, name), serialize({ facts: copy, askPrevious } satisfies CapturedJob));
    },
  };
}
