import { describe, expect, it } from 'vitest';
import { knownMalicious, securityHolderVersion } from '../../src/detectors/known-malicious/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import { loadKnownMalicious, type KnownMaliciousRecord } from '../../src/facts/known-malicious.js';
import { facts, ids, level, run } from './content-fixtures.js';

const record = (over: Partial<KnownMaliciousRecord> = {}): KnownMaliciousRecord => ({ id: 'MAL-2025-46969', name: 'colorkit', versions: ['5.6.1'], summary: 'Malicious code in colorkit (npm)', source: 'osv', ...over });

function withList(f: PackageFacts, records: KnownMaliciousRecord[]): PackageFacts {
  return { ...f, knownMalicious: records };
}

describe('known-malicious: the known-bad list', () => {
  it('a locked version the list names is critical, with the record id in message and evidence', () => {
    const r = run(knownMalicious, withList(facts('colorkit', {}, { version: '5.6.1' }), [record({ aliases: ['GHSA-2v46-p5h4-248w'] })]));
    expect(ids(r)).toEqual(['listed']);
    expect(level(r)).toBe('critical');
    expect(r.findings[0]!.evidence.id).toBe('MAL-2025-46969');
    expect(r.findings[0]!.data?.aliasNote).toContain('GHSA-2v46-p5h4-248w');
  });

  it('another version of a listed name is not flagged; a whole-package range (introduced 0) flags every version', () => {
    expect(run(knownMalicious, withList(facts('colorkit', {}, { version: '5.6.2' }), [record()])).findings).toEqual([]);
    const whole = record({ versions: undefined, ranges: [{ introduced: '0' }] });
    expect(level(run(knownMalicious, withList(facts('colorkit', {}, { version: '0.0.3' }), [whole])))).toBe('critical');
    const bounded = record({ versions: undefined, ranges: [{ introduced: '2.0.0', fixed: '2.0.3' }] });
    expect(ids(run(knownMalicious, withList(facts('colorkit', {}, { version: '2.0.2' }), [bounded])))).toEqual(['listed']);
    expect(run(knownMalicious, withList(facts('colorkit', {}, { version: '2.0.3' }), [bounded])).findings).toEqual([]);
  });

  it('works without a packument or tarball: a removed package is when the list matters', () => {
    const bare: PackageFacts = { name: 'colorkit', version: '5.6.1', locked: facts('colorkit', {}).locked, missing: [{ fact: 'packument', reason: 'E404' }], knownMalicious: [record()] };
    expect(level(run(knownMalicious, bare))).toBe('critical');
  });

  it('the shipped list carries the public incidents named in its sources', () => {
    const index = loadKnownMalicious();
    expect(index.origin).toBe('shipped');
    const pinned = (name: string, version: string) => run(knownMalicious, withList(facts(name, {}, { version }), index.lookup(name)));
    expect(level(pinned('chalk', '5.6.1'))).toBe('critical');
    expect(pinned('chalk', '5.6.2').findings).toEqual([]);
    expect(level(pinned('@solana/web3.js', '1.95.7'))).toBe('critical');
    expect(level(pinned('nx', '21.5.0'))).toBe('critical');
    expect(index.recordCount).toBeGreaterThan(900);
  });
});

describe('known-malicious: npm security holding packages', () => {
  const holder = (extra: Record<string, unknown> = {}) => ({ versions: { '0.0.1-security': { name: 'x', version: '0.0.1-security' } }, 'dist-tags': { latest: '0.0.1-security' }, ...extra });

  it('the lockfile pins a version npm replaced with a security holder: critical', () => {
    const f = facts('crossenvy', {}, { version: '1.2.0' });
    const r = run(knownMalicious, { ...f, packument: { ...f.packument!, ...holder() } });
    expect(ids(r)).toEqual(['securityHolder']);
    expect(level(r)).toBe('critical');
    expect(r.findings[0]!.evidence.holderVersion).toBe('0.0.1-security');
  });

  it('pinning the holder itself is medium: harmless bytes, but malware was in the tree', () => {
    const f = facts('crossenvy', {}, { version: '0.0.1-security' });
    const r = run(knownMalicious, { ...f, packument: { ...f.packument!, ...holder() } });
    expect(ids(r)).toEqual(['securityHolderLocked']);
    expect(level(r)).toBe('medium');
  });

  it('recognises 0.0.2-security, 0.0.1-security.1 and 1.0.0-security, and not a real prerelease beside current versions', () => {
    for (const v of ['0.0.2-security', '0.0.1-security.1', '1.0.0-security']) {
      expect(securityHolderVersion({ versions: { [v]: {} }, 'dist-tags': { latest: v } })).toBe(v);
    }
    expect(securityHolderVersion({ versions: { '2.0.0': {}, '2.1.0-security': {} }, 'dist-tags': { latest: '2.0.0' } })).toBeUndefined();
    expect(securityHolderVersion(undefined)).toBeUndefined();
  });
});
