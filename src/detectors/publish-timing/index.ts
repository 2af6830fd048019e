/**
 * publish-timing: how a package's versions were published over time, read from packument `time`.
 *
 * People publish a few versions, days or months apart, for years. Bulk publishers and worms publish
 * in bursts seconds apart, draw version numbers at random, and never come back. A long, spread-out
 * history is counter-evidence and is scored as such (negative weight), so an old, living package is
 * pulled down even when another detector dislikes it.
 */
import semver from 'semver';
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding, type DetectorResult } from '../types.js';
import { longestBurst, publishTimeline, unexplainedVersionDrops, type PublishEvent } from '../../analysis/timeline.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const options = z.object({
  /** Consecutive versions at most this far apart belong to one burst. */
  burstGapSeconds: z.number().positive().default(120),
  /** Versions in one burst before it counts. */
  burstMinVersions: z.number().int().min(2).default(5),
  /** A burst this long is bulk bumping: no release process needs a dozen versions each within minutes. */
  massBurstMinVersions: z.number().int().min(2).default(12),
  /** A package whose whole life (first to last version) fits in this window ... */
  abandonWindowMinutes: z.number().positive().default(60),
  /** ... and that has been silent this long since, was created and abandoned. */
  abandonQuietDays: z.number().positive().default(30),
  /** Versions in one day, with nothing before or after, for the single-day signal. */
  singleDayMinVersions: z.number().int().min(2).default(8),
  /** Publish history spanning this long, over several days, is counter-evidence. */
  longHistoryDays: z.number().positive().default(365),
  longHistoryMinPublishDays: z.number().int().min(2).default(4),
  weights: z
    .object({
      burst: z.number().default(15),
      massBurst: z.number().default(25),
      createdAndAbandoned: z.number().default(10),
      singleDay: z.number().default(10),
      randomVersions: z.number().default(15),
      longHistory: z.number().default(-15),
      someHistory: z.number().default(-5),
    })
    .default({ burst: 15, massBurst: 25, createdAndAbandoned: 10, singleDay: 10, randomVersions: 15, longHistory: -15, someHistory: -5 }),
});

type Options = z.output<typeof options>;

const iso = (ms: number) => new Date(ms).toISOString();

/** The longest run of versions each within `gapMs` of the previous one. */
function distinctPublishDays(events: readonly PublishEvent[]): number {
  return new Set(events.map((e) => Math.floor(e.publishedAtMs / DAY_MS))).size;
}

export function timingFindings(events: PublishEvent[], now: Date, o: Options): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const lifetimeMs = last.publishedAtMs - first.publishedAtMs;
  const quietMs = now.getTime() - last.publishedAtMs;
  const publishDays = distinctPublishDays(events);

  const burst = longestBurst(events, o.burstGapSeconds * 1000);
  if (burst.length >= o.burstMinVersions) {
    const seconds = Math.round((burst[burst.length - 1]!.publishedAtMs - burst[0]!.publishedAtMs) / 1000);
    findings.push({
      messageId: 'burst',
      data: { count: burst.length, seconds },
      weight: burst.length >= o.massBurstMinVersions ? o.weights.massBurst : o.weights.burst,
      evidence: { field: 'time', versions: burst.map((e) => e.version), burstSeconds: seconds, startedAt: iso(burst[0]!.publishedAtMs) },
    });
  }

  if (events.length >= 2 && lifetimeMs <= o.abandonWindowMinutes * 60_000 && quietMs >= o.abandonQuietDays * DAY_MS) {
    findings.push({
      messageId: 'created-and-abandoned',
      data: { count: events.length, minutes: Math.round(lifetimeMs / 60_000), days: Math.floor(quietMs / DAY_MS) },
      weight: o.weights.createdAndAbandoned,
      evidence: { field: 'time', firstAt: iso(first.publishedAtMs), lastAt: iso(last.publishedAtMs), lifetimeMinutes: Math.round(lifetimeMs / 60_000), quietDays: Math.floor(quietMs / DAY_MS) },
    });
  } else if (events.length >= o.singleDayMinVersions && lifetimeMs <= DAY_MS && quietMs >= o.abandonQuietDays * DAY_MS) {
    // The abandon signal already covers a life of minutes; this one is for a day of churn, then nothing.
    findings.push({
      messageId: 'single-day',
      data: { count: events.length, day: iso(first.publishedAtMs).slice(0, 10) },
      weight: o.weights.singleDay,
      evidence: { field: 'time', versionCount: events.length, firstAt: iso(first.publishedAtMs), lastAt: iso(last.publishedAtMs) },
    });
  }

  const drops = unexplainedVersionDrops(events);
  const releases = events.filter((e) => !semver.prerelease(e.version)).length;
  if (drops.length >= 1 && drops.length * 3 >= releases - 1) {
    findings.push({
      messageId: 'random-versions',
      data: { drops: drops.length, releases },
      weight: o.weights.randomVersions,
      evidence: { field: 'time', dropsInPublishOrder: drops.slice(0, 10), publishOrder: events.slice(0, 20).map((e) => e.version) },
    });
  }

  const historyDays = Math.floor(lifetimeMs / DAY_MS);
  if (historyDays >= o.longHistoryDays && publishDays >= o.longHistoryMinPublishDays) {
    findings.push({
      messageId: 'long-history',
      data: { days: historyDays, publishDays },
      weight: o.weights.longHistory,
      evidence: { field: 'time', firstAt: iso(first.publishedAtMs), lastAt: iso(last.publishedAtMs), publishDays },
    });
  } else if (historyDays >= 90 && publishDays >= 3) {
    findings.push({
      messageId: 'some-history',
      data: { days: historyDays, publishDays },
      weight: o.weights.someHistory,
      evidence: { field: 'time', firstAt: iso(first.publishedAtMs), lastAt: iso(last.publishedAtMs), publishDays },
    });
  }
  return findings;
}

export const publishTiming = definePackageDetector({
  meta: {
    id: 'publish-timing',
    description: 'Versions published in bursts seconds apart, a package created and abandoned within minutes, random version numbers; a long history counts against.',
    needs: ['packument'],
    messages: {
      burst: '{count} versions published within {seconds} s, each at most seconds after the previous one.',
      'created-and-abandoned': 'All {count} versions were published within {minutes} min, then nothing for {days} days.',
      'single-day': '{count} versions published on {day} and none before or after.',
      'random-versions': 'Version numbers jump down to new release lines {drops} times in {releases} releases, as if drawn at random.',
      'long-history': 'Published over {days} days on {publishDays} different days: a maintained package (counter-evidence).',
      'some-history': 'Published over {days} days on {publishDays} different days (counter-evidence).',
    },
    options,
  },
  detect({ facts, options: o, now }): DetectorResult {
    const timeline = publishTimeline(facts.packument, now);
    if (!timeline.ok) return { findings: [], unavailable: [{ signal: 'publish-timing', reason: timeline.reason }] };
    return { findings: timingFindings(timeline.events, now, o) };
  },
});
