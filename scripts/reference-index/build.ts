/**
 * Builds data/reference-index.json.gz: the most-downloaded npm packages with their repository,
 * maintainers (where the registry names them) and code/README fingerprints, for the detectors that
 * tell a copy or a look-alike from the real package (docs/reference-index.md).
 *
 *   npm run build:reference-index -- [--count 10000] [--source /work/.library/env/packages/npm.tsv]
 *       [--names-file list.txt] [--registry URL] [--concurrency 8] [--earlier | --earlier-top 3000] [--out path]
 *
 * Names: the tool library's package list sorted by monthly downloads (what users actually install,
 * so what copiers and typosquatters imitate). Bytes: the configured registry (npm config, or
 * --registry), through the same RegistryClient and tarball reader the scan uses.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import semver from 'semver';
import { FINGERPRINT_PARAMS } from '../../src/analysis/fingerprint/package.js';
import { KGRAM_TOKENS, WINNOW_WINDOW } from '../../src/analysis/fingerprint/winnow.js';
import { INDEX_FORMAT, INDEX_FORMAT_VERSION, type IndexSummary, namesView, type StoredIndex, type StoredPackage } from '../../src/analysis/reference-index/format.js';
import { namesViewPath } from '../../src/analysis/reference-index/index.js';
import { type ReadVersion, referenceRecord } from '../../src/analysis/reference-index/record.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import { readNpmTsv } from '../lib/npm-tsv.js';
import { RegistryClient } from '../../src/registry/client.js';
import { loadNpmConfig, toPacoteOptions } from '../../src/registry/npm-config.js';
import type { Packument } from '../../src/facts/npm-types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_INDEX_PATH = join(root, 'data', 'reference-index.json.gz');

/** Names from a `name<TAB>version<TAB>downloads…` list, most downloaded first; registry security holders left out. */
export function topNames(tsv: string, count: number): string[] {
  // `-security` placeholders hold a removed malicious name: not a package anyone copies.
  return readNpmTsv(tsv)
    .filter((r) => !/-security$/.test(r.version))
    .slice(0, count)
    .map((r) => r.name);
}

export interface BuildOptions {
  names: readonly string[];
  client: RegistryClient;
  concurrency: number;
  /**
   * Also fingerprint the newest release of the previous major for the first `earlierTop` names
   * (copies are often of an older line: chalk 4 is CommonJS, chalk 5 is not). 0 = latest only.
   */
  earlierTop: number;
  id: string;
  namesSource: string;
  registry: string;
  now?: Date;
  onProgress?: (done: number, failed: number) => void;
}

export async function buildReferenceIndex(o: BuildOptions): Promise<StoredIndex> {
  const records: (StoredPackage | undefined)[] = new Array(o.names.length);
  let next = 0;
  let done = 0;
  let failed = 0;
  const worker = async () => {
    while (next < o.names.length) {
      const at = next++;
      records[at] = await indexOne(o, o.names[at]!, at < o.earlierTop).catch(() => undefined);
      if (!records[at]) failed++;
      if (++done % 250 === 0) o.onProgress?.(done, failed);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  return {
    format: INDEX_FORMAT,
    formatVersion: INDEX_FORMAT_VERSION,
    id: o.id,
    builtAt: (o.now ?? new Date()).toISOString(),
    source: { names: o.namesSource, registry: o.registry, requested: o.names.length, failed },
    params: { kgramTokens: KGRAM_TOKENS, winnowWindow: WINNOW_WINDOW, ...FINGERPRINT_PARAMS },
    packages: records.filter((r): r is StoredPackage => r !== undefined),
  };
}

async function indexOne(o: BuildOptions, name: string, earlier: boolean): Promise<StoredPackage> {
  const packument = await o.client.packument(name);
  const versions = chooseVersions(packument, earlier);
  const read: ReadVersion[] = [];
  for (const version of versions) {
    const tarball = await o.client.tarball(name, version).catch(() => undefined);
    if (tarball) read.push({ version, files: tarball.files });
  }
  if (read.length === 0) throw new Error(`no tarball of ${name} could be read`);
  return referenceRecord(name, packument, read);
}

export function chooseVersions(packument: Packument, earlier: boolean): string[] {
  const latest = packument['dist-tags']?.latest ?? semver.rsort(Object.keys(packument.versions).filter((v) => semver.valid(v)))[0];
  if (latest === undefined || !packument.versions[latest]) return [];
  if (!earlier) return [latest];
  const major = semver.major(latest);
  const previous = semver.rsort(Object.keys(packument.versions).filter((v) => semver.valid(v) && !semver.prerelease(v) && semver.major(v) < major))[0];
  return previous ? [latest, previous] : [latest];
}

export function summarise(index: StoredIndex): IndexSummary {
  return { id: index.id, builtAt: index.builtAt, packages: index.packages.length, names: index.source.names, registry: index.source.registry };
}

/** Writes the index, its names view (read by a scan's main thread) and its summary (read by `spamcheck --version`), each atomically. */
export function writeIndex(index: StoredIndex, out: string): { bytes: number } {
  mkdirSync(dirname(out), { recursive: true });
  const gz = gzipSync(JSON.stringify(index), { level: 9 });
  writeFileSync(`${out}.tmp`, gz);
  renameSync(`${out}.tmp`, out);
  const viewPath = namesViewPath(out);
  writeFileSync(`${viewPath}.tmp`, gzipSync(JSON.stringify(namesView(index)), { level: 9 }));
  renameSync(`${viewPath}.tmp`, viewPath);
  const metaPath = out.replace(/\.json\.gz$/, '.meta.json');
  writeFileSync(`${metaPath}.tmp`, JSON.stringify(summarise(index), null, 2) + '\n');
  renameSync(`${metaPath}.tmp`, metaPath);
  return { bytes: gz.length };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const at = args.indexOf(name);
    return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
  };
  const source = flag('--source', '/work/.library/env/packages/npm.tsv');
  const count = Number(flag('--count', '10000'));
  const namesFile = flag('--names-file', '');
  const names = namesFile ? readFileSync(namesFile, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, count) : topNames(readFileSync(source, 'utf8'), count);
  const pacoteOptions = toPacoteOptions(loadNpmConfig({ projectDir: process.cwd(), env: process.env }), { registry: flag('--registry', '') || undefined }, process.env);
  // Named, not addressed: the data file records which registry the bytes came from, not a host.
  const registry = pacoteOptions.registry === undefined || /^https:\/\/registry\.npmjs\.org\/?$/.test(String(pacoteOptions.registry)) ? 'the npm registry (npm config default)' : 'a custom registry (--registry or npm config)';
  const client = new RegistryClient({ pacoteOptions, retries: 2, retryBaseDelayMs: 500, maxRetryAfterMs: 30_000, requestTimeoutMs: 60_000, tarballCaps: DEFAULT_TARBALL_CAPS });
  const started = Date.now();
  const now = new Date();
  const index = await buildReferenceIndex({
    names,
    client,
    concurrency: Number(flag('--concurrency', '8')),
    earlierTop: args.includes('--earlier') ? names.length : Number(flag('--earlier-top', '0')),
    id: `top-${names.length}@${now.toISOString().slice(0, 10)}`,
    namesSource: namesFile ? `names file ${namesFile.split('/').pop()}` : `top ${count} of the tool library's npm package list (${source.split('/').pop()}) by monthly downloads`,
    registry,
    now,
    onProgress: (done, failed) => console.error(`${done}/${names.length} (${failed} failed, ${Math.round((Date.now() - started) / 1000)} s)`),
  });
  const out = resolve(flag('--out', DEFAULT_INDEX_PATH));
  const { bytes } = writeIndex(index, out);
  console.error(`wrote ${index.packages.length} packages (${index.source.failed} failed) to ${out}: ${(bytes / 1024 / 1024).toFixed(2)} MiB in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
