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
import { type Hash, createHash } from 'node:crypto';
import { type Gunzip, createGunzip } from 'node:zlib';
import ssri from 'ssri';
import type { Parser, ReadEntry } from 'tar';
import { TextPacker, createPackedPackageFiles } from './memory.js';
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

/**
 * Compressed bytes arrive as TLS records of at most 16 KiB, and each gunzip write is a thread-pool
 * round trip that wakes the main thread again: the 633 MB of a large tree made 38,000 of them.
 * Joined into writes of 256 KiB (one copy), a cold scan of that tree took 2.7 s less CPU and 1.8 s
 * less time (three interleaved pairs); 1 MiB writes with 1 MiB output chunks took the 78
 * other-platform tarballs of that tree (515 MB) from 8.65 to 8.15 s of CPU (four pairs).
 */
const GUNZIP_WRITE_BYTES = 1024 * 1024;

/**
 * Output chunks of gunzip: each is a thread-pool round trip plus a trip through the tar parser on
 * the main thread, and zlib's 16 KiB made 117,000 of them for 1.9 GB. zlib allocates the first one
 * when it opens, so a tarball smaller than one write (most are) gets the small size.
 */
const GUNZIP_CHUNK_BYTES = { small: 256 * 1024, large: 1024 * 1024 };

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
  /**
   * Digests of the compressed bytes as read, for comparison with a lockfile's `integrity`: computed
   * here, or the ones the source was verified against (`TarballReadOptions.verified`). '' when neither
   * (a sha1 nobody asked for).
   */
  digests: { sha512: string; sha1: string };
  compressedBytes: number;
  unpackedBytes: number;
  /**
   * True only when every byte was read through the end of the gzip stream and the tar's
   * end-of-archive. Digests of an incomplete read describe a prefix, so they prove nothing about
   * what the registry serves.
   */
  complete: boolean;
}

/** The read could not go on at all (interrupted, or no byte came for too long): the package's error, not a partial view. */
export class TarballReadStopped extends Error {
  constructor(
    readonly reason: 'interrupted' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'TarballReadStopped';
  }
}

class CapReached extends Error {}

/** What a tarball source yields: bytes, or a run of buffers that arrived together (coalesce.ts). */
export type TarballChunk = Buffer | Uint8Array | string | readonly Buffer[];
type Chunk = TarballChunk;

function asBuffers(chunk: Chunk): readonly Buffer[] {
  if (Array.isArray(chunk)) return chunk as readonly Buffer[];
  const one = chunk as Buffer | Uint8Array | string;
  return [typeof one === 'string' ? Buffer.from(one) : Buffer.from(one.buffer, one.byteOffset, one.byteLength)];
}

/**
 * Batch buffers of reads that ended cleanly, for the next reads: a buffer per read was a megabyte
 * of garbage for a package of a few kilobytes, and V8 collects the young generation each time 32 MB
 * of new buffers pile up. Only a read whose gunzip consumed every write gives its buffer back.
 */
const spareBatchBuffers: Buffer[] = [];
const MAX_SPARE_BATCH_BUFFERS = 32;

/**
 * Gathers small chunks into writes of `size` bytes, copied into one buffer reused for every batch
 * (a fresh buffer per batch was 633 MB of allocations for a large tree). `take` returns a view of
 * that buffer, valid until the next `fill`: the caller lets gunzip consume it first.
 */
class ChunkBatch {
  private readonly held: Buffer;
  private bytes = 0;

  constructor(private readonly size: number) {
    this.held = spareBatchBuffers.pop() ?? Buffer.allocUnsafe(size);
  }

  /** Copies as much of `chunk` from `offset` as fits; returns how many bytes it took. */
  fill(chunk: Buffer, offset: number): number {
    const copied = chunk.copy(this.held, this.bytes, offset, Math.min(chunk.length, offset + this.size - this.bytes));
    this.bytes += copied;
    return copied;
  }

  isFull(): boolean {
    return this.bytes === this.size;
  }

  /** Everything held, as a view of the reused buffer (undefined when nothing is held). */
  take(): Buffer | undefined {
    if (this.bytes === 0) return undefined;
    const part = this.held.subarray(0, this.bytes);
    this.bytes = 0;
    return part;
  }

  /** Gives the buffer to a later read: only once nothing (gunzip's thread) can still be reading it. */
  recycle(): void {
    if (spareBatchBuffers.length < MAX_SPARE_BATCH_BUFFERS) spareBatchBuffers.push(this.held);
  }
}

/**
 * The gunzip side of a read, opened by its first write or its end: by then the read knows whether
 * the tarball fills a whole write, and picks the output chunk size to match.
 */
class LazyGunzip {
  private stream: Gunzip | undefined;
  private readonly opened: Promise<Gunzip>;
  private resolveOpened: (stream: Gunzip) => void = () => undefined;
  /** The first error gunzip reported (its own words about a corrupt or truncated stream). */
  error: unknown;

  constructor(private readonly largeWrite: number) {
    this.opened = new Promise((resolve) => (this.resolveOpened = resolve));
  }

  get destroyed(): boolean {
    return this.stream?.destroyed ?? false;
  }

  /** Writes `bytes` and settles once gunzip has consumed them, failed, or closed. */
  write(bytes: Buffer): Promise<void> {
    const stream = this.open(bytes.length >= this.largeWrite);
    return new Promise((resolve) => {
      const done = () => {
        stream.off('close', done);
        resolve();
      };
      stream.on('close', done);
      stream.write(bytes, done);
    });
  }

  end(): void {
    this.open(false).end();
  }

  destroy(): void {
    this.stream?.destroy();
  }

  /** The inflated chunks, once the stream is open. */
  async output(): Promise<AsyncIterable<Buffer>> {
    return this.opened;
  }

  private open(large: boolean): Gunzip {
    if (this.stream) return this.stream;
    const stream = createGunzip({ chunkSize: large ? GUNZIP_CHUNK_BYTES.large : GUNZIP_CHUNK_BYTES.small });
    stream.on('error', (error) => (this.error ??= error));
    this.stream = stream;
    this.resolveOpened(stream);
    return stream;
  }
}

interface EmitterLike {
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy?(error?: Error): unknown;
}

/**
 * Follows the source for its whole life: pacote's streams forward late errors (a socket closed after
 * a timeout) to the stream it handed us, and an 'error' with no listener kills the process. The
 * listener stays after reading ends, so a late error is recorded instead.
 */
function watchSource(source: AsyncIterable<Chunk>): { failed: Promise<never>; error: () => unknown } {
  let first: unknown;
  let reject: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, r) => (reject = r));
  failed.catch(() => undefined);
  (source as EmitterLike).on?.('error', (error: unknown) => {
    first ??= error;
    reject(error);
  });
  return { failed, error: () => first };
}

/**
 * Resolves when the read must stop: the caller's signal or the reader's deadline. `release` removes
 * the listeners once the read is over: the scan's one signal outlives thousands of reads, and a
 * listener left per read leaked (and warned past ten).
 */
function stopped(deadline: AbortSignal, signal: AbortSignal | undefined): { stop: Promise<'stop'>; release: () => void } {
  let onAbort = () => {};
  const stop = new Promise<'stop'>((resolve) => {
    if (deadline.aborted || signal?.aborted) return resolve('stop');
    onAbort = () => resolve('stop');
    deadline.addEventListener('abort', onAbort, { once: true });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return {
    stop,
    release: () => {
      deadline.removeEventListener('abort', onAbort);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Waits for each step of the source, or for the read to be stopped or to fail, whichever comes first.
 * Not `Promise.race([next, stop, failed])` per chunk: each race adds a reaction to the two promises
 * that live as long as the read, and each reaction keeps its race's result, the chunk, reachable
 * until the read ends, so a 47 MB tarball was held whole in memory however fast it was consumed.
 */
function interruptible(stop: Promise<'stop'>, failed: Promise<never>): <T>(next: Promise<T>) => Promise<T | 'stop'> {
  let outcome: { stop: true } | { error: unknown } | undefined;
  let pending: { resolve: (value: 'stop') => void; reject: (error: unknown) => void } | undefined;
  void stop.then(() => {
    outcome ??= { stop: true };
    pending?.resolve('stop');
  });
  failed.catch((error: unknown) => {
    outcome ??= { error };
    pending?.reject(error);
  });
  return <T>(next: Promise<T>) =>
    new Promise<T | 'stop'>((resolve, reject) => {
      next.catch(() => undefined);
      if (outcome) return 'stop' in outcome ? resolve('stop') : reject(outcome.error);
      pending = { resolve, reject };
      next.then(
        (value) => {
          pending = undefined;
          resolve(value);
        },
        (error: unknown) => {
          pending = undefined;
          reject(error);
        },
      );
    });
}

/** A link's target, noted as unsafe when it points out of the package: it could expose host files if anyone extracted it. */
function linkTo(record: FileEntry, linkpath: string, limits: FilesLimitNote[]): void {
  record.linkTarget = linkpath;
  const target = linkpath.replace(/\\/g, '/');
  if (target.startsWith('/') || target.split('/').includes('..')) {
    limits.push({ kind: 'unsafe-path', message: `${record.type} points outside the package: ${target}`, path: record.path });
  }
}

/**
 * Marks an entry whose first bytes are a native program: `MZ` with the PE signature where the DOS
 * header points (or the DOS stub's message), `\x7fELF`, or a thin Mach-O magic. Java's `cafebabe`
 * is also Mach-O's universal magic, so it is not read. Only the entry's first chunk is looked at.
 */
function sniffExecutable(record: FileEntry, chunk: Buffer): void {
  const kind = executableKind(chunk);
  if (kind !== undefined) record.executable = kind;
  if (mislabelled(record.path, chunk)) record.mislabelled = true;
}

/** What a file of each binary format starts with (`?` any byte), by extension. */
const SIGNATURES: Record<string, readonly string[]> = {
  woff: ['774f4646'], woff2: ['774f4632'], ttf: ['00010000', '74727565', '4f54544f', '74746366'], otf: ['4f54544f', '00010000'],
  png: ['89504e47'], jpg: ['ffd8ff'], jpeg: ['ffd8ff'], gif: ['47494638'], webp: ['52494646????????57454250'], bmp: ['424d'], ico: ['00000100'],
  mp3: ['494433', 'fff', 'ffe'], mp4: ['????????66747970'], webm: ['1a45dfa3'], ogg: ['4f676753'], wav: ['52494646'], pdf: ['25504446'], zip: ['504b0304', '504b0506'], gz: ['1f8b'], tgz: ['1f8b'],
};

/** The name's extension promises a format whose signature the first bytes lack (fonts that are video, 2025). */
export function mislabelled(path: string, chunk: Buffer): boolean {
  const signatures = SIGNATURES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
  if (!signatures || chunk.length < 12) return false;
  const head = chunk.toString('hex', 0, 12);
  return !signatures.some((sig) => [...sig].every((c, i) => c === '?' || c === head[i]));
}

/** The native program a file's first bytes start, if any. */
export function executableKind(chunk: Buffer): FileEntry['executable'] {
  if (chunk.length >= 4 && chunk[0] === 0x7f && chunk.toString('latin1', 1, 4) === 'ELF') return 'elf';
  if (chunk.length >= 4 && (chunk.readUInt32LE(0) === 0xfeedface || chunk.readUInt32LE(0) === 0xfeedfacf)) return 'macho';
  if (chunk.length >= 64 && chunk[0] === 0x4d && chunk[1] === 0x5a && peSignature(chunk)) return 'pe';
  return undefined;
}

function peSignature(chunk: Buffer): boolean {
  const at = chunk.readUInt32LE(0x3c);
  if (at + 4 <= chunk.length && chunk.toString('latin1', at, at + 4) === 'PE\0\0') return true;
  return chunk.subarray(0, 512).includes('This program cannot be run in DOS mode');
}

/** Why an inflate failure ended the read: a stream that ends early is truncated; anything else is corrupt. */
function gzipNote(error: unknown): FilesLimitNote {
  const { message, code } = (error ?? {}) as { message?: string; code?: string };
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message ?? '')) {
    return { kind: 'truncated', message: 'the gzip stream ends before its end: the tarball is truncated' };
  }
  return { kind: 'corrupt', message: `gzip: ${message ?? String(error)}` };
}

interface EntryCollector {
  parser: Parser;
  entries: FileEntry[];
  texts: TextPacker;
  /** Whether the tar stream reached its end-of-archive (zero blocks). */
  archiveEnded(): boolean;
}

/** A tar parser that lists every entry and keeps text prefixes within the caps. */
type TarModule = { Parser: typeof Parser };
let tarModule: Promise<TarModule> | undefined;
/** node-tar is loaded by the first tarball read: a scan served from the verdict cache reads none. */
const loadTar = () => (tarModule ??= import('tar'));

/** The package's own manifest: the root package.json, never a nested one. */
const isManifest = (path: string) => path === 'package.json';

/**
 * Bytes of text a package may keep. The manifest has a budget of its own (one file's worth, for every
 * copy a tarball may hold), whatever the package's other text used: it holds the install scripts npm
 * runs, and a tarball that put it after 8 MB of text (next's sits after 3,400 files) left the
 * detectors the registry's copy, which a manifest-confusion release makes say otherwise.
 */
class TextBudget {
  private textBytes = 0;
  private manifestBytes = 0;
  private noted = false;

  constructor(
    private readonly caps: TarballCaps,
    private readonly limits: FilesLimitNote[],
  ) {}

  /** Reserves room for one file's prefix; 0 (with a note) when none is left. */
  reserve(path: string): number {
    const manifest = isManifest(path);
    const room = manifest ? this.caps.maxTextFileBytes - this.manifestBytes : this.caps.maxTotalTextBytes - this.textBytes;
    const bytes = Math.min(this.caps.maxTextFileBytes, room);
    if (bytes <= 0) {
      this.note(path, manifest);
      return 0;
    }
    this.adjust(path, bytes);
    return bytes;
  }

  /** Gives back bytes reserved for `path` and not kept. */
  release(path: string, bytes: number): void {
    this.adjust(path, -bytes);
  }

  private adjust(path: string, bytes: number): void {
    if (isManifest(path)) this.manifestBytes += bytes;
    else this.textBytes += bytes;
  }

  private note(path: string, manifest: boolean): void {
    if (manifest) {
      this.limits.push({ kind: 'text-budget-exceeded', message: `copies of package.json past ${this.caps.maxTextFileBytes} bytes in all; this one listed only`, path });
    } else if (!this.noted) {
      this.noted = true;
      this.limits.push({ kind: 'text-budget-exceeded', message: `text budget of ${this.caps.maxTotalTextBytes} bytes used up; later files listed only`, path });
    }
  }
}

function createEntryCollector(tar: TarModule, caps: TarballCaps, limits: FilesLimitNote[]): EntryCollector {
  const entries: FileEntry[] = [];
  const texts = new TextPacker();
  const budget = new TextBudget(caps, limits);
  let ended = false;

  const parser = new tar.Parser({ strict: false });
  // npm writes two zero blocks at the end; one is enough to know the writer finished.
  parser.on('nullBlock', () => (ended = true));
  parser.on('eof', () => (ended = true));
  parser.on('error', (error: Error) => limits.push({ kind: 'corrupt', message: `tar: ${error.message}` }));
  parser.on('warn', (_code: string, message: string | Error) => {
    // Once a cap stopped the read, the tar parser's complaints describe our cut, not the archive.
    if (limits.some((l) => l.kind === 'total-bytes-exceeded')) return;
    const text = typeof message === 'string' ? message : message.message;
    if (/truncated input/i.test(text)) {
      if (!limits.some((l) => l.kind === 'truncated')) limits.push({ kind: 'truncated', message: `the tar archive ends inside an entry: the tarball is truncated (${text})` });
      return;
    }
    limits.push({ kind: 'corrupt', message: `tar: ${text}` });
  });
  parser.on('entry', (entry: ReadEntry) => {
    // An entry stream is an emitter too: its error is this archive's note, never an unhandled event.
    entry.on('error', (error: unknown) => limits.push({ kind: 'corrupt', message: `tar entry: ${(error as Error)?.message ?? String(error)}`, path: entry.path }));
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
    if ((type === 'symlink' || type === 'hardlink') && entry.linkpath) linkTo(record, entry.linkpath, limits);
    entries.push(record);
    if (type !== 'file' || !isTextCandidate(path)) {
      // The only listener, and one that stays: a minipass stream whose last 'data' listener goes stops
      // flowing, and one added beside the text reader's would take the chunks the entry already holds.
      let first = type === 'file';
      entry.on('data', (chunk: Buffer) => {
        if (first) sniffExecutable(record, chunk);
        first = false;
      });
      entry.resume();
      return;
    }
    // Keep at most a prefix: a README padded to megabytes must not hide its first screen of spam.
    // Reserved now, so files read in parallel cannot overrun the budget.
    const keepBytes = budget.reserve(path);
    if (keepBytes === 0) {
      entry.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let kept = 0;
    let seen = 0;
    entry.on('data', (chunk: Buffer) => {
      if (seen === 0) sniffExecutable(record, chunk);
      // The header may understate the size; the bytes decide.
      seen += chunk.length;
      if (kept >= keepBytes) return;
      const part = chunk.subarray(0, keepBytes - kept);
      chunks.push(part);
      kept += part.length;
    });
    entry.on('end', () => {
      budget.release(path, keepBytes - kept);
      if (chunks.some((part) => part.includes(0))) {
        budget.release(path, kept);
        return; // binary despite its name
      }
      if (seen > kept) {
        limits.push({ kind: 'file-too-large', message: `text truncated to the first ${kept} of ${seen} bytes`, path });
      }
      texts.add(path, chunks);
    });
  });
  return { parser, entries, texts, archiveEnded: () => ended };
}

/**
 * How to read: which digests to compute, and whom to tell of the bytes taken. The bytes of a large
 * tree are mostly other platforms' native binaries (600 MB for a Next.js app), and hashing them
 * again after pacote did was a second of CPU per algorithm: a digest the source was already
 * verified against is taken as proven, not recomputed.
 */
export interface TarballReadOptions {
  /** Digests pacote verified the stream against (it fails the stream with EINTEGRITY otherwise). */
  verified?: { sha512?: string; sha1?: string };
  /** Compute sha1 when not verified (only a lockfile pinning sha1 alone needs it); default true. */
  sha1?: boolean;
  /** Compute sha512 when not verified; default true (false when nobody compares the digests). */
  sha512?: boolean;
  /** Told the size of each compressed chunk as it is taken from the source (the download's backpressure). */
  onBytesTaken?: (bytes: number) => void;
}

/** Reads a .tgz stream (pacote's, or any async-iterable of bytes). Never throws for bad archives; reports them as notes. */
export async function readPackageTarball(source: AsyncIterable<Chunk>, caps: TarballCaps = DEFAULT_TARBALL_CAPS, signal?: AbortSignal, options: TarballReadOptions = {}): Promise<TarballReadResult> {
  const limits: FilesLimitNote[] = [];
  const watched = watchSource(source);
  const read = new TarballRead(caps, options, limits, createEntryCollector(await loadTar(), caps, limits));
  const { stop, release } = stopped(AbortSignal.timeout(caps.timeoutMs), signal);
  const [fed] = await Promise.allSettled([read.feed(source, interruptible(stop, watched.failed), signal), read.inflate()]);
  release();
  // The source failed (network, integrity, stall) or the read was stopped: not a property of the package.
  if (fed.status === 'rejected') throw fed.reason;
  return read.result(watched.error() === undefined);
}

/**
 * One read of one tarball, in two halves that run together: `feed` takes the compressed bytes
 * (digests, caps, batched gunzip writes) and `inflate` hands gunzip's output to the tar parser
 * (the unpacked cap). The halves meet only through gunzip and the notes in `limits`.
 */
class TarballRead {
  private compressedBytes = 0;
  private unpackedBytes = 0;
  private sourceEnded = false;
  private inflated = false;
  private readonly sha512: Hash | undefined;
  private readonly sha1: Hash | undefined;
  private readonly gunzip = new LazyGunzip(GUNZIP_WRITE_BYTES);
  private readonly batch = new ChunkBatch(GUNZIP_WRITE_BYTES);

  constructor(
    private readonly caps: TarballCaps,
    private readonly options: TarballReadOptions,
    private readonly limits: FilesLimitNote[],
    private readonly collector: EntryCollector,
  ) {
    this.sha512 = options.verified?.sha512 === undefined && (options.sha512 ?? true) ? createHash('sha512') : undefined;
    this.sha1 = options.verified?.sha1 === undefined && (options.sha1 ?? true) ? createHash('sha1') : undefined;
  }

  /** Takes the source to its end, a cap or gunzip's failure; throws TarballReadStopped on a timeout or Ctrl-C. */
  async feed(source: AsyncIterable<Chunk>, nextOrStop: <T>(next: Promise<T>) => Promise<T | 'stop'>, signal: AbortSignal | undefined): Promise<void> {
    const iterator = source[Symbol.asyncIterator]();
    const letGo = () => void Promise.resolve(iterator.return?.()).catch(() => undefined);
    try {
      for (;;) {
        const step = await nextOrStop(iterator.next());
        if (step === 'stop') {
          letGo();
          (source as EmitterLike).destroy?.();
          throw this.stoppedBy(signal);
        }
        if (step.done) {
          await this.write(this.batch.take());
          this.sourceEnded = true;
          return;
        }
        if (!(await this.take(asBuffers(step.value)))) return letGo();
      }
    } finally {
      this.gunzip.end();
    }
  }

  /** Inflates into the tar parser until gunzip ends, fails or passes the unpacked cap. */
  async inflate(): Promise<void> {
    const { caps, limits, gunzip, collector } = this;
    try {
      for await (const chunk of await gunzip.output()) {
        this.unpackedBytes += chunk.length;
        if (this.unpackedBytes > caps.maxUnpackedBytes) {
          limits.push({ kind: 'total-bytes-exceeded', message: `unpacks to more than ${caps.maxUnpackedBytes} bytes (a gzip bomb or a huge package); the rest was not read` });
          throw new CapReached();
        }
        collector.parser.write(chunk);
      }
      this.inflated = true;
    } catch (error) {
      gunzip.destroy();
      if (!(error instanceof CapReached)) limits.push(gzipNote(gunzip.error ?? error));
    } finally {
      collector.parser.end();
    }
  }

  /** What was read; `sourceClean`: the source reported no error, late ones included. */
  result(sourceClean: boolean): TarballReadResult {
    const { limits, collector, options } = this;
    // gunzip ended, so it consumed every write; after an error or a cap a write may still be in flight.
    if (this.inflated) this.batch.recycle();
    if (this.inflated && !collector.archiveEnded() && !limits.some((l) => l.kind === 'truncated' || l.kind === 'too-many-entries')) {
      limits.push({ kind: 'truncated', message: 'the tar archive ends before its end-of-archive marker: the tarball is truncated' });
    }
    const stoppedEarly = limits.some((l) => l.kind === 'total-bytes-exceeded' || l.kind === 'truncated' || l.kind === 'corrupt');
    return {
      files: createPackedPackageFiles(collector.entries, collector.texts.finish(), limits),
      digests: { sha512: this.sha512?.digest('base64') ?? options.verified?.sha512 ?? '', sha1: this.sha1?.digest('hex') ?? options.verified?.sha1 ?? '' },
      compressedBytes: this.compressedBytes,
      unpackedBytes: this.unpackedBytes,
      complete: this.sourceEnded && this.inflated && !stoppedEarly && sourceClean,
    };
  }

  /** Batches one step's buffers into gunzip writes; false once reading must stop (the compressed cap, or gunzip gone). */
  private async take(buffers: readonly Buffer[]): Promise<boolean> {
    const { caps, batch } = this;
    for (const bytes of buffers) {
      this.options.onBytesTaken?.(bytes.length);
      this.compressedBytes += bytes.length;
      if (this.compressedBytes > caps.maxCompressedBytes) {
        this.limits.push({ kind: 'total-bytes-exceeded', message: `tarball larger than ${caps.maxCompressedBytes} bytes; the rest was not read` });
        await this.write(batch.take());
        return false;
      }
      if (this.gunzip.destroyed) return false;
      for (let offset = 0; offset < bytes.length; ) {
        offset += batch.fill(bytes, offset);
        if (batch.isFull()) await this.write(batch.take());
      }
    }
    return true;
  }

  /** Hashes and writes one batch; settles once gunzip has consumed it (or is gone), so the batch buffer can be refilled. */
  private async write(bytes: Buffer | undefined): Promise<void> {
    if (bytes === undefined || this.gunzip.destroyed) return;
    this.sha512?.update(bytes);
    this.sha1?.update(bytes);
    await this.gunzip.write(bytes);
  }

  private stoppedBy(signal: AbortSignal | undefined): TarballReadStopped {
    return signal?.aborted
      ? new TarballReadStopped('interrupted', 'interrupted')
      : new TarballReadStopped('timeout', `timed out after ${Math.round(this.caps.timeoutMs / 1000)} s while reading the tarball`);
  }
}

/**
 * Whether the bytes read match an SRI string as a lockfile records it (possibly several hashes),
 * compared by ssri on the strongest algorithm both sides have. Undefined when the lockfile holds no
 * algorithm we computed. Only meaningful for a complete read (`TarballReadResult.complete`).
 */
export function matchesIntegrity(integrity: string, digests: TarballReadResult['digests']): boolean | undefined {
  const pinned = ssri.parse(integrity);
  const known = [...(digests.sha512 ? ['sha512'] : []), ...(digests.sha1 ? ['sha1'] : [])];
  if (!pinned || !Object.keys(pinned).some((algorithm) => known.includes(algorithm))) return undefined;
  const read = ssri.parse([digests.sha512 ? `sha512-${digests.sha512}` : '', digests.sha1 ? `sha1-${Buffer.from(digests.sha1, 'hex').toString('base64')}` : ''].join(' ').trim());
  return pinned.match(read) !== false;
}

/** A lockfile pin in sha1 alone (npm 5-era lockfiles): only then must the reader compute sha1 itself. */
export function pinsOnlySha1(integrity: string | undefined): boolean {
  const pinned = integrity ? ssri.parse(integrity) : undefined;
  return pinned ? 'sha1' in pinned && !('sha512' in pinned) : false;
}
