import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { typosquat } from '../../src/detectors/typosquat/index.js';
import { TINTED, disguise } from '../../scripts/corpus/families/reference-sources.js';
import { factsFromFixture, type PackageFixture } from '../support/package-fixture.js';
import { namedFixture, referenceFixture, testIndex } from '../support/reference-index.js';
import { facts, ids, level, run } from './content-fixtures.js';

const NAMES = ['lodash', 'cross-env', 'express', '@types/node', 'react-dom', 'debug', 'moment', 'chalk'];

beforeAll(() => useReferenceIndex(testIndex([...NAMES.map((n) => namedFixture(n)), referenceFixture(TINTED)])));
afterAll(() => useReferenceIndex(undefined));

const hook = { scripts: { postinstall: 'node setup.js' } };

describe('typosquat', () => {
  it('recognises each look-alike kind', () => {
    const expected: [string, string, string][] = [
      ['lodahs', 'lodash', 'swapped'],
      ['lodas', 'lodash', 'one-edit'],
      ['expresss', 'express', 'one-edit'],
      ['cross-env.js', 'cross-env', 'suffix'],
      ['crossenv', 'cross-env', 'separator'],
      ['cross_env', 'cross-env', 'separator'],
      ['l0dash', 'lodash', 'homoglyph'],
      ['rnoment', 'moment', 'homoglyph'],
      ['@types-node/utils', '@types/node', 'scope'],
      ['types-node', '@types/node', 'scope'],
    ];
    for (const [name, target, kind] of expected) {
      const result = run(typosquat, facts(name, { 'index.js': 'module.exports = 1;' }));
      expect(result.findings[0]?.data, name).toMatchObject({ target, kind });
    }
  });

  it('is high with an install hook or with a copy of the target, low on the name alone', () => {
    expect(level(run(typosquat, facts('lodahs', { 'index.js': 'module.exports = 1;', 'setup.js': 'x' }, { manifest: hook })))).toBe('high');
    const clone = run(typosquat, facts('tintde', { 'index.js': disguise(TINTED) }));
    expect(ids(clone)).toEqual(expect.arrayContaining(['look-alike', 'clone']));
    expect(level(run(typosquat, facts('cross-env.js', { 'index.js': 'module.exports = 1;' })))).toBe('low');
  });

  it('weighs a look-alike with a long history of its own to almost nothing, even with an install hook', () => {
    const versions = Array.from({ length: 20 }, (_, i) => ({ version: `1.${i}.0`, publishedAt: new Date(Date.parse('2021-01-01T00:00:00Z') + i * 40 * 86_400_000).toISOString(), manifest: hook, files: { 'index.js': 'module.exports = 1;' } }));
    const fixture: PackageFixture = { name: 'chalky', publisher: { name: 'p', email: 'p@example.com' }, versions };
    const result = run(typosquat, factsFromFixture(fixture));
    expect(ids(result)).toContain('look-alike');
    expect(level(result)).toBe('low');
  });

  it('does not call legitimate near names typosquats: indexed names, name extensions, short names', () => {
    for (const name of ['react-dom-x', 'debug-log', 'lodash-es-extra', 'chalk-template', 'ms', 'express', 'debugg-it']) {
      expect(run(typosquat, facts(name, { 'index.js': 'module.exports = 1;' })).findings, name).toEqual([]);
    }
  });
});

describe('typosquat with a native build hook', () => {
  it('stays below medium: an addon near a popular name builds itself on install', () => {
    const result = run(typosquat, facts('lodahs', { 'index.js': 'module.exports = 1;', 'binding.gyp': '{}' }, { manifest: { scripts: { install: 'prebuild-install || node-gyp rebuild' } } }));
    expect(ids(result)).toContain('install-hook');
    expect(level(result)).not.toBe('medium');
    expect(level(result)).not.toBe('high');
  });
});

describe('typosquat and numbered successors', () => {
  it('does not call the original a look-alike of its popular numbered successor (store / store2)', () => {
    useReferenceIndex(testIndex([namedFixture('store2'), namedFixture('lodash')]));
    expect(run(typosquat, facts('store', { 'index.js': 'module.exports = 1;' })).findings).toEqual([]);
    expect(ids(run(typosquat, facts('lodash2', { 'index.js': 'module.exports = 1;' })))).toEqual(expect.arrayContaining(['look-alike']));
  });
});
