/**
 * Packument shapes as npmjs.org serves them with full metadata. Every field is optional because
 * thin registries (mirrors, company proxies) omit many of them; detectors must treat a missing field
 * as "unavailable", never as evidence.
 */

export interface NpmPerson {
  name?: string;
  email?: string;
  url?: string;
}

export interface PackumentDist {
  tarball?: string;
  shasum?: string;
  integrity?: string;
  fileCount?: number;
  unpackedSize?: number;
  signatures?: { keyid: string; sig: string }[];
}

/** One entry of `versions`: the published package.json plus registry-added fields. */
export interface PackumentVersion {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
  main?: string;
  gypfile?: boolean;
  deprecated?: string;
  maintainers?: NpmPerson[];
  _npmUser?: NpmPerson;
  dist?: PackumentDist;
  [key: string]: unknown;
}

export interface Packument {
  name: string;
  'dist-tags'?: Record<string, string>;
  versions: Record<string, PackumentVersion>;
  /** `created`, `modified` and one ISO timestamp per version. Not real publish times on some mirrors. */
  time?: Record<string, string>;
  maintainers?: NpmPerson[];
  readme?: string;
  readmeFilename?: string;
  description?: string;
  repository?: PackumentVersion['repository'];
  homepage?: string;
  keywords?: string[];
  [key: string]: unknown;
}

/** Answer of `/-/v1/search?text=maintainer:NAME`, reduced to what detectors use. */
export interface PublisherVolume {
  publisher: string;
  total: number;
  /** Packages in the answer whose `date` is within the last 30 days of the scan's clock. */
  createdLast30Days: number;
  sampleNames: string[];
}
