/**
 * Streams an untrusted package tarball into a PackageFiles view without writing anything to disk.
 *
 * Every limit is enforced on bytes actually seen, never on sizes the archive declares:
 * - compressed bytes (a huge download), unpacked bytes (a gzip bomb), entry count (100k tiny files),
 *   bytes kept as text per file and in total, and a wall-clock deadline;
 * - gunzip runs as a backpressured stream that emits small chunks, so a bomb never inflates in one go;
 * - names that try to escape (`../`, absolute, drive letters) are listed as refused, never resolved.
 * Hitting a limit ends reading with a partial view and a note, not an exception.
 */
import { createHash } from 'node:crypto';
import ssri from 'ssri';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { createPackageFiles } from './memory.js';
import type { EntryType, FileEntry, FilesLimitNote, PackageFiles } from './types.js';

export interface TarballCaps {
  maxCompressedBytes: number;
  maxUnpackedBytes: number;
  maxEntries: number;
  /** Files larger than this are listed but their text is not kept. */
  maxTextFileBytes: number;
  /** Text kept for one package across all its files. */
  maxTotalTextBytes: number;
  timeoutMs: number;
}

export const DEFAULT_TARBALL_CAPS: TarballCaps = {
  maxCompressedBytes: 64 * 1024 * 1024,
  maxUnpackedBytes: 256 * 1024 * 1024,
  maxEntries: 20_000,
  maxTextFileBytes: 1024 * 1024,
  maxTotalTextBytes: 8 * 1024 * 1024,
  timeoutMs: 60_000,
};

/** Names whose text detectors read: code, manifests, docs, shell and config files. */
const TEXT_EXTENSIONS = new Set([
  'js', 'cjs', 'mjs', 'jsx', 'ts', 'cts', 'mts', 'tsx', 'json', 'json5', 'md', 'markdown', 'txt', 'rst',
  'sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd', 'yml', 'yaml', 'toml', 'ini', 'html', 'htm', 'css', 'scss',
  'vue', 'svelte', 'gyp', 'gypi', 'py', 'c', 'cc', 'cpp', 'h', 'hpp', 'npmrc', 'env', 'lock', 'xml', 'svg',
]);
const TEXT_BASENAMES = /^(readme|license|licence|changelog|history|authors|makefile|dockerfile|\.npmrc|\.npmignore|\.env)(\..*)?$/i;

export function isTextCandidate(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (TEXT_BASENAMES.test(base)) return true;
  const dot = base.lastIndexOf('.');
  if (dot < 0) return path.startsWith('bin/'); // extensionless bin scripts
  return TEXT_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/**
 * Turns a tar entry name into a package-relative path, or undefined when it tries to leave the
 * package: npm strips the first folder (usually `package/`), so do we.
 */
export function normalizeEntryPath(rawName: string): string | undefined {
  const name = rawName.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return undefined;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return undefined;
  parts.shift();
  return parts.length === 0 ? undefined : parts.join('/');
}

/** `package/`, `estree/`, `package`: the single top folder every npm tarball has (its name varies). */
function isTopFolder(rawName: string): boolean {
  const parts = rawName.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  return parts.length === 1 && parts[0] !== '..' && !rawName.startsWith('/');
}

function entryType(type: string): EntryType {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'other';
  }
}

export interface TarballReadResult {
  files: PackageFiles;
  /** Digests of the compressed bytes as read, for comparison with a lockfile's `integrity`. */
  digests: { sha512: string; sha1: string };
  compressedBytes: number;
  unpackedBytes: number;
}

class CapReached extends Error {}

function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** What the tar parser has collected so far; text bytes are reserved before a file's data arrives. */
interface ReadState {
  entries: FileEntry[];
  texts: Map<string, string>;
  limits: FilesLimitNote[];
  textBytes: number;
  textBudgetNoted: boolean;
}

/** A tar parser that lists every entry under the caps and keeps a prefix of each text file. */
function tarParser(caps: TarballCaps, state: ReadState): Parser {
  const parser = new Parser({ strict: false });
  parser.on('warn', (_code: string, message: string | Error) => {
    state.limits.push({ kind: 'corrupt', message: `tar: ${typeof message === 'string' ? message : message.message}` });
  });
  parser.on('entry', (entry: ReadEntry) => onEntry(entry, caps, state));
  return parser;
}

function onEntry(entry: ReadEntry, caps: TarballCaps, state: ReadState): void {
  const { entries, limits } = state;
  if (entries.length >= caps.maxEntries) {
    if (!limits.some((l) => l.kind === 'too-many-entries')) {
      limits.push({ kind: 'too-many-entries', message: `more than ${caps.maxEntries} entries; the rest were not read` });
    }
    entry.resume();
    return;
  }
  const type = entryType(entry.type);
  if (type === 'directory' && isTopFolder(entry.path)) {
    entry.resume(); // the `package/` folder itself: nothing to list
    return;
  }
  const path = normalizeEntryPath(entry.path);
  if (path === undefined) {
    limits.push({ kind: 'unsafe-path', message: 'entry name escapes the package folder', path: entry.path });
    entry.resume();
    return;
  }
  const record: FileEntry = { path, size: entry.size ?? 0, mode: entry.mode ?? 0, type };
  if ((type === 'symlink' || type === 'hardlink') && entry.linkpath) {
    record.linkTarget = entry.linkpath;
    // A link that points out of the package could expose host files if anyone extracted it.
    const target = entry.linkpath.replace(/\\/g, '/');
    if (target.startsWith('/') || target.split('/').includes('..')) {
      limits.push({ kind: 'unsafe-path', message: `${type} points outside the package: ${target}`, path });
    }
  }
  entries.push(record);
  if (type !== 'file' || !isTextCandidate(path)) {
    entry.resume();
    return;
  }
  keepTextPrefix(entry, path, caps, state);
}

/** Keep at most a prefix: a README padded to megabytes must not hide its first screen of spam. */
function keepTextPrefix(entry: ReadEntry, path: string, caps: TarballCaps, state: ReadState): void {
  const keepBytes = Math.min(caps.maxTextFileBytes, caps.maxTotalTextBytes - state.textBytes);
  if (keepBytes <= 0) {
    if (!state.textBudgetNoted) {
      state.textBudgetNoted = true;
      state.limits.push({ kind: 'text-budget-exceeded', message: `text budget of ${caps.maxTotalTextBytes} bytes used up; later files listed only`, path });
    }
    entry.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  let seen = 0;
  // Reserve the budget now so files read in parallel cannot overrun it.
  state.textBytes += keepBytes;
  entry.on('data', (chunk: Buffer) => {
    // The header may understate the size; the bytes decide.
    seen += chunk.length;
    if (kept >= keepBytes) return;
    const part = chunk.subarray(0, keepBytes - kept);
    chunks.push(part);
    kept += part.length;
  });
  entry.on('end', () => {
    state.textBytes -= keepBytes - kept;
    const bytes = Buffer.concat(chunks);
    if (bytes.includes(0)) {
      state.textBytes -= kept;
      return; // binary despite its name
    }
    if (seen > kept) {
      state.limits.push({ kind: 'file-too-large', message: `text truncated to the first ${kept} of ${seen} bytes`, path });
    }
    state.texts.set(path, bytes.toString('utf8'));
  });
}

/** Reads a .tgz stream (pacote's, or any async-iterable of bytes). Never throws for bad archives; reports them as notes. */
export async function readPackageTarball(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  caps: TarballCaps = DEFAULT_TARBALL_CAPS,
  signal?: AbortSignal,
): Promise<TarballReadResult> {
  const state: ReadState = { entries: [], texts: new Map(), limits: [], textBytes: 0, textBudgetNoted: false };
  const { entries, texts, limits } = state;
  const sha512 = createHash('sha512');
  const sha1 = createHash('sha1');
  let compressedBytes = 0;
  let unpackedBytes = 0;
  const parser = tarParser(caps, state);

  const deadline = AbortSignal.timeout(caps.timeoutMs);
  const aborted = () => deadline.aborted || signal?.aborted === true;
  const gunzip = createGunzip();

  const feedCompressed = async () => {
    try {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        compressedBytes += bytes.length;
        if (compressedBytes > caps.maxCompressedBytes) {
          limits.push({ kind: 'total-bytes-exceeded', message: `tarball larger than ${caps.maxCompressedBytes} bytes; the rest was not read` });
          break;
        }
        if (aborted()) break;
        sha512.update(bytes);
        sha1.update(bytes);
        if (gunzip.destroyed) break;
        if (!gunzip.write(bytes)) await drainedOrClosed(gunzip);
      }
    } finally {
      gunzip.end();
    }
  };

  const drainUnpacked = async () => {
    try {
      await inflate();
    } catch (error) {
      gunzip.destroy();
      throw error;
    }
  };
  const inflate = async () => {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      unpackedBytes += chunk.length;
      if (unpackedBytes > caps.maxUnpackedBytes) {
        limits.push({ kind: 'total-bytes-exceeded', message: `unpacks to more than ${caps.maxUnpackedBytes} bytes (a gzip bomb or a huge package); the rest was not read` });
        throw new CapReached();
      }
      if (aborted()) {
        limits.push({ kind: 'timeout', message: signal?.aborted ? 'reading was interrupted' : `reading took longer than ${caps.timeoutMs} ms` });
        throw new CapReached();
      }
      parser.write(chunk);
    }
    parser.end();
  };

  const [fed, drained] = await Promise.allSettled([feedCompressed(), drainUnpacked()]);
  if (drained.status === 'rejected') {
    if (!(drained.reason instanceof CapReached)) {
      const message = (drained.reason as Error).message ?? String(drained.reason);
      limits.push({ kind: 'corrupt', message: `gzip: ${message}` });
    }
  }
  if (fed.status === 'rejected') {
    // The source failed (network, integrity): that is not a property of the package; let the caller decide.
    if (source instanceof Readable) source.destroy();
    throw fed.reason;
  }

  return {
    files: createPackageFiles(entries, texts, limits),
    digests: { sha512: sha512.digest('base64'), sha1: sha1.digest('hex') },
    compressedBytes,
    unpackedBytes,
  };
}

/**
 * Whether the bytes read match an SRI string (`sha512-…`, possibly several space-separated) as a
 * lockfile records it, compared by ssri (npm's own SRI code: the strongest algorithm both sides
 * have decides). Undefined when the lockfile uses no algorithm we computed.
 */
export function matchesIntegrity(integrity: string, digests: TarballReadResult['digests']): boolean | undefined {
  const pinned = ssri.parse(integrity.trim(), { single: false });
  if (!(COMPUTED_ALGORITHMS.some((algorithm) => (pinned[algorithm]?.length ?? 0) > 0))) return undefined;
  const read = ssri.parse(`sha512-${digests.sha512} sha1-${Buffer.from(digests.sha1, 'hex').toString('base64')}`, { single: false });
  return pinned.match(read) !== false;
}

const COMPUTED_ALGORITHMS = ['sha512', 'sha1'] as const;
