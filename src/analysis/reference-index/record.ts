/**
 * One package's entry in the reference index, from its packument and the files of the versions
 * read. Used by the builder (scripts/reference-index/build.ts) and by tests that build a small
 * index from fixtures, so both store exactly what the scan will compare against.
 */
import type { PackageFiles } from '../../package-files/types.js';
import type { Packument } from '../../facts/npm-types.js';
import { FINGERPRINT_PARAMS, fingerprintPackage } from '../fingerprint/package.js';
import { bottomK } from '../fingerprint/winnow.js';
import { encodeHashes, type StoredPackage } from './format.js';
import { normaliseRepository } from './repository.js';

export interface ReadVersion {
  version: string;
  files: PackageFiles;
}

export function referenceRecord(name: string, packument: Packument, read: readonly ReadVersion[]): StoredPackage {
  const latest = packument['dist-tags']?.latest;
  const meta = (latest !== undefined ? packument.versions[latest] : undefined) ?? packument.versions[read[0]?.version ?? ''];
  const repository = normaliseRepository(meta?.repository ?? packument.repository);
  const maintainers = [...new Set((packument.maintainers ?? meta?.maintainers ?? []).map((m) => m?.name?.toLowerCase()).filter((m): m is string => !!m))];
  const prints = read.map((r) => fingerprintPackage(r.files));
  const sketch = bottomK(prints.flatMap((p) => p.sketch), FINGERPRINT_PARAMS.codeSketch);
  const fileHashes = [...new Set(prints.flatMap((p) => p.fileHashes))].slice(0, FINGERPRINT_PARAMS.maxFileHashes * 2);
  const readme = bottomK(prints.flatMap((p) => p.readmeSketch), FINGERPRINT_PARAMS.readmeSketch);
  return {
    n: name,
    ...(repository !== undefined ? { r: repository } : {}),
    ...(maintainers.length > 0 ? { m: maintainers.slice(0, 100) } : {}),
    v: read.map((r) => r.version),
    c: encodeHashes(sketch),
    f: encodeHashes(fileHashes),
    d: encodeHashes(readme),
    t: Math.max(0, ...prints.map((p) => p.tokens)),
    b: Math.max(0, ...prints.map((p) => p.codeBytes)),
  };
}
