/**
 * `update-db` end to end against a 127.0.0.1 server serving OSV-format zips built here: the good
 * export is imported and swapped in; a bad zip, a bad record, an export without MAL- records and an
 * HTTP error each fail with a clear message and leave the previous list untouched.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateKnownMalicious } from '../../src/facts/known-malicious-update.js';
import { CACHE_FILE_NAME, loadKnownMalicious, parseKnownMaliciousDb, recordAffects } from '../../src/facts/known-malicious.js';
import { buildZip } from '../support/zip.js';

const mal = (id: string, name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    schema_version: '1.5.0',
    id,
    modified: '2025-09-12T01:13:34Z',
    published: '2025-09-08T17:11:19Z',
    summary: `Malicious code in ${name} (npm)`,
    affected: [{ package: { ecosystem: 'npm', name }, versions: ['1.0.1'] }],
    ...extra,
  });

const GOOD = buildZip([
  { name: 'MAL-2025-0001.json', data: mal('MAL-2025-0001', 'evil-pkg') },
  { name: 'MAL-2025-0002.json', data: mal('MAL-2025-0002', 'whole-pkg', { affected: [{ package: { ecosystem: 'npm', name: 'whole-pkg' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] }) },
  { name: 'MAL-2025-0003.json', data: mal('MAL-2025-0003', 'gone-pkg', { withdrawn: '2025-10-01T00:00:00Z' }) },
  { name: 'GHSA-aaaa-bbbb-cccc.json', data: JSON.stringify({ id: 'GHSA-aaaa-bbbb-cccc', modified: 'x', affected: 'not even checked' }) },
  { name: 'MAL-2025-0004.json', data: mal('MAL-2025-0004', 'stored-pkg'), store: true },
]);

const ROUTES: Record<string, { status: number; body: Buffer }> = {
  '/good/all.zip': { status: 200, body: GOOD },
  '/not-a-zip/all.zip': { status: 200, body: Buffer.from('<html>Not Found</html>') },
  '/truncated/all.zip': { status: 200, body: GOOD.subarray(0, GOOD.length - 40) },
  '/bad-crc/all.zip': { status: 200, body: buildZip([{ name: 'MAL-2025-0001.json', data: mal('MAL-2025-0001', 'evil-pkg'), corruptCrc: true }]) },
  '/bad-record/all.zip': { status: 200, body: buildZip([{ name: 'MAL-2025-0001.json', data: mal('MAL-2025-0001', 'evil-pkg') }, { name: 'MAL-2025-0009.json', data: JSON.stringify({ id: 'MAL-2025-0009', modified: 'x', affected: [] }) }]) },
  '/not-json/all.zip': { status: 200, body: buildZip([{ name: 'MAL-2025-0001.json', data: '{"id": "MAL-2025-0001",' }]) },
  '/no-mal/all.zip': { status: 200, body: buildZip([{ name: 'GHSA-aaaa-bbbb-cccc.json', data: '{}' }]) },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (!route) return res.writeHead(404).end('not found');
    res.writeHead(route.status, { 'content-type': 'application/zip', 'content-length': route.body.length }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'spamcheck-kb-'));
}

describe('update-db: OSV npm export → known-malicious list in the cache folder', () => {
  it('keeps the MAL- records, skips withdrawn ones and non-MAL entries, validates and swaps the file in', async () => {
    const dir = freshDir();
    const result = await updateKnownMalicious({ url: `${base}/good/all.zip`, dataDir: dir, timeoutMs: 10_000, now: new Date('2030-01-01T00:00:00Z') });
    expect(result).toMatchObject({ records: 3, packages: 3, malEntries: 4, withdrawn: 1 });
    const db = parseKnownMaliciousDb(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8'), 'test');
    expect(db.records.map((r) => r.name).sort()).toEqual(['evil-pkg', 'stored-pkg', 'whole-pkg']);
    const whole = db.records.find((r) => r.name === 'whole-pkg')!;
    expect(recordAffects(whole, '3.2.1')).toBe(true);
    expect(recordAffects(db.records.find((r) => r.name === 'evil-pkg')!, '1.0.2')).toBe(false);
    // No temp files are left beside the list.
    expect(readdirSync(dir)).toEqual([CACHE_FILE_NAME]);
    // A scan prefers this copy: it is newer than the shipped one.
    const index = loadKnownMalicious({ dataDir: dir });
    expect(index.origin).toBe(join(dir, CACHE_FILE_NAME));
    expect(index.lookup('evil-pkg')[0]!.id).toBe('MAL-2025-0001');
  });

  it.each([
    ['not-a-zip', /not a readable zip archive/],
    ['truncated', /not a readable zip archive|damaged/],
    ['bad-crc', /crc32|damaged/i],
    ['bad-record', /MAL-2025-0009\.json: not an OSV record: affected/],
    ['not-json', /MAL-2025-0001\.json: not JSON/],
    ['no-mal', /no MAL- record/],
    ['missing', /HTTP 404/],
  ])('%s: a clear error, and the previous list is kept byte for byte', async (route, message) => {
    const dir = freshDir();
    const previous = '{"previous": true}\n';
    writeFileSync(join(dir, CACHE_FILE_NAME), previous);
    await expect(updateKnownMalicious({ url: `${base}/${route}/all.zip`, dataDir: dir, timeoutMs: 10_000 })).rejects.toThrow(message);
    expect(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8')).toBe(previous);
    expect(readdirSync(dir)).toEqual([CACHE_FILE_NAME]);
  });

  it('a scan ignores a cache copy that is older than the shipped list, and warns about a damaged one', () => {
    const dir = freshDir();
    const old = { schemaVersion: 1, generatedAt: '2001-01-01T00:00:00Z', sources: { osv: { title: 't' } }, records: [{ id: 'MAL-1', name: 'x', versions: ['1.0.0'], source: 'osv' }] };
    writeFileSync(join(dir, CACHE_FILE_NAME), JSON.stringify(old));
    expect(loadKnownMalicious({ dataDir: dir }).origin).toBe('shipped');
    writeFileSync(join(dir, CACHE_FILE_NAME), '{"schemaVersion": 1, "records": 3}');
    const damaged = loadKnownMalicious({ dataDir: dir });
    expect(damaged.origin).toBe('shipped');
    expect(damaged.warnings[0]).toMatch(/ignoring the downloaded known-malicious list/);
    expect(existsSync(join(dir, CACHE_FILE_NAME))).toBe(true);
  });
});
