/**
 * Packs files into an npm-style tarball (gzip'd ustar, every path under `package/`) entirely in
 * memory. Written by hand rather than with `tar` because `tar` packs from disk, and because the
 * output must be byte-for-byte reproducible: the corpus lockfile pins each tarball's integrity.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fixtureFileBytes, fixtureFiles, type FixtureFile, type FixtureVersion, type PackageFixture } from './package-fixture.js';

/** npm writes this mtime into every entry so packs are reproducible; we do the same. */
const NPM_FIXED_MTIME_SECONDS = Math.floor(Date.parse('1985-10-26T08:15:00.000Z') / 1000);
const BLOCK_BYTES = 512;

export interface TarEntry {
  /** Path inside the archive, exactly as written (no `package/` added). */
  path: string;
  bytes: Buffer;
  mode?: number;
  /** '0' file (default), '2' symlink, '1' hardlink, '5' directory: hostile-tarball tests need the others. */
  type?: '0' | '1' | '2' | '5';
  linkTarget?: string;
}

function octal(value: number, width: number): string {
  // ustar numeric fields: zero-padded octal, NUL-terminated.
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(path: string, size: number, mode: number, type: string, linkTarget = ''): Buffer {
  const block = Buffer.alloc(BLOCK_BYTES);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long paths at a slash into prefix (155) + name (100).
    const cut = path.lastIndexOf('/', path.length - 1);
    const candidatePrefix = path.slice(0, cut);
    const candidateName = path.slice(cut + 1);
    if (cut > 0 && Buffer.byteLength(candidatePrefix) <= 155 && Buffer.byteLength(candidateName) <= 100) {
      prefix = candidatePrefix;
      name = candidateName;
    }
  }
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode & 0o7777, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii'); // uid
  block.write(octal(0, 8), 116, 8, 'ascii'); // gid
  block.write(octal(size, 12), 124, 12, 'ascii');
  block.write(octal(NPM_FIXED_MTIME_SECONDS, 12), 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii'); // checksum is computed with this field as spaces
  block.write(type, 156, 1, 'ascii');
  block.write(linkTarget, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let checksum = 0;
  for (const byte of block) checksum += byte;
  block.write(octal(checksum, 7) + ' ', 148, 8, 'ascii');
  return block;
}

function paxHeader(path: string): Buffer[] {
  // A PAX extended header carries paths that do not fit ustar's 100+155 bytes.
  const body = (length: number) => `${length} path=${path}\n`;
  let record = body(0);
  let length = Buffer.byteLength(record);
  while (Buffer.byteLength(body(length)) !== length) length = Buffer.byteLength(body(length));
  record = body(length);
  const bytes = Buffer.from(record, 'utf8');
  return [header('PaxHeader', bytes.length, 0o644, 'x'), pad(bytes)];
}

function pad(bytes: Buffer): Buffer {
  const rest = bytes.length % BLOCK_BYTES;
  return rest === 0 ? bytes : Buffer.concat([bytes, Buffer.alloc(BLOCK_BYTES - rest)]);
}

/** An uncompressed tar archive of exactly these entries. */
export function tarEntries(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? '0';
    const body = type === '0' ? entry.bytes : Buffer.alloc(0);
    const fitsUstar = Buffer.byteLength(entry.path) <= 100 || /^.{1,155}\/[^/]{1,100}$/.test(entry.path);
    if (!fitsUstar) parts.push(...paxHeader(entry.path));
    parts.push(header(entry.path, body.length, entry.mode ?? (type === '5' ? 0o755 : 0o644), type, entry.linkTarget));
    parts.push(pad(body));
  }
  parts.push(Buffer.alloc(BLOCK_BYTES * 2)); // end-of-archive marker
  return Buffer.concat(parts);
}

/**
 * A gzip'd tarball of `files`, each under `root/`, sorted by path like `npm pack`. npm strips the
 * first folder whatever its name: `npm pack` writes `package/`, DefinitelyTyped's publisher writes
 * the types folder name (`node/` for @types/node), so readers must not insist on `package/`.
 */
export function packFiles(files: Record<string, FixtureFile>, root = 'package'): Buffer {
  // Real DefinitelyTyped tarballs also start with a directory entry for their root (`ms/`);
  // `npm pack` writes none. Mirror both so readers meet the shapes they will meet on npmjs.org.
  const rootEntry: TarEntry[] = root === 'package' ? [] : [{ path: `${root}/`, bytes: Buffer.alloc(0), type: '5' }];
  const fileEntries: TarEntry[] = Object.keys(files)
    .sort()
    .map((path) => {
      const file = files[path]!;
      const mode = typeof file === 'object' && file.mode !== undefined ? file.mode : 0o644;
      return { path: `${root}/${path}`, bytes: fixtureFileBytes(file), mode };
    });
  return gzipSync(tarEntries([...rootEntry, ...fileEntries]), { level: 9 });
}

/** The tarball the registry serves for one fixture version (package.json included). */
export function packFixtureVersion(fixture: PackageFixture, version: FixtureVersion, root = 'package'): Buffer {
  return packFiles(fixtureFiles(fixture, version), root);
}

/** `dist.integrity` and `dist.shasum` as npmjs.org computes them from the tarball bytes. */
export function tarballDigests(bytes: Buffer): { integrity: string; shasum: string } {
  return {
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    shasum: createHash('sha1').update(bytes).digest('hex'),
  };
}
