/**
 * PackageFacts hold a PackageFiles object with methods; worker threads receive plain data. These
 * two functions convert between the two without losing anything a detector can see.
 */
import { createPackageFiles } from '../package-files/memory.js';
import type { FileEntry, FilesLimitNote } from '../package-files/types.js';
import type { PackageFacts } from '../facts/types.js';

export type PortableFacts = Omit<PackageFacts, 'files'> & {
  files?: { entries: FileEntry[]; texts: [string, string][]; limits: FilesLimitNote[] };
};

export function portableFacts(facts: PackageFacts): PortableFacts {
  const { files, ...rest } = facts;
  if (!files) return rest;
  return { ...rest, files: { entries: files.entries, texts: files.textPaths().map((p) => [p, files.readText(p)!]), limits: files.limits } };
}

export function reviveFacts(portable: PortableFacts): PackageFacts {
  const { files, ...rest } = portable;
  if (!files) return rest;
  return { ...rest, files: createPackageFiles(files.entries, new Map(files.texts), files.limits) };
}
