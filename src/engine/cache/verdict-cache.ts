/**
 * The verdict cache: what the tarball stage concluded about a package, stored by what it depends on,
 * so a warm scan (or another project sharing packages) skips download, gunzip and analysis.
 *
 * Key = the tarball's integrity (as the registry publishes it; pacote verified the bytes against it)
 *     + a hash of the locked version's registry entry (versionMeta: scripts, description, _npmUser),
 *       as the registry wrote it
 *     + when release-diff runs, the release before the locked one (its version and integrity): the
 *       verdict depends on that release's bytes, and a release published in between changes it
 *     + the engine fingerprint: a hash of spamcheck's built code (every .js file it runs from) and
 *       of the enabled detectors with their parsed options.
 * Any code change, option change or other detector selection gives other keys: old entries are
 * never read again (clear the folder to reclaim the space). The key is stored inside each entry and
 * compared on read, and every entry's shape is checked (verdict-entry.ts); anything that does not match is a miss.
 *
 * Stored: the tarball facts (digests, sizes, read limits, package.json), the tarball stage's
 * findings and unavailable signals, and the scan-wide detectors' summaries. Never file text.
 * Not stored: verdicts with a detector error or a read that timed out (the next scan tries again).
 */
import { createHash } from 'node:crypto';
import type { TarballFacts } from '../../facts/gather.js';
import type { PackumentVersion } from '../../facts/npm-types.js';
import { type JsonWriter, hashedPath, writeThrough } from '../../util/json-files.js';
import type { PackageJudgement } from '../judge.js';
import { isVerdictEntry } from './verdict-entry.js';

const SCHEMA = 3;

export interface VerdictKey {
  integrity: string;
  versionMeta: string;
  engine: string;
  /** The release before the locked one (version and integrity), for a scan whose release-diff reads it; '' otherwise. */
  previous: string;
}

export interface CachedVerdict {
  tarball: TarballFacts;
  judgement: Pick<PackageJudgement, 'findings' | 'unavailable' | 'summaries'>;
}

/** A stored entry, once `isVerdictEntry` has checked its shape. */
interface StoredEntry {
  key: VerdictKey;
  tarball: TarballFacts;
  judgement: CachedVerdict['judgement'];
}

export interface VerdictCache {
  /** The key of this package's verdict, or undefined when the registry gives no integrity to key it by. */
  keyOf(versionMeta: PackumentVersion, previous?: string): VerdictKey | undefined;
  /** Synchronous: the read is a small file, and the scan times it (SPAMCHECK_TIMINGS). */
  get(key: VerdictKey): CachedVerdict | undefined;
  put(key: VerdictKey, verdict: CachedVerdict): Promise<void>;
}

export function createVerdictCache(dir: string, engineFingerprint: string, writer: JsonWriter = writeThrough): VerdictCache {
  const pathOf = (key: VerdictKey) => hashedPath(dir, key.integrity, key.versionMeta, key.engine, key.previous);
  return {
    keyOf(versionMeta, previous = '') {
      const integrity = versionMeta.dist?.integrity ?? (versionMeta.dist?.shasum ? `sha1:${versionMeta.dist.shasum}` : undefined);
      if (typeof integrity !== 'string' || integrity.length === 0) return undefined;
      // The registry's own key order, not a sorted copy: the stored packument keeps that order, so a
      // warm scan computes the same key, and sorting every entry's keys was 70 ms of each warm scan.
      // A registry that reorders keys between fetches costs a miss, never a wrong verdict.
      return { integrity, versionMeta: sha256(JSON.stringify(versionMeta)), engine: engineFingerprint, previous };
    },
    get(key) {
      const entry = writer.read(pathOf(key));
      if (!isVerdictEntry(entry, SCHEMA)) return undefined;
      const { key: stored, tarball, judgement } = entry as StoredEntry;
      if (stored.integrity !== key.integrity || stored.versionMeta !== key.versionMeta || stored.engine !== key.engine || stored.previous !== key.previous) return undefined;
      // The bytes behind the entry must be the ones the key names (sha512 integrities can be checked).
      if (!digestsMatch(key.integrity, tarball.digests)) return undefined;
      return { tarball, judgement };
    },
    async put(key, verdict) {
      if (!digestsMatch(key.integrity, verdict.tarball.digests)) return;
      writer.write(pathOf(key), { schema: SCHEMA, key, tarball: verdict.tarball, judgement: verdict.judgement });
    },
  };
}

function digestsMatch(integrity: string, digests: { sha512: string; sha1: string }): boolean {
  if (integrity.startsWith('sha1:')) return integrity.slice('sha1:'.length) === digests.sha1;
  const sha512 = integrity
    .trim()
    .split(/\s+/)
    .find((part) => part.startsWith('sha512-'));
  // Other algorithms (sha256, sha384): pacote verified them; we cannot compare our own digests.
  return sha512 === undefined || sha512.slice('sha512-'.length).split('?')[0] === digests.sha512;
}

/** Whether a verdict may be stored: complete, and not shaped by this machine's speed. */
export function isCacheable(judgement: PackageJudgement, tarball: TarballFacts): boolean {
  // A truncated stream may be the network's fault this time, like a timeout.
  return judgement.detectorErrors.length === 0 && !tarball.limits.some((l) => l.kind === 'timeout' || l.kind === 'truncated');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal values hash equal whatever order the registry wrote. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
