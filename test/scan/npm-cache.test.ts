/**
 * An online scan reads npm's cache, the one npm's config or --cache names, for tarballs it already
 * holds, and writes nothing into it. pacote, handed no cache path so that it would write nothing,
 * read the home folder's ~/.npm instead, whatever the config said: the cache a project's npm uses was
 * never read, and a "cold" benchmark scan on this machine took 93 of its 674 tarballs from ~/.npm.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cacache from 'cacache';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const fixture = (name: string): PackageFixture => ({
  name,
  publisher: { name: 'owner' },
  versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': `module.exports = '${name}';\n` } }],
});

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [fixture('held'), fixture('not-held')] });
});
afterAll(async () => registry.close());

const home = mkdtempSync(join(tmpdir(), 'spamcheck-npm-cache-home-'));
const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
const project = () => writeFlatProject(mkdtempSync(join(tmpdir(), 'spamcheck-npm-cache-')), ['held', 'not-held']);

it("reads a tarball from npm's configured cache, and asks the registry only for the others", async () => {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-npm-cache-dir-'));
  // Filled as npm fills it: the content stored under its sha512.
  const held = registry.dist('held', '1.0.0');
  const bytes = Buffer.from(await (await fetch(held.tarball)).arrayBuffer());
  await cacache.put(join(cache, '_cacache'), `make-fetch-happen:request-cache:${held.tarball}`, bytes);
  const before = registry.requests.length;

  const report = await scan({ dir: project(), registry: registry.url, cache, retries: 0 }, { env });

  const tarballRequests = registry.requests.slice(before).map((r) => r.path).filter((path) => path.endsWith('.tgz'));
  expect(tarballRequests).toEqual(['/not-held/-/not-held-1.0.0.tgz']);
  const byName = new Map(report.packages.map((p) => [p.name, p]));
  expect(byName.get('held')).toMatchObject({ coverage: 'full', error: null });
  expect(byName.get('not-held')).toMatchObject({ coverage: 'full', error: null });
});

it("writes no tarball or packument into npm's cache while online", async () => {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-npm-cache-dir-'));
  const report = await scan({ dir: project(), registry: registry.url, cache, retries: 0 }, { env });
  expect(report.summary.audited).toBe(2);
  for (const name of ['held', 'not-held']) {
    expect(await cacache.get.hasContent(join(cache, '_cacache'), registry.dist(name, '1.0.0').integrity)).toBe(false);
  }
  // Nor the packuments (spamcheck keeps its own); publisher searches are small and stay npm's to keep.
  const keys = Object.keys(await cacache.ls(join(cache, '_cacache')));
  expect(keys.filter((key) => !key.includes('/-/v1/search?'))).toEqual([]);
});
