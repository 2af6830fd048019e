/**
 * release-age: a cooldown, like pnpm's `minimumReleaseAge` and npm's `--before`. Most hijacked
 * releases (chalk/debug Sep 2025, @solana/web3.js 1.95.7, xrpl 4.2.1, the Shai-Hulud waves) were
 * found and pulled within hours to days; a build that waits that long before taking a new version
 * never installs them. Off by default (`minAgeMs: 0`); the CLI sets it from `--min-release-age 2d`.
 *
 * A policy signal, not evidence of malice: it reaches medium so `--fail-on medium` blocks the
 * install. It needs real publish times; where the registry's `time` is not trustworthy (no
 * created/modified, times out of order — see publish-timing/timeline.ts) it says so instead.
 */
import { z } from 'zod';
import { defineScanDetector, packageKey, type ScanDetectorFinding, type UnavailableSignal } from '../types.js';
import { publishTimeline } from '../../analysis/timeline.js';

const options = z.object({
  /** Versions published less than this long ago are flagged; 0 turns the detector off. */
  minAgeMs: z.number().int().min(0).default(0),
  weight: z.number().default(40),
});

export const releaseAge = defineScanDetector({
  meta: {
    id: 'release-age',
    description: 'Flags locked versions published more recently than --min-release-age (off by default; 2d is a good CI setting).',
    needs: ['packument'],
    messages: {
      tooNew: '{version} was published {age} ago, less than the minimum release age of {minimum}',
    },
    options,
  },
  detect({ packages, options: o, now }) {
    const findings: ScanDetectorFinding[] = [];
    const unavailable: (UnavailableSignal & { packageKey: string })[] = [];
    if (o.minAgeMs === 0) return { findings };
    for (const { facts } of packages) {
      const key = packageKey(facts);
      const timeline = publishTimeline(facts.packument, now);
      if (!timeline.ok) {
        unavailable.push({ packageKey: key, signal: 'release age', reason: timeline.reason });
        continue;
      }
      const event = timeline.events.find((e) => e.version === facts.version);
      if (!event) {
        unavailable.push({ packageKey: key, signal: 'release age', reason: `\`time\` has no entry for ${facts.version}` });
        continue;
      }
      const ageMs = now.getTime() - event.publishedAtMs;
      if (ageMs >= o.minAgeMs) continue;
      findings.push({
        packageKey: key,
        messageId: 'tooNew',
        data: { version: facts.version, age: formatDuration(Math.max(0, ageMs)), minimum: formatDuration(o.minAgeMs) },
        weight: o.weight,
        evidence: { field: `time["${facts.version}"]`, publishedAt: new Date(event.publishedAtMs).toISOString(), ageSeconds: Math.round(Math.max(0, ageMs) / 1000), minimumAgeSeconds: Math.round(o.minAgeMs / 1000) },
      });
    }
    return { findings, ...(unavailable.length > 0 ? { unavailable } : {}) };
  },
});


const UNITS: [string, number][] = [['w', 7 * 86_400_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];

/** `2d`, `36h`, `90m`, `1w`, `1d12h` → milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?[wdhms])+$/i.test(trimmed)) return undefined;
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)([wdhms])/gi)) total += Number(m[1]) * UNITS.find(([u]) => u === m[2]!.toLowerCase())![1];
  return Math.round(total);
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS) if (ms >= size) return `${Math.floor(ms / size)}${unit}${unit !== 's' && ms % size >= (UNITS[UNITS.findIndex(([u]) => u === unit) + 1]?.[1] ?? Infinity) ? ` ${formatDuration(ms % size)}` : ''}`;
  return '0s';
}
