import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { repositoryClaim } from '../../src/detectors/repository-claim/index.js';
import { TINTED, disguise } from '../../scripts/corpus/families/reference-sources.js';
import { namedFixture, referenceFixture, testIndex } from '../support/reference-index.js';
import { facts, ids, level, run } from './content-fixtures.js';

const LODASH = 'git+https://github.com/lodash/lodash.git';
const ACME = 'https://github.com/acme/acme/tree/main/packages/core';

beforeAll(() =>
  useReferenceIndex(
    testIndex([namedFixture('lodash', LODASH), namedFixture('@acme/core', ACME), namedFixture('@acme/cli', 'github:acme/acme'), namedFixture('@types/node', 'https://github.com/DefinitelyTyped/DefinitelyTyped.git'), namedFixture('terser-webpack-plugin', 'github:webpack/minimizer-webpack-plugin'), referenceFixture(TINTED)]),
  ),
);
afterAll(() => useReferenceIndex(undefined));

describe('repository-claim', () => {
  it("fires when an unrelated package names a popular package's repository (any spelling of the address)", () => {
    for (const url of ['https://github.com/lodash/lodash', 'git@github.com:lodash/lodash.git', 'github:Lodash/Lodash']) {
      const result = run(repositoryClaim, facts('super-helpers-2024', { 'index.js': 'module.exports = 1;' }, { manifest: { repository: url } }));
      expect(ids(result), url).toContain('claim');
      expect(result.findings[0]!.data).toMatchObject({ owner: 'lodash', repository: 'github:lodash/lodash' });
    }
  });

  it('stays low alone (forks that never updated the field look the same)', () => {
    const result = run(repositoryClaim, facts('super-helpers-2024', { 'index.js': 'module.exports = 1;' }, { manifest: { repository: LODASH } }));
    expect(level(result)).toBe('low');
  });

  it('does not fire on monorepo siblings: same scope, name family, @types, or a package in the index itself', () => {
    const cases = [
      facts('@acme/extra', {}, { manifest: { repository: 'github:acme/acme' } }),
      facts('lodash.merge', {}, { manifest: { repository: LODASH } }),
      facts('acme-cli-plugin', {}, { manifest: { repository: 'github:acme/acme' } }),
      facts('@types/left-pad', {}, { manifest: { repository: 'https://github.com/DefinitelyTyped/DefinitelyTyped.git' } }),
      facts('lodash', {}, { manifest: { repository: LODASH } }),
      facts('no-repo', {}),
    ];
    for (const f of cases) expect(run(repositoryClaim, f).findings, f.name).toEqual([]);
  });

  it("does not fire when the repository is named after the package itself: the popular package's repository was renamed to it", () => {
    // Regression (minimizer-webpack-plugin 5.14.1, pulled in by webpack): terser-webpack-plugin's
    // repository became webpack/minimizer-webpack-plugin, and the new package is published from it.
    expect(run(repositoryClaim, facts('minimizer-webpack-plugin', {}, { manifest: { repository: 'git+https://github.com/webpack/minimizer-webpack-plugin.git' } })).findings).toEqual([]);
    // And so does a package claiming the renamed repository under another name.
    expect(ids(run(repositoryClaim, facts('minimizer-plugin-pro', {}, { manifest: { repository: 'github:webpack/minimizer-webpack-plugin' } })))).toContain('claim');
  });

  it('leaves a copy of the claimed package to reference-clone (starjacking) instead of counting the claim twice', () => {
    const result = run(repositoryClaim, facts('colors-ultra', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } }));
    expect(result.findings).toEqual([]);
  });
});
