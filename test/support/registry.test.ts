import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pacote from 'pacote';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackageFixture } from './package-fixture.js';
import { packFiles, tarEntries, tarballDigests } from './pack.js';
import { startTestRegistry, type TestRegistry } from './registry.js';

const alice = { name: 'alice', email: 'alice@example.test' };

const plain: PackageFixture = {
  name: 'plain-utility',
  publisher: alice,
  versions: [
    { version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 1;\n', 'README.md': '# plain v1\n' } },
    { version: '1.1.0', publishedAt: '2021-06-01T00:00:00.000Z', manifest: { main: 'index.js', description: 'A plain utility' }, files: { 'index.js': 'module.exports = 2;\n', 'README.md': '# plain-utility\n\nDoes one thing.\n' } },
  ],
};
const scoped: PackageFixture = {
  name: '@acme/widget',
  publisher: { name: 'acme-bot', email: 'bot@acme.test' },
  versions: [{ version: '2.0.0', publishedAt: '2022-02-02T00:00:00.000Z', files: { 'lib/widget.js': 'export const widget = 1;\n' } }],
};
const secret: PackageFixture = {
  name: '@private/secret',
  publisher: alice,
  versions: [{ version: '0.1.0', publishedAt: '2023-03-03T00:00:00.000Z', files: { 'index.js': 'module.exports = "secret";\n' } }],
};

let registry: TestRegistry;
let cache: string;

/** pacote options as the scan would pass them; fast retries so failure tests stay quick. */
function opts(extra: Record<string, unknown> = {}) {
  return {
    registry: registry.url,
    cache,
    fullMetadata: true as const,
    preferOnline: true,
    fetchRetries: 2,
    fetchRetryMintimeout: 10,
    fetchRetryMaxtimeout: 50,
    timeout: 2_000,
    ...extra,
  };
}

function requestsFor(pathPart: string) {
  return registry.requests.filter((r) => r.path.includes(pathPart));
}

async function tarballBytes(spec: string, extra: Record<string, unknown> = {}): Promise<Buffer> {
  return pacote.tarball(spec, opts(extra));
}

/** Paths inside a gzip'd tar, read with the `tar` package so the packer is checked by an independent reader. */
async function listTar(bytes: Buffer): Promise<Map<string, string>> {
  const { Parser } = await import('tar');
  const out = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => out.set(entry.path, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('end', () => resolve());
    parser.on('error', reject);
    parser.end(bytes);
  });
  return out;
}

beforeEach(async () => {
  cache = mkdtempSync(join(tmpdir(), 'spamcheck-registry-test-'));
  registry = await startTestRegistry({
    fixtures: [plain, scoped, secret],
    privateScope: { scope: '@private', token: 's3cret-token' },
    publisherVolume: { alice: { total: 1500, createdDates: ['2015-01-01T00:00:00.000Z', '2019-05-05T00:00:00.000Z'] } },
  });
});

afterEach(async () => {
  await registry.close();
  rmSync(cache, { recursive: true, force: true });
});

describe('packuments and tarballs through pacote', () => {
  it('serves the full npmjs.org packument shape', async () => {
    const doc = await pacote.packument('plain-utility', opts());
    expect(Object.keys(doc.versions).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(doc['dist-tags']).toEqual({ latest: '1.1.0' });
    expect(doc.time).toMatchObject({ created: '2020-01-01T00:00:00.000Z', modified: '2021-06-01T00:00:00.000Z', '1.0.0': '2020-01-01T00:00:00.000Z' });
    expect(doc.readme).toContain('Does one thing.');
    expect(doc.maintainers).toEqual([alice]);
    const v = doc.versions['1.1.0']!;
    expect(v._npmUser).toEqual(alice);
    expect(v.dist.fileCount).toBe(3); // package.json, index.js, README.md
    expect(v.dist.integrity).toMatch(/^sha512-/);
    expect(v.dist.tarball).toBe(`${registry.url}plain-utility/-/plain-utility-1.1.0.tgz`);
  });

  it('encodes scoped names as npm does and also accepts the unencoded form', async () => {
    const doc = await pacote.packument('@acme/widget', opts());
    expect(doc.name).toBe('@acme/widget');
    expect(requestsFor('/@acme%2fwidget').length).toBeGreaterThan(0);
    const direct = await fetch(`${registry.url}@acme/widget`);
    expect(direct.status).toBe(200);
    expect(((await direct.json()) as { name: string }).name).toBe('@acme/widget');
    const abbreviated = await fetch(`${registry.url}@acme%2fwidget`, { headers: { accept: 'application/vnd.npm.install-v1+json' } });
    expect(((await abbreviated.json()) as { time?: unknown }).time).toBeDefined();
  });

  it('resolves manifests by range and tag', async () => {
    expect((await pacote.manifest('plain-utility@^1.0.0', opts())).version).toBe('1.1.0');
    expect((await pacote.manifest('plain-utility@1.0.0', opts())).version).toBe('1.0.0');
    expect((await pacote.manifest('@acme/widget@latest', opts())).version).toBe('2.0.0');
  });

  it('serves real tarballs whose integrity pacote verifies, with the package/ prefix', async () => {
    const bytes = await tarballBytes('plain-utility@1.0.0');
    expect(tarballDigests(bytes).integrity).toBe(registry.dist('plain-utility', '1.0.0').integrity);
    const files = await listTar(bytes);
    expect([...files.keys()].sort()).toEqual(['package/README.md', 'package/index.js', 'package/package.json']);
    expect(JSON.parse(files.get('package/package.json')!)).toMatchObject({ name: 'plain-utility', version: '1.0.0', main: 'index.js' });
    expect(files.get('package/index.js')).toBe('module.exports = 1;\n');
    const scopedBytes = await tarballBytes('@acme/widget@2.0.0');
    expect((await listTar(scopedBytes)).get('package/lib/widget.js')).toContain('widget');
  });

  it('can pack under another top folder, as DefinitelyTyped does', async () => {
    await registry.close();
    registry = await startTestRegistry({ fixtures: [scoped], tarballRoot: { '@acme/widget': 'widget' } });
    const files = await listTar(await tarballBytes('@acme/widget@2.0.0'));
    expect([...files.keys()].sort()).toEqual(['widget/', 'widget/lib/widget.js', 'widget/package.json']);
  });

  it('packs reproducibly and keeps long paths intact', async () => {
    const longPath = `${'deep/'.repeat(40)}file.js`;
    const a = packFiles({ 'b.js': 'b', 'a.js': 'a', [longPath]: 'x' });
    expect(a.equals(packFiles({ [longPath]: 'x', 'a.js': 'a', 'b.js': 'b' }))).toBe(true);
    expect((await listTar(a)).get(`package/${longPath}`)).toBe('x');
  });

  it('rejects a tarball whose bytes do not match the lockfile integrity', async () => {
    const wrong = tarballDigests(Buffer.from('other bytes')).integrity;
    await expect(tarballBytes('plain-utility@1.0.0', { integrity: wrong })).rejects.toMatchObject({ code: 'EINTEGRITY' });
  });
});

describe('auth scope', () => {
  it('answers 401 without the token and 200 with the .npmrc-style token key', async () => {
    await expect(pacote.packument('@private/secret', opts())).rejects.toMatchObject({ statusCode: 401 });
    const authKey = `${registry.url.replace(/^http:/, '')}:_authToken`; // //127.0.0.1:PORT/:_authToken
    const doc = await pacote.packument('@private/secret', opts({ [authKey]: 's3cret-token' }));
    expect(doc.name).toBe('@private/secret');
    const bytes = await tarballBytes('@private/secret@0.1.0', { [authKey]: 's3cret-token' });
    expect((await listTar(bytes)).has('package/index.js')).toBe(true);
    expect(requestsFor('/@private/secret/-/').every((r) => r.headers.authorization === 'Bearer s3cret-token')).toBe(true);
  });
});

describe('thin mirror mode', () => {
  it('strips readme, maintainers, _npmUser, fileCount/unpackedSize and turns search off', async () => {
    await registry.close();
    registry = await startTestRegistry({ fixtures: [plain], thin: true });
    const doc = await pacote.packument('plain-utility', opts());
    expect(doc.readme).toBeUndefined();
    expect(doc.maintainers).toBeUndefined();
    const v = doc.versions['1.1.0']!;
    expect(v._npmUser).toBeUndefined();
    expect(v.dist.fileCount).toBeUndefined();
    expect(v.dist.unpackedSize).toBeUndefined();
    expect(v.dist.integrity).toMatch(/^sha512-/);
    expect((await fetch(`${registry.url}-/v1/search?text=maintainer:alice`)).status).toBe(404);
    // Tarballs still verify.
    expect((await tarballBytes('plain-utility@1.1.0')).length).toBeGreaterThan(0);
  });
});

describe('search', () => {
  type SearchAnswer = { total: number; objects: { package: { name: string; date: string; publisher: { username: string }; maintainers: { username: string }[] } }[] };
  async function search(query: string): Promise<SearchAnswer> {
    const res = await fetch(`${registry.url}-/v1/search?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as SearchAnswer;
  }

  it('lists a maintainer’s fixtures first, then synthetic volume, paged like npmjs.org', async () => {
    const first = await search('text=maintainer:alice&size=5');
    expect(first.total).toBe(1500);
    expect(first.objects).toHaveLength(5);
    expect(first.objects.map((o) => o.package.name).slice(0, 2).sort()).toEqual(['@private/secret', 'plain-utility']);
    expect(first.objects[0]!.package.publisher.username).toBe('alice');
    const last = await search('text=maintainer:alice&size=250&from=1400');
    expect(last.objects).toHaveLength(100);
    expect(new Set(last.objects.map((o) => o.package.date))).toEqual(new Set(['2015-01-01T00:00:00.000Z', '2019-05-05T00:00:00.000Z']));
  });

  it('counts only fixtures for a publisher without extra volume, and nothing for strangers', async () => {
    const bot = await search('text=maintainer:acme-bot');
    expect(bot.total).toBe(1);
    expect(bot.objects[0]!.package).toMatchObject({ name: '@acme/widget', date: '2022-02-02T00:00:00.000Z' });
    expect((await search('text=maintainer:nobody')).total).toBe(0);
  });
});

describe('misbehaviour', () => {
  it('404 for a name', async () => {
    registry.misbehave('plain-utility', { kind: 'not-found' });
    await expect(pacote.packument('plain-utility', opts())).rejects.toMatchObject({ statusCode: 404 });
    await expect(pacote.packument('never-published', opts())).rejects.toMatchObject({ statusCode: 404 });
  });

  it('500 forever is retried and then fails', async () => {
    registry.misbehave('plain-utility', { kind: 'server-error' });
    await expect(pacote.packument('plain-utility', opts())).rejects.toMatchObject({ statusCode: 500 });
    expect(requestsFor('/plain-utility').length).toBe(3); // 1 + fetchRetries
  });

  it('500 twice then OK recovers through retries, on the packument and on the tarball', async () => {
    registry.misbehave('plain-utility', { kind: 'server-error-then-ok', failures: 2, target: 'both' });
    expect((await pacote.packument('plain-utility', opts())).name).toBe('plain-utility');
    expect(requestsFor('/plain-utility').length).toBe(3); // 2 failures + 1 success
    expect((await tarballBytes('plain-utility@1.1.0')).length).toBeGreaterThan(0);
    // Packument and tarball count their failures separately: the tarball also failed twice first.
    expect(requestsFor('/plain-utility/-/').length).toBe(3);
  });

  it('stalls mid-body until the client times out', async () => {
    registry.misbehave('plain-utility', { kind: 'stall-mid-body' });
    const started = Date.now();
    await expect(pacote.packument('plain-utility', opts({ timeout: 300, fetchRetries: 0 }))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stalls a tarball mid-body until the client times out', async () => {
    registry.misbehave('plain-utility', { kind: 'stall-mid-body', target: 'tarball' });
    const started = Date.now();
    await expect(tarballBytes('plain-utility@1.1.0', { timeout: 300, fetchRetries: 0 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    const tarballRequest = registry.requests.find((r) => r.path.endsWith('.tgz'));
    expect(tarballRequest).toBeDefined();
  });

  it('resets the connection', async () => {
    registry.misbehave('plain-utility', { kind: 'connection-reset', target: 'tarball' });
    await expect(tarballBytes('plain-utility@1.1.0', { fetchRetries: 0 })).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('429 with Retry-After, then OK', async () => {
    registry.misbehave('plain-utility', { kind: 'rate-limited', retryAfterSeconds: 7, times: 1 });
    const first = await fetch(`${registry.url}plain-utility`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${registry.url}plain-utility`)).status).toBe(200);
  });

  it('invalid JSON', async () => {
    registry.misbehave('plain-utility', { kind: 'invalid-json' });
    await expect(pacote.packument('plain-utility', opts())).rejects.toThrow(/JSON/);
  });

  it('redirects to another host, and the token does not follow', async () => {
    registry.misbehave('@private/secret', { kind: 'redirect', target: 'both' });
    const authKey = `${registry.url.replace(/^http:/, '')}:_authToken`;
    await pacote.packument('@private/secret', opts({ [authKey]: 's3cret-token' })).catch(() => undefined);
    const first = registry.requests.find((r) => r.path.startsWith('/@private'));
    expect(first?.headers.authorization).toBe('Bearer s3cret-token');
    const followed = registry.requests.filter((r) => r.path.startsWith('/-/redirected/'));
    expect(followed.length).toBeGreaterThan(0);
    expect(followed[0]!.headers.host).toMatch(/^localhost:/);
    expect(followed.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('a version missing from the packument', async () => {
    registry.misbehave('plain-utility', { kind: 'version-missing', version: '1.1.0' });
    const doc = await pacote.packument('plain-utility', opts());
    expect(Object.keys(doc.versions)).toEqual(['1.0.0']);
    expect(doc.time?.['1.1.0']).toBeUndefined();
    await expect(pacote.manifest('plain-utility@1.1.0', opts())).rejects.toMatchObject({ code: 'ETARGET' });
    expect((await fetch(registry.dist('plain-utility', '1.1.0').tarball)).status).toBe(404);
  });

  it('raw tarball bytes, advertised honestly or with the original integrity', async () => {
    const hostile = packFiles({ 'index.js': 'hostile' });
    registry.misbehave('plain-utility', { kind: 'raw-tarball', version: '1.1.0', bytes: hostile });
    const served = await tarballBytes('plain-utility@1.1.0');
    expect(served.equals(hostile)).toBe(true);
    await expect(tarballBytes('plain-utility@1.0.0')).resolves.toBeInstanceOf(Buffer);

    registry.behave('plain-utility');
    const evil = gzipSync(
      tarEntries([
        { path: 'package/../../escape.txt', bytes: Buffer.from('x') },
        { path: 'package/link', bytes: Buffer.alloc(0), type: '2', linkTarget: '/etc/passwd' },
      ]),
    );
    registry.misbehave('plain-utility', { kind: 'raw-tarball', bytes: evil, integrity: 'original' });
    const res = await fetch(registry.dist('plain-utility', '1.0.0').tarball);
    expect(Buffer.from(await res.arrayBuffer()).equals(evil)).toBe(true);
    // A fresh cache: pacote would otherwise answer from the honest bytes it cached under that integrity.
    const freshCache = mkdtempSync(join(tmpdir(), 'spamcheck-registry-test-'));
    try {
      await expect(tarballBytes('plain-utility@1.0.0', { cache: freshCache })).rejects.toMatchObject({ code: 'EINTEGRITY' });
    } finally {
      rmSync(freshCache, { recursive: true, force: true });
    }
  });
});
