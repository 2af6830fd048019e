/**
 * Reads OSV's per-ecosystem export (a zip of one OSV JSON record per file, as OSV publishes
 * `npm/all.zip`) and keeps the malicious-package records (`MAL-` ids, the OpenSSF
 * malicious-packages data). Every kept record is validated; one bad record fails the whole import,
 * so the caller keeps its previous list instead of a half-read one.
 *
 * Zip reading is yauzl: it reads entries lazily from a file on disk (the npm export is hundreds of
 * MB; fflate and adm-zip would hold the whole archive in memory), checks each entry's sizes, and
 * lets entries that are not MAL- records be skipped without inflating them. yauzl does not check
 * CRC-32, so each kept entry's checksum is compared here (zlib.crc32).
 */
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import yauzl from 'yauzl';
import type { KnownMaliciousRecord } from './known-malicious.js';

/** The part of the OSV schema (https://ossf.github.io/osv-schema/) the list is built from. */
const osvEventSchema = z.union([
  z.object({ introduced: z.string() }),
  z.object({ fixed: z.string() }),
  z.object({ last_affected: z.string() }),
  z.object({ limit: z.string() }),
]);

export const osvRecordSchema = z.object({
  id: z.string().min(1).max(200),
  modified: z.string(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  summary: z.string().optional(),
  affected: z
    .array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string().min(1).max(214) }),
        versions: z.array(z.string()).optional(),
        ranges: z.array(z.object({ type: z.string(), events: z.array(osvEventSchema) })).optional(),
      }),
    )
    .min(1),
});

export type OsvRecord = z.output<typeof osvRecordSchema>;

/** Caps: an entry larger than this is not an OSV record. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const MAL_ENTRY = /(^|\/)MAL-[^/]+\.json$/;

export class OsvImportError extends Error {}

export interface OsvImport {
  records: KnownMaliciousRecord[];
  entries: number;
  malEntries: number;
  withdrawn: number;
}

/** Reads every MAL- record of the archive at `zipPath` into list records tagged with `source`. */
export async function importOsvZip(zipPath: string, source: string): Promise<OsvImport> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
      error ? reject(new OsvImportError(`not a readable zip archive (${error.message})`)) : resolve(file),
    ),
  );
  const result: OsvImport = { records: [], entries: 0, malEntries: 0, withdrawn: 0 };
  await new Promise<void>((resolve, reject) => {
    const fail = (message: string) => {
      zip.close();
      reject(new OsvImportError(message));
    };
    zip.on('error', (error: Error) => fail(`the zip archive is damaged (${error.message})`));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      result.entries++;
      if (!MAL_ENTRY.test(entry.fileName) || entry.fileName.endsWith('/')) return zip.readEntry();
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) return fail(`${entry.fileName}: ${entry.uncompressedSize} bytes, too large for an OSV record`);
      readEntryText(zip, entry)
        .then((text) => {
          result.malEntries++;
          const record = parseOsvRecord(text, entry.fileName);
          if (record.withdrawn) result.withdrawn++;
          else result.records.push(...toListRecords(record, source));
          zip.readEntry();
        })
        .catch((error: Error) => fail(error instanceof OsvImportError ? error.message : `${entry.fileName}: ${error.message}`));
    });
    zip.readEntry();
  });
  if (result.malEntries === 0) throw new OsvImportError(`the archive holds ${result.entries} entries and no MAL- record: not OSV's npm export?`);
  return result;
}

function readEntryText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(new OsvImportError(`${entry.fileName}: ${error.message}`));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (e: Error) => reject(new OsvImportError(`${entry.fileName}: ${e.message}`)));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (crc32(bytes) >>> 0 !== entry.crc32 >>> 0) return reject(new OsvImportError(`${entry.fileName}: CRC-32 mismatch, the archive is damaged`));
        resolve(bytes.toString('utf8'));
      });
    });
  });
}

export function parseOsvRecord(text: string, where: string): OsvRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OsvImportError(`${where}: not JSON (${(error as Error).message})`);
  }
  const parsed = osvRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OsvImportError(`${where}: not an OSV record: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  if (!parsed.data.id.startsWith('MAL-')) throw new OsvImportError(`${where}: id ${parsed.data.id} is not a MAL- id`);
  return parsed.data;
}

/** One list record per affected npm package; OSV's introduced/fixed/last_affected events become ranges. */
export function toListRecords(record: OsvRecord, source: string): KnownMaliciousRecord[] {
  return record.affected
    .filter((a) => a.package.ecosystem.toLowerCase() === 'npm')
    .map((a) => ({
      id: record.id,
      name: a.package.name,
      ...(a.versions && a.versions.length > 0 ? { versions: a.versions } : {}),
      ...rangesOf(a.ranges ?? []),
      ...(record.aliases && record.aliases.length > 0 ? { aliases: record.aliases.slice(0, 10) } : {}),
      ...(record.summary ? { summary: record.summary.slice(0, 500) } : {}),
      ...(record.published ? { published: record.published.slice(0, 40) } : {}),
      source,
    }));
}

function rangesOf(ranges: NonNullable<OsvRecord['affected'][number]['ranges']>): Pick<KnownMaliciousRecord, 'ranges'> {
  const out: NonNullable<KnownMaliciousRecord['ranges']> = [];
  for (const range of ranges) {
    let open: string | undefined;
    for (const event of range.events) {
      if ('introduced' in event) {
        if (open !== undefined) out.push({ introduced: open });
        open = event.introduced;
      } else if (open !== undefined && 'fixed' in event) {
        out.push({ introduced: open, fixed: event.fixed });
        open = undefined;
      } else if (open !== undefined && 'last_affected' in event) {
        out.push({ introduced: open, lastAffected: event.last_affected });
        open = undefined;
      }
    }
    if (open !== undefined) out.push({ introduced: open });
  }
  return out.length > 0 ? { ranges: out } : {};
}
