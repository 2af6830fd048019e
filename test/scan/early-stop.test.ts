/**
 * Issue 12, faults 2 and 3: a read that stopped before the end of the archive proves nothing about
 * the registry. A gzip stream cut short (served with an integrity that matches the cut bytes, as a
 * broken mirror or cache would) is "truncated": the package is partial with that reason, never
 * clean and never "corrupt". A read stopped at the unpacked-size cap (a gzip bomb) cannot compare
 * its bytes with the lockfile's pin, so it never says the registry served other bytes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema, type PackageReport, type Report } from '../../src/report/schema.js';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { tarEntries, tarballDigests } from '../support/pack.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const fixture = (name: string): PackageFixture => ({
  name,
  publisher: { name: 'owner', email: 'owner@example.com' },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 1;\n' } }],
});

// Random-looking text so the gzip stream is long and a cut at 300 bytes is mid-stream.
const noise = Array.from({ length: 4000 }, (_, i) => ((i * 2654435761) >>> 0).toString(36)).join(' ');
const fullArchive = gzipSync(
  tarEntries([
    { path: 'package/package.json', bytes: Buffer.from('{"name":"cut-gzip","version":"1.0.0","main":"index.js"}') },
    { path: 'package/index.js', bytes: Buffer.from(`module.exports = ${JSON.stringify(noise)};\n`) },
  ]),
);
const cutGzip = fullArchive.subarray(0, 300);
// A complete gzip stream around a tar that stops after its first entry, without the end-of-archive blocks.
const tarNoEnd = tarEntries([{ path: 'package/package.json', bytes: Buffer.from('{"name":"cut-tar","version":"1.0.0"}') }, { path: 'package/index.js', bytes: Buffer.from('module.exports = 2;\n') }]);
const cutTar = gzipSync(tarNoEnd.subarray(0, 1024 + 512 + 512 - 100));
// Zeros past the unpacked cap, then incompressible bytes, so compressed bytes keep coming after the cap stops the read.
const bomb = gzipSync(
  tarEntries([
    { path: 'package/package.json', bytes: Buffer.from('{"name":"bomb-pinned","version":"1.0.0"}') },
    { path: 'package/zeros.txt', bytes: Buffer.alloc(300 * 1024 * 1024) },
    { path: 'package/tail.bin', bytes: randomBytes(2 * 1024 * 1024) },
  ]),
  { level: 9 },
);

const RAW: Record<string, Buffer> = { 'cut-gzip': cutGzip, 'cut-tar': cutTar, 'bomb-pinned': bomb };
const NAMES = ['cut-gzip', 'cut-tar', 'bomb-pinned', 'whole'];
let registry: TestRegistry;
let report: Report;
let byName: Map<string, PackageReport>;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: NAMES.map(fixture) });
  for (const [name, bytes] of Object.entries(RAW)) registry.misbehave(name, { kind: 'raw-tarball', bytes });
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-early-stop-'));
  const deps = Object.fromEntries(NAMES.map((n) => [n, '1.0.0']));
  const packages: Record<string, unknown> = { '': { name: 'app', dependencies: deps } };
  // The lockfile pins exactly the bytes served: any "mismatch" would be invented by a partial read.
  for (const n of NAMES) packages[`node_modules/${n}`] = { version: '1.0.0', integrity: RAW[n] ? tarballDigests(RAW[n]).integrity : registry.dist(n, '1.0.0').integrity };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-early-stop-home-'));
  mkdirSync(join(home, '.npm'));
  report = await scan(
    { dir, registry: registry.url, cache: mkdtempSync(join(tmpdir(), 'spamcheck-early-stop-cache-')), retries: 0, requestTimeoutMs: 5000 },
    { env: { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') } },
  );
  reportSchema.parse(report);
  byName = new Map(report.packages.map((p) => [p.name, p]));
}, 120_000);
afterAll(async () => {
  await registry?.close();
});

const registryOrArchiveFindings = (p: PackageReport) => p.findings.filter((f) => f.detector === 'registry-state' || f.detector === 'tarball-anomalies');

describe('a read that stopped early', () => {
  it('a gzip stream cut after 300 bytes is truncated: partial with that reason, no finding', () => {
    const p = byName.get('cut-gzip')!;
    expect(p.coverage).toBe('partial');
    expect(p.findings).toEqual([]);
    expect(p.level).toBe('none');
    expect(JSON.stringify(p.missing)).toMatch(/truncated/);
  });

  it('a tar stream without its end-of-archive is truncated too', () => {
    const p = byName.get('cut-tar')!;
    expect(p.coverage).toBe('partial');
    expect(registryOrArchiveFindings(p)).toEqual([]);
    expect(JSON.stringify(p.missing)).toMatch(/truncated/);
  });

  it('a gzip bomb stopped at the unpacked cap never says the registry served other bytes', () => {
    const p = byName.get('bomb-pinned')!;
    expect(p.coverage).toBe('partial');
    expect(registryOrArchiveFindings(p)).toEqual([]);
    expect(p.level).toBe('none');
  });

  it('a whole, honest tarball is still full coverage with no finding', () => {
    const p = byName.get('whole')!;
    expect(p).toMatchObject({ coverage: 'full', error: null });
    expect(registryOrArchiveFindings(p)).toEqual([]);
  });
});
