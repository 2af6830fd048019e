/**
 * Publisher volume is a scan-wide fact: one registry search per publisher of the scan, asked once
 * all packages are known.
 *
 * Answers are kept under `<cache>/_spamcheck/publishers/` with the packuments' freshness policy
 * (reused while younger than the packument age limit; `--refresh` asks again; `--offline` uses any
 * age and asks nothing), so a warm scan sends no request. What is kept is the registry's answer,
 * not the volume: "created in the last 30 days" is counted against each scan's own clock. A
 * registry without search (404/405/501 on thin mirrors) is remembered the same way and asked once
 * per scan at most; failures that may pass (network, 5xx) are never kept.
 */
import { z } from 'zod';
import type { JudgedPackage } from '../engine/index.js';
import { publishersOf } from '../analysis/publishers.js';
import { type SearchOutcome, publisherVolumeFromSearch, searchPublisher } from '../registry/publisher-volume.js';
import { hashedPath, readJsonFile, writeJsonFile } from '../util/json-files.js';
import { runPool } from '../util/pool.js';
import type { PublisherVolume } from './npm-types.js';

/** Publishers of one package; odd registry data leaves that package without a look-up, never the scan without a report. */
function safePublishers(facts: JudgedPackage['facts']): string[] {
  try {
    return publishersOf(facts);
  } catch {
    return [];
  }
}

export interface PublisherVolumeOptions {
  pacoteOptions: Record<string, unknown>;
  now: Date;
  /** Folder for kept answers; undefined keeps nothing. */
  dir?: string;
  maxAgeMs: number;
  /** Ask nothing: use kept answers of any age, else the volume is unavailable. */
  offline?: boolean;
  signal?: AbortSignal;
  onStep?: (done: number, total: number) => void;
  /** Searches sent to the registry (for timings and tests). */
  counts?: { asked: number; kept: number };
}

const SCHEMA = 1;
const keptSchema = z.object({
  schema: z.literal(SCHEMA),
  registry: z.string(),
  publisher: z.string(),
  fetchedAtMs: z.number(),
  outcome: z.union([z.object({ kind: z.literal('answer'), body: z.unknown() }), z.object({ kind: z.literal('no-search') })]),
});

export async function lookupPublisherVolumes(outcomes: readonly JudgedPackage[], o: PublisherVolumeOptions): Promise<Map<string, PublisherVolume | null>> {
  const registry = String(o.pacoteOptions.registry ?? '');
  const pathOf = (publisher: string) => hashedPath(o.dir!, registry, publisher);
  const kept = async (publisher: string): Promise<SearchOutcome | undefined> => {
    if (!o.dir) return undefined;
    const parsed = keptSchema.safeParse(readJsonFile(pathOf(publisher)));
    if (!parsed.success || parsed.data.registry !== registry || parsed.data.publisher !== publisher) return undefined;
    // Freshness is wall-clock time, like the packuments'; the scan's clock only judges the answer.
    const age = Date.now() - parsed.data.fetchedAtMs;
    return o.offline || (age >= 0 && age <= o.maxAgeMs) ? (parsed.data.outcome as SearchOutcome) : undefined;
  };
  // One "no search" answer holds for the whole registry: the other publishers are not asked, in
  // this scan or (kept under the empty publisher name) in the next.
  let noSearch = (await kept(''))?.kind === 'no-search';
  const ask = async (publisher: string): Promise<SearchOutcome> => {
    const known = await kept(publisher);
    if (known) {
      if (o.counts) o.counts.kept++;
      return known;
    }
    if (noSearch || o.offline) return noSearch ? { kind: 'no-search' } : { kind: 'failed' };
    if (o.counts) o.counts.asked++;
    const outcome = await searchPublisher(o.pacoteOptions, publisher);
    if (outcome.kind === 'no-search' && !noSearch) {
      noSearch = true;
      if (o.dir) await writeJsonFile(pathOf(''), { schema: SCHEMA, registry, publisher: '', fetchedAtMs: Date.now(), outcome });
    }
    if (o.dir && outcome.kind !== 'failed') await writeJsonFile(pathOf(publisher), { schema: SCHEMA, registry, publisher, fetchedAtMs: Date.now(), outcome });
    return outcome;
  };
  const publishers = [...new Set(outcomes.flatMap((p) => safePublishers(p.facts)))];
  const volumes = new Map<string, PublisherVolume | null>();
  o.onStep?.(0, publishers.length);
  await runPool(publishers, 4, o.signal, async (publisher) => {
    const outcome = await ask(publisher).catch((): SearchOutcome => ({ kind: 'failed' }));
    volumes.set(publisher, outcome.kind === 'answer' ? publisherVolumeFromSearch(publisher, outcome.body, o.now) : null);
    o.onStep?.(volumes.size, publishers.length);
  });
  return volumes;
}
