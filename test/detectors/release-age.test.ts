import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, releaseAge } from '../../src/detectors/release-age/index.js';
import { factsFromFixture, type PackageFixture } from '../support/package-fixture.js';
import { runScanDetector } from '../support/scan-detector.js';

const now = new Date('2025-11-20T12:00:00.000Z');

function fixture(publishedAt: string, packument: PackageFixture['packument'] = undefined): PackageFixture {
  return {
    name: 'fresh-pkg',
    publisher: { name: 'someone', email: 'someone@example.com' },
    versions: [
      { version: '1.0.0', publishedAt: '2024-01-01T00:00:00.000Z', files: { 'index.js': 'module.exports = 1;\n' } },
      { version: '1.0.1', publishedAt, files: { 'index.js': 'module.exports = 2;\n' } },
    ],
    ...(packument ? { packument } : {}),
  };
}

function run(f: PackageFixture, minAgeMs: number) {
  return runScanDetector(releaseAge, [factsFromFixture(f)], { publisherVolumes: new Map(), options: releaseAge.meta.options.parse({ minAgeMs }), now });
}

describe('release-age', () => {
  it('flags a version published inside the cooldown and names its age', () => {
    const r = run(fixture('2025-11-20T06:00:00.000Z'), parseDuration('2d')!);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.data).toMatchObject({ version: '1.0.1', age: '6h', minimum: '2d' });
  });

  it('passes a version older than the cooldown, and is off by default', () => {
    expect(run(fixture('2025-11-10T00:00:00.000Z'), parseDuration('2d')!).findings).toHaveLength(0);
    expect(run(fixture('2025-11-20T06:00:00.000Z'), 0).findings).toHaveLength(0);
  });

  it('says it cannot judge when the registry time lacks created/modified', () => {
    const thin = fixture('2025-11-20T06:00:00.000Z', { time: { '1.0.0': '2025-11-20T06:00:00.000Z', '1.0.1': '2025-11-20T06:00:00.000Z' } } as never);
    const r = run(thin, parseDuration('2d')!);
    expect(r.findings).toHaveLength(0);
    expect(r.unavailable?.[0]?.reason).toMatch(/created/);
  });

  it('parses and prints durations', () => {
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1d12h')).toBe(129_600_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('2 days')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(formatDuration(129_600_000)).toBe('1d 12h');
  });
});
