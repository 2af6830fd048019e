import { describe, expect, it } from 'vitest';
import { publisherVolume } from '../../src/detectors/publisher-volume/index.js';
import { publishersOf } from '../../src/analysis/publishers.js';
import type { PublisherVolume } from '../../src/facts/npm-types.js';
import { factsFromFixture, type FixtureVersion, type PackageFixture } from '../support/package-fixture.js';
import { runScanDetector } from '../support/scan-detector.js';

const now = new Date('2026-06-01T00:00:00Z');
const options = publisherVolume.meta.options.parse({});
const DAY_MS = 86_400_000;
const files = { 'index.js': 'module.exports = 1;\n' };

function fixture(name: string, publisher: string, versionDaysAgo: number[], packument?: PackageFixture['packument']): PackageFixture {
  const versions: FixtureVersion[] = versionDaysAgo.map((d, i) => ({
    version: `1.0.${i}`,
    publishedAt: new Date(now.getTime() - d * DAY_MS).toISOString(),
    files,
  }));
  return { name, publisher: { name: publisher, email: `${publisher}@example.test` }, versions, ...(packument ? { packument } : {}) };
}

const volume = (publisher: string, total: number, recent: number): PublisherVolume => ({ publisher, total, createdLast30Days: recent, sampleNames: [] });

function run(facts: ReturnType<typeof factsFromFixture>[], volumes: [string, PublisherVolume | null][]) {
  return runScanDetector(publisherVolume, facts, { publisherVolumes: new Map(volumes), options, now });
}

describe('publisher-volume', () => {
  it('raises a young package from an account that flooded the registry', () => {
    const facts = factsFromFixture(fixture('zul-tiwul90-breki', 'worm-account', [3]));
    const { findings } = run([facts], [['worm-account', volume('worm-account', 5250, 250)]]);
    expect(findings.map((f) => f.messageId).sort()).toEqual(['bulk-publisher', 'recent-flood']);
    expect(findings.every((f) => f.packageKey === 'zul-tiwul90-breki@1.0.0')).toBe(true);
    expect(findings.reduce((s, f) => s + f.weight, 0)).toBe(options.weights.mass + options.weights.heavyFlood);
  });

  it('a prolific author with a long-lived package: the volume is named, and taken back by counter-evidence', () => {
    const facts = factsFromFixture(fixture('is-tiny-thing', 'prolific-human', [2000, 1500, 900, 400, 20]));
    const { findings } = run([facts], [['prolific-human', volume('prolific-human', 1400, 60)]]);
    expect(findings.map((f) => f.messageId)).toEqual(['bulk-publisher', 'recent-flood', 'established-package']);
    expect(findings.reduce((s, f) => s + f.weight, 0)).toBe(0);
  });

  it('@types-style bot: thousands of packages updated this month, but each package has years of versions', () => {
    const facts = factsFromFixture(fixture('@types/some-lib', 'types-bot', [2500, 2000, 1200, 600, 10]));
    const { findings } = run([facts], [['types-bot', volume('types-bot', 9000, 250)]]);
    expect(findings.reduce((s, f) => s + f.weight, 0)).toBeLessThanOrEqual(0);
  });

  it('stays quiet on an ordinary account', () => {
    const facts = factsFromFixture(fixture('my-lib', 'person', [30]));
    expect(run([facts], [['person', volume('person', 12, 1)]]).findings).toEqual([]);
  });

  it('is unavailable, scoring nothing, when the registry search did not answer', () => {
    const facts = factsFromFixture(fixture('x', 'someone', [3]));
    const result = run([facts], [['someone', null]]);
    expect(result.findings).toEqual([]);
    expect(result.unavailable).toEqual([{ packageKey: 'x@1.0.0', signal: 'publisher-volume', reason: expect.stringContaining('someone') }]);
  });

  it('is unavailable when the registry omits _npmUser and maintainers (thin mirror)', () => {
    const facts = factsFromFixture(fixture('y', 'someone', [3], { maintainers: undefined }));
    delete facts.versionMeta!._npmUser;
    delete facts.versionMeta!.maintainers;
    expect(publishersOf(facts)).toEqual([]);
    const result = run([facts], [['someone', volume('someone', 9000, 250)]]);
    expect(result.findings).toEqual([]);
    expect(result.unavailable?.[0]?.reason).toMatch(/_npmUser/);
  });

  it('falls back to maintainers when _npmUser is absent, judging by the busiest', () => {
    const f = fixture('z', 'quiet', [3]);
    f.maintainers = [{ name: 'quiet' }, { name: 'busy' }];
    const facts = factsFromFixture(f);
    delete facts.versionMeta!._npmUser;
    expect(publishersOf(facts)).toEqual(['quiet', 'busy']);
    const { findings } = run([facts], [['quiet', volume('quiet', 3, 0)], ['busy', volume('busy', 300, 120)]]);
    expect(findings.map((x) => x.messageId)).toEqual(['recent-flood']);
    expect(findings[0]!.evidence.publisher).toBe('busy');
  });
});
