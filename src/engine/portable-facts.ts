/**
 * PackageFacts hold a PackageFiles object with methods; worker threads receive plain data. These
 * functions convert between the two without losing anything a tarball-stage detector may read.
 * The packument, the registry state, the known-bad records and the lockfile's paths stay behind: tarball-stage results are
 * cached by tarball integrity, so they must not depend on them (and the copy stays small).
 * File texts travel packed in a few slabs of shared memory per release, neither copied nor moved.
 */
import { createPackedPackageFiles, packedTextsOf } from '../package-files/memory.js';
import type { FileEntry, FilesLimitNote, PackageFiles, PackedTexts } from '../package-files/types.js';
import type { PackageFacts } from '../facts/types.js';

type PortableFiles = { entries: FileEntry[]; texts: PackedTexts; limits: FilesLimitNote[] };

export type PortableFacts = Omit<PackageFacts, 'files' | 'previous'> & {
  files?: PortableFiles;
  previous?: { version: string; files: PortableFiles; manifest?: Record<string, unknown> };
};

function portableFiles(files: PackageFiles): PortableFiles {
  return { entries: files.entries, texts: packedTextsOf(files), limits: files.limits };
}

export function portableFacts(facts: PackageFacts): PortableFacts {
  const { files, previous, packument: _packument, registry: _registry, knownMalicious: _knownMalicious, locked, ...rest } = facts;
  return {
    ...rest,
    locked: { ...locked, paths: [] },
    ...(files ? { files: portableFiles(files) } : {}),
    ...(previous ? { previous: { ...previous, files: portableFiles(previous.files) } } : {}),
  };
}

export function reviveFacts(portable: PortableFacts): PackageFacts {
  const { files, previous, ...rest } = portable;
  // Every detector reads the texts: each is decoded once and kept for the next.
  const revive = (f: PortableFiles) => createPackedPackageFiles(f.entries, f.texts, f.limits, true);
  return {
    ...rest,
    ...(files ? { files: revive(files) } : {}),
    ...(previous ? { previous: { ...previous, files: revive(previous.files) } } : {}),
  };
}
