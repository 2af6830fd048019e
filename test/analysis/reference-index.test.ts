import { existsSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_INDEX_PATH, loadReferenceIndex, loadReferenceIndexFile, namesViewPath, readIndexSummary } from '../../src/analysis/reference-index/index.js';
import { normaliseRepository } from '../../src/analysis/reference-index/repository.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import { RegistryClient } from '../../src/registry/client.js';
import { toPacoteOptions } from '../../src/registry/npm-config.js';
import { buildReferenceIndex, chooseVersions, topNames, writeIndex } from '../../scripts/reference-index/build.js';
import { REFERENCE_SOURCES, TINTED } from '../../scripts/corpus/families/reference-sources.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { referenceFixture, storedTestIndex } from '../support/reference-index.js';
import type { PackageFixture } from '../support/package-fixture.js';

const twoMajors: PackageFixture = {
  ...referenceFixture(TINTED),
  versions: [
    { version: '1.4.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { repository: TINTED.repository }, files: { 'index.js': TINTED.code.replace('gray', 'grey') } },
    ...referenceFixture(TINTED).versions,
  ],
};

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: [twoMajors, ...REFERENCE_SOURCES.slice(1).map((s) => referenceFixture(s))], thin: true });
});
afterAll(async () => registry?.close());

function client(cache: string): RegistryClient {
  return new RegistryClient({ pacoteOptions: toPacoteOptions({}, { registry: registry.url, cache }, {}), retries: 0, retryBaseDelayMs: 10, maxRetryAfterMs: 100, requestTimeoutMs: 10_000, tarballCaps: DEFAULT_TARBALL_CAPS });
}

describe('reference index builder', () => {
  it('builds from a registry what the record code builds from fixtures, writes it, and the loader validates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-refindex-'));
    const names = [...REFERENCE_SOURCES.map((s) => s.name), 'not-published-anywhere'];
    const built = await buildReferenceIndex({ names, client: client(join(dir, 'cache')), concurrency: 2, earlierTop: 0, id: 'unit', namesSource: 'unit test', registry: 'test registry' });
    expect(built.packages.map((p) => p.n)).toEqual(REFERENCE_SOURCES.map((s) => s.name));
    expect(built.source).toMatchObject({ requested: 5, failed: 1 });
    const fromFixtures = storedTestIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s)));
    expect(built.packages.slice(1).map((p) => p.c)).toEqual(fromFixtures.packages.slice(1).map((p) => p.c));
    // The thin registry names no maintainers: the field stays empty, never guessed.
    expect(built.packages.every((p) => p.m === undefined)).toBe(true);
    const out = join(dir, 'reference-index.json.gz');
    writeIndex(built, out);
    const index = loadReferenceIndexFile(out);
    expect(index.byName('tinted')?.repository).toBe('github:tinted-dev/tinted');
    expect(index.byRepository('github:lukeed/clsx')).toEqual([]);
    expect(readIndexSummary({ SPAMCHECK_REFERENCE_INDEX: out })).toMatchObject({ id: 'unit', packages: 4 });
  });

  it('fingerprints the newest release of the previous major as well, when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-refindex-'));
    const built = await buildReferenceIndex({ names: ['tinted'], client: client(join(dir, 'cache')), concurrency: 1, earlierTop: 1, id: 'unit', namesSource: 'unit test', registry: 'test registry' });
    expect(built.packages[0]!.v).toEqual(['2.0.0', '1.4.0']);
    expect(chooseVersions(registry.packument('tinted')!, false)).toEqual(['2.0.0']);
  });

  it('takes names by monthly downloads and leaves registry security holders out', () => {
    const tsv = 'name\tversion\tdownloads\tsummary\nsmall\t1.0.0\t10\t\nbig\t2.0.0\t1000\t\nheld\t0.0.1-security\t5000\t\nmid\t1.0.0\t100\t\n';
    expect(topNames(tsv, 2)).toEqual(['big', 'mid']);
  });

  it('rejects an index file of another shape with a one-line reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-refindex-'));
    const out = join(dir, 'bad.json.gz');
    writeIndex({ ...storedTestIndex([]), format: 'something-else' } as never, out);
    expect(() => loadReferenceIndexFile(out)).toThrow(/not valid/);
    // Only the shipped index skips the per-record check: a file a user points at is checked whole.
    const badRecord = join(dir, 'bad-record.json.gz');
    const stored = storedTestIndex([referenceFixture(TINTED)]);
    writeIndex({ ...stored, packages: [{ ...stored.packages[0]!, n: 42 }] } as never, badRecord);
    expect(() => loadReferenceIndexFile(badRecord)).toThrow(/not valid/);
    expect(() => loadReferenceIndexFile(badRecord, 'envelope')).not.toThrow();
  });
});

describe('the names view', () => {
  const stored = () => storedTestIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s)));

  it('answers names, repositories and ranks without reading the fingerprints, and reads them on first use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-refindex-'));
    const out = join(dir, 'reference-index.json.gz');
    writeIndex(stored(), out);
    expect(existsSync(namesViewPath(out))).toBe(true);
    const full = loadReferenceIndexFile(out);

    const light = loadReferenceIndex(out);
    // With the index itself moved away, only the view can answer: so nothing else was read.
    renameSync(out, `${out}.away`);
    expect(light.packages.map((p) => [p.name, p.rank, p.repository])).toEqual(full.packages.map((p) => [p.name, p.rank, p.repository]));
    expect(light.byName('tinted')?.repository).toBe(full.byName('tinted')?.repository);
    expect(() => light.packages[0]!.sketch).toThrow();
    renameSync(`${out}.away`, out);

    const again = loadReferenceIndex(out);
    expect(again.packages.map((p) => p.sketch)).toEqual(full.packages.map((p) => p.sketch));
    expect(again.packages.map((p) => p.fileHashes)).toEqual(full.packages.map((p) => p.fileHashes));
    const prints = new Set(full.packages[1]!.sketch);
    expect(again.codeCandidates(prints, [], 3).map((p) => p.name)).toEqual(full.codeCandidates(prints, [], 3).map((p) => p.name));
  });

  it('refuses a view made from another index instead of pairing its names with other code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-refindex-'));
    const out = join(dir, 'reference-index.json.gz');
    const other = join(dir, 'other.json.gz');
    writeIndex(stored(), out);
    writeIndex({ ...stored(), id: 'another-build' }, other);
    renameSync(namesViewPath(other), namesViewPath(out));
    const index = loadReferenceIndex(out);
    expect(() => index.packages[0]!.sketch).toThrow(/does not match its names view/);
  });
});

describe('repository normalisation', () => {
  it('reduces every spelling of one repository to one string', () => {
    const forms = ['git+https://github.com/Lukeed/clsx.git', 'github:lukeed/clsx', 'https://github.com/lukeed/clsx/tree/main/src', 'git@github.com:lukeed/clsx.git', { type: 'git', url: 'git://github.com/lukeed/clsx' }];
    expect(new Set(forms.map(normaliseRepository))).toEqual(new Set(['github:lukeed/clsx']));
    expect(normaliseRepository('https://git.example.org/team/Tool.git/')).toBe('git.example.org/team/tool');
    expect(normaliseRepository(undefined)).toBeUndefined();
  });
});

describe('the shipped reference index', () => {
  it('exists, loads, validates, and its summary (printed by --version) matches it', () => {
    expect(existsSync(SHIPPED_INDEX_PATH)).toBe(true);
    // Every record, as a scan (which checks only the shipped file's envelope) relies on.
    const index = loadReferenceIndexFile(SHIPPED_INDEX_PATH, 'all');
    expect(index.packages.length).toBeGreaterThan(1000);
    expect(readIndexSummary({})).toMatchObject({ id: index.summary.id, packages: index.packages.length });
    // Its names view: every record, the same names in the same order, and no fingerprints.
    const view = loadReferenceIndexFile(namesViewPath(SHIPPED_INDEX_PATH), 'all');
    expect(view.summary).toEqual(index.summary);
    expect(view.packages.map((p) => [p.name, p.repository, p.versions])).toEqual(index.packages.map((p) => [p.name, p.repository, p.versions]));
    expect(view.packages.every((p) => p.sketch.length === 0)).toBe(true);
  });
});
