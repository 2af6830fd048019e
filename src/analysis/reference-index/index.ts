/**
 * The reference index in memory: popular packages by name, by repository, and by code fingerprint.
 *
 * Loaded lazily, once per thread, the first time a detector asks (`referenceIndex()`): a scan with
 * those detectors disabled never reads the file. The lookup tables (fingerprint postings, name
 * neighbourhoods) are built on first use too. A file that is missing or fails validation is
 * reported as unavailable by the detectors — never a crash, never a silent "clean".
 *
 * SPAMCHECK_REFERENCE_INDEX points at another index file (a rebuilt one, or a test's small one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { type IndexSummary, type ReferencePackage, storedIndexSchema, toReferencePackage, type StoredIndex, type StoredPackage } from './format.js';
import { firstAtLeast } from '../../util/sorted.js';
import { PACKAGE_ROOT } from '../../util/package-root.js';

export const SHIPPED_INDEX_PATH = join(PACKAGE_ROOT, 'data', 'reference-index.json.gz');

export function indexPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPAMCHECK_REFERENCE_INDEX || SHIPPED_INDEX_PATH;
}

export class ReferenceIndex {
  readonly packages: readonly ReferencePackage[];
  private readonly names = new Map<string, ReferencePackage>();
  private repositories?: Map<string, ReferencePackage[]>;
  /** Sorted `hash * ID_SPAN + packageId` keys: one typed array instead of 600k small arrays. */
  private postings?: Float64Array;
  private filePostings?: Float64Array;
  /** Bit set of sketch values present in any reference (by their low 24 bits). */
  private present?: Uint8Array;

  constructor(readonly summary: IndexSummary, packages: ReferencePackage[]) {
    this.packages = packages;
    for (const p of packages) if (!this.names.has(p.name)) this.names.set(p.name, p);
  }

  byName(name: string): ReferencePackage | undefined {
    return this.names.get(name);
  }

  byRepository(repository: string): readonly ReferencePackage[] {
    if (!this.repositories) {
      this.repositories = new Map();
      for (const p of this.packages) {
        if (p.repository === undefined) continue;
        const list = this.repositories.get(p.repository) ?? [];
        list.push(p);
        this.repositories.set(p.repository, list);
      }
    }
    return this.repositories.get(repository) ?? [];
  }

  /** Packages sharing at least `minShared` sketch values with `prints`, or a whole-file hash; most shared first. */
  codeCandidates(prints: ReadonlySet<number>, fileHashes: readonly number[], minShared: number): ReferencePackage[] {
    if (!this.postings) this.buildPostings();
    const shared = new Map<number, number>();
    const keys = this.postings!;
    const present = this.present!;
    for (const value of prints) {
      // Most of a package's prints are in no reference sketch: a bit test skips their binary search.
      if ((present[(value & PRESENT_MASK) >>> 3]! & (1 << (value & 7))) === 0) continue;
      const low = value * ID_SPAN;
      for (let i = firstAtLeast(keys, low); i < keys.length && keys[i]! < low + ID_SPAN; i++) {
        const id = keys[i]! - low;
        shared.set(id, (shared.get(id) ?? 0) + 1);
      }
    }
    const files = new Set<number>();
    const fileKeys = this.filePostings!;
    for (const hash of fileHashes) {
      const low = hash * ID_SPAN;
      for (let i = firstAtLeast(fileKeys, low); i < fileKeys.length && fileKeys[i]! < low + ID_SPAN; i++) files.add(fileKeys[i]! - low);
    }
    // [id, shared count] pairs sorted directly: a comparator doing two map look-ups per comparison
    // was a second of every cold scan.
    const ranked: [number, number][] = [];
    for (const [id, n] of shared) if (n >= minShared || files.has(id)) ranked.push([id, n]);
    for (const id of files) if (!shared.has(id)) ranked.push([id, 0]);
    return ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => this.packages[id]!);
  }

  private common?: Set<number>;

  /**
   * Fingerprints found in the sketches of `minPackages` or more reference packages: compiler and
   * bundler boilerplate (tsc's `__exportStar`, babel's interop helpers) that thousands of unrelated
   * packages share. Like stop-words, they say nothing about whose code this is.
   */
  commonHashes(minPackages = 4): ReadonlySet<number> {
    if (!this.common) {
      if (!this.postings) this.buildPostings();
      this.common = new Set();
      const keys = this.postings!;
      for (let i = 0; i < keys.length; ) {
        const hash = Math.floor(keys[i]! / ID_SPAN);
        let j = i;
        while (j < keys.length && Math.floor(keys[j]! / ID_SPAN) === hash) j++;
        if (j - i >= minPackages) this.common.add(hash);
        i = j;
      }
    }
    return this.common;
  }

  private buildPostings(): void {
    this.postings = postingKeys(this.packages.map((p) => p.sketch));
    this.filePostings = postingKeys(this.packages.map((p) => p.fileHashes));
    // One bit per low 24 bits of every sketch value (2 MiB): a clear bit proves a value is absent.
    this.present = new Uint8Array((PRESENT_MASK + 1) >>> 3);
    for (const p of this.packages) for (const value of p.sketch) this.present[(value & PRESENT_MASK) >>> 3]! |= 1 << (value & 7);
  }
}

const PRESENT_MASK = 2 ** 24 - 1;

/** Package ids fit below this (2^20); hash * ID_SPAN + id stays an exact double (< 2^52). */
const ID_SPAN = 2 ** 20;

function postingKeys(lists: readonly (readonly number[])[]): Float64Array {
  const keys = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  lists.forEach((list, id) => {
    for (const value of list) keys[at++] = value * ID_SPAN + (id % ID_SPAN);
  });
  return keys.sort();
}

export function createReferenceIndex(stored: StoredIndex, fingerprints?: (rank: number) => StoredPackage): ReferenceIndex {
  const summary: IndexSummary = { id: stored.id, builtAt: stored.builtAt, packages: stored.packages.length, names: stored.source.names, registry: stored.source.registry };
  return new ReferenceIndex(summary, stored.packages.map((p, rank) => toReferencePackage(p, rank, fingerprints)));
}

/**
 * The index shipped in data/ is checked record by record by the test suite (test/analysis/
 * reference-index.test.ts), so a scan checks only its envelope: validating its 10,000 records again
 * cost 60 ms of every warm scan's 1.3 s. Any other file (SPAMCHECK_REFERENCE_INDEX) is checked whole.
 */
const envelopeSchema = storedIndexSchema.extend({ packages: z.array(z.unknown()) });

function isShipped(path: string): boolean {
  return path === SHIPPED_INDEX_PATH || path === namesViewPath(SHIPPED_INDEX_PATH);
}

/** Reads, decompresses and validates an index file (`records: 'envelope'` for the shipped one); throws with a one-line reason. */
function readStoredIndex(path: string, records: 'all' | 'envelope' = isShipped(path) ? 'envelope' : 'all'): StoredIndex {
  // One 8 MiB output buffer instead of zlib's 16 KiB chunks joined at the end: 53 -> 33 ms for the
  // shipped index, on every thread that loads it (a warm scan's main thread, each worker).
  const raw = JSON.parse(gunzipSync(readFileSync(path), { chunkSize: 8 * 1024 * 1024 }).toString('utf8')) as unknown;
  const parsed = (records === 'all' ? storedIndexSchema : envelopeSchema).safeParse(raw);
  if (!parsed.success) throw new Error(`reference index ${path} is not valid: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
  return parsed.data as StoredIndex;
}

export function loadReferenceIndexFile(path: string, records?: 'all' | 'envelope'): ReferenceIndex {
  return createReferenceIndex(readStoredIndex(path, records));
}

/** Where the names view of the index at `path` lies: `x.json.gz` → `x.names.json.gz`. */
export function namesViewPath(path: string): string {
  return `${path.replace(/(\.json)?\.gz$/, '')}.names.json.gz`;
}

/**
 * The index as a thread needs it: from the names view when one lies beside the index, with the
 * fingerprints read from the index itself the first time any is asked for. A scan's main thread asks
 * for names, repositories and ranks only (30 ms instead of 100), and its workers, which match code,
 * read both. Without a view, the index is read whole.
 */
export function loadReferenceIndex(path: string): ReferenceIndex {
  const view = namesViewPath(path);
  if (!existsSync(view) || !existsSync(path)) return loadReferenceIndexFile(path);
  const names = readStoredIndex(view);
  let full: StoredIndex | undefined;
  return createReferenceIndex(names, (rank) => (full ??= sameIndex(readStoredIndex(path), names, path)).packages[rank]!);
}

/** The full index, checked to be the one its names view was made from (a stale view would pair names with other code). */
function sameIndex(full: StoredIndex, names: StoredIndex, path: string): StoredIndex {
  const same = full.id === names.id && full.builtAt === names.builtAt && full.packages.length === names.packages.length && full.packages.every((p, i) => p.n === names.packages[i]!.n);
  if (!same) throw new Error(`reference index ${path} does not match its names view ${namesViewPath(path)}: write both again (npm run build:reference-index)`);
  return full;
}

type Loaded = { index: ReferenceIndex } | { error: string };
let loaded: Loaded | undefined;

/** The index for this thread, loaded on first call; `{ error }` when it cannot be read. */
export function referenceIndex(): Loaded {
  if (!loaded) {
    try {
      loaded = { index: loadReferenceIndex(indexPath()) };
    } catch (error) {
      loaded = { error: (error as Error).message.split('\n')[0]!.slice(0, 300) };
    }
  }
  return loaded;
}

/** Tests swap in a small index (or force a reload with undefined). */
export function useReferenceIndex(index: ReferenceIndex | undefined): void {
  loaded = index ? { index } : undefined;
}

/** The summary `spamcheck --version` prints, read from the small file written beside the index. */
export function readIndexSummary(env: NodeJS.ProcessEnv = process.env): IndexSummary | undefined {
  const metaPath = indexPath(env).replace(/\.json\.gz$/, '.meta.json');
  if (!existsSync(metaPath)) return undefined;
  try {
    return JSON.parse(readFileSync(metaPath, 'utf8')) as IndexSummary;
  } catch {
    return undefined;
  }
}
