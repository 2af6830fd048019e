/**
 * PackageFacts hold a PackageFiles object with methods; worker threads receive plain data. These
 * two functions convert between the two without losing anything a tarball-stage detector may read.
 * The packument, the registry state and the lockfile's paths stay behind: tarball-stage results are
 * cached by tarball integrity, so they must not depend on them (and the copy stays small).
 */
import { createPackageFiles } from '../package-files/memory.js';
import type { FileEntry, FilesLimitNote } from '../package-files/types.js';
import type { PackageFacts } from '../facts/types.js';

export type PortableFacts = Omit<PackageFacts, 'files'> & {
  files?: { entries: FileEntry[]; texts: [string, string][]; limits: FilesLimitNote[] };
};

export function portableFacts(facts: PackageFacts): PortableFacts {
  const { files, packument: _packument, registry: _registry, locked, ...rest } = facts;
  const lean = { ...rest, locked: { ...locked, paths: [] } };
  if (!files) return lean;
  return { ...lean, files: { entries: files.entries, texts: files.textPaths().map((p) => [p, files.readText(p)!]), limits: files.limits } };
}

export function reviveFacts(portable: PortableFacts): PackageFacts {
  const { files, ...rest } = portable;
  if (!files) return rest;
  return { ...rest, files: createPackageFiles(files.entries, new Map(files.texts), files.limits) };
}
