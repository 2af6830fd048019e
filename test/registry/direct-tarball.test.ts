/**
 * Issue 14: a tarball whose URL and integrity the packument gave, and which npm's cache does not
 * hold, is fetched by npm-registry-fetch without pacote (cheaper per request, and pacote's 220 ms of
 * loading off a cold scan's start). Here pacote cannot be loaded at all, so these reads prove the
 * direct path stands on its own: auth from the npm config, the integrity check, and no listener
 * left behind per chunk of a large body.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { PackageFetchError, RegistryClient } from '../../src/registry/client.js';
import { type NpmConfig, toPacoteOptions } from '../../src/registry/npm-config.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { tarEntries } from '../support/pack.js';

vi.mock('pacote', () => {
  throw new Error('pacote was loaded for a direct tarball fetch');
});

// Random bytes barely compress: the tarball is over 1.5 MB, hundreds of socket chunks.
const noise = randomBytes(1536 * 1024).toString('base64');
// A gzip stream broken a third of the way in; the test passes its own integrity (the registry's
// dist() gives the honest pack's), so the bytes are verified and only gzip can object.
const broken = gzipSync(tarEntries([{ path: 'package/package.json', bytes: Buffer.from('{"name":"corrupt","version":"1.0.0"}') }, { path: 'package/data.txt', bytes: Buffer.from(noise) }]));
const fixtures: PackageFixture[] = [
  { name: 'plain', publisher: { name: 'owner' }, versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 1;\n', 'data.txt': noise } }] },
  { name: '@corp/internal', publisher: { name: 'corp' }, versions: [{ version: '2.0.0', publishedAt: '2020-01-01T00:00:00.000Z', files: { 'index.js': 'module.exports = 2;\n' } }] },
  { name: 'stalling', publisher: { name: 'owner' }, versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', files: { 'index.js': 'module.exports = 3;\n', 'data.txt': noise } }] },
  { name: 'corrupt', publisher: { name: 'owner' }, versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', files: { 'index.js': 'module.exports = 5;\n' } }] },
  { name: 'trickling', publisher: { name: 'owner' }, versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', files: { 'index.js': 'module.exports = 4;\n', 'data.txt': noise.slice(0, 96 * 1024) } }] },
];

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures, privateScope: { scope: '@corp', token: 'corp-token' } });
  broken.fill(0xff, Math.floor(broken.length / 3), Math.floor(broken.length / 3) + 4096);
  registry.misbehave('corrupt', { kind: 'raw-tarball', bytes: broken, integrity: 'match' });
  registry.misbehave('stalling', { kind: 'stall-mid-body', target: 'tarball' });
  // Small pieces across many turns of the event loop: the reader waits for bytes again and again.
  registry.misbehave('trickling', { kind: 'trickle', bytesPerTick: 4096, intervalMs: 2, target: 'tarball' });
});
afterAll(async () => registry.close());

function client(config: NpmConfig = {}, requestTimeoutMs = 10_000): RegistryClient {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-direct-'));
  const pacoteOptions = toPacoteOptions(config, { registry: registry.url, cache }, {});
  return new RegistryClient({ pacoteOptions, readOnlyNpmCache: true, retries: 0, retryBaseDelayMs: 10, maxRetryAfterMs: 100, requestTimeoutMs, tarballCaps: DEFAULT_TARBALL_CAPS });
}

it('reads a large tarball from its URL without pacote, leaving no listener behind per chunk', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    const read = await client().tarball('plain', '1.0.0', registry.dist('plain', '1.0.0'));
    expect(read.complete).toBe(true);
    expect(read.compressedBytes).toBeGreaterThan(1024 * 1024);
    expect(read.files.entries.map((e) => e.path)).toEqual(expect.arrayContaining(['index.js', 'data.txt']));
    await new Promise((r) => setImmediate(r));
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  } finally {
    process.off('warning', onWarning);
  }
  const request = registry.requests.find((r) => r.path === '/plain/-/plain-1.0.0.tgz');
  // The registry sees the request npm would make for a tarball.
  expect(request?.headers['pacote-req-type']).toBe('tarball');
});

it('sends the npm config auth for a scoped registry', async () => {
  const authKey = `${registry.url.replace(/^https?:/, '')}:_authToken`;
  const read = await client({ [authKey]: 'corp-token' }).tarball('@corp/internal', '2.0.0', registry.dist('@corp/internal', '2.0.0'));
  expect(read.complete).toBe(true);
  await expect(client().tarball('@corp/internal', '2.0.0', registry.dist('@corp/internal', '2.0.0'))).rejects.toMatchObject({ code: 'auth' });
});

it('refuses bytes that do not match the integrity', async () => {
  const dist = { ...registry.dist('plain', '1.0.0'), integrity: 'sha512-' + Buffer.alloc(64, 1).toString('base64') };
  const error = await client().tarball('plain', '1.0.0', dist).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PackageFetchError);
  expect((error as PackageFetchError).code).toBe('integrity');
});

it('reads a tarball that arrives a few KiB at a time, whole and in order', async () => {
  const read = await client().tarball('trickling', '1.0.0', registry.dist('trickling', '1.0.0'));
  expect(read.complete).toBe(true);
  expect(read.files.entries.map((e) => e.path)).toEqual(expect.arrayContaining(['index.js', 'data.txt']));
  expect(read.files.entries.find((e) => e.path === 'data.txt')?.size).toBe(96 * 1024);
});

it('gives up on a tarball that stops arriving halfway, as a timeout', async () => {
  const started = Date.now();
  const error = await client({}, 1000).tarball('stalling', '1.0.0', registry.dist('stalling', '1.0.0')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PackageFetchError);
  expect((error as PackageFetchError).code).toBe('timeout');
  expect(Date.now() - started).toBeLessThan(8000);
});

it('stops reading a tarball whose gzip breaks partway, at once, and says it is corrupt', async () => {
  const started = Date.now();
  const integrity = `sha512-${createHash('sha512').update(broken).digest('base64')}`;
  const read = await client().tarball('corrupt', '1.0.0', { ...registry.dist('corrupt', '1.0.0'), integrity });
  expect(read.complete).toBe(false);
  expect(read.files.limits.map((l) => l.kind)).toContain('corrupt');
  // Not held until the request timeout (10 s here): the rest of the body is dropped with the socket.
  expect(Date.now() - started).toBeLessThan(5000);
});
