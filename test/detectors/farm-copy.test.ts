import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { farmCopy } from '../../src/detectors/farm-copy/index.js';
import { referenceClone } from '../../src/detectors/reference-clone/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import type { PublisherVolume } from '../../src/facts/npm-types.js';
import { levelForScore, scoreFindings } from '../../src/report/levels.js';
import { CLASSJOIN, REFERENCE_SOURCES, SPANTIME, disguise } from '../../scripts/corpus/families/reference-sources.js';
import { namedFixture, referenceFixture, testIndex } from '../support/reference-index.js';
import { facts, run } from './content-fixtures.js';
import { runScanDetector } from '../support/scan-detector.js';

const NOW = new Date('2025-07-01T00:00:00Z');

beforeAll(() => useReferenceIndex(testIndex([...REFERENCE_SOURCES.map((s) => referenceFixture(s)), namedFixture('popular-dep')])));
afterAll(() => useReferenceIndex(undefined));

function scan(packages: PackageFacts[], volumes = new Map<string, PublisherVolume | null>()) {
  return runScanDetector(farmCopy, packages, { publisherVolumes: volumes, options: farmCopy.meta.options.parse({}), now: NOW });
}

const farmPackage = (name: string, code: string, deps: string[]) => facts(name, { 'index.js': code }, { publisher: 'farmer', manifest: { dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) } });

describe('farm-copy', () => {
  it('makes a copied utility tied to sibling packages high together with reference-clone, without any tea.yaml', () => {
    const a = farmPackage('array-sleek', disguise(CLASSJOIN), ['string-breeze', 'number-halo']);
    const b = farmPackage('string-breeze', 'module.exports = function (s) { return String(s).trim(); };\n', []);
    const c = farmPackage('number-halo', disguise(SPANTIME), ['string-breeze']);
    const result = scan([a, b, c]);
    const onA = result.findings.filter((f) => f.packageKey === 'array-sleek@1.0.0');
    expect(onA.map((f) => f.messageId)).toEqual(['siblings']);
    const total = scoreFindings([...onA.map((f) => f.weight), ...run(referenceClone, a).findings.map((f) => f.weight)]);
    expect(levelForScore(total)).toBe('high');
    expect(result.findings.some((f) => f.packageKey === 'number-halo@1.0.0')).toBe(true);
    // b is not a copy of anything: it is a sibling, not a copied utility.
    expect(result.findings.some((f) => f.packageKey === 'string-breeze@1.0.0')).toBe(false);
  });

  it('counts a bulk-publishing account when the registry names it', () => {
    const a = farmPackage('lonely-copy', disguise(CLASSJOIN), []);
    const volumes = new Map<string, PublisherVolume | null>([['farmer', { publisher: 'farmer', total: 400, createdLast30Days: 120, sampleNames: [] } as unknown as PublisherVolume]]);
    expect(scan([a], volumes).findings.map((f) => f.messageId)).toEqual(['account']);
  });

  it('does not fire on a lone copy, on a copy depending only on popular packages, or on the reference itself', () => {
    const lone = farmPackage('lonely-copy', disguise(CLASSJOIN), []);
    const popularDeps = farmPackage('uses-popular', disguise(SPANTIME), ['popular-dep']);
    const dep = facts('popular-dep', { 'index.js': 'module.exports = 1;' });
    const self = facts('classjoin', { 'index.js': CLASSJOIN.code }, { manifest: { dependencies: { 'lonely-copy': '*' } } });
    expect(scan([lone, popularDeps, dep, self]).findings).toEqual([]);
  });
});
