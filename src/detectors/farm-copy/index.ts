/**
 * farm-copy (scan scope): a tiny package whose only code is a copy of a popular utility (reference
 * index), tied to a farm — it depends on, or is depended on by, other tiny unknown packages of the
 * scan (siblings pumping each other's dependents), or its publisher holds many packages. That is
 * token-farm spam with or without a tea.yaml: the registration file is the easiest trait to drop.
 *
 * The copy itself is scored by reference-clone; this detector adds the farm around it, so a copied
 * utility with siblings reaches high while a lone fork of a utility stays where reference-clone
 * puts it.
 */
import { z } from 'zod';
import { referenceIndex, type ReferenceIndex } from '../../analysis/reference-index/index.js';
import { isFingerprintedPath } from '../../analysis/fingerprint/package.js';
import { type MatchSummary, relationTo, resolveMatches, summarizeMatches } from '../../analysis/reference-index/match.js';
import { safeLine } from '../../report/sanitize.js';
import { publishersOf } from '../../analysis/publishers.js';
import { defineScanDetector, packageKey, type LeanFacts, type PackageFacts, type ScanDetectorFinding, type ScannedPackage } from '../types.js';
import type { PublisherVolume } from '../../facts/npm-types.js';

const options = z.object({
  /** "Tiny": at most this much JavaScript (declared sizes), so fingerprinting here stays cheap. */
  maxCodeBytes: z.number().int().positive().default(16 * 1024),
  minTokens: z.number().int().positive().default(50),
  minSimilarity: z.number().min(0).max(1).default(0.5),
  bulkAccountPackages: z.number().int().positive().default(50),
  recentAccountPackages: z.number().int().positive().default(20),
  weights: z.object({ siblings: z.number().default(35), sibling: z.number().default(20), account: z.number().default(20) }).default({ siblings: 35, sibling: 20, account: 20 }),
});
type Options = z.output<typeof options>;

/** What farm-copy keeps of one package's files: its code size, and its code matches when it is small and unknown. */
interface FarmSummary {
  codeBytes: number;
  matches?: MatchSummary;
}

export const farmCopy = defineScanDetector({
  meta: {
    id: 'farm-copy',
    description: 'A tiny package whose only code is a copied popular utility, tied to sibling packages or a bulk-publishing account: farm spam even without tea.yaml.',
    needs: ['files', 'publisher-volume'],
    messages: {
      siblings: 'its only code is a copy of {reference}, and it is tied to {count} other small unknown package(s) of this tree ({examples})',
      account: 'its only code is a copy of {reference}, and its publisher {publisher} holds {total} packages ({recent} created in the last 30 days)',
    },
    options,
  },
  summarize(facts, o): FarmSummary | undefined {
    if (!facts.files) return undefined;
    const loaded = referenceIndex();
    const bytes = codeBytes(facts);
    // Only a small unknown package is fingerprinted here, so this stays cheap.
    const small = !('error' in loaded) && !loaded.index.byName(facts.name) && bytes > 0 && bytes <= o.maxCodeBytes;
    const matches = small ? summarizeMatches(facts, o) : undefined;
    return { codeBytes: bytes, ...(matches ? { matches } : {}) };
  },
  detect({ packages: scanned, publisherVolumes, options: o }) {
    const loaded = referenceIndex();
    if ('error' in loaded) return { findings: [] };
    const index = loaded.index;
    const packages = scanned.map((p) => p.facts);
    const small = new Map<string, ScannedPackage<FarmSummary>>();
    for (const p of scanned) if (isSmallUnknown(p, index, o)) small.set(p.facts.name, p);
    const findings: ScanDetectorFinding[] = [];
    for (const { facts, summary } of small.values()) {
      const copy = summary?.matches ? resolveMatches(index, summary.matches).find((m) => relationTo(facts, m.reference) === undefined) : undefined;
      if (!copy) continue;
      const reference = safeLine(copy.reference.name, 120);
      const siblings = siblingsOf(facts, packages, small);
      if (siblings.length > 0) {
        findings.push({
          packageKey: packageKey(facts),
          messageId: 'siblings',
          data: { reference, count: siblings.length, examples: siblings.slice(0, 3).map((s) => safeLine(s, 80)).join(', ') },
          weight: siblings.length >= 2 ? o.weights.siblings : o.weights.sibling,
          evidence: { reference, siblings: siblings.slice(0, 10).map((s) => safeLine(s, 120)), similarityPercent: Math.round(copy.similarity * 100) },
        });
      }
      const volume = bulkVolume(facts, publisherVolumes, o);
      if (volume) {
        findings.push({
          packageKey: packageKey(facts),
          messageId: 'account',
          data: { reference, publisher: safeLine(volume.publisher, 80), total: volume.total, recent: volume.createdLast30Days },
          weight: o.weights.account,
          evidence: { reference, publisher: safeLine(volume.publisher, 80), totalPackages: volume.total, createdLast30Days: volume.createdLast30Days },
        });
      }
    }
    return { findings };
  },
});

function codeBytes(facts: PackageFacts): number {
  return (facts.files?.entries ?? []).filter((e) => e.type === 'file' && isFingerprintedPath(e.path)).reduce((sum, e) => sum + e.size, 0);
}

/** Files read (a summary exists), not a reference package, and a little code. */
function isSmallUnknown({ facts, summary }: ScannedPackage<FarmSummary>, index: ReferenceIndex, o: Options): boolean {
  if (!summary || index.byName(facts.name)) return false;
  return summary.codeBytes > 0 && summary.codeBytes <= o.maxCodeBytes;
}

function dependencyNames(facts: LeanFacts): string[] {
  const deps = (facts.manifest?.dependencies ?? facts.versionMeta?.dependencies) as Record<string, unknown> | undefined;
  return deps && typeof deps === 'object' ? Object.keys(deps) : [];
}

/** Small unknown packages of the scan this one depends on or is depended on by. */
function siblingsOf(facts: LeanFacts, packages: readonly LeanFacts[], small: ReadonlyMap<string, unknown>): string[] {
  const out = new Set<string>();
  for (const name of dependencyNames(facts)) if (name !== facts.name && small.has(name)) out.add(name);
  for (const other of packages) if (other.name !== facts.name && small.has(other.name) && dependencyNames(other).includes(facts.name)) out.add(other.name);
  return [...out].sort();
}

function bulkVolume(facts: LeanFacts, volumes: ReadonlyMap<string, PublisherVolume | null>, o: Options): PublisherVolume | undefined {
  for (const publisher of publishersOf(facts)) {
    const volume = volumes.get(publisher);
    if (volume && (volume.total >= o.bulkAccountPackages || volume.createdLast30Days >= o.recentAccountPackages)) return volume;
  }
  return undefined;
}

