/**
 * PackageFacts hold a PackageFiles object with methods; worker threads receive plain data. These
 * two functions convert between the two without losing anything a tarball-stage detector may read.
 * The packument, the registry state, the known-bad records and the lockfile's paths stay behind: tarball-stage results are
 * cached by tarball integrity, so they must not depend on them (and the copy stays small).
 */
import { createPackageFiles } from '../package-files/memory.js';
import type { FileEntry, FilesLimitNote, PackageFiles } from '../package-files/types.js';
import type { PackageFacts } from '../facts/types.js';

type PortableFiles = { entries: FileEntry[]; texts: [string, string][]; limits: FilesLimitNote[] };

export type PortableFacts = Omit<PackageFacts, 'files' | 'previous'> & {
  files?: PortableFiles;
  previous?: { version: string; files: PortableFiles; manifest?: Record<string, unknown> };
};

function portableFiles(files: PackageFiles): PortableFiles {
  return { entries: files.entries, texts: files.textPaths().map((p) => [p, files.readText(p)!]), limits: files.limits };
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
  const revive = (f: PortableFiles) => createPackageFiles(f.entries, new Map(f.texts), f.limits);
  return {
    ...rest,
    ...(files ? { files: revive(files) } : {}),
    ...(previous ? { previous: { ...previous, files: revive(previous.files) } } : {}),
  };
}
