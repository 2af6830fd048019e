/**
 * Publisher volume is a scan-wide fact: one registry search per publisher of the scan, asked once
 * all packages are known.
 */
import type { JudgedPackage } from '../engine/index.js';
import { publishersOf } from '../analysis/publishers.js';
import { createPublisherVolumeLookup } from '../registry/publisher-volume.js';
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

export async function lookupPublisherVolumes(
  outcomes: readonly JudgedPackage[],
  pacoteOptions: Record<string, unknown>,
  now: Date,
  signal?: AbortSignal,
  onStep?: (done: number, total: number) => void,
): Promise<Map<string, PublisherVolume | null>> {
  // The scan's clock decides what "created in the last 30 days" means, as it does for every timing signal.
  const lookup = createPublisherVolumeLookup(pacoteOptions, { now });
  const publishers = [...new Set(outcomes.flatMap((o) => safePublishers(o.facts)))];
  const volumes = new Map<string, PublisherVolume | null>();
  onStep?.(0, publishers.length);
  await runPool(publishers, 4, signal, async (publisher) => {
    volumes.set(publisher, await lookup(publisher).catch(() => null));
    onStep?.(volumes.size, publishers.length);
  });
  return volumes;
}
