import { describe, expect, it } from 'vitest';
import type { IgnoreEntry } from '../../src/config/schema.js';
import { exitCodeFor } from '../../src/report/exit-codes.js';
import { applyPolicy, isExpired, matchesPackage, splitPackageSpec } from '../../src/report/policy.js';
import type { PackageReport, Report } from '../../src/report/schema.js';
import { packageReport } from '../support/package-report.js';

function pkg(name: string, version: string, findings: [detector: string, messageId: string, weight: number][]): PackageReport {
  const score = Math.max(0, Math.min(100, findings.reduce((s, f) => s + f[2], 0)));
  return packageReport({
    name,
    version,
    score,
    level: score >= 90 ? 'critical' : score >= 70 ? 'high' : score >= 40 ? 'medium' : score >= 10 ? 'low' : 'none',
    direct: true,
    findings: findings.map(([detector, messageId, weight]) => ({ detector, messageId, weight, message: messageId, evidence: {} })),
  });
}

function report(packages: PackageReport[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'spamcheck', version: '0.0.0' },
    project: { path: '/p', lockfile: 'package-lock.json', format: 'npm-lock-v3', resolved: false, ignoredLockfiles: [] },
    summary: { packages: packages.length, audited: packages.length, partial: 0, notScanned: 0, failed: 0, unfinished: 0, judgedWithout: { publisher: 0, timing: 0, omittedFields: [] }, levels: { critical: 0, high: 0, medium: 0, low: 0, none: 0 }, incomplete: false, interrupted: false },
    packages,
    notScanned: [],
    lockfileProblems: [],
  };
}

const now = new Date('2026-06-15T12:00:00Z');
const dropper = () => pkg('dropper', '1.2.0', [['install-scripts', 'pipeToShell', 60], ['publish-timing', 'burst', 20], ['publish-timing', 'history', -5]]);

describe('ignore entries', () => {
  it('split name@range, scoped names included', () => {
    expect(splitPackageSpec('@scope/x@^2')).toEqual({ name: '@scope/x', range: '^2' });
    expect(splitPackageSpec('@scope/x')).toEqual({ name: '@scope/x' });
    expect(splitPackageSpec('left-pad')).toEqual({ name: 'left-pad' });
  });

  it('match by name, and by semver range including prereleases', () => {
    const entry = (p: string): IgnoreEntry => ({ package: p, reason: 'r' });
    expect(matchesPackage(entry('dropper'), { name: 'dropper', version: '1.2.0' })).toBe(true);
    expect(matchesPackage(entry('dropper@^1.1.0'), { name: 'dropper', version: '1.2.0' })).toBe(true);
    expect(matchesPackage(entry('dropper@^1.3.0'), { name: 'dropper', version: '1.2.0' })).toBe(false);
    expect(matchesPackage(entry('dropper@1.x'), { name: 'dropper', version: '1.3.0-beta.1' })).toBe(true);
    expect(matchesPackage(entry('dropper2'), { name: 'dropper', version: '1.2.0' })).toBe(false);
  });

  it('are valid through their expiry day (UTC) and expired the day after', () => {
    expect(isExpired({ package: 'x', reason: 'r', expires: '2026-06-15' }, now)).toBe(false);
    expect(isExpired({ package: 'x', reason: 'r', expires: '2026-06-14' }, now)).toBe(true);
    expect(isExpired({ package: 'x', reason: 'r' }, now)).toBe(false);
  });

  it('a package entry suppresses the package; a detector entry only its findings, and the rest still counts', () => {
    const whole = applyPolicy(report([dropper()]), { failOn: 'high', ignore: [{ package: 'dropper', reason: 'vendored' }], now });
    expect(whole.packages[0]).toMatchObject({ level: 'high', gateLevel: 'none', suppressed: { reason: 'vendored', entry: 'dropper' } });
    expect(exitCodeFor(whole, 'high', false)).toBe(0);

    const partial = applyPolicy(report([dropper()]), { failOn: 'low', ignore: [{ package: 'dropper', detector: 'install-scripts', reason: 'binary' }], now });
    // 80 - 60 suppressed = 20 - 5 counter-evidence = 15: still low.
    expect(partial.packages[0]!.gateLevel).toBe('low');
    expect(partial.packages[0]!.findings[0]!.suppressed).toEqual({ reason: 'binary', entry: 'dropper' });
    expect(exitCodeFor(partial, 'low', false)).toBe(1);
    expect(exitCodeFor(partial, 'medium', false)).toBe(0);
  });

  it('expired entries suppress nothing and are listed; entries that match nothing are unused', () => {
    const ignore: IgnoreEntry[] = [
      { package: 'dropper', reason: 'old', expires: '2026-01-01' },
      { package: 'other', reason: 'gone' },
      { package: 'dropper', detector: 'readme-spam', reason: 'no such finding' },
    ];
    const result = applyPolicy(report([dropper()]), { failOn: 'high', ignore, now });
    expect(result.packages[0]!.gateLevel).toBe('high');
    expect(exitCodeFor(result, 'high', false)).toBe(1);
    expect(result.policy!.ignore.expired.map((e) => e.package)).toEqual(['dropper']);
    expect(result.policy!.ignore.unused.map((e) => e.package + (e.detector ? `/${e.detector}` : ''))).toEqual(['other', 'dropper/readme-spam']);
  });
});

describe('baseline', () => {
  it('findings already in the baseline do not count; a new finding or a new version does', () => {
    const baseline = report([dropper()]);
    const same = applyPolicy(report([dropper()]), { failOn: 'high', ignore: [], now, baseline: { file: 'b.json', report: baseline } });
    expect(same.packages[0]!.gateLevel).toBe('none');
    expect(same.policy!.baseline).toEqual({ file: 'b.json', packages: 1, findings: 2 });
    expect(exitCodeFor(same, 'high', false)).toBe(0);

    const grown = pkg('dropper', '1.2.0', [['install-scripts', 'pipeToShell', 60], ['worm-payload', 'publishes', 50]]);
    const withNew = applyPolicy(report([grown]), { failOn: 'medium', ignore: [], now, baseline: { file: 'b.json', report: baseline } });
    expect(withNew.packages[0]!.gateLevel).toBe('medium');
    expect(withNew.packages[0]!.findings.map((f) => f.inBaseline === true)).toEqual([true, false]);

    const bumped = applyPolicy(report([pkg('dropper', '1.3.0', [['install-scripts', 'pipeToShell', 80]])]), { failOn: 'high', ignore: [], now, baseline: { file: 'b.json', report: baseline } });
    expect(bumped.packages[0]!.gateLevel).toBe('high');
  });
});
