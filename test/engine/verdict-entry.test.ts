/**
 * A stored verdict is read back only when its shape is the one the cache writes: a file from an
 * older format, a hand edit or a half-written disk is a miss, never a verdict with holes in it.
 */
import { describe, expect, it } from 'vitest';
import { isVerdictEntry } from '../../src/engine/cache/verdict-entry.js';

const SCHEMA = 3;

function entry(): Record<string, any> {
  return {
    schema: SCHEMA,
    key: { integrity: 'sha512-abc', versionMeta: 'f00', engine: 'e1', previous: '' },
    tarball: {
      digests: { sha512: 'abc', sha1: 'def' },
      compressedBytes: 120,
      unpackedBytes: 400,
      limits: [{ kind: 'file-too-large', message: 'text truncated', path: 'dist/a.js' }],
      manifest: { name: 'a', version: '1.0.0', scripts: { test: 'x' } },
      manifestDropped: [{ field: 'bin', reason: 'not a string' }],
      complete: true,
    },
    judgement: {
      findings: [{ detector: 'install-scripts', finding: { messageId: 'dropper', data: { script: 'postinstall', count: 2 }, weight: 40, evidence: { command: 'curl x | sh', lines: [1, 2] } } }],
      unavailable: [{ detector: 'readme-spam', signal: { signal: 'readme', reason: 'no README' } }],
      summaries: { 'code-clone': { prints: ['a', 'b'] }, 'empty-code': null },
    },
  };
}

/** One change each: every one must make the entry unreadable. */
const BROKEN: [string, (e: Record<string, any>) => void][] = [
  ['another format', (e) => (e.schema = 2)],
  ['no key', (e) => delete e.key],
  ['a key part that is not a string', (e) => (e.key.previous = null)],
  ['no digests', (e) => delete e.tarball.digests],
  ['a negative size', (e) => (e.tarball.unpackedBytes = -1)],
  ['a fractional size', (e) => (e.tarball.compressedBytes = 1.5)],
  ['a size given as text', (e) => (e.tarball.compressedBytes = '120')],
  ['limits that are not a list', (e) => (e.tarball.limits = {})],
  ['an unknown limit kind', (e) => (e.tarball.limits[0].kind = 'too-big')],
  ['a limit path that is not a string', (e) => (e.tarball.limits[0].path = 3)],
  ['package.json as a list', (e) => (e.tarball.manifest = ['a'])],
  ['complete missing', (e) => delete e.tarball.complete],
  ['findings that are not a list', (e) => (e.judgement.findings = null)],
  ['a finding without a weight', (e) => delete e.judgement.findings[0].finding.weight],
  ['a weight that is not a number', (e) => (e.judgement.findings[0].finding.weight = '40')],
  ['message data holding an object', (e) => (e.judgement.findings[0].finding.data.script = { a: 1 })],
  ['evidence as a list', (e) => (e.judgement.findings[0].finding.evidence = [])],
  ['a finding without its detector', (e) => delete e.judgement.findings[0].detector],
  ['an unavailable signal without a reason', (e) => delete e.judgement.unavailable[0].signal.reason],
  ['summaries as a list', (e) => (e.judgement.summaries = [])],
  ['no judgement', (e) => delete e.judgement],
];

describe('isVerdictEntry', () => {
  it('reads an entry shaped as the cache writes it, with or without its optional parts', () => {
    expect(isVerdictEntry(entry(), SCHEMA)).toBe(true);
    const bare = entry();
    for (const optional of ['manifest', 'manifestDropped']) delete bare.tarball[optional];
    delete bare.tarball.limits[0].path;
    delete bare.judgement.findings[0].finding.data;
    expect(isVerdictEntry(bare, SCHEMA)).toBe(true);
    expect(isVerdictEntry(JSON.parse(JSON.stringify(entry())), SCHEMA)).toBe(true);
  });

  it.each(BROKEN)('refuses %s', (_, breakIt) => {
    const broken = entry();
    breakIt(broken);
    expect(isVerdictEntry(broken, SCHEMA)).toBe(false);
  });

  it('refuses what is not an entry at all', () => {
    for (const value of [undefined, null, 3, 'entry', [], [entry()]]) expect(isVerdictEntry(value, SCHEMA)).toBe(false);
  });
});
