/**
 * The facts stage: what the registry and the tarball say about one locked package. Registry
 * failures become `missing` facts, never exceptions.
 *
 * A tarball read is reduced to a `TarballFacts` record (digests, sizes, read limits, package.json)
 * besides the files themselves; the verdict cache stores that record, so a package whose tarball
 * was not read again gets exactly the facts it had when it was.
 */
import type { LockedPackage } from '../lockfiles/graph.js';
import { PackageFetchError, type RegistryClient } from '../registry/client.js';
import { matchesIntegrity, pinsOnlySha1 } from '../package-files/tarball.js';
import type { FilesLimitNote } from '../package-files/types.js';
import type { PackumentSource } from './packument-store.js';
import { previousVersion } from '../analysis/behaviour/capability.js';
import type { MissingFact, PackageFacts } from './types.js';
import type { PackumentVersion } from './npm-types.js';
import { type DroppedField, readManifest } from './packument-schema.js';
import type { KnownMaliciousIndex } from './known-malicious.js';

/** What one tarball read established, apart from the file texts. */
export interface TarballFacts {
  digests: { sha512: string; sha1: string };
  compressedBytes: number;
  unpackedBytes: number;
  /** Caps hit and entries refused while reading (the view is partial when any but unsafe-path). */
  limits: FilesLimitNote[];
  /** package.json as shipped, when it parsed. */
  manifest?: Record<string, unknown>;
  /** The tarball has a package.json that is not valid JSON. */
  manifestInvalid?: boolean;
  /** package.json is JSON but not an object: left out. */
  manifestNotObject?: boolean;
  /** What the registry-data boundary left out of package.json. */
  manifestDropped?: DroppedField[];
  /** The whole archive was read (no cap, no truncation): only then do the digests describe the tarball. */
  complete: boolean;
}

/** Why a fact is missing: the fetch failure, kept for the package's `error`. */
export type FactsWithError = PackageFacts & { fetchError?: PackageFetchError };

/** Packument, version entry and known-bad records. Returns facts with `versionMeta` when the tarball can be looked for. */
export async function gatherRegistryFacts(locked: LockedPackage, packuments: PackumentSource, knownBad?: KnownMaliciousIndex, signal?: AbortSignal): Promise<FactsWithError> {
  // The known-bad list is read every scan (never part of a cached verdict): `update-db` takes effect at once.
  const listed = knownBad?.lookup(locked.name) ?? [];
  const facts: FactsWithError = { name: locked.name, version: locked.version, locked, missing: [], ...(listed.length > 0 ? { knownMalicious: listed } : {}) };
  try {
    const read = await packuments.get(locked.name, locked.version);
    facts.packument = read.value;
    // Only what bears on this version: junk in another version's scripts blinds nothing here.
    const own = `versions[${JSON.stringify(locked.version)}]`;
    const dropped = read.dropped.filter((d) => !d.field.startsWith('versions[') || d.field.startsWith(own));
    if (dropped.length > 0) facts.dropped = dropped;
    facts.versionMeta = facts.packument.versions[locked.version];
    if (!facts.versionMeta) {
      facts.registry = { gone: { what: 'version', message: `the packument lists no version ${locked.version}` } };
      facts.missing.push({ fact: 'files', reason: `version ${locked.version} is not on the registry` });
    }
  } catch (error) {
    const fetchError = asFetchError(error, signal);
    if (fetchError.gone) facts.registry = { gone: { what: 'package', message: fetchError.message } };
    facts.missing.push({ fact: 'packument', reason: fetchError.message });
    facts.missing.push({ fact: 'files', reason: 'no packument to locate the tarball' });
    facts.fetchError = fetchError;
  }
  return facts;
}

/** A tarball this size unpacked (when the registry says) is read like a platform build. */
const HEAVY_UNPACKED_BYTES = 32 * 1024 * 1024;

/**
 * Whether the locked version's tarball is a heavy read for the main thread and light work for the
 * detectors: a native build for one platform (`os`/`cpu` in its manifest: tens of MB of binaries
 * and almost no text), or a tarball the registry says unpacks past 32 MB.
 */
export function isHeavyRead(meta: PackumentVersion | undefined): boolean {
  if (!meta) return false;
  const unpacked = meta.dist?.unpackedSize;
  return meta.os !== undefined || meta.cpu !== undefined || (typeof unpacked === 'number' && unpacked >= HEAVY_UNPACKED_BYTES);
}

/** Streams the tarball into `facts.files`; returns what the read established, or undefined when it failed. */
export async function readTarballFacts(facts: FactsWithError, client: RegistryClient, signal?: AbortSignal): Promise<TarballFacts | undefined> {
  try {
    // sha1 only for a lockfile that pins sha1 alone (npm 5-era lockfiles); sha512 as pacote verified it.
    const read = await client.tarball(facts.name, facts.version, facts.versionMeta?.dist, { sha1: pinsOnlySha1(facts.locked.integrity) });
    facts.files = read.files;
    const tarball: TarballFacts = { digests: read.digests, compressedBytes: read.compressedBytes, unpackedBytes: read.unpackedBytes, limits: read.files.limits, complete: read.complete };
    const manifestText = read.files.readText('package.json');
    if (manifestText !== undefined) {
      try {
        const manifest = readManifest(JSON.parse(manifestText), 'package.json: ');
        if (manifest) {
          tarball.manifest = manifest.value;
          if (manifest.dropped.length > 0) tarball.manifestDropped = manifest.dropped;
        } else {
          tarball.manifestNotObject = true;
        }
      } catch {
        tarball.manifestInvalid = true;
      }
    }
    applyTarballFacts(facts, tarball);
    return tarball;
  } catch (error) {
    const fetchError = asFetchError(error, signal);
    facts.missing.push({ fact: 'files', reason: fetchError.message });
    facts.fetchError = fetchError;
    return undefined;
  }
}

/** The release before the locked one (release-diff compares them), with its dist when the packument kept it. */
export function previousRelease(facts: PackageFacts): { version: string; dist?: { tarball?: string; integrity?: string; shasum?: string } } | undefined {
  const version = facts.packument ? previousVersion(Object.keys(facts.packument.versions), facts.version) : undefined;
  if (version === undefined) return undefined;
  const dist = facts.packument!.versions[version]?.dist;
  return { version, ...(dist ? { dist } : {}) };
}

/**
 * One extra tarball: the release before the locked one. The engine asks for it only for a locked
 * version whose files show a risky capability (riskyCapability, decided in the detector thread).
 */
export async function readPreviousRelease(facts: PackageFacts, client: RegistryClient, signal?: AbortSignal): Promise<void> {
  const previous = previousRelease(facts);
  if (previous === undefined) return;
  try {
    // Nothing compares the previous release's digests: pacote's own check is all it needs.
    const read = await client.tarball(facts.name, previous.version, previous.dist, { sha1: false, sha512: false });
    const text = read.files.readText('package.json');
    let manifest: Record<string, unknown> | undefined;
    try {
      manifest = text !== undefined ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      manifest = undefined;
    }
    facts.previous = { version: previous.version, files: read.files, ...(manifest ? { manifest } : {}) };
  } catch (error) {
    facts.missing.push({ fact: 'previous-files', reason: `${previous.version}: ${asFetchError(error, signal).message}` });
  }
}

/** Facts from a tarball read, fresh or cached; the lockfile comparison is always this scan's own. */
export function applyTarballFacts(facts: PackageFacts, tarball: TarballFacts): void {
  const { locked } = facts;
  if (tarball.manifest) facts.manifest = tarball.manifest;
  if (tarball.manifestDropped) facts.dropped = [...(facts.dropped ?? []), ...tarball.manifestDropped];
  if (tarball.manifestNotObject) facts.dropped = [...(facts.dropped ?? []), { field: 'package.json', reason: "the tarball's package.json is not an object; left out" }];
  if (tarball.manifestInvalid) facts.missing.push({ fact: 'files', reason: 'package.json in the tarball is not valid JSON' } satisfies MissingFact);
  // Digests of a read that stopped early describe a prefix: comparing them with the pin would invent a mismatch.
  const comparison = locked.integrity && tarball.complete ? matchesIntegrity(locked.integrity, tarball.digests) : undefined;
  facts.registry = {
    lockfileIntegrity: !locked.integrity ? 'not-pinned' : !tarball.complete ? 'read-incomplete' : comparison === undefined ? 'not-comparable' : comparison ? 'match' : 'mismatch',
    ...(locked.integrity ? { pinnedIntegrity: locked.integrity } : {}),
    ...(tarball.complete ? { servedIntegrity: `sha512-${tarball.digests.sha512}` } : {}),
    tarballBytes: { compressed: tarball.compressedBytes, unpacked: tarball.unpackedBytes },
  };
}

function asFetchError(error: unknown, signal?: AbortSignal): PackageFetchError {
  if (error instanceof PackageFetchError) return error;
  if (signal?.aborted) return new PackageFetchError('interrupted', 'interrupted');
  return new PackageFetchError('network', (error as Error)?.message ?? String(error));
}

/** The fetch failure behind missing facts, unless the registry said the package is gone (a finding, not an error). */
export function fetchErrorOf(facts: FactsWithError): { code: string; message: string } | null {
  const fetchError = facts.fetchError;
  return fetchError && !fetchError.gone ? { code: fetchError.code, message: fetchError.message } : null;
}
