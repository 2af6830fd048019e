/**
 * publisher-volume: the account behind a package publishes in bulk.
 *
 * Worm and token-farming accounts hold thousands of packages, most created in the last weeks.
 * Prolific people and release bots also hold thousands, so volume alone weighs little, and a package
 * that itself has a long publish history gets the account's weight taken back as counter-evidence:
 * the account is busy, but this package is not one of a flood.
 */
import { z } from 'zod';
import type { PublisherVolume } from '../../facts/npm-types.js';
import { publishTimeline } from '../../analysis/timeline.js';
import { defineScanDetector, packageKey, type LeanFacts, type ScanDetectorFinding, type UnavailableSignal } from '../types.js';
import { publishersOf } from '../../analysis/publishers.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const options = z.object({
  /** Packages an account holds before it counts as a bulk publisher. */
  bulkTotal: z.number().int().positive().default(1000),
  massTotal: z.number().int().positive().default(5000),
  /** Packages dated within 30 days (in one search page of 250) for a recent flood. */
  floodLast30Days: z.number().int().positive().default(50),
  heavyFloodLast30Days: z.number().int().positive().default(200),
  /** A package published over this many days (or with this many versions) is established on its own. */
  establishedHistoryDays: z.number().positive().default(180),
  establishedVersions: z.number().int().positive().default(15),
  weights: z
    .object({ bulk: z.number().default(10), mass: z.number().default(15), flood: z.number().default(15), heavyFlood: z.number().default(25) })
    .default({ bulk: 10, mass: 15, flood: 15, heavyFlood: 25 }),
});
type Options = z.output<typeof options>;

/** Why this package, on its own record, is not part of a flood; undefined when nothing says so. */
function establishedBecause(facts: LeanFacts, now: Date, o: Options): string | undefined {
  const timeline = publishTimeline(facts.packument, now);
  if (!timeline.ok) {
    // Without trustworthy times, many versions is the next best record; with them, dozens of
    // versions bumped in minutes are a flood, not a history, so the times decide.
    const versionCount = Object.keys(facts.packument?.versions ?? {}).length;
    return versionCount >= o.establishedVersions ? `${versionCount} versions` : undefined;
  }
  const first = timeline.events[0]!.publishedAtMs;
  const last = timeline.events[timeline.events.length - 1]!.publishedAtMs;
  const days = Math.floor((last - first) / DAY_MS);
  return days >= o.establishedHistoryDays ? `published over ${days} days` : undefined;
}

function volumeFindings(facts: LeanFacts, volume: PublisherVolume, now: Date, o: Options): Omit<ScanDetectorFinding, 'packageKey'>[] {
  const findings: Omit<ScanDetectorFinding, 'packageKey'>[] = [];
  const evidence = { publisher: volume.publisher, totalPackages: volume.total, datedLast30Days: volume.createdLast30Days, sampleNames: volume.sampleNames };
  if (volume.total >= o.bulkTotal) {
    findings.push({
      messageId: 'bulk-publisher',
      data: { publisher: volume.publisher, total: volume.total },
      weight: volume.total >= o.massTotal ? o.weights.mass : o.weights.bulk,
      evidence,
    });
  }
  if (volume.createdLast30Days >= o.floodLast30Days) {
    findings.push({
      messageId: 'recent-flood',
      data: { publisher: volume.publisher, recent: volume.createdLast30Days },
      weight: volume.createdLast30Days >= o.heavyFloodLast30Days ? o.weights.heavyFlood : o.weights.flood,
      evidence,
    });
  }
  const raised = findings.reduce((sum, f) => sum + f.weight, 0);
  const established = raised > 0 ? establishedBecause(facts, now, o) : undefined;
  if (established) {
    findings.push({
      messageId: 'established-package',
      data: { reason: established },
      weight: -raised,
      evidence: { field: 'time', reason: established },
    });
  }
  return findings;
}

export const publisherVolume = defineScanDetector({
  meta: {
    id: 'publisher-volume',
    description: 'The publishing account holds thousands of packages or published a flood of them in the last 30 days; a package with its own long history is exempted by counter-evidence.',
    needs: ['packument', 'publisher-volume'],
    messages: {
      'bulk-publisher': 'Publisher {publisher} holds {total} packages.',
      'recent-flood': 'Publisher {publisher} published {recent} packages in the last 30 days.',
      'established-package': 'This package has its own history ({reason}): the account volume does not describe it (counter-evidence).',
    },
    options,
  },
  detect({ packages, publisherVolumes, options: o, now }) {
    const findings: ScanDetectorFinding[] = [];
    const unavailable: (UnavailableSignal & { packageKey: string })[] = [];
    for (const { facts } of packages) {
      const key = packageKey(facts);
      const publishers = publishersOf(facts);
      if (publishers.length === 0) {
        unavailable.push({ packageKey: key, signal: 'publisher-volume', reason: 'the registry gives no _npmUser or maintainers for this package' });
        continue;
      }
      const answers = publishers.map((p) => publisherVolumes.get(p)).filter((v): v is PublisherVolume => v !== undefined && v !== null);
      if (answers.length === 0) {
        unavailable.push({ packageKey: key, signal: 'publisher-volume', reason: `the registry's search did not answer for ${publishers.join(', ')}` });
        continue;
      }
      // Several maintainers: judge by the busiest account, the one a flood would come from.
      const busiest = answers.reduce((a, b) => (b.createdLast30Days > a.createdLast30Days || (b.createdLast30Days === a.createdLast30Days && b.total > a.total) ? b : a));
      for (const f of volumeFindings(facts, busiest, now, o)) findings.push({ ...f, packageKey: key });
    }
    return { findings, unavailable };
  },
});
