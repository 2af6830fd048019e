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

/** Packs file texts (UTF-8 bytes, in tarball order) into one buffer that owns its memory, so it can be transferred. */
export function packTexts(texts: ReadonlyMap<string, Uint8Array>): PackedTexts {
  let total = 0;
  for (const bytes of texts.values()) total += bytes.length;
  // Not from Buffer's shared pool: a pooled slab cannot be handed to a worker thread.
  const packed = Buffer.allocUnsafeSlow(total);
  const paths: string[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const [path, bytes] of texts) {
    packed.set(bytes, at);
    at += bytes.length;
    paths.push(path);
    ends.push(at);
  }
  return { paths, ends, bytes: packed };
}

/**
 * A PackageFiles over texts kept as UTF-8 bytes and decoded when read. The tarball reader builds
 * one: the bytes go to a detector worker without a copy, and the thread that only peeks at a few
 * files (the main one) never turns megabytes of code into strings it would keep.
 * `keepDecoded` keeps each decoded text for the next reader (the worker, where every detector reads them).
 */
export function createPackedPackageFiles(entries: FileEntry[], packed: PackedTexts, limits: FilesLimitNote[] = [], keepDecoded = false): PackageFiles {
  const index = new Map(packed.paths.map((path, i) => [path, i]));
  const decoded = new Map<string, string>();
  const files: PackageFiles = {
    entries,
    readText(path) {
      const kept = decoded.get(path);
      if (kept !== undefined) return kept;
      const i = index.get(path);
      if (i === undefined) return undefined;
      const start = i === 0 ? 0 : packed.ends[i - 1]!;
      const end = packed.ends[i]!;
      // Bytes handed to a worker are gone from this thread: reading them here would see nothing.
      if (end > packed.bytes.byteLength) throw new Error(`the texts of this package were handed to a worker thread; ${path} can no longer be read here`);
      const text = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset + start, end - start).toString('utf8');
      if (keepDecoded) decoded.set(path, text);
      return text;
    },
    textPaths: () => [...packed.paths],
    limits,
  };
  packedBehind.set(files, packed);
  return files;
}

/** The texts of any PackageFiles as one packed buffer: the one it was made from, or a new one. */
export function packedTextsOf(files: PackageFiles): PackedTexts {
  const packed = packedBehind.get(files);
  if (packed) return packed;
  return packTexts(new Map(files.textPaths().map((path) => [path, Buffer.from(files.readText(path)!, 'utf8')])));
}
