/**
 * Turns a packument's `time` map into a publish timeline, or says why it cannot be trusted.
 *
 * npmjs.org writes `created`, `modified` and one timestamp per version. Thin mirrors (like the one
 * this project's machines reach) serve per-version times that are their own sync times: several
 * versions "published" in the same second, in random order. Timing signals on such data would
 * accuse every package, so a timeline is trusted only when it is shaped like the real thing.
 */
import semver from 'semver';
import type { Packument } from '../facts/npm-types.js';

export interface PublishEvent {
  version: string;
  publishedAtMs: number;
}

export type Timeline =
  | { ok: true; createdAtMs: number; events: PublishEvent[] }
  | { ok: false; reason: string };

/** npm sets `created` when the first version is published; allow for clock skew between its services. */
const CREATED_TOLERANCE_MS = 60 * 60 * 1000;

export function publishTimeline(packument: Packument | undefined, now: Date): Timeline {
  if (!packument) return { ok: false, reason: 'packument unavailable' };
  const time = packument.time;
  if (!time || typeof time !== 'object') return { ok: false, reason: 'packument has no `time` field on this registry' };
  const created = Date.parse(time.created ?? '');
  const modified = Date.parse(time.modified ?? '');
  if (Number.isNaN(created) || Number.isNaN(modified)) {
    return { ok: false, reason: '`time` lacks `created`/`modified`: per-version times on this registry are not publish times' };
  }
  const events: PublishEvent[] = [];
  for (const [key, value] of Object.entries(time)) {
    if (key === 'created' || key === 'modified') continue;
    if (!semver.valid(key)) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at)) return { ok: false, reason: `\`time["${key}"]\` is not a date` };
    events.push({ version: key, publishedAtMs: at });
  }
  if (events.length === 0) return { ok: false, reason: '`time` lists no versions' };
  events.sort((a, b) => a.publishedAtMs - b.publishedAtMs || semver.compare(a.version, b.version));
  const first = events[0]!.publishedAtMs;
  const last = events[events.length - 1]!.publishedAtMs;
  if (first < created - CREATED_TOLERANCE_MS || last > modified + CREATED_TOLERANCE_MS || last > now.getTime() + CREATED_TOLERANCE_MS) {
    return { ok: false, reason: 'version times fall outside `created`..`modified` or in the future: not trustworthy' };
  }
  return { ok: true, createdAtMs: created, events };
}

/**
 * Versions published after a higher one that do not continue a release line already there. A
 * maintainer backporting 3.4.2 after 4.0.0 continues the 3.x line; a generator drawing random
 * versions starts new lower lines out of nowhere (4.3.3 → 2.2.3 → 5.1.5).
 */
export function unexplainedVersionDrops(events: readonly PublishEvent[]): string[] {
  const drops: string[] = [];
  let highest: string | undefined;
  const seenMajors = new Set<number>();
  for (const { version } of events) {
    const major = semver.major(version);
    if (highest !== undefined && semver.lt(version, highest) && !seenMajors.has(major) && !semver.prerelease(version)) {
      drops.push(`${highest} → ${version}`);
    }
    seenMajors.add(major);
    if (highest === undefined || semver.gt(version, highest)) highest = version;
  }
  return drops;
}

/** The longest run of versions each published at most `gapMs` after the previous one. */
export function longestBurst(events: readonly PublishEvent[], gapMs: number): PublishEvent[] {
  let best: PublishEvent[] = [];
  let run: PublishEvent[] = [];
  for (const event of events) {
    const previous = run[run.length - 1];
    run = previous && event.publishedAtMs - previous.publishedAtMs <= gapMs ? [...run, event] : [event];
    if (run.length > best.length) best = run;
  }
  return best;
}
