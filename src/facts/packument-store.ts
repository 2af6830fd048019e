/**
 * Packuments for a scan, with spamcheck's own freshness policy.
 *
 * Locked versions do not change, but npm's HTTP cache revalidates every packument after 300 s, and
 * a popular package's packument is megabytes of JSON to download and parse again. So each packument
 * is kept slim (see `slimPackument`) under `<cache>/_spamcheck/packuments/` and reused while younger
 * than `maxAgeMs` (default 6 hours; `--refresh` sets 0). A stored packument without the full entry
 * of the version asked for is fetched again. With `--offline`, any age is used.
 *
 * What a stale packument can miss: a version or package removed from the registry since it was
 * stored (registry-state), and newer publishes (publish-timing). Both are seen once it is older
 * than the limit; `--refresh` sees them now.
 */
import type { Packument } from './npm-types.js';
import type { DroppedField, ReadDocument } from './packument-schema.js';
import { previousVersion } from '../analysis/behaviour/capability.js';
import { type JsonWriter, hashedPath, writeThrough } from '../util/json-files.js';
import { arrayOf, isObject, number, recordOf, shape, string } from '../util/shape-check.js';

export interface PackumentSource {
  /**
   * The packument, slim, with `versions[version]` in full when the registry has that version, and
   * what the registry-data boundary left out of it (kept with the stored copy, so a packument from
   * the store reports the same gaps as a fetched one).
   */
  get(name: string, version: string): Promise<ReadDocument<Packument>>;
  /**
   * How many packuments came from the store, and how many from the registry; `readMs`: the time
   * spent reading stored copies (the bulk of a warm scan's own work, shown by SPAMCHECK_TIMINGS).
   */
  readonly counts: { stored: number; fetched: number; readMs: number };
}

export interface PackumentStoreOptions {
  /** Folder for stored packuments; undefined stores nothing. */
  dir: string | undefined;
  /** Registry URL the packuments come from: part of the key, so two registries never mix. */
  registryFor: (name: string) => string;
  maxAgeMs: number;
  /** Fetches a packument; `fullVersions` are the versions that will be kept in full (the rest may be read lightly). */
  fetch: (name: string, fullVersions: ReadonlySet<string>) => Promise<ReadDocument<Packument>>;
  /** Every version of `name` the scan will ask for: all are kept in full by the one fetch. */
  versionsOf?: (name: string) => Iterable<string>;
  nowMs?: () => number;
  /** How stored packuments are written (default: at once). */
  writer?: JsonWriter;
}

const SCHEMA = 3;

interface StoredPackument {
  schema: typeof SCHEMA;
  key: { name: string; registry: string };
  fetchedAtMs: number;
  fullVersions: string[];
  packument: Packument;
  dropped: DroppedField[];
}

/**
 * The shape the store writes. The versions map is checked to hold objects, not each entry's fields:
 * a popular packument lists thousands of versions, and the entries are this store's own output.
 */
const isStoredPackument = shape({
  schema: (v) => v === SCHEMA,
  key: shape({ name: string, registry: string }),
  fetchedAtMs: number,
  fullVersions: arrayOf(string),
  packument: shape({ name: string, versions: recordOf(isObject) }),
  dropped: arrayOf(shape({ field: string, reason: string })),
});

export function createPackumentStore(options: PackumentStoreOptions): PackumentSource {
  const now = options.nowMs ?? Date.now;
  const writer = options.writer ?? writeThrough;
  const counts = { stored: 0, fetched: 0, readMs: 0 };
  const pathOf = (name: string, registry: string) => hashedPath(options.dir!, registry, name);
  // One request at a time per name: two locked versions of a package (supports-color 7 and 8) used
  // to fetch twice at once and each write a stored copy holding only its own version, so the
  // next scan fetched one of them again.
  const pending = new Map<string, Promise<unknown>>();
  const one = async (name: string, version: string): Promise<ReadDocument<Packument>> => {
    const registry = options.registryFor(name);
    const path = options.dir ? pathOf(name, registry) : undefined;
    const started = performance.now();
    const read = path ? writer.read(path) : undefined;
    const stored = isStoredPackument(read) ? (read as StoredPackument) : undefined;
    counts.readMs += performance.now() - started;
    if (stored) {
      const keyMatches = stored.key.name === name && stored.key.registry === registry && stored.packument.name === name;
      const fresh = now() - stored.fetchedAtMs <= options.maxAgeMs && stored.fetchedAtMs <= now();
      if (keyMatches && fresh && stored.fullVersions.includes(version)) {
        counts.stored++;
        return { value: stored.packument, dropped: stored.dropped };
      }
    }
    const keep = new Set([version, ...(options.versionsOf?.(name) ?? []), ...(stored?.key.name === name ? stored.fullVersions : [])]);
    const { value: full, dropped } = await options.fetch(name, keep);
    counts.fetched++;
    const slim = slimPackument(full, keep);
    if (path) {
      const fullVersions = [...keep].filter((v) => slim.versions[v] !== undefined);
      writer.write(path, { schema: SCHEMA, key: { name, registry }, fetchedAtMs: now(), fullVersions, packument: slim, dropped });
    }
    return { value: slim, dropped };
  };
  return {
    counts,
    async get(name, version) {
      const run = (pending.get(name) ?? Promise.resolve()).catch(() => undefined).then(() => one(name, version));
      pending.set(name, run);
      try {
        return await run;
      } finally {
        if (pending.get(name) === run) pending.delete(name);
      }
    },
  };
}

/**
 * Keeps the full entries of `fullVersions` and only identity fields of the others: a popular
 * package's packument holds thousands of full manifests (tens of MB), and detectors need only the
 * list, the times and who published each.
 */
export function slimPackument(packument: Packument, fullVersions: ReadonlySet<string>): Packument {
  const versions: Packument['versions'] = {};
  // The release before each kept version keeps where its tarball is: release-diff may read it.
  const names = Object.keys(packument.versions ?? {});
  const previous = new Set([...fullVersions].map((v) => previousVersion(names, v)));
  for (const [version, meta] of Object.entries(packument.versions ?? {})) {
    const dist = previous.has(version) && meta.dist ? { dist: { tarball: meta.dist.tarball, integrity: meta.dist.integrity, shasum: meta.dist.shasum } } : {};
    versions[version] = fullVersions.has(version)
      ? meta
      : { name: meta.name, version: meta.version, ...(meta._npmUser ? { _npmUser: meta._npmUser } : {}), ...(meta.deprecated ? { deprecated: meta.deprecated } : {}), ...dist };
  }
  return { ...packument, versions };
}
