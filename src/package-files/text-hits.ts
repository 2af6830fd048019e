/**
 * The detectors that search a package's text files one by one (prose for hidden text, scripts for
 * lures, skimmers, sabotage or code past the edge) share this loop: which paths, up to what size,
 * how many hits. Files over the size cap are not searched: their text may be a prefix.
 */
import type { PackageFiles } from './types.js';

export interface TextSearch {
  /** The paths worth reading (by extension, outside tests…). */
  accepts: (path: string) => boolean;
  /** Files larger than this are not searched. */
  maxChars: number;
  /** Hits kept at most (1: the first file with a hit). */
  limit?: number;
}

/** The hits of `find` over the package's text files, in the files' order. */
export function textHits<T>(files: PackageFiles | undefined, search: TextSearch, find: (path: string, text: string) => T | undefined): T[] {
  const hits: T[] = [];
  const limit = search.limit ?? 1;
  for (const path of files?.textPaths() ?? []) {
    if (!search.accepts(path)) continue;
    const text = files!.readText(path);
    const hit = text !== undefined && text.length <= search.maxChars ? find(path, text) : undefined;
    if (hit !== undefined && hits.push(hit) >= limit) break;
  }
  return hits;
}
