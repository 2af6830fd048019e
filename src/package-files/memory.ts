import type { FileEntry, FilesLimitNote, PackageFiles, PackedTexts } from './types.js';

/**
 * A PackageFiles over entries and texts already in memory. Tests build one from a fixture without
 * packing a tarball.
 */
export function createPackageFiles(entries: FileEntry[], texts: Map<string, string>, limits: FilesLimitNote[] = []): PackageFiles {
  return {
    entries,
    readText: (path) => texts.get(path),
    textPaths: () => [...texts.keys()],
    limits,
  };
}

/** The packed texts behind a PackageFiles made by `createPackedPackageFiles`. */
const packedBehind = new WeakMap<PackageFiles, PackedTexts>();

/** First slab of a package; each next one is four times larger, up to the per-file cap's size. */
const FIRST_SLAB_BYTES = 64 * 1024;
const MAX_SLAB_BYTES = 1024 * 1024;

/**
 * Packs file texts as they are read, straight into slabs of shared memory: a detector thread reads
 * them where they are, without a copy, and the main thread keeps them readable, so a package handed
 * to a thread that is then stopped can be handed to the next. Nothing writes to a slab once its
 * package is read. A whole text goes into one slab; a slab is never regrown or copied.
 * Per-file buffers joined into one at the end were garbage twice the package's text, and the
 * reads of large packages outlived two young-generation collections: promoted, that garbage was
 * freed only by full collections, which it set off dozens of times in a cold scan.
 */
export class TextPacker {
  private readonly packed: PackedTexts = { paths: [], slabOf: [], starts: [], ends: [], slabs: [] };
  private readonly indexOf = new Map<string, number>();
  private used = 0;
  private nextSlabBytes = FIRST_SLAB_BYTES;

  /**
   * Adds one text given as parts (read chunks), copying them once. A path added again (a tarball
   * may hold one name twice) keeps its place and takes the new text, as extracting would.
   */
  add(path: string, parts: readonly Uint8Array[]): void {
    let length = 0;
    for (const part of parts) length += part.length;
    const slab = this.slabFor(length);
    const start = this.used;
    for (const part of parts) {
      slab.set(part, this.used);
      this.used += part.length;
    }
    const { packed } = this;
    const i = this.indexOf.get(path) ?? packed.paths.length;
    this.indexOf.set(path, i);
    packed.paths[i] = path;
    packed.slabOf[i] = packed.slabs.length - 1;
    packed.starts[i] = start;
    packed.ends[i] = this.used;
  }

  finish(): PackedTexts {
    return this.packed;
  }

  private slabFor(length: number): Uint8Array {
    const { slabs } = this.packed;
    const current = slabs[slabs.length - 1];
    if (current && current.length - this.used >= length) return current;
    const slab = new Uint8Array(new SharedArrayBuffer(Math.max(length, this.nextSlabBytes)));
    this.nextSlabBytes = Math.min(MAX_SLAB_BYTES, this.nextSlabBytes * 4);
    slabs.push(slab);
    this.used = 0;
    return slab;
  }
}

/** Packs file texts (UTF-8 bytes, in tarball order). */
export function packTexts(texts: ReadonlyMap<string, Uint8Array>): PackedTexts {
  const packer = new TextPacker();
  for (const [path, bytes] of texts) packer.add(path, [bytes]);
  return packer.finish();
}

/**
 * A PackageFiles over texts kept as UTF-8 bytes and decoded when read. The tarball reader builds
 * one: the bytes are shared with a detector worker, not copied, and the thread that only peeks at a few
 * files (the main one) never turns megabytes of code into strings it would keep.
 * `keepDecoded` keeps each decoded text for the next reader (the worker, where every detector reads them).
 */
export function createPackedPackageFiles(entries: FileEntry[], packed: PackedTexts, limits: FilesLimitNote[] = [], keepDecoded = false): PackageFiles {
  const index = new Map(packed.paths.map((path, i) => [path, i]));
  const decoded = new Map<string, string>();
  const readBytes = (path: string): Uint8Array | undefined => {
    const i = index.get(path);
    if (i === undefined) return undefined;
    return packed.slabs[packed.slabOf[i]!]!.subarray(packed.starts[i]!, packed.ends[i]!);
  };
  const files: PackageFiles = {
    entries,
    readText(path) {
      const kept = decoded.get(path);
      if (kept !== undefined) return kept;
      const bytes = readBytes(path);
      if (bytes === undefined) return undefined;
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      if (keepDecoded) decoded.set(path, text);
      return text;
    },
    readBytes,
    textPaths: () => [...packed.paths],
    limits,
  };
  packedBehind.set(files, packed);
  return files;
}

/** The texts of any PackageFiles, packed: the packing it was made from, or a new one. */
export function packedTextsOf(files: PackageFiles): PackedTexts {
  const packed = packedBehind.get(files);
  if (packed) return packed;
  return packTexts(new Map(files.textPaths().map((path) => [path, Buffer.from(files.readText(path)!, 'utf8')])));
}
