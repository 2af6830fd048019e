/**
 * A small reference index for tests, built with the same record code the real builder uses
 * (src/analysis/reference-index/record.ts) from fixture packages, so tests never depend on the
 * contents of the shipped data file.
 */
import { createReferenceIndex, type ReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { INDEX_FORMAT, INDEX_FORMAT_VERSION, type StoredIndex } from '../../src/analysis/reference-index/format.js';
import { referenceRecord } from '../../src/analysis/reference-index/record.js';
import type { ReferenceSource } from '../../scripts/corpus/families/reference-sources.js';
import { factsFromFixture, type PackageFixture } from './package-fixture.js';

export function referenceFixture(source: ReferenceSource, publisher = `${source.name}-author`): PackageFixture {
  return {
    name: source.name,
    publisher: { name: publisher, email: `${publisher}@example.com` },
    versions: [
      { version: '2.0.0', publishedAt: '2021-03-01T10:00:00.000Z', manifest: { main: 'index.js', repository: { type: 'git', url: source.repository } }, files: { 'index.js': source.code, 'README.md': source.readme } },
    ],
  };
}

/** A popular name with ordinary code of its own (typosquat targets). */
export function namedFixture(name: string, repository?: string): PackageFixture {
  return {
    name,
    publisher: { name: `${name.replace(/\W/g, '')}-author`, email: 'a@example.com' },
    versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: repository ? { repository } : {}, files: { 'index.js': `module.exports = function () { return ${JSON.stringify(name)}; };\n` } }],
  };
}

export function storedTestIndex(fixtures: readonly PackageFixture[], id = 'test-index'): StoredIndex {
  return {
    format: INDEX_FORMAT,
    formatVersion: INDEX_FORMAT_VERSION,
    id,
    builtAt: '2025-11-01T00:00:00.000Z',
    source: { names: 'test fixtures', registry: 'none', requested: fixtures.length, failed: 0 },
    params: {},
    packages: fixtures.map((fixture) => {
      const facts = factsFromFixture(fixture);
      return referenceRecord(fixture.name, facts.packument!, [{ version: facts.version, files: facts.files! }]);
    }),
  };
}

export function testIndex(fixtures: readonly PackageFixture[]): ReferenceIndex {
  return createReferenceIndex(storedTestIndex(fixtures));
}
