/**
 * The reference index as stored (gzip'ed JSON, data/reference-index.json.gz) and as used in memory.
 *
 * Stored: a header (format, id, build date, where the names and the bytes came from, fingerprint
 * parameters) and one compact record per package, most popular first. Hash lists are base64 of
 * little-endian uint32s: JSON stays the container (readable header, zod-validated) while the
 * fingerprints cost 4 bytes each.
 */
import { z } from 'zod';

export const INDEX_FORMAT = 'spamcheck-reference-index';
export const INDEX_FORMAT_VERSION = 1;

const storedPackage = z.object({
  /** name */
  n: z.string().min(1).max(214),
  /** normalised repository */
  r: z.string().max(500).optional(),
  /** maintainers (npm user names), when the registry named them */
  m: z.array(z.string().max(214)).max(100).optional(),
  /** versions fingerprinted */
  v: z.array(z.string().max(256)).max(4),
  /** code sketch, file hashes, README sketch (base64 uint32 LE) */
  c: z.string().max(2000),
  f: z.string().max(2000),
  d: z.string().max(2000),
  /** normalised tokens and bytes of code read */
  t: z.number().int().nonnegative(),
  b: z.number().int().nonnegative(),
});

export const storedIndexSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  id: z.string().max(200),
  builtAt: z.string().max(40),
  source: z.object({ names: z.string().max(500), registry: z.string().max(500), requested: z.number().int(), failed: z.number().int() }),
  params: z.record(z.string(), z.number()),
  packages: z.array(storedPackage),
});

export type StoredIndex = z.infer<typeof storedIndexSchema>;
export type StoredPackage = z.infer<typeof storedPackage>;

/** What `spamcheck --version` and the report say about the index, without loading the fingerprints. */
export interface IndexSummary {
  id: string;
  builtAt: string;
  packages: number;
  names: string;
  registry: string;
}

export interface ReferencePackage {
  name: string;
  /** 0 = most popular. */
  rank: number;
  repository?: string;
  maintainers: string[];
  versions: string[];
  sketch: number[];
  fileHashes: number[];
  readmeSketch: number[];
  tokens: number;
  codeBytes: number;
}

export function encodeHashes(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeUInt32LE(v >>> 0, i * 4));
  return bytes.toString('base64');
}

export function decodeHashes(text: string): number[] {
  if (text === '') return [];
  const b = Buffer.from(text, 'base64');
  const out = new Array<number>(b.length >> 2);
  for (let i = 0, k = 0; i < out.length; i++, k += 4) out[i] = (b[k]! | (b[k + 1]! << 8) | (b[k + 2]! << 16) | (b[k + 3]! << 24)) >>> 0;
  return out;
}

/**
 * A stored record as a ReferencePackage whose fingerprints are decoded on first use: the main thread
 * of a warm scan asks the index for names and repositories only, and decoding 30,000 hash lists was
 * a third of loading the index. `fingerprints`, when given, supplies the record that holds them (the
 * full index, read on first use, behind a names view whose records carry none).
 */
class StoredReference implements ReferencePackage {
  readonly name: string;
  readonly repository?: string;
  readonly maintainers: string[];
  readonly versions: string[];
  readonly tokens: number;
  readonly codeBytes: number;
  #sketch?: number[];
  #fileHashes?: number[];
  #readmeSketch?: number[];

  constructor(
    private readonly stored: StoredPackage,
    readonly rank: number,
    private readonly fingerprints?: (rank: number) => StoredPackage,
  ) {
    this.name = stored.n;
    if (stored.r !== undefined) this.repository = stored.r;
    this.maintainers = stored.m ?? [];
    this.versions = stored.v;
    this.tokens = stored.t;
    this.codeBytes = stored.b;
  }

  private get printed(): StoredPackage {
    return this.fingerprints ? this.fingerprints(this.rank) : this.stored;
  }

  get sketch(): number[] {
    return (this.#sketch ??= decodeHashes(this.printed.c));
  }

  get fileHashes(): number[] {
    return (this.#fileHashes ??= decodeHashes(this.printed.f));
  }

  get readmeSketch(): number[] {
    return (this.#readmeSketch ??= decodeHashes(this.printed.d));
  }
}

export function toReferencePackage(stored: StoredPackage, rank: number, fingerprints?: (rank: number) => StoredPackage): ReferencePackage {
  return new StoredReference(stored, rank, fingerprints);
}

/**
 * The names view of an index: every record without its fingerprints (a fifth of the bytes), written
 * beside the index so that a thread needing only names, repositories and ranks reads that much.
 */
export function namesView(index: StoredIndex): StoredIndex {
  return { ...index, packages: index.packages.map((p) => ({ ...p, c: '', f: '', d: '' })) };
}
