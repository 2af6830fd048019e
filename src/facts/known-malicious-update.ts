/**
 * `spamcheck update-db`: download OSV's npm export, keep its MAL- records, validate them, and swap
 * the new list into the cache folder atomically (write a temp file in the same folder, then rename
 * over the old one), so a scan running at the same time reads either the old list or the new one,
 * and a failed download or a bad record leaves the old list in place.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { downloadToFile } from '../registry/download.js';
import { CACHE_FILE_NAME, KNOWN_MALICIOUS_SCHEMA_VERSION, type KnownMaliciousDb, parseKnownMaliciousDb } from './known-malicious.js';

/** OSV's public bucket: one zip of every npm record (https://google.github.io/osv.dev/data/#data-dumps). */
export const DEFAULT_OSV_NPM_EXPORT = 'https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip';

export interface UpdateOptions {
  url: string;
  dataDir: string;
  timeoutMs: number;
  /** The export was about 200 MB in 2025; the cap stops a runaway or hostile server. */
  maxBytes?: number;
  now?: Date;
}

export interface UpdateResult {
  path: string;
  records: number;
  packages: number;
  malEntries: number;
  withdrawn: number;
  archiveBytes: number;
}

export async function updateKnownMalicious(options: UpdateOptions): Promise<UpdateResult> {
  mkdirSync(options.dataDir, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const zipPath = join(options.dataDir, `osv-npm-${tag}.zip.tmp`);
  const listTemp = join(options.dataDir, `${CACHE_FILE_NAME}.${tag}.tmp`);
  try {
    const { bytes } = await downloadToFile(options.url, zipPath, { timeoutMs: options.timeoutMs, maxBytes: options.maxBytes ?? 2 * 1024 ** 3 });
    // The zip reader is loaded here, by update-db only: scans import this module for its constants.
    const { importOsvZip } = await import('./osv-import.js');
    const imported = await importOsvZip(zipPath, 'osv');
    const db: KnownMaliciousDb = {
      schemaVersion: KNOWN_MALICIOUS_SCHEMA_VERSION,
      generatedAt: (options.now ?? new Date()).toISOString(),
      sources: { osv: { title: 'OSV export of npm records, MAL- (OpenSSF malicious-packages) only', url: options.url, retrieved: (options.now ?? new Date()).toISOString() } },
      records: imported.records,
    };
    const text = `${JSON.stringify(db)}\n`;
    // What a scan will read is checked with the scan's own reader before it replaces anything.
    parseKnownMaliciousDb(text, 'the new list');
    writeFileSync(listTemp, text, { flush: true });
    renameSync(listTemp, join(options.dataDir, CACHE_FILE_NAME));
    return {
      path: join(options.dataDir, CACHE_FILE_NAME),
      records: imported.records.length,
      packages: new Set(imported.records.map((r) => r.name)).size,
      malEntries: imported.malEntries,
      withdrawn: imported.withdrawn,
      archiveBytes: bytes,
    };
  } finally {
    rmSync(zipPath, { force: true });
    rmSync(listTemp, { force: true });
  }
}
