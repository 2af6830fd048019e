/**
 * The known-bad list: npm names and versions that a public record says are malware (OSV `MAL-`
 * records of the OpenSSF malicious-packages data, and lists published after compromises such as the
 * Shai-Hulud waves). Two copies can exist:
 *   - the shipped one, data/known-malicious.json, built by scripts/data/build-known-malicious.ts;
 *   - the downloaded one, <cache>/_spamcheck/known-malicious.json, written by `spamcheck update-db`.
 * A scan uses whichever was generated later. Both are validated here; a cache copy that does not
 * parse is ignored (with a warning) rather than trusted or allowed to stop the scan.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { z } from 'zod';

export const KNOWN_MALICIOUS_SCHEMA_VERSION = 1;
export const SHIPPED_KNOWN_MALICIOUS = join(PACKAGE_ROOT, 'data', 'known-malicious.json');
export const CACHE_FILE_NAME = 'known-malicious.json';

const rangeSchema = z.object({
  /** First affected version; "0" means every version from the first. */
  introduced: z.string().min(1),
  fixed: z.string().min(1).optional(),
  lastAffected: z.string().min(1).optional(),
});

export const knownMaliciousRecordSchema = z.object({
  /** The record's id: an OSV id (MAL-2025-46969) or, for lists without one, the list's own (KB-…). */
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(214),
  versions: z.array(z.string().min(1).max(256)).optional(),
  ranges: z.array(rangeSchema).optional(),
  aliases: z.array(z.string().max(200)).optional(),
  summary: z.string().max(500).optional(),
  /** When the record was published (ISO date). */
  published: z.string().max(40).optional(),
  /** Key of `sources`. */
  source: z.string().min(1),
});

export const knownMaliciousDbSchema = z.object({
  schemaVersion: z.literal(KNOWN_MALICIOUS_SCHEMA_VERSION),
  /** ISO timestamp: when this copy was built or downloaded. The later copy wins. */
  generatedAt: z.iso.datetime(),
  sources: z.record(z.string(), z.object({ title: z.string(), url: z.string().optional(), retrieved: z.string().optional() })),
  records: z.array(knownMaliciousRecordSchema),
});

export type KnownMaliciousRecord = z.output<typeof knownMaliciousRecordSchema>;
export type KnownMaliciousDb = z.output<typeof knownMaliciousDbSchema>;

/** What a scan holds: records by package name, and where they came from. */
export interface KnownMaliciousIndex {
  generatedAt: string;
  /** `shipped` or the cache file's path. */
  origin: string;
  recordCount: number;
  lookup(name: string): KnownMaliciousRecord[];
  warnings: string[];
}

/** `<npm cache>/_spamcheck`: next to npm's `_cacache`, so `--cache` moves both. */
export function spamcheckDataDir(pacoteCacheDir: string): string {
  return join(dirname(pacoteCacheDir), '_spamcheck');
}

export function parseKnownMaliciousDb(text: string, origin: string): KnownMaliciousDb {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${origin}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = knownMaliciousDbSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${origin}: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  for (const record of parsed.data.records) {
    if (!parsed.data.sources[record.source]) throw new Error(`${origin}: record ${record.id} names unknown source "${record.source}"`);
  }
  return parsed.data;
}

/** Loads the shipped list and, when present and later, the cache copy. */
export function loadKnownMalicious(options: { dataDir?: string; shippedPath?: URL | string } = {}): KnownMaliciousIndex {
  const warnings: string[] = [];
  const shipped = parseKnownMaliciousDb(readFileSync(options.shippedPath ?? SHIPPED_KNOWN_MALICIOUS, 'utf8'), 'data/known-malicious.json');
  let chosen = shipped;
  let origin = 'shipped';
  const cachePath = options.dataDir ? join(options.dataDir, CACHE_FILE_NAME) : undefined;
  if (cachePath && existsSync(cachePath)) {
    try {
      const cached = parseKnownMaliciousDb(readFileSync(cachePath, 'utf8'), cachePath);
      if (Date.parse(cached.generatedAt) > Date.parse(shipped.generatedAt)) {
        chosen = cached;
        origin = cachePath;
      }
    } catch (error) {
      warnings.push(`ignoring the downloaded known-malicious list: ${(error as Error).message}; run spamcheck update-db again`);
    }
  }
  return indexOf(chosen, origin, warnings);
}

export function indexOf(db: KnownMaliciousDb, origin: string, warnings: string[] = []): KnownMaliciousIndex {
  const byName = new Map<string, KnownMaliciousRecord[]>();
  for (const record of db.records) {
    const list = byName.get(record.name);
    if (list) list.push(record);
    else byName.set(record.name, [record]);
  }
  return { generatedAt: db.generatedAt, origin, recordCount: db.records.length, lookup: (name) => byName.get(name) ?? [], warnings };
}

/** Whether `version` is one the record names, exactly or through a range. */
export function recordAffects(record: KnownMaliciousRecord, version: string): boolean {
  if (record.versions?.includes(version)) return true;
  const parsed = semver.valid(version);
  if (!parsed) return false;
  return (record.ranges ?? []).some((range) => {
    const from = range.introduced === '0' ? true : semver.valid(range.introduced) !== null && semver.gte(parsed, range.introduced);
    const beforeFix = range.fixed === undefined || (semver.valid(range.fixed) !== null && semver.lt(parsed, range.fixed));
    const upToLast = range.lastAffected === undefined || (semver.valid(range.lastAffected) !== null && semver.lte(parsed, range.lastAffected));
    return from && beforeFix && upToLast;
  });
}
