/**
 * What the facts stage hands to the engine: everything spamcheck learned about one locked
 * name@version before any detector runs. Detectors read it; only the fetch stage writes it.
 */
import type { LockedPackage } from '../lockfiles/graph.js';
import type { PackageFiles } from '../package-files/types.js';
import type { Packument, PackumentVersion } from './npm-types.js';
import type { DroppedField } from './packument-schema.js';
import type { KnownMaliciousRecord } from './known-malicious.js';

/** Facts a detector can declare it needs; the scan fetches only what some enabled detector needs. */
export type FactName = 'packument' | 'files' | 'publisher-volume' | 'previous-files';

export interface MissingFact {
  fact: FactName;
  reason: string;
}

/** Everything spamcheck learned about one name@version before detectors run. */
export interface PackageFacts {
  name: string;
  version: string;
  locked: LockedPackage;
  /** Full packument, when it could be fetched. */
  packument?: Packument;
  /** `packument.versions[version]`, when present. */
  versionMeta?: PackumentVersion;
  /** package.json as shipped in the tarball (the truth about what runs), when the tarball was read. */
  manifest?: Record<string, unknown>;
  files?: PackageFiles;
  /**
   * The release before the locked one (highest lower version), read only when a detector needs
   * 'previous-files' and the locked version shows a risky capability (see analysis/behaviour/capability.ts).
   */
  previous?: { version: string; files: PackageFiles; manifest?: Record<string, unknown> };
  /** What the registry said about this name@version beyond its documents. */
  registry?: RegistryState;
  /** Known-bad list records for this name (any version); absent when the list was not loaded. */
  knownMalicious?: KnownMaliciousRecord[];
  missing: MissingFact[];
  /** Registry data that could not be understood and was left out (see facts/packument-schema.ts). */
  dropped?: DroppedField[];
}

export interface RegistryState {
  /** Set when the registry says the name or the locked version does not exist (npm removes spam and malware this way). */
  gone?: { what: 'package' | 'version'; message: string };
  /**
   * How the tarball bytes compare with the lockfile's `integrity`. `read-incomplete`: the read
   * stopped early (cap, truncation), so the bytes were not compared.
   */
  lockfileIntegrity?: 'match' | 'mismatch' | 'not-pinned' | 'not-comparable' | 'read-incomplete';
  /** The lockfile's integrity string, for evidence when it does not match. */
  pinnedIntegrity?: string;
  /** sha512 SRI of the bytes actually read, set only when the whole tarball was read. */
  servedIntegrity?: string;
  tarballBytes?: { compressed: number; unpacked: number };
}

export function packageKey(p: { name: string; version: string }): string {
  return `${p.name}@${p.version}`;
}

