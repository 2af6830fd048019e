/**
 * The verdict cache and the packument freshness policy, through `scan`: a warm scan reads no
 * tarball and no packument and reports exactly what the cold scan did; an entry whose stored key
 * does not match, or that does not parse, is ignored; another engine fingerprint misses.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import { e2ePackages } from '../e2e/packages.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const names = ['curl-dropper', 'tidy-utils'];
const now = new Date('2026-01-01T00:00:00.000Z');
let registry: TestRegistry;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-verdicts-'));
  const versionOf = (n: string) => e2ePackages.find((p) => p.name === n)!.versions.at(-1)!.version;
  const deps = Object.fromEntries(names.map((n) => [n, versionOf(n)]));
  const packages: Record<string, unknown> = { '': { name: 'app', dependencies: deps } };
  for (const n of names) packages[`node_modules/${n}`] = { version: versionOf(n) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
  return dir;
}

function setup() {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-verdicts-cache-'));
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-verdicts-home-'));
  const env = { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') };
  return { options: { dir: project(), registry: registry.url, cache, retries: 0, requestTimeoutMs: 5000, now }, env, cache };
}

const withoutPath = <T extends { project: { path: string } }>(report: T) => ({ ...report, project: { ...report.project, path: '' } });
/** Tarballs the scan read (from the registry or npm's cache): verdicts not found in spamcheck's cache. */
async function tarballsRead(run: Promise<unknown> | ((timings: Map<string, number>) => Promise<unknown>)): Promise<number> {
  const timings = new Map<string, number>();
  await (typeof run === 'function' ? run(timings) : run);
  return timings.get('count tarballs read') ?? 0;
}
/** Packument requests (search requests for publisher volume are scan-wide and never cached). */
const packumentRequests = () => registry.requests.filter((r) => !r.path.endsWith('.tgz') && !r.path.startsWith('/-/')).length;
const verdictFiles = (cache: string) => (readdirSync(join(cache, '_spamcheck', 'verdicts'), { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).map((f) => join(cache, '_spamcheck', 'verdicts', f));

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: e2ePackages.filter((p) => names.includes(p.name)) });
});
afterAll(async () => registry.close());

describe('verdict cache', () => {
  it('a warm scan reads no tarball and no packument and reports exactly what the cold scan did', async () => {
    const { options, env } = setup();
    const timings = new Map<string, number>();
    const cold = await scan(options, { env });
    expect(cold.packages.find((p) => p.name === 'curl-dropper')!.findings.length).toBeGreaterThan(0);
    const requestsBefore = packumentRequests();
    const warm = await scan(options, { env, detectorTimings: timings });
    expect(packumentRequests()).toBe(requestsBefore);
    expect(timings.get('count tarballs read')).toBe(0);
    expect(timings.get('count verdicts from cache')).toBe(names.length);
    expect(withoutPath(warm)).toEqual(withoutPath(cold));
  });

  it('a warm scan against a thin registry (dist without signatures) is served from the cache too', async () => {
    // Regression: a dist without `signatures` lost its integrity at the registry boundary, so on
    // thin registries nothing was ever cached and a warm scan re-read every tarball.
    const thin = await startTestRegistry({ fixtures: e2ePackages.filter((p) => names.includes(p.name)), thin: true });
    try {
      const { options, env } = setup();
      const thinOptions = { ...options, registry: thin.url };
      const cold = await scan(thinOptions, { env });
      const timings = new Map<string, number>();
      const warm = await scan(thinOptions, { env, detectorTimings: timings });
      expect(timings.get('count verdicts from cache')).toBe(names.length);
      expect(timings.get('count tarballs read')).toBe(0);
      expect(withoutPath(warm)).toEqual(withoutPath(cold));
    } finally {
      await thin.close();
    }
  });

  it('a warm scan sends no publisher search: answers and a registry without search are both kept', async () => {
    const searches = (r: TestRegistry) => r.requests.filter((q) => q.path.startsWith('/-/v1/search')).length;
    const { options, env } = setup();
    const before = searches(registry);
    await scan(options, { env });
    const sent = searches(registry) - before;
    expect(sent).toBeGreaterThan(0);
    const timings = new Map<string, number>();
    await scan(options, { env, detectorTimings: timings });
    expect(searches(registry)).toBe(before + sent);
    expect(timings.get('count publisher searches sent')).toBe(0);
    expect(timings.get('count publisher searches from cache')).toBe(sent);
    // --refresh asks again.
    await scan({ ...options, packumentMaxAgeHours: 0 }, { env });
    expect(searches(registry)).toBe(before + 2 * sent);

    // A registry without search (a company proxy) answers 404: remembered for the registry.
    const thin = await startTestRegistry({ fixtures: e2ePackages.filter((p) => names.includes(p.name)), search: false });
    try {
      const fresh = setup();
      const thinOptions = { ...fresh.options, registry: thin.url };
      await scan(thinOptions, { env: fresh.env });
      expect(searches(thin)).toBeGreaterThan(0);
      const thinBefore = searches(thin);
      await scan(thinOptions, { env: fresh.env });
      expect(searches(thin)).toBe(thinBefore);
    } finally {
      await thin.close();
    }
  });

  it('ignores an entry whose stored key does not match, and one that does not parse', async () => {
    const { options, env, cache } = setup();
    const cold = await scan(options, { env });
    const [first, second] = verdictFiles(cache);
    // Swap the two packages' entries: each file now sits under the other package's key.
    const [a, b] = [readFileSync(first!, 'utf8'), readFileSync(second!, 'utf8')];
    writeFileSync(first!, b);
    writeFileSync(second!, a);
    let swapped: unknown;
    expect(await tarballsRead(async (detectorTimings) => (swapped = await scan(options, { env, detectorTimings })))).toBe(2);
    expect(withoutPath(swapped as typeof cold)).toEqual(withoutPath(cold));

    for (const file of verdictFiles(cache)) writeFileSync(file, '{"schema":1,"key":');
    let corrupt: unknown;
    expect(await tarballsRead(async (detectorTimings) => (corrupt = await scan(options, { env, detectorTimings })))).toBe(2);
    expect(withoutPath(corrupt as typeof cold)).toEqual(withoutPath(cold));
  });

  it('misses when the detectors or their options differ (another engine fingerprint)', async () => {
    const { options, env } = setup();
    await scan(options, { env });
    expect(await tarballsRead((detectorTimings) => scan(options, { env, detectorTimings }))).toBe(0);
    expect(await tarballsRead((detectorTimings) => scan({ ...options, detectors: ['worm-payload', 'install-scripts'] }, { env, detectorTimings }))).toBe(2);
  });

  it('fetches packuments again with a max age of 0 (--refresh) and reuses them otherwise', async () => {
    const { options, env } = setup();
    await scan(options, { env });
    const before = packumentRequests();
    await scan(options, { env });
    expect(packumentRequests()).toBe(before);
    await scan({ ...options, packumentMaxAgeHours: 0 }, { env });
    expect(packumentRequests() - before).toBe(names.length);
  });
});
