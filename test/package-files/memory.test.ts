/**
 * Packed file texts: read back as shipped bytes or as decoded text, and decoded only where a
 * detector reads the text. On a 657-package tree the detector thread decoded 81 MB of text, a fifth
 * of it type declarations, JSON and Markdown that only a content hash and name checks looked at.
 */
import { describe, expect, it } from 'vitest';
import { packageBehaviour } from '../../src/analysis/behaviour/package.js';
import { campaignCluster } from '../../src/detectors/campaign-cluster/index.js';
import wormPayload from '../../src/detectors/worm-payload/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import { createPackedPackageFiles, packTexts } from '../../src/package-files/memory.js';
import type { FileEntry, PackageFiles } from '../../src/package-files/types.js';
import { factsFromFixture } from '../support/package-fixture.js';

/** Bytes that are not valid UTF-8 (a lone continuation byte): decoding turns them into U+FFFD. */
const INVALID_UTF8 = Buffer.from([0x61, 0x80, 0x62]);

describe('createPackedPackageFiles', () => {
  const texts = new Map<string, Uint8Array>([
    ['README.md', Buffer.from('# Überschrift 🎉\n', 'utf8')],
    ['lib/odd.js', INVALID_UTF8],
  ]);
  const files = createPackedPackageFiles([], packTexts(texts));

  it('hands back each text as the bytes the tarball shipped, invalid UTF-8 included', () => {
    expect(Buffer.from(files.readBytes!('README.md')!).equals(Buffer.from(texts.get('README.md')!))).toBe(true);
    expect(Buffer.from(files.readBytes!('lib/odd.js')!).equals(INVALID_UTF8)).toBe(true);
    expect(files.readBytes!('missing.js')).toBeUndefined();
  });

  it('decodes the same bytes as text', () => {
    expect(files.readText('README.md')).toBe('# Überschrift 🎉\n');
    expect(files.readText('lib/odd.js')).toBe('a\uFFFDb');
  });
});

describe('which texts the tarball stage decodes', () => {
  const code = "const fs = require('fs');\nmodule.exports = () => fs.readFileSync(__filename, 'utf8');\n";
  const shipped: Record<string, string> = {
    'package.json': '{"name":"quiet-lib","version":"1.0.0","main":"index.js"}',
    'README.md': '# quiet-lib\n\nReads its own source.\n',
    'index.js': code,
    'bin/quiet': `#!/usr/bin/env node\n${code}`,
    'types/index.d.ts': 'export declare function read(): string;\n'.repeat(50),
    'data/table.json': JSON.stringify({ rows: Array.from({ length: 50 }, (_, i) => i) }),
    'docs/GUIDE.md': '# Guide\n\nNothing to run here.\n'.repeat(20),
  };

  /** Facts whose files are packed as the tarball reader packs them, with every decoded path recorded. */
  function packedFacts(): { facts: PackageFacts; decoded: string[] } {
    const fixture = factsFromFixture({ name: 'quiet-lib', publisher: { name: 'someone' }, versions: [{ version: '1.0.0', publishedAt: '2025-01-01T00:00:00.000Z', manifest: {}, files: shipped }] });
    const entries: FileEntry[] = Object.entries(shipped).map(([path, text]) => ({ path, size: Buffer.byteLength(text), mode: 0o644, type: 'file' }));
    const packed = createPackedPackageFiles(entries, packTexts(new Map(Object.entries(shipped).map(([path, text]) => [path, Buffer.from(text, 'utf8')]))));
    const decoded: string[] = [];
    const files: PackageFiles = {
      ...packed,
      readText: (path) => {
        decoded.push(path);
        return packed.readText(path);
      },
    };
    return { facts: { ...fixture, files }, decoded };
  }

  it('worm-payload and the behaviour model read code files only, not type declarations, JSON or docs', () => {
    const { facts, decoded } = packedFacts();
    wormPayload.detect({ facts, options: wormPayload.meta.options.parse({}), now: new Date('2025-06-01') });
    packageBehaviour(facts);
    expect(decoded).toContain('index.js');
    expect(decoded).toContain('bin/quiet'); // extensionless: its shebang decides
    for (const path of ['types/index.d.ts', 'data/table.json', 'docs/GUIDE.md']) expect(decoded).not.toContain(path);
  });

  it('campaign-cluster fingerprints shipped files from their bytes, decoding none but the README', () => {
    const { facts, decoded } = packedFacts();
    const summary = campaignCluster.summarize!(facts, campaignCluster.meta.options.parse({})) as { layoutKey?: string };
    expect(summary.layoutKey).toMatch(/^[0-9a-f]{64}$/);
    expect(decoded).toEqual(['README.md']);
  });

  it('gives the same layout fingerprint from bytes as from decoded text, so packages compare alike whichever view they came in', () => {
    const { facts } = packedFacts();
    const fromBytes = campaignCluster.summarize!(facts, campaignCluster.meta.options.parse({})) as { layoutKey?: string };
    const { readBytes: _bytes, ...textOnly } = facts.files!;
    const fromText = campaignCluster.summarize!({ ...facts, files: textOnly }, campaignCluster.meta.options.parse({})) as { layoutKey?: string };
    expect(fromBytes.layoutKey).toBe(fromText.layoutKey);
  });
});
