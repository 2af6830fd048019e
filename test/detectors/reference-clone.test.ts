import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { referenceClone } from '../../src/detectors/reference-clone/index.js';
import { CLASSJOIN, MERGEWISE, REFERENCE_SOURCES, SPANTIME, TINTED, disguise } from '../../scripts/corpus/families/reference-sources.js';
import { factsFromFixture, type PackageFixture } from '../support/package-fixture.js';
import { referenceFixture, testIndex } from '../support/reference-index.js';
import { facts, ids, level, run } from './content-fixtures.js';

const NOW = new Date('2025-07-01T00:00:00Z');

beforeAll(() => useReferenceIndex(testIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s)))));
afterAll(() => useReferenceIndex(undefined));

const ownRepo = (name: string) => ({ repository: { type: 'git', url: `https://github.com/someone-else/${name}` } });

describe('reference-clone', () => {
  it('finds a disguised copy (renamed identifiers, reformatted, licence stripped) of each reference under a made-up name', () => {
    for (const source of REFERENCE_SOURCES) {
      const copy = facts(`handy-${source.name}-kit`, { 'lib/index.js': disguise(source) }, { manifest: ownRepo('kit'), publisher: 'copier' });
      const result = run(referenceClone, copy);
      expect(ids(result), source.name).toContain('clone');
      expect(result.findings[0]!.data).toMatchObject({ reference: source.name });
    }
  });

  it('calls a copy that claims the original repository starjacking, high on its own', () => {
    const copy = facts('colorette-lite-x', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository }, publisher: 'copier' });
    const result = run(referenceClone, copy);
    expect(ids(result)).toEqual(expect.arrayContaining(['clone', 'starjacking']));
    expect(level(result)).toBe('high');
  });

  it('weighs youth and a burst of versions', () => {
    const versions = Array.from({ length: 6 }, (_, i) => ({ version: `1.0.${i}`, publishedAt: new Date(Date.parse('2025-06-28T10:00:00Z') + i * 60_000).toISOString(), manifest: ownRepo('x'), files: { 'index.js': disguise(MERGEWISE) } }));
    const fixture: PackageFixture = { name: 'merge-objects-fast', publisher: { name: 'bulk', email: 'b@example.com' }, versions };
    const result = run(referenceClone, factsFromFixture(fixture), {}, NOW);
    expect(ids(result)).toEqual(['clone', 'young', 'bulk']);
  });

  it('does not fire on the reference itself, a shared maintainer, a same-scope re-publish, unrelated or tiny code, or a bundle that embeds the library', () => {
    const self = facts('tinted', { 'index.js': TINTED.code }, { manifest: { repository: TINTED.repository } });
    const sameMaintainer = facts('classjoin-esm', { 'index.mjs': CLASSJOIN.code.replace('module.exports = classjoin;', 'export default classjoin;'), 'index.js': CLASSJOIN.code }, { publisher: 'classjoin-author' });
    const unrelated = facts('my-own-lib', { 'index.js': 'module.exports = function greet(name) { return `hello ${name}, it is ${new Date().toISOString()}`; };\n'.repeat(3) });
    const tiny = facts('tiny-thing', { 'index.js': 'module.exports = (a, b) => a + b;\n' });
    const bigOther = Array.from({ length: 40 }, (_, i) => `export function handler${i}(req, res) { if (req.method === 'GET' && req.url.startsWith('/v${i}/')) { res.statusCode = ${200 + i}; res.end(JSON.stringify({ ok: ${i} })); return true; } return false; }\n`).join('');
    const bundle = facts('big-app-bundle', { 'dist/app.js': bigOther + SPANTIME.code + bigOther.replace(/handler/g, 'route') });
    for (const f of [self, sameMaintainer, unrelated, tiny, bundle]) expect(run(referenceClone, f).findings, f.name).toEqual([]);
  });

  it('does not fingerprint the reference package itself, but does a same-name package whose tarball names another repository', () => {
    // Fingerprinting and matching every popular package of a tree was a third of the workers' CPU,
    // spent on packages every reference detector dismisses as "the reference itself".
    const o = referenceClone.meta.options.parse({});
    const self = facts('tinted', { 'index.js': TINTED.code }, { manifest: { repository: TINTED.repository } });
    expect(referenceClone.summarize!(self, o)).toBeUndefined();
    const elsewhere = facts('tinted', { 'index.js': disguise(MERGEWISE) }, { manifest: ownRepo('tinted') });
    expect(referenceClone.summarize!(elsewhere, o)?.matches.length).toBeGreaterThan(0);
    const noRepository = facts('tinted', { 'index.js': disguise(MERGEWISE) });
    expect(referenceClone.summarize!(noRepository, o)?.matches.length).toBeGreaterThan(0);
    expect(ids(run(referenceClone, elsewhere))).toContain('clone');
  });

  it('scores a fork in the same name family with its own repository as a fork, low', () => {
    const fork = facts('tinted-plus', { 'index.js': disguise(TINTED) }, { manifest: ownRepo('tinted-plus') });
    const result = run(referenceClone, fork);
    expect(ids(result)).toEqual(['fork']);
    expect(level(result)).toBe('low');
  });

  it('reports the index unavailable instead of "clean" when it cannot be loaded', () => {
    useReferenceIndex(undefined);
    const saved = process.env.SPAMCHECK_REFERENCE_INDEX;
    process.env.SPAMCHECK_REFERENCE_INDEX = '/nonexistent/reference-index.json.gz';
    try {
      const result = run(referenceClone, facts('x-copy', { 'index.js': disguise(TINTED) }));
      expect(result.findings).toEqual([]);
      expect(result.unavailable?.[0]?.signal).toBe('reference index');
    } finally {
      if (saved === undefined) delete process.env.SPAMCHECK_REFERENCE_INDEX;
      else process.env.SPAMCHECK_REFERENCE_INDEX = saved;
      useReferenceIndex(testIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s))));
    }
  });
});

describe('reference-clone on a copy with a history of its own', () => {
  it('keeps the copy and the repository claim, weighed low: a fork that never updated its repository field', () => {
    useReferenceIndex(testIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s))));
    const versions = Array.from({ length: 8 }, (_, i) => ({ version: `1.${i}.0`, publishedAt: new Date(Date.parse('2022-01-01T00:00:00Z') + i * 90 * 86_400_000).toISOString(), manifest: { repository: TINTED.repository }, files: { 'index.js': disguise(TINTED) } }));
    const fixture: PackageFixture = { name: 'old-color-copy', publisher: { name: 'p', email: 'p@example.com' }, versions };
    const result = run(referenceClone, factsFromFixture(fixture), {}, NOW);
    expect(ids(result)).toEqual(['clone', 'starjacking']);
    expect(level(result)).toBe('low');
  });
});

describe('reference-clone on real-world sharing (found on names just below the index cut-off)', () => {
  const TSC_PREAMBLE = `"use strict";\nvar __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {\n    if (k2 === undefined) k2 = k;\n    var desc = Object.getOwnPropertyDescriptor(m, k);\n    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {\n      desc = { enumerable: true, get: function() { return m[k]; } };\n    }\n    Object.defineProperty(o, k2, desc);\n}) : (function(o, m, k, k2) {\n    if (k2 === undefined) k2 = k;\n    o[k2] = m[k];\n}));\nvar __exportStar = (this && this.__exportStar) || function(m, exports) {\n    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);\n};\nObject.defineProperty(exports, "__esModule", { value: true });\n`;
  const body = (name: string) => `__exportStar(require("./${name}-types"), exports);\n`;

  it('ignores compiler boilerplate many indexed packages share', () => {
    const refs = ['@a/types', '@b/types', '@c/types', '@d/types', '@e/types'].map((name) => ({ ...referenceFixture(TINTED), name, versions: [{ version: '1.0.0', publishedAt: '2021-01-01T00:00:00.000Z', manifest: { repository: `github:${name.slice(1, 2)}/x` }, files: { 'index.js': TSC_PREAMBLE + body(name) } }] }));
    useReferenceIndex(testIndex([...REFERENCE_SOURCES.map((s) => referenceFixture(s)), ...refs]));
    expect(run(referenceClone, facts('@wallet/base', { 'index.js': TSC_PREAMBLE + body('wallet') })).findings).toEqual([]);
  });

  it('does not call a monorepo sibling or a scoped re-publish under the original name a starjacking clone', () => {
    const repo = 'git+https://github.com/lodashy/lodashy.git';
    const keys = { ...referenceFixture(CLASSJOIN), name: 'lodashy.keys', versions: [{ ...referenceFixture(CLASSJOIN).versions[0]!, manifest: { repository: repo } }] };
    const union = { ...referenceFixture(SPANTIME), name: 'lodashy.union', versions: [{ ...referenceFixture(SPANTIME).versions[0]!, manifest: { repository: repo } }] };
    useReferenceIndex(testIndex([referenceFixture(TINTED), keys, union]));
    expect(run(referenceClone, facts('lodashy.values', { 'index.js': disguise(CLASSJOIN) }, { manifest: { repository: repo } })).findings).toEqual([]);
    expect(run(referenceClone, facts('@patcher/tinted', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } })).findings).toEqual([]);
    // A single-package repository claimed by a copy under a new name is still starjacking.
    expect(ids(run(referenceClone, facts('tinted-fast', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } })))).toContain('starjacking');
  });

  it("does not call a copy starjacking when its npm scope is the claimed repository's owner (a module of the org's own monorepo)", () => {
    // Regression (@vis.gl/react-mapbox and @vis.gl/react-maplibre 8.1.3, high 70 on npm's ranks
    // 5,000-12,000): modules of github:visgl/react-map-gl sharing react-map-gl's code.
    const owner = /github\.com[/:]([^/]+)\//.exec(String(TINTED.repository))![1]!;
    const sibling = run(referenceClone, facts(`@${owner.slice(0, 2)}.${owner.slice(2)}/tinted-next`, { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } }));
    expect(ids(sibling)).toContain('clone');
    expect(ids(sibling)).not.toContain('starjacking');
    // A scope that is not the owner's claiming that repository is still starjacking.
    expect(ids(run(referenceClone, facts('@copier/tinted-next', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } })))).toContain('starjacking');
  });

  it("does not call a copy starjacking in the project's own namespace: a scope named after it, or the unscoped name it had before moving into a scope", () => {
    // Regression (b64, bounce, nigel, somever and vise beside @hapi/*, @ua-parser-js/pro-business
    // beside ua-parser-js: high 70 on npm's ranks 26,000-33,000).
    const scoped = run(referenceClone, facts(`@${TINTED.name}/pro`, { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } }));
    expect(ids(scoped)).toEqual(['fork']);
    useReferenceIndex(testIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s.name === TINTED.name ? { ...s, name: `@tintorg/${s.name}` } : s))));
    try {
      const before = run(referenceClone, facts(TINTED.name, { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } }));
      expect(ids(before)).not.toContain('starjacking');
      expect(ids(run(referenceClone, facts(`${TINTED.name}-next`, { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } })))).toContain('starjacking');
    } finally {
      useReferenceIndex(testIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s))));
    }
  });

  it("does not call a renamed project a clone: the popular package's own repository is named after it", () => {
    // Regression (minimizer-webpack-plugin 5.6.1 in jest's and webpack's trees, high 70): the
    // terser-webpack-plugin repository was renamed webpack/minimizer-webpack-plugin and publishes
    // the same code under the new name.
    const renamedRepo = 'git+https://github.com/tinted-dev/chroma-tint.git';
    useReferenceIndex(testIndex([{ ...referenceFixture(TINTED), versions: [{ ...referenceFixture(TINTED).versions[0]!, manifest: { repository: renamedRepo } }] }]));
    expect(run(referenceClone, facts('chroma-tint', { 'index.js': disguise(TINTED) }, { manifest: { repository: renamedRepo } })).findings).toEqual([]);
    // Another name claiming that repository with the same code is still starjacking.
    expect(ids(run(referenceClone, facts('chroma-tint-pro', { 'index.js': disguise(TINTED) }, { manifest: { repository: renamedRepo } })))).toContain('starjacking');
  });
});

describe('reference-clone on copies that say they are forks', () => {
  beforeAll(() => useReferenceIndex(testIndex(REFERENCE_SOURCES.map((s) => referenceFixture(s)))));

  it('a copy naming the original repository but calling itself a fork (name, description or README) is low, not starjacking', () => {
    const said = [
      facts('tinted-native-fork', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } }),
      facts('tinted-trailing', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository, description: 'React Native fork of tinted for terminals' } }),
      facts('tinted-75lb', { 'index.js': disguise(TINTED), 'README.md': '# tinted\n\nFork which adds a trailing newline to every line.\n' }, { manifest: { repository: TINTED.repository } }),
    ];
    for (const copy of said) {
      const result = run(referenceClone, copy);
      expect(ids(result), copy.name).toContain('declaredFork');
      expect(ids(result), copy.name).not.toContain('starjacking');
      expect(['none', 'low'], copy.name).toContain(level(result));
    }
  });

  it('a copy whose words are the original\'s own (no fork said) is still starjacking; "forkful" words are not a fork', () => {
    const copied = run(referenceClone, facts('tinted-pro', { 'index.js': disguise(TINTED), 'README.md': '# tinted\n\nColours for your terminal, the fast way. Use a forklift of features.\n' }, { manifest: { repository: TINTED.repository } }));
    expect(ids(copied)).toEqual(expect.arrayContaining(['clone', 'starjacking']));
    // Under the original's name plus a word it is a fork that kept the field as often as an impostor
    // (process-okam, assert-browserify, react-beautiful-dnd-next: high 70 on npm's ranks 33,000-40,000): medium.
    expect(level(copied)).toBe('medium');
    const unrelated = run(referenceClone, facts('chroma-tint-pro', { 'index.js': disguise(TINTED) }, { manifest: { repository: TINTED.repository } }));
    expect(level(unrelated)).toBe('high');
  });
});
