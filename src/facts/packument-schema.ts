/**
 * The one boundary for registry data. Packuments and manifests come from the network (or from a
 * tarball) and npm's history is full of odd shapes: `maintainers` as a "Name <email>" string or a
 * single object, `repository`/`bin`/`keywords` as strings, script values that are numbers, versions
 * without `dist`, `time` missing or holding junk. Everything past this file may trust the types in
 * npm-types.ts.
 *
 * Tolerant by design: a shape we understand is normalised; a field we cannot understand is dropped
 * and recorded in `dropped`, so the report can say which signals went blind for this package and
 * why, instead of one odd field failing the package or the whole scan.
 */
import { z } from 'zod';
import type { NpmPerson, Packument, PackumentDist, PackumentVersion } from './npm-types.js';
import { isObject } from '../util/shape-check.js';

/** A field of registry data that could not be understood and was left out. */
export interface DroppedField {
  /** Where, as a path into the document: `maintainers`, `versions["1.0.0"].scripts.test`. */
  field: string;
  reason: string;
}

export interface ReadDocument<T> {
  value: T;
  dropped: DroppedField[];
}

/** "Name <email> (url)", the string form npm has always accepted for people. */
const PERSON_STRING = /^\s*([^<(]*?)\s*(?:<([^>]*)>)?\s*(?:\(([^)]*)\))?\s*$/;

const personFromString = z.string().transform((text): NpmPerson | undefined => personFromText(text));

// `.optional()` after the transform: an absent key is fine, and any non-string reads as absent.
const optionalString = z.unknown().transform((v) => (typeof v === 'string' ? v : undefined)).optional();

const personFromObject = z
  .object({ name: optionalString, email: optionalString, url: optionalString, username: optionalString })
  .transform(({ name, email, url, username }): NpmPerson | undefined => {
    const who = name ?? username;
    if (!who && !email) return undefined;
    return { ...(who ? { name: who } : {}), ...(email ? { email } : {}), ...(url ? { url } : {}) };
  });

export const personSchema = z.union([personFromString, personFromObject]).refine((p) => p !== undefined, 'names nobody');

/** A list of people; a single string or object is a list of one. Entries that name nobody are left out. */
export const peopleSchema = z
  .union([z.array(z.unknown()), personFromString, personFromObject])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .transform((items) => items.map((item) => personSchema.safeParse(item)).flatMap((r) => (r.success && r.data ? [r.data] : [])));

/** `keywords`: a list of strings, or one string of comma- or space-separated words. */
export const keywordsSchema = z.union([
  z.array(z.unknown()).transform((items) => items.filter((k): k is string => typeof k === 'string')),
  z.string().transform((text) => text.split(/[,\s]+/).filter(Boolean)),
]);

/** name → string maps (scripts, dependencies, bin objects): entries whose value is not a string are left out. */
export const stringMapSchema = z.record(z.string(), z.unknown()).transform((map) => {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) if (typeof value === 'string' && key !== '__proto__') kept[key] = value;
  return kept;
});

export const repositorySchema = z.union([
  z.string(),
  z.object({ type: optionalString, url: optionalString, directory: optionalString }).transform((r) => ({
    ...(r.type ? { type: r.type } : {}),
    ...(r.url ? { url: r.url } : {}),
    ...(r.directory ? { directory: r.directory } : {}),
  })),
]);

export const binSchema = z.union([z.string(), stringMapSchema]);

const optionalNumber = z.unknown().transform((v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)).optional();

export const distSchema = z
  .object({
    tarball: optionalString,
    shasum: optionalString,
    integrity: optionalString,
    fileCount: optionalNumber,
    unpackedSize: optionalNumber,
    // `.optional()` here too: without it zod 4 rejects a dist that has no `signatures` key at all
    // (thin registries and proxies send none), and the whole dist, integrity included, was dropped.
    signatures: z
      .unknown()
      .transform((v) =>
        Array.isArray(v) ? v.filter((s): s is { keyid: string; sig: string } => typeof s?.keyid === 'string' && typeof s?.sig === 'string') : undefined,
      )
      .optional(),
  })
  .transform((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as PackumentDist);

/** `time`: keeps the entries that hold a date; the rest are dropped one by one. */
export const timeSchema = z.record(z.string(), z.unknown());

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies'] as const;

/** Fields of a manifest and how each is read; anything else passes through as it came. */
const MANIFEST_FIELDS: Record<string, z.ZodType> = {
  description: z.string(),
  homepage: z.string(),
  main: z.string(),
  license: z.union([z.string(), z.object({ type: z.string() }).transform((l) => l.type)]),
  deprecated: z.string(),
  gypfile: z.boolean(),
  keywords: keywordsSchema,
  repository: repositorySchema,
  scripts: stringMapSchema,
  bin: binSchema,
  maintainers: peopleSchema,
  contributors: peopleSchema,
  author: personSchema,
  _npmUser: personSchema,
  dist: distSchema,
  ...Object.fromEntries(DEPENDENCY_FIELDS.filter((f) => f !== 'bundleDependencies').map((f) => [f, stringMapSchema])),
};

/** Values npm itself writes for "none": not worth a note when they are left out. */
function isEmptyish(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '';
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function noteEntriesLeftOut(before: unknown, after: unknown, where: string, dropped: DroppedField[]): void {
  if (!before || typeof before !== 'object' || Array.isArray(before) || !after || typeof after !== 'object') return;
  const lost = Object.keys(before).filter((k) => !(k in after));
  if (lost.length > 0) dropped.push({ field: where, reason: `entries ${lost.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')} are not strings; left out` });
}

/**
 * One manifest (a packument `versions` entry or a tarball's package.json), normalised. `where`
 * prefixes the paths in `dropped`. Undefined when the value is not an object at all.
 */
export function readManifest(raw: unknown, where = ''): ReadDocument<Record<string, unknown>> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const dropped: DroppedField[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    // A key named `__proto__` (JSON.parse keeps it as an own key) would set `out`'s prototype.
    if (key === '__proto__') {
      dropped.push({ field: `${where}${key}`, reason: 'a key named __proto__; left out' });
      continue;
    }
    // Own entries only: a manifest key such as `constructor` must not find Object.prototype's.
    const schema = Object.hasOwn(MANIFEST_FIELDS, key) ? MANIFEST_FIELDS[key] : undefined;
    if (!schema) {
      out[key] = value;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success && parsed.data !== undefined) {
      out[key] = parsed.data;
      if (key === 'scripts' || DEPENDENCY_FIELDS.includes(key as (typeof DEPENDENCY_FIELDS)[number])) noteEntriesLeftOut(value, parsed.data, `${where}${key}`, dropped);
    } else if (!isEmptyish(value)) {
      dropped.push({ field: `${where}${key}`, reason: `${describeValue(value)} where the registry format has ${key === 'maintainers' || key === 'contributors' ? 'a list of people' : 'another shape'}; left out` });
    }
  }
  return { value: out, dropped };
}

function readTime(raw: unknown, dropped: DroppedField[]): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  const parsed = timeSchema.safeParse(raw);
  if (!parsed.success) {
    dropped.push({ field: 'time', reason: `${describeValue(raw)} instead of a map of dates; publish times left out` });
    return undefined;
  }
  const time: Record<string, string> = {};
  const junk: string[] = [];
  for (const [key, value] of Object.entries(parsed.data)) {
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && key !== '__proto__') time[key] = value;
    else junk.push(key);
  }
  if (junk.length > 0) dropped.push({ field: 'time', reason: `${junk.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')} ${junk.length === 1 ? 'is' : 'are'} not a date; left out` });
  return time;
}

const TOP_LEVEL_FIELDS: Record<string, z.ZodType> = {
  readme: z.string(),
  readmeFilename: z.string(),
  description: z.string(),
  homepage: z.string(),
  keywords: keywordsSchema,
  repository: repositorySchema,
  maintainers: peopleSchema,
  'dist-tags': stringMapSchema,
};

/**
 * The fields kept of a version that is not read in full (name, _npmUser, deprecated, dist): who
 * published it, whether it is deprecated, where its tarball is (the release before a locked one may
 * be read). What `slimPackument` keeps.
 */
function readIdentity(raw: unknown, where: string): ReadDocument<Record<string, unknown>> | undefined {
  if (!isObject(raw)) return undefined;
  const entry = raw as Record<string, unknown>;
  const dropped: DroppedField[] = [];
  const out: Record<string, unknown> = {};
  if ('name' in entry) out.name = entry.name;
  if ('_npmUser' in entry) keepOrDrop(out, '_npmUser', entry._npmUser, readPerson(entry._npmUser), where, dropped);
  if ('deprecated' in entry) keepOrDrop(out, 'deprecated', entry.deprecated, typeof entry.deprecated === 'string' ? entry.deprecated : undefined, where, dropped);
  if ('dist' in entry) keepOrDrop(out, 'dist', entry.dist, readDist(entry.dist), where, dropped);
  return { value: out, dropped };
}

/*
 * The identity fields are read by hand rather than through zod: a popular packument lists thousands
 * of versions, and zod's parse of each one's publisher and dist was most of the main thread's time
 * on registry data while packuments arrive. Each reader gives what readManifest's schema gives for
 * the same value (personSchema, distSchema; a property test holds them equal), undefined where the
 * schema fails.
 */

function keepOrDrop(out: Record<string, unknown>, key: string, value: unknown, read: unknown, where: string, dropped: DroppedField[]): void {
  if (read !== undefined) out[key] = read;
  else if (!isEmptyish(value)) dropped.push({ field: `${where}${key}`, reason: `${describeValue(value)} where the registry format has another shape; left out` });
}

const stringOrUndefined = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** As personSchema. */
export function readPerson(value: unknown): NpmPerson | undefined {
  if (typeof value === 'string') return personFromText(value);
  if (!isObject(value)) return undefined;
  const [name, email, url, username] = [value.name, value.email, value.url, value.username].map(stringOrUndefined);
  const who = name ?? username;
  if (!who && !email) return undefined;
  return { ...(who ? { name: who } : {}), ...(email ? { email } : {}), ...(url ? { url } : {}) };
}

function personFromText(text: string): NpmPerson | undefined {
  const match = PERSON_STRING.exec(text);
  const [name, email, url] = [match?.[1], match?.[2], match?.[3]].map((s) => (s && s.trim() !== '' ? s.trim() : undefined));
  if (!name && !email) return undefined;
  return { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(url ? { url } : {}) };
}

/** As distSchema. */
export function readDist(value: unknown): PackumentDist | undefined {
  if (!isObject(value)) return undefined;
  const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const signatures = Array.isArray(value.signatures)
    ? value.signatures.filter((s): s is { keyid: string; sig: string } => typeof s?.keyid === 'string' && typeof s?.sig === 'string')
    : undefined;
  const read: Record<string, unknown> = {
    tarball: stringOrUndefined(value.tarball),
    shasum: stringOrUndefined(value.shasum),
    integrity: stringOrUndefined(value.integrity),
    fileCount: finite(value.fileCount),
    unpackedSize: finite(value.unpackedSize),
    signatures,
  };
  for (const key of Object.keys(read)) if (read[key] === undefined) delete read[key];
  return read as PackumentDist;
}

export interface ReadPackumentOptions {
  /**
   * Versions to read in full; the others keep only their identity fields. A popular packument
   * holds thousands of manifests, and validating every field of each was most of the main
   * thread's time spent on registry data. Undefined reads every version in full.
   */
  fullVersions?: ReadonlySet<string>;
}

/**
 * A packument as the registry sent it → a normalised Packument plus what was dropped. Throws only
 * when the document is not a packument at all (not an object, or no `versions` map): that is the
 * package's error, never the scan's.
 */
export function readPackument(raw: unknown, expectedName: string, options: ReadPackumentOptions = {}): ReadDocument<Packument> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new TypeError(`the registry sent ${describeValue(raw)}, not a packument`);
  const doc = raw as Record<string, unknown>;
  const rawVersions = doc.versions;
  if (!rawVersions || typeof rawVersions !== 'object' || Array.isArray(rawVersions)) throw new TypeError('the registry sent a document without a `versions` map');
  const dropped: DroppedField[] = [];
  const out: Record<string, unknown> = { ...doc, name: typeof doc.name === 'string' ? doc.name : expectedName };
  for (const [key, schema] of Object.entries(TOP_LEVEL_FIELDS)) {
    if (!(key in doc)) continue;
    const parsed = schema.safeParse(doc[key]);
    if (parsed.success) out[key] = parsed.data;
    else {
      delete out[key];
      if (!isEmptyish(doc[key])) dropped.push({ field: key, reason: `${describeValue(doc[key])} where the registry format has another shape; left out` });
    }
  }
  const time = readTime(doc.time, dropped);
  if (time) out.time = time;
  else delete out.time;

  const versions: Record<string, PackumentVersion> = {};
  for (const [version, entry] of Object.entries(rawVersions as Record<string, unknown>)) {
    const where = `versions[${JSON.stringify(version)}].`;
    if (version === '__proto__') {
      dropped.push({ field: 'versions["__proto__"]', reason: 'not a version; left out' });
      continue;
    }
    const read = !options.fullVersions || options.fullVersions.has(version) ? readManifest(entry, where) : readIdentity(entry, where);
    if (!read) {
      dropped.push({ field: `versions[${JSON.stringify(version)}]`, reason: `${describeValue(entry)} instead of a manifest; version left out` });
      continue;
    }
    dropped.push(...read.dropped);
    versions[version] = { ...read.value, name: typeof read.value.name === 'string' ? read.value.name : (out.name as string), version } as PackumentVersion;
  }
  out.versions = versions;
  return { value: out as Packument, dropped };
}
