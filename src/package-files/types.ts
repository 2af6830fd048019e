/**
 * A read-only, in-memory view of one package tarball. Nothing is extracted to disk: the tarball is
 * streamed once, every entry is listed, and only text files small enough to be worth reading are kept.
 */

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface FileEntry {
  /** Path inside the package with the tarball's top folder (`package/`) removed, `/`-separated. */
  path: string;
  /** Size the tar header declares (may lie; the reader counts real bytes against its caps). */
  size: number;
  mode: number;
  type: EntryType;
  /** Link target for symlinks and hardlinks, as written in the tarball. */
  linkTarget?: string;
  /** The file's first bytes are a native program's header (Windows PE, ELF, Mach-O), whatever its name says. */
  executable?: 'pe' | 'elf' | 'macho';
  /** The name promises a font, image, audio, video or archive format its first bytes are not. */
  mislabelled?: true;
}

export interface PackageFiles {
  entries: FileEntry[];
  /** Text of a file, if it was captured (text-like name and under the per-file cap). */
  readText(path: string): string | undefined;
  /** Paths whose text was captured, in tarball order. */
  textPaths(): string[];
  /**
   * A captured file's bytes as the tarball shipped them, where the view keeps them that way: what
   * only compares files (a content hash) reads them without decoding the text.
   */
  readBytes?(path: string): Uint8Array | undefined;
  /** Caps that were hit or entries that were refused; non-empty means the view is partial. */
  limits: FilesLimitNote[];
}

/**
 * File texts as UTF-8 bytes, in tarball order, packed into a few buffers ("slabs"): text `i` is
 * bytes `starts[i]` to `ends[i]` of `slabs[slabOf[i]]`.
 */
export interface PackedTexts {
  paths: string[];
  slabOf: number[];
  starts: number[];
  ends: number[];
  slabs: Uint8Array[];
}

/**
 * Why a read noted a limit. `truncated`: the gzip or tar stream ended before its end, so what was
 * read is a prefix. A list, so that a stored note can be checked against it (engine/cache).
 */
export const FILES_LIMIT_KINDS = ['unsafe-path', 'file-too-large', 'too-many-entries', 'total-bytes-exceeded', 'text-budget-exceeded', 'corrupt', 'truncated', 'timeout'] as const;

export interface FilesLimitNote {
  kind: (typeof FILES_LIMIT_KINDS)[number];
  message: string;
  path?: string;
}
