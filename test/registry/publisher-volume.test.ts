import { afterEach, describe, expect, it } from 'vitest';
import { createPublisherVolumeLookup, publisherVolumeFromSearch } from '../../src/registry/publisher-volume.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const now = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

function owned(name: string, publisher: string, publishedAt: string): PackageFixture {
  return {
    name,
    publisher: { name: publisher, email: `${publisher}@example.test` },
    versions: [{ version: '1.0.0', publishedAt, files: { 'index.js': 'module.exports = 1;\n' } }],
  };
}

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

const optionsFor = (r: TestRegistry) => ({ registry: r.url, cache: undefined, retry: { retries: 0 }, preferOnline: true });

describe('publisher volume lookup', () => {
  it('counts total packages and those dated in the last 30 days', async () => {
    registry = await startTestRegistry({
      fixtures: [owned('alpha-one', 'flooder', daysAgo(2)), owned('alpha-two', 'flooder', daysAgo(400)), owned('unrelated', 'someone-else', daysAgo(1))],
      publisherVolume: { flooder: { total: 5000, createdDates: [daysAgo(1), daysAgo(5), daysAgo(90)] } },
    });
    const lookup = createPublisherVolumeLookup(optionsFor(registry), { now });
    const volume = await lookup('flooder');
    expect(volume?.publisher).toBe('flooder');
    expect(volume?.total).toBe(5000);
    // One page of 250: 2 fixtures (one recent) + 248 synthetic entries cycling 1, 5, 90 days ago.
    const syntheticRecent = Array.from({ length: 248 }, (_, k) => k % 3 !== 2).filter(Boolean).length;
    expect(volume?.createdLast30Days).toBe(1 + syntheticRecent);
    expect(volume?.sampleNames).toContain('alpha-one');
    expect(volume?.sampleNames).not.toContain('unrelated');
  });

  it('asks the registry once per publisher within a run, even for concurrent callers', async () => {
    registry = await startTestRegistry({ fixtures: [owned('solo-pkg', 'solo', daysAgo(3))] });
    const lookup = createPublisherVolumeLookup(optionsFor(registry), { now });
    const [a, b] = await Promise.all([lookup('solo'), lookup('solo')]);
    await lookup('solo');
    expect(a).toEqual(b);
    expect(a?.total).toBe(1);
    expect(registry.requests.filter((r) => r.path.startsWith('/-/v1/search')).length).toBe(1);
  });

  it('answers null (unavailable) when the registry has no search, as thin mirrors do', async () => {
    registry = await startTestRegistry({ fixtures: [owned('x-pkg', 'someone', daysAgo(3))], thin: true });
    const lookup = createPublisherVolumeLookup(optionsFor(registry), { now });
    expect(await lookup('someone')).toBeNull();
  });

  it('answers null when the registry cannot be reached', async () => {
    const lookup = createPublisherVolumeLookup({ registry: 'http://127.0.0.1:9/', retry: { retries: 0 }, timeout: 2000 }, { now });
    expect(await lookup('anyone')).toBeNull();
  });

  it('rejects answers that are not search-shaped and strips control characters from names', () => {
    expect(publisherVolumeFromSearch('p', { error: 'nope' }, now)).toBeNull();
    const volume = publisherVolumeFromSearch('p', { total: 1, objects: [{ package: { name: 'a\u001b[2Jb', date: daysAgo(40) } }] }, now);
    expect(volume).toEqual({ publisher: 'p', total: 1, createdLast30Days: 0, sampleNames: ['ab'] });
  });
});
