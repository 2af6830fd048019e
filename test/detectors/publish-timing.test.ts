import { describe, expect, it } from 'vitest';
import { publishTiming } from '../../src/detectors/publish-timing/index.js';
import { unexplainedVersionDrops } from '../../src/analysis/timeline.js';
import { factsFromFixture, type FixtureVersion, type PackageFixture } from '../support/package-fixture.js';
import { testDetector } from '../support/test-detector.js';

const now = new Date('2026-06-01T00:00:00Z');
const options = publishTiming.meta.options.parse({});
const files = { 'index.js': 'module.exports = function add(a, b) { return a + b; };\n' };

/** Versions published `offsetsSeconds` after `start`. */
function versionsAt(start: string, list: [version: string, offsetSeconds: number][]): FixtureVersion[] {
  const t0 = Date.parse(start);
  return list.map(([version, offset]) => ({ version, publishedAt: new Date(t0 + offset * 1000).toISOString(), files }));
}

function fixture(name: string, versions: FixtureVersion[], packument?: PackageFixture['packument']): PackageFixture {
  return { name, publisher: { name: 'pub', email: 'pub@example.test' }, versions, ...(packument ? { packument } : {}) };
}

function detect(f: PackageFixture) {
  return publishTiming.detect({ facts: factsFromFixture(f), options, now });
}
const ids = (f: PackageFixture) => detect(f).findings.map((x) => x.messageId);
const DAY = 86_400;

testDetector(publishTiming, {
  now,
  valid: [
    {
      name: 'four quick fix-up releases and a later minor are not a burst',
      fixture: fixture('fixups', versionsAt('2025-03-01T10:00:00Z', [['1.0.0', 0], ['1.0.1', 60], ['1.0.2', 150], ['1.0.3', 200], ['1.1.0', 40 * DAY]])),
    },
  ],
  invalid: [
    {
      name: 'versions published seconds apart are a burst, and the package was then abandoned',
      fixture: fixture('bulk-thing', versionsAt('2025-03-01T10:00:00Z', [['1.0.0', 0], ['1.0.1', 8], ['1.0.2', 17], ['1.0.3', 25], ['1.0.4', 33], ['1.0.5', 41]])),
      messageIds: ['burst', 'created-and-abandoned'],
      check: (r) => {
        const burst = r.findings.find((x) => x.messageId === 'burst');
        expect(burst?.data).toEqual({ count: 6, seconds: 41 });
        expect(burst?.weight).toBeGreaterThan(0);
      },
    },
  ],
});

describe('publish-timing', () => {
  it('fires created-and-abandoned on two versions minutes apart and silence since', () => {
    const f = fixture('zul-tiwul90-breki', versionsAt('2025-11-10T03:00:00Z', [['0.1.0', 0], ['2.3.1', 420]]));
    const finding = detect(f).findings.find((x) => x.messageId === 'created-and-abandoned');
    expect(finding?.data).toMatchObject({ count: 2, minutes: 7 });
  });

  it('does not call a package abandoned while it is still fresh (silence not yet long)', () => {
    const recent = new Date(now.getTime() - 3 * DAY * 1000).toISOString();
    const f = fixture('brand-new', versionsAt(recent, [['1.0.0', 0], ['1.0.1', 300]]));
    expect(ids(f)).not.toContain('created-and-abandoned');
  });

  it('fires single-day on a day of churn with nothing before or after', () => {
    const list: [string, number][] = Array.from({ length: 9 }, (_, i) => [`1.0.${i}`, i * 3600]);
    expect(ids(fixture('churn', versionsAt('2025-02-02T08:00:00Z', list)))).toContain('single-day');
  });

  it('fires random-versions when versions drop to new lower lines in publish order', () => {
    const f = fixture('worm-like', versionsAt('2025-01-01T00:00:00Z', [['4.3.3', 0], ['2.2.3', 600], ['5.1.5', 1200], ['1.4.2', 1800]]));
    const finding = detect(f).findings.find((x) => x.messageId === 'random-versions');
    expect(finding?.data).toEqual({ drops: 2, releases: 4 });
  });

  it('treats backports on an existing release line as normal', () => {
    expect(unexplainedVersionDrops([
      { version: '3.4.0', publishedAtMs: 1 },
      { version: '4.0.0', publishedAtMs: 2 },
      { version: '3.4.1', publishedAtMs: 3 },
      { version: '4.0.1', publishedAtMs: 4 },
      { version: '3.4.2', publishedAtMs: 5 },
    ])).toEqual([]);
  });

  it('scores a long, spread-out history as counter-evidence', () => {
    const list: [string, number][] = [['1.0.0', 0], ['1.1.0', 40 * DAY], ['1.2.0', 200 * DAY], ['2.0.0', 420 * DAY], ['2.0.1', 700 * DAY]];
    const findings = detect(fixture('old-friend', versionsAt('2022-01-01T00:00:00Z', list))).findings;
    expect(findings.map((x) => x.messageId)).toEqual(['long-history']);
    expect(findings[0]!.weight).toBeLessThan(0);
  });

  it('monorepo package: one release a minute after its siblings, but years of history, scores below zero', () => {
    const list: [string, number][] = [['7.0.0', 0], ['7.1.0', 90 * DAY], ['7.2.0', 300 * DAY], ['7.3.0', 500 * DAY], ['7.3.1', 500 * DAY + 40]];
    const findings = detect(fixture('@scope/core', versionsAt('2023-01-01T00:00:00Z', list))).findings;
    expect(findings.reduce((s, x) => s + x.weight, 0)).toBeLessThan(0);
  });

  it('says unavailable, scoring nothing, when time lacks created/modified (thin mirror)', () => {
    const versions = versionsAt('2025-01-01T00:00:00Z', [['1.0.0', 0], ['1.0.1', 1], ['1.0.2', 2], ['1.0.3', 3], ['1.0.4', 4]]);
    const mirrorTime = Object.fromEntries(versions.map((v) => [v.version, v.publishedAt]));
    const result = detect(fixture('mirrored', versions, { time: mirrorTime }));
    expect(result.findings).toEqual([]);
    expect(result.unavailable?.[0]?.reason).toMatch(/created/);
  });

  it('says unavailable when time is missing altogether', () => {
    const f = fixture('no-time', versionsAt('2025-01-01T00:00:00Z', [['1.0.0', 0]]), { time: undefined });
    const result = detect(f);
    expect(result.findings).toEqual([]);
    expect(result.unavailable?.[0]?.signal).toBe('publish-timing');
  });

  it('distrusts version times outside created..modified', () => {
    const versions = versionsAt('2025-01-01T00:00:00Z', [['1.0.0', 0], ['1.0.1', 5], ['1.0.2', 10], ['1.0.3', 15], ['1.0.4', 20]]);
    const time = { created: '2025-06-01T00:00:00.000Z', modified: '2025-06-02T00:00:00.000Z', ...Object.fromEntries(versions.map((v) => [v.version, v.publishedAt])) };
    const result = detect(fixture('odd-times', versions, { time }));
    expect(result.findings).toEqual([]);
    expect(result.unavailable).toHaveLength(1);
  });
});

describe('publish-timing mass bumping', () => {
  it('weighs a burst of dozens of versions more than a short one', () => {
    const list: [string, number][] = Array.from({ length: 25 }, (_, i) => [`1.0.${i}`, i * 10]);
    const burst = detect(fixture('bumped', versionsAt('2025-02-02T08:00:00Z', list))).findings.find((x) => x.messageId === 'burst');
    expect(burst?.data).toEqual({ count: 25, seconds: 240 });
    expect(burst?.weight).toBe(options.weights.massBurst);
    expect(options.weights.massBurst).toBeGreaterThan(options.weights.burst);
  });
});
