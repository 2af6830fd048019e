import { createHash, randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Gunzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type TarballCaps, DEFAULT_TARBALL_CAPS, matchesIntegrity, normalizeEntryPath, readPackageTarball } from '../../src/package-files/tarball.js';
import { packedTextsOf } from '../../src/package-files/memory.js';
import { packFiles, tarEntries } from '../support/pack.js';

async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const read = (bytes: Buffer, caps: Partial<TarballCaps> = {}) => readPackageTarball(chunks(bytes), { ...DEFAULT_TARBALL_CAPS, ...caps });

describe('normalizeEntryPath', () => {
  it('drops the top folder like npm and refuses names that climb out', () => {
    expect(normalizeEntryPath('package/lib/index.js')).toBe('lib/index.js');
    expect(normalizeEntryPath('whatever/README.md')).toBe('README.md');
    expect(normalizeEntryPath('package/../../etc/passwd')).toBeUndefined();
    expect(normalizeEntryPath('/etc/passwd')).toBeUndefined();
    expect(normalizeEntryPath('C:\\Windows\\evil.dll')).toBeUndefined();
    expect(normalizeEntryPath('package\\..\\..\\x')).toBeUndefined();
    expect(normalizeEntryPath('package/')).toBeUndefined();
  });
});

describe('readPackageTarball', () => {
  it('lets go of the chunks it has read while the read goes on (issue 14: a 47 MB tarball was held whole)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Incompressible, so the gzip stream is as long as the file: 256 chunks of 16 KiB.
    const tgz = packFiles({ 'package.json': '{"name":"big","version":"1.0.0"}', 'native.node': { base64: randomBytes(4 * 1024 * 1024).toString('base64') } });
    const early: WeakRef<Buffer>[] = [];
    let alive = -1;
    async function* source(): AsyncGenerator<Buffer> {
      const size = 16 * 1024;
      for (let i = 0, n = 0; i < tgz.length; i += size, n++) {
        // A fresh copy each time: only the reader can keep it alive.
        const chunk = Buffer.from(tgz.subarray(i, i + size));
        if (n < 64) early.push(new WeakRef(chunk));
        if (n === 200) {
          await new Promise((done) => setImmediate(done));
          gc();
          alive = early.filter((ref) => ref.deref() !== undefined).length;
        }
        yield chunk;
      }
    }
    const result = await readPackageTarball(source(), DEFAULT_TARBALL_CAPS);
    expect(result.complete).toBe(true);
    expect(alive).toBeGreaterThanOrEqual(0);
    expect(alive).toBeLessThanOrEqual(2);
  });

  it('hands gunzip 1 MiB writes, not the 16 KiB pieces the network delivers (issue 14: a thread-pool round trip each)', async () => {
    const blob = randomBytes(1024 * 1024 + 12_345); // incompressible: the .tgz is as long, and its tail is a partial batch
    const tgz = packFiles({ 'package.json': '{"name":"n","version":"1.0.0"}', 'native.node': { base64: blob.toString('base64') } });
    const writes: number[] = [];
    const prototype = Gunzip.prototype as unknown as { write: (chunk: Buffer, ...rest: unknown[]) => boolean };
    const inherited = prototype.write;
    prototype.write = function (this: unknown, chunk: Buffer, ...rest: unknown[]) {
      writes.push(chunk.length);
      return inherited.call(this, chunk, ...rest);
    };
    try {
      const result = await readPackageTarball(chunks(tgz, 16 * 1024), DEFAULT_TARBALL_CAPS);
      expect(result.complete).toBe(true);
      expect(result.digests.sha512).toBe(createHash('sha512').update(tgz).digest('base64'));
      expect(result.files.entries.find((e) => e.path === 'native.node')?.size).toBe(blob.length);
    } finally {
      delete (prototype as { write?: unknown }).write;
    }
    expect(writes.reduce((a, b) => a + b, 0)).toBe(tgz.length);
    expect(writes.slice(0, -1).every((n) => n >= 1024 * 1024)).toBe(true);
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(tgz.length / (1024 * 1024)));
  });

  it('keeps each package whole when reads at once reuse the buffers of reads before them', async () => {
    // Text that compresses little, so each .tgz is several batches long, in files under the per-file cap.
    const text = (seed: number) => randomBytes(600 * 1024).toString('base64').slice(0, 700 * 1024 + seed);
    const packages = [0, 1, 2, 3].map((seed) => {
      const files = { 'package.json': `{"name":"p${seed}","version":"1.0.0"}`, 'lib/a.js': text(seed), 'lib/b.js': text(seed + 7) };
      return { files, tgz: packFiles(files) };
    });
    expect(packages.every(({ tgz }) => tgz.length > 1024 * 1024)).toBe(true);
    // The first read ends cleanly and leaves its buffer for the next ones.
    await readPackageTarball(chunks(packages[0]!.tgz, 16 * 1024), DEFAULT_TARBALL_CAPS);
    // Chunks larger than half a batch: one chunk fills a batch and goes on into the next at once.
    async function* interleaved(bytes: Buffer): AsyncGenerator<Buffer> {
      for await (const chunk of chunks(bytes, 700 * 1024)) {
        await new Promise((done) => setImmediate(done));
        yield chunk;
      }
    }
    const results = await Promise.all(packages.map(({ tgz }) => readPackageTarball(interleaved(tgz), DEFAULT_TARBALL_CAPS)));
    results.forEach((result, i) => {
      const { files, tgz } = packages[i]!;
      expect(result.complete).toBe(true);
      expect(result.digests.sha512).toBe(createHash('sha512').update(tgz).digest('base64'));
      expect(result.files.readText('lib/a.js')).toBe(files['lib/a.js']);
      expect(result.files.readText('lib/b.js')).toBe(files['lib/b.js']);
    });
  });

  it('lists every entry and keeps the text of text files', async () => {
    const tgz = packFiles({ 'package.json': '{"name":"a","version":"1.0.0"}', 'index.js': 'module.exports = 1;\n', 'logo.png': { base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]).toString('base64') } });
    const { files, compressedBytes, unpackedBytes, digests } = await read(tgz);
    expect(files.entries.map((e) => e.path).sort()).toEqual(['index.js', 'logo.png', 'package.json']);
    expect(files.readText('index.js')).toBe('module.exports = 1;\n');
    expect(files.readText('logo.png')).toBeUndefined();
    expect(files.limits).toEqual([]);
    expect(compressedBytes).toBe(tgz.length);
    expect(unpackedBytes).toBeGreaterThan(1024);
    expect(digests.sha512).toBe(createHash('sha512').update(tgz).digest('base64'));
  });

  it('marks entries whose first bytes are a native program, whatever their names, and reads nothing else of them', async () => {
    const pe = Buffer.alloc(256);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]);
    const macho = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(64)]);
    const tgz = packFiles({
      'tools/prettier.bat': { base64: pe.toString('base64') },
      'bin/tool': { base64: elf.toString('base64') },
      'lib/addon.node': { base64: macho.toString('base64') },
      'README.md': 'MZ is a postcode area\n',
    });
    const { files } = await read(tgz);
    const kinds = Object.fromEntries(files.entries.map((e) => [e.path, e.executable]));
    expect(kinds).toEqual({ 'tools/prettier.bat': 'pe', 'bin/tool': 'elf', 'lib/addon.node': 'macho', 'README.md': undefined });
    expect(files.readText('tools/prettier.bat')).toBeUndefined();
  });

  it('marks fonts, images and media whose first bytes are another format', async () => {
    const tgz = packFiles({ 'f/a.woff2': { base64: Buffer.concat([Buffer.from([0x47, 0x40]), Buffer.alloc(30)]).toString('base64') }, 'f/b.woff2': { base64: Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(30)]).toString('base64') } });
    const { files } = await read(tgz);
    expect(Object.fromEntries(files.entries.map((e) => [e.path, e.mislabelled]))).toEqual({ 'f/a.woff2': true, 'f/b.woff2': undefined });
  });

  it('refuses entries that escape the package and links that point out, without reading them', async () => {
    const tar = tarEntries([
      { path: 'package', bytes: Buffer.alloc(0), type: '5' },
      { path: 'package/package.json', bytes: Buffer.from('{}') },
      { path: 'package/../../../../tmp/pwned.js', bytes: Buffer.from('evil()') },
      { path: '/etc/cron.d/evil', bytes: Buffer.from('* * * * * root sh') },
      { path: 'package/link', bytes: Buffer.alloc(0), type: '2', linkTarget: '/etc/passwd' },
      { path: 'package/hard', bytes: Buffer.alloc(0), type: '1', linkTarget: '../../../etc/shadow' },
    ]);
    const { files } = await read(gzipSync(tar));
    const paths = files.entries.map((e) => e.path);
    expect(paths).toContain('package.json');
    expect(paths.some((p) => p.includes('pwned') || p.includes('cron'))).toBe(false);
    const unsafe = files.limits.filter((l) => l.kind === 'unsafe-path');
    expect(unsafe.length).toBe(4);
    expect(files.textPaths()).toEqual(['package.json']);
  });

  it('stops a gzip bomb at the unpacked-bytes cap instead of inflating it', async () => {
    // 64 MiB of zeros compresses to ~64 KiB; the cap is 4 MiB.
    const bomb = gzipSync(tarEntries([{ path: 'package/zeros.txt', bytes: Buffer.alloc(64 * 1024 * 1024) }]), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    const { files, unpackedBytes } = await read(bomb, { maxUnpackedBytes: 4 * 1024 * 1024 });
    expect(files.limits.some((l) => l.kind === 'total-bytes-exceeded')).toBe(true);
    expect(unpackedBytes).toBeLessThan(6 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('reports a truncated or corrupt gzip as a note and keeps what it read', async () => {
    const tgz = packFiles({ 'package.json': '{"name":"a"}', 'big.js': 'x'.repeat(200_000) });
    const truncated = await read(tgz.subarray(0, Math.floor(tgz.length / 2)));
    expect(truncated.files.limits.some((l) => l.kind === 'truncated')).toBe(true);
    expect(truncated.complete).toBe(false);
    const garbage = await read(Buffer.from('this is not a gzip stream at all'));
    expect(garbage.files.limits.some((l) => l.kind === 'corrupt')).toBe(true);
    expect(garbage.files.entries).toEqual([]);
  });

  it('keeps only a prefix of a file over the per-file cap, whatever its header says, and notes it', async () => {
    const tgz = packFiles({ 'package.json': '{}', 'README.md': 'buy now '.repeat(1_000_000) });
    const { files } = await read(tgz, { maxTextFileBytes: 100_000 });
    expect(files.entries.find((e) => e.path === 'README.md')?.size).toBe(8_000_000);
    expect(files.readText('README.md')?.length).toBe(100_000);
    expect(files.readText('README.md')?.startsWith('buy now buy now')).toBe(true);
    expect(files.limits.some((l) => l.kind === 'file-too-large' && l.path === 'README.md')).toBe(true);
  });

  it('caps the number of entries (100,000 tiny files)', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ path: `package/f${i}.txt`, bytes: Buffer.from('x') }));
    const { files } = await read(gzipSync(tarEntries(entries)), { maxEntries: 5_000 });
    expect(files.entries.length).toBe(5_000);
    expect(files.limits.some((l) => l.kind === 'too-many-entries')).toBe(true);
  });

  it('keeps every text intact and in order across the buffers it packs them into', async () => {
    // Texts of many sizes, so some land at the end of a buffer, some start a new one and some fill one.
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`lib/f${String(i).padStart(2, '0')}.js`] = `// file ${i} ✓\n${'x'.repeat((i * 37_501) % 300_000)}`;
    const { files: read_ } = await read(packFiles(files));
    expect(read_.textPaths()).toEqual(Object.keys(files).sort());
    for (const [path, text] of Object.entries(files)) expect(read_.readText(path)).toBe(text);
  });

  it("keeps one text for a name the tarball holds twice: the later one, in the first one's place", async () => {
    const tar = tarEntries([
      { path: 'package/index.js', bytes: Buffer.from('first\n') },
      { path: 'package/other.js', bytes: Buffer.from('other\n') },
      { path: 'package/index.js', bytes: Buffer.from('second\n') },
    ]);
    const { files } = await read(gzipSync(tar));
    expect(files.textPaths()).toEqual(['index.js', 'other.js']);
    expect(files.readText('index.js')).toBe('second\n');
  });

  it('caps the text kept per package', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 20; i++) many[`lib/f${i}.js`] = 'y'.repeat(50_000);
    const { files } = await read(packFiles(many), { maxTotalTextBytes: 200_000 });
    expect(files.textPaths().length).toBeLessThanOrEqual(4);
    expect(files.limits.some((l) => l.kind === 'text-budget-exceeded')).toBe(true);
  });

  it('keeps package.json even after the text budget is spent (manifest confusion behind padding)', async () => {
    // The manifest comes last, after more text than the package may keep: npm runs its postinstall.
    const padding = Array.from({ length: 6 }, (_, i) => ({ path: `package/lib/pad${i}.js`, bytes: Buffer.from('z'.repeat(50_000)) }));
    const manifest = '{"name":"padded","version":"1.0.0","scripts":{"postinstall":"node steal.js"}}';
    const tar = tarEntries([...padding, { path: 'package/package.json', bytes: Buffer.from(manifest) }]);
    const { files } = await read(gzipSync(tar), { maxTotalTextBytes: 200_000 });
    expect(files.limits.some((l) => l.kind === 'text-budget-exceeded')).toBe(true);
    expect(files.readText('package.json')).toBe(manifest);
    // The manifest is not charged to the budget the other files share.
    expect(files.textPaths().filter((p) => p.startsWith('lib/')).length).toBe(4);
  });

  it("bounds what copies of package.json may keep: one file's worth in all", async () => {
    // A tarball may hold one name many times; the manifest's own budget must not become a way around the caps.
    const copies = Array.from({ length: 30 }, () => ({ path: 'package/package.json', bytes: Buffer.from(`{"name":"x","pad":"${'p'.repeat(100_000)}"}`) }));
    const { files } = await read(gzipSync(tarEntries(copies)), { maxTextFileBytes: 1_000_000 });
    const kept = files.readText('package.json') ?? '';
    expect(kept.length).toBeGreaterThan(0);
    expect(files.limits.filter((l) => l.kind === 'text-budget-exceeded' && l.path === 'package.json').length).toBeGreaterThan(0);
    // Nine copies of about 100 KB fit in 1 MB; the packed texts hold no more than that.
    const slabBytes = packedTextsOf(files).slabs.reduce((n, slab) => n + slab.byteLength, 0);
    expect(slabBytes).toBeLessThan(2_500_000);
  });

  it('accepts the top folder entry under any name, as npm does (@types packages use their own name)', async () => {
    const tar = tarEntries([
      { path: 'estree/', bytes: Buffer.alloc(0), type: '5' },
      { path: 'estree/index.d.ts', bytes: Buffer.from('export {};') },
    ]);
    const { files } = await read(gzipSync(tar));
    expect(files.entries.map((e) => e.path)).toEqual(['index.d.ts']);
    expect(files.limits).toEqual([]);
  });

  it('keeps non-UTF-8 names as listed entries without crashing', async () => {
    const tar = tarEntries([
      { path: 'package/caf\u00e9-\u{1F600}.js', bytes: Buffer.from('1') },
      { path: 'package/latin1-X.js', bytes: Buffer.from('2') },
    ]);
    // Turn the X of the second name into a lone 0xE9 byte (Latin-1 é, invalid UTF-8) and fix the header checksum.
    const header = tar.subarray(1024, 1536);
    header[header.indexOf('X'.charCodeAt(0))] = 0xe9;
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    const { files } = await read(gzipSync(tar));
    expect(files.entries).toHaveLength(2);
    expect(files.limits.filter((l) => l.kind === 'corrupt')).toEqual([]);
    expect(files.entries[1]!.path.startsWith('latin1-')).toBe(true);
  });

  it('stops at the compressed-bytes cap', async () => {
    const random = randomBytes(3 * 1024 * 1024); // incompressible, so the .tgz itself is large
    const tgz = packFiles({ 'blob.bin': { base64: random.toString('base64') } });
    const { files } = await read(tgz, { maxCompressedBytes: 512 * 1024 });
    expect(files.limits.some((l) => l.kind === 'total-bytes-exceeded')).toBe(true);
  });
});

describe('matchesIntegrity', () => {
  it('compares sha512 and sha1 SRI strings with the digests of the bytes read', () => {
    const bytes = Buffer.from('tarball');
    const digests = { sha512: createHash('sha512').update(bytes).digest('base64'), sha1: createHash('sha1').update(bytes).digest('hex') };
    expect(matchesIntegrity(`sha512-${digests.sha512}`, digests)).toBe(true);
    expect(matchesIntegrity(`sha1-${Buffer.from(digests.sha1, 'hex').toString('base64')}`, digests)).toBe(true);
    expect(matchesIntegrity(`sha512-${createHash('sha512').update('other').digest('base64')}`, digests)).toBe(false);
    expect(matchesIntegrity('sha384-abc', digests)).toBeUndefined();
    // A digest not computed is not a mismatch: the pin cannot be compared.
    expect(matchesIntegrity(`sha1-${Buffer.from(digests.sha1, 'hex').toString('base64')}`, { sha512: digests.sha512, sha1: '' })).toBeUndefined();
  });
});

describe('readPackageTarball hashing', () => {
  it('takes a digest the source was verified against instead of hashing again, and skips what nobody needs', async () => {
    const tgz = packFiles({ 'package.json': '{"name":"x","version":"1.0.0"}' });
    const computed = await read(tgz);
    expect(computed.digests.sha512).toBe(createHash('sha512').update(tgz).digest('base64'));
    expect(computed.digests.sha1).toBe(createHash('sha1').update(tgz).digest('hex'));
    const verified = await readPackageTarball(chunks(tgz), DEFAULT_TARBALL_CAPS, undefined, { verified: { sha512: 'VERIFIED' }, sha1: false });
    expect(verified.digests).toEqual({ sha512: 'VERIFIED', sha1: '' });
    expect(verified.complete).toBe(true);
  });
});
