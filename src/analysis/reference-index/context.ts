/**
 * What the package's own record says about how it was published, for weighing a copy: a copy made
 * days ago, or pushed out as a burst of versions, is junk more often than a long-lived fork.
 * Times are trusted only when the timeline is shaped like npmjs.org's (publish-timing/timeline.ts);
 * thin mirrors' sync times say nothing and count as unknown.
 */
import type { PackageFacts } from '../../facts/types.js';
import { publishTimeline } from '../timeline.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PublishContext {
  /** Days since the package was created; undefined when the registry's times cannot be trusted. */
  ageDays?: number;
  /** Most versions published within `burstWindowMs` of each other. */
  burstVersions?: number;
  /** Days between first and last publish. */
  historyDays?: number;
  versionCount: number;
}

export function publishContext(facts: PackageFacts, now: Date, burstWindowMs = 60 * 60 * 1000): PublishContext {
  const versionCount = Object.keys(facts.packument?.versions ?? {}).length;
  const timeline = publishTimeline(facts.packument, now);
  if (!timeline.ok) return { versionCount };
  const times = timeline.events.map((e) => e.publishedAtMs).sort((a, b) => a - b);
  let burst = times.length > 0 ? 1 : 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! > burstWindowMs) i++;
    burst = Math.max(burst, j - i + 1);
  }
  return {
    ageDays: Math.max(0, Math.floor((now.getTime() - timeline.createdAtMs) / DAY_MS)),
    burstVersions: burst,
    historyDays: times.length > 0 ? Math.floor((times[times.length - 1]! - times[0]!) / DAY_MS) : 0,
    versionCount,
  };
}
