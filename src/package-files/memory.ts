import type { FileEntry, FilesLimitNote, PackageFiles } from './types.js';

/**
 * A PackageFiles over entries and texts already in memory. The tarball reader builds one of these
 * after streaming; tests build one from a fixture without packing a tarball.
 */
export function createPackageFiles(entries: FileEntry[], texts: Map<string, string>, limits: FilesLimitNote[] = []): PackageFiles {
  return {
    entries,
    readText: (path) => texts.get(path),
    textPaths: () => [...texts.keys()],
    limits,
  };
}
