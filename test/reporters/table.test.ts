import { describe, expect, it } from 'vitest';
import type { PackageReport, Report } from '../../src/report/schema.js';
import { renderTable } from '../../src/reporters/table.js';
import { packageReport } from '../support/package-report.js';

function pkg(name: string, score: number, level: PackageReport['level'], extra: Partial<PackageReport> = {}): PackageReport {
  return packageReport({ name, score, level, paths: [['root', 'parent', name]], ...extra });
}

function report(packages: PackageReport[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'spamcheck', version: '9.9.9' },
    project: { path: '/p', lockfile: 'package-lock.json', format: 'npm-lock-v3', resolved: false, ignoredLockfiles: ['yarn.lock'] },
    summary: { packages: packages.length, audited: 2, partial: 0, notScanned: 1, failed: 1, unfinished: 0, judgedWithout: { publisher: 0, timing: 0, omittedFields: [] }, levels: { critical: 1, high: 0, medium: 1, low: 0, none: 2 }, incomplete: true, interrupted: false },
    packages,
    notScanned: [{ name: 'local', spec: 'file:../local', reason: 'file' }],
    lockfileProblems: [],
  };
}

const finding = (detector: string, weight: number, message: string, evidence: Record<string, unknown> = {}) => ({ detector, messageId: 'm', weight, message, evidence });

describe('renderTable', () => {
  const table = renderTable(
    report([
      pkg('evil', 95, 'critical', {
        findings: [finding('worm-payload', 80, 'publishes itself in a loop', { file: 'auto.js', line: 12, excerpt: 'execSync("npm publish")' }), finding('generated-name', 15, 'name looks generated'), finding('a', 1, 'x'), finding('b', 1, 'y')],
        aliases: ['my-evil'],
      }),
      pkg('meh', 45, 'medium', { findings: [finding('readme-spam', 45, 'link farm')], direct: true, dev: true }),
      pkg('quiet', 0, 'none'),
      pkg('broken', 0, 'none', { error: { code: 'registry-error', message: 'the registry answered 500' }, coverage: 'none' }),
    ]),
    { color: false },
  );

  it('lists risky packages with score, evidence and path, and leaves quiet ones to the summary', () => {
    expect(table).toMatch(/CRITICAL\s+95\s+evil@1\.0\.0 \(as my-evil\)/);
    expect(table).toContain('auto.js, line 12: “execSync("npm publish")”');
    expect(table).toContain('path: root > parent > evil');
    expect(table).toContain('… 1 more finding(s): spamcheck explain evil@1.0.0');
    expect(table).toMatch(/MEDIUM\s+45\s+meh@1\.0\.0\s+direct, dev/);
    expect(table).not.toMatch(/quiet@/);
    expect(table.indexOf('evil@')).toBeLessThan(table.indexOf('meh@'));
  });

  it('says what could not be audited and why, what was not scanned, and which lockfile was ignored', () => {
    expect(table).toMatch(/Not audited \(1\):\n\s+broken@1\.0\.0: the registry answered 500/);
    expect(table).toContain('local file:../local: file');
    expect(table).toContain('also found yarn.lock: not used');
    expect(table).toMatch(/Summary: 1 critical, 0 high, 1 medium, 0 low, 2 none · 2 audited, 1 failed, 1 not scanned/);
  });

  it('uses no escape sequences without colour, and some with it', () => {
    expect(table).not.toMatch(/\u001b/);
    expect(renderTable(report([pkg('evil', 95, 'critical')]), { color: true })).toMatch(/\u001b\[/);
  });
});
