import { describe, expect, it } from 'vitest';
import { emptyCode, needsTarball, WEIGHTS } from '../../src/detectors/empty-code/index.js';
import { classifyTrivialCode } from '../../src/detectors/empty-code/trivial-shapes.js';
import { createPackageFiles } from '../../src/package-files/memory.js';
import { facts, ids, level, run, score, SEO_SPAM_README_EN } from './content-fixtures.js';
import { factsFromFixture } from '../support/package-fixture.js';
import { publishTiming } from '../../src/detectors/publish-timing/index.js';
import { scoreFindings, levelForScore } from '../../src/report/levels.js';

const NPM_INIT = { description: '', main: 'index.js', scripts: { test: 'echo "Error: no test specified" && exit 1' }, author: '', license: 'ISC' };

describe('empty-code: no code at all', () => {
  it('flags an SEO-spam package (package.json + README only) at medium on its own', () => {
    const r = run(emptyCode, facts('watch-oppenheimer-2023-full-movie-online-free', { 'README.md': SEO_SPAM_README_EN }, { manifest: NPM_INIT }));
    expect(ids(r)).toContain('noCode');
    const noCode = r.findings.find((f) => f.messageId === 'noCode')!;
    expect(noCode.evidence.files).toEqual(['package.json', 'README.md']);
    expect(noCode.evidence.npmInitDefaults).toBe(true);
    // main: index.js names a file that is not there: a second, independent signal.
    expect(ids(r)).toContain('entryMissing');
    expect(level(r)).toBe('medium');
  });

  it("a data package whose main is a short JSON list is data, not empty (css-font-style-keywords); an empty {} is not", () => {
    const keywords = run(emptyCode, facts('css-font-style-keywords', { 'index.json': '["normal","italic","oblique"]\n', 'README.md': '# keywords' }, { manifest: { main: 'index.json', description: 'List of CSS font style keywords.' } }));
    expect(ids(keywords)).not.toContain('noCode');
    const hollow = run(emptyCode, facts('hollow-data', { 'index.json': '{}\n', 'README.md': '# hollow' }, { manifest: { main: 'index.json' } }));
    expect(ids(hollow)).toContain('noCode');
  });

  it('counts a README picture and a lockfile as packaging, not content', () => {
    const r = run(emptyCode, facts('bulk-empty-7', { 'README.md': '# bulk-empty-7', 'logo.png': { base64: 'iVBORw0KGgo=' }, 'package-lock.json': '{}', LICENSE: 'MIT' }));
    expect(ids(r)).toEqual(['noCode']);
    expect(r.findings[0]!.weight).toBe(WEIGHTS.noCode);
  });

  it('a download counter that publishes nothing on purpose ("files": [], a repository, a description) stays low', () => {
    const manifest = { description: 'Internal package to track number of downloads of our design system libraries.', files: [], repository: { type: 'git', url: 'git+https://github.com/acme/ui.git', directory: 'packages/downloads-tracker' }, license: 'MIT' };
    const r = run(emptyCode, facts('@acme/downloads-tracker', { 'README.md': '# @acme/downloads-tracker\n\nThis package does not contain any code.', LICENSE: 'MIT' }, { manifest }));
    expect(ids(r)).toEqual(['noCodeDeclared']);
    expect(level(r)).toBe('low');
  });

  it('"files": [] under npm init defaults, or without a repository, is not taken at its word', () => {
    const bare = run(emptyCode, facts('bulk-empty-9', { 'README.md': '# bulk-empty-9' }, { manifest: { ...NPM_INIT, files: [] } }));
    expect(ids(bare)).toContain('noCode');
    const noRepo = run(emptyCode, facts('bulk-empty-10', { 'README.md': '# bulk-empty-10' }, { manifest: { description: 'my package', files: [] } }));
    expect(ids(noRepo)).toContain('noCode');
  });

  it('stays quiet for a types-only package', () => {
    const r = run(emptyCode, facts('@types/left-pad', { 'index.d.ts': 'declare function leftPad(str: string, len: number, ch?: string): string;\nexport = leftPad;\n', 'README.md': '# Installation\n`npm install --save @types/left-pad`' }, { manifest: { main: '', types: 'index.d.ts' } }));
    expect(r.findings).toEqual([]);
  });

  it('stays quiet for a tsconfig base (JSON config, no main)', () => {
    const tsconfig = JSON.stringify({ $schema: 'https://json.schemastore.org/tsconfig', display: 'Node 20', compilerOptions: { lib: ['es2023'], module: 'node16', target: 'es2022', strict: true } }, null, 2);
    const r = run(emptyCode, facts('@tsconfig/node-lts-like', { 'tsconfig.json': tsconfig, 'README.md': '### A base TSConfig for working with Node 20.' }));
    expect(r.findings).toEqual([]);
  });

  it('stays quiet for a CSS package whose main is a stylesheet, and for a font package', () => {
    const css = run(emptyCode, facts('tiny-reset-css', { 'reset.css': 'html,body{margin:0;padding:0}\n*,*::before,*::after{box-sizing:border-box}\n', 'README.md': '# tiny-reset-css' }, { manifest: { main: 'reset.css', style: 'reset.css' } }));
    expect(css.findings).toEqual([]);
    const font = run(emptyCode, facts('@fontsource-like/inter', { 'files/inter-latin-400-normal.woff2': { base64: 'd09GMgABAAAAA' }, 'index.css': '@font-face{font-family:Inter;src:url(./files/inter-latin-400-normal.woff2) format("woff2")}' }, { manifest: { main: 'index.css' } }));
    expect(font.findings).toEqual([]);
  });

  it('stays quiet for an ESLint config preset: a main that exports a config object, a peer dependency on the tool', () => {
    const preset = 'module.exports = {\n  extends: ["eslint:recommended"],\n  rules: { "no-console": "warn", semi: ["error", "always"] },\n};\n';
    const r = run(emptyCode, facts('eslint-config-acme', { 'index.js': preset }, { manifest: { main: 'index.js', peerDependencies: { eslint: '>=8' } } }));
    expect(r.findings).toEqual([]);
  });

  it('gives a meta-package (no code, its job is its dependencies) only an informational weight under low', () => {
    const r = run(emptyCode, facts('acme-toolkit', { 'README.md': '# acme-toolkit\nInstalls the acme tools.' }, { manifest: { dependencies: { 'acme-cli': '^2.0.0', 'acme-core': '^2.0.0' } } }));
    expect(ids(r)).toEqual(['noCodeDependenciesOnly']);
    expect(score(r)).toBeLessThan(10);
  });

  it('does not call a package empty when the tarball listing was cut short', () => {
    const f = facts('huge-thing', { 'README.md': '# huge' });
    f.files = createPackageFiles(f.files!.entries, new Map(), [{ kind: 'too-many-entries', message: 'more than 10000 entries' }]);
    const r = run(emptyCode, f);
    expect(r.findings).toEqual([]);
    expect(r.unavailable?.map((u) => u.signal)).toContain('entry points');
  });

  it('reports the contents as unavailable, not clean, when the tarball was not read', () => {
    const f = facts('x', { 'README.md': '# x' });
    delete f.files;
    const r = run(emptyCode, f);
    expect(r.findings).toEqual([]);
    expect(r.unavailable).toHaveLength(1);
  });
});

describe('empty-code: retired names (tombstones) say what they are', () => {
  it("npm's security holding package is low, and says why the name is empty", () => {
    const manifest = { ...NPM_INIT, repository: { type: 'git', url: 'git+https://github.com/npm/security-holder.git' } };
    const readme = '# Security holding package\n\nThis package name is not currently in use, but was formerly occupied\nby another package. To avoid malicious use, npm is hanging on to the\npackage name.\n';
    const r = run(emptyCode, facts('child_process', { 'README.md': readme }, { manifest }));
    expect(ids(r)).toContain('noCodeDeclared');
    expect(ids(r)).not.toContain('noCode');
    expect(JSON.stringify(r.findings[0]!.data)).toMatch(/security holding/);
    expect(['none', 'low']).toContain(level(r));
  });

  it('a package emptied because it was renamed or deprecated is low, from its README or its description', () => {
    const renamed = run(emptyCode, facts('hast', { 'readme.md': '# Renamed to rehype\n\n[rehype](https://github.com/wooorm/rehype)\n' }, { manifest: { description: 'Renamed to rehype', main: 'index.js' } }));
    expect(ids(renamed)).toContain('noCodeDeclared');
    expect(['none', 'low']).toContain(level(renamed));
    const deprecated = run(emptyCode, facts('stream-to', { 'README.md': '# Deprecated\n\n- For arrays: https://github.com/stream-utils/stream-to-array\n' }, { manifest: {} }));
    expect(ids(deprecated)).toEqual(['noCodeDeclared']);
  });

  it('an empty package whose README says nothing of the kind is still medium', () => {
    const r = run(emptyCode, facts('useful-helpers-kit', { 'README.md': '# useful-helpers-kit\n\nThe best helpers for your project. Install and enjoy.\n' }, { manifest: { description: 'Helpers', main: 'index.js' } }));
    expect(ids(r)).toContain('noCode');
    expect(level(r)).toBe('medium');
  });
});

describe('empty-code: a project\'s own download counter', () => {
  it('one log line in a manifest with the project\'s description and repository is low (@swc/counter), npm init blanks keep it high', () => {
    const manifest = { description: 'Download counter for the acme project', main: 'index.js', repository: { type: 'git', url: 'git+https://github.com/acme/pkgs.git' }, license: 'Apache-2.0' };
    const counter = run(emptyCode, facts('@acme/counter', { 'index.js': 'console.log("download-counter/index.js");\n', 'README.md': '# counter' }, { manifest }));
    expect(ids(counter)).toEqual(['trivialCode']);
    expect(counter.findings[0]!.weight).toBe(WEIGHTS.trivialOwnProject);
    const bulk = run(emptyCode, facts('npm-practice-hello', { 'index.js': 'console.log("hello world");\n' }, { manifest: NPM_INIT }));
    expect(bulk.findings.find((f) => f.messageId === 'trivialCode')!.weight).toBe(WEIGHTS.trivialNothingUsable);
  });
});

describe('empty-code: entry points', () => {
  it('flags a main that names a missing file when nothing else is declared', () => {
    const r = run(emptyCode, facts('broken-lib', { 'lib/util.js': 'exports.add = (a, b) => a + b;\n' }, { manifest: { main: 'lib/index.js' } }));
    const finding = r.findings.find((f) => f.messageId === 'entryMissing')!;
    expect(finding.evidence.field).toBe('main');
    expect(finding.weight).toBe(WEIGHTS.entryAllMissing);
  });

  it('resolves main the way Node does (extension and index.js added)', () => {
    const r = run(emptyCode, facts('ok-lib', { 'lib/index.js': 'exports.add = (a, b) => a + b;\n', 'cli.js': '#!/usr/bin/env node\nrequire("./lib").add(1, 2);\n' }, { manifest: { main: './lib', bin: { ok: 'cli.js' } } }));
    expect(r.findings).toEqual([]);
  });

  it('walks nested exports conditions and weighs a partly missing map lower than an all-missing one', () => {
    const manifest = {
      exports: { '.': { import: './dist/index.mjs', require: './dist/index.cjs', types: './dist/index.d.ts' }, './feature': './dist/feature.js', './*': './dist/*.js', './': './', './package.json': './package.json' },
    };
    const r = run(emptyCode, facts('half-built', { 'dist/index.mjs': 'export const a = (x) => x * 2;\n', 'dist/index.cjs': 'exports.a = (x) => x * 2;\n' }, { manifest }));
    const finding = r.findings.find((f) => f.messageId === 'entryMissing')!;
    expect(finding.evidence.excerpt).toBe('./dist/feature.js');
    expect(finding.weight).toBe(WEIGHTS.entrySomeMissing);
  });

  it('names every missing entry once in one finding', () => {
    const r = run(emptyCode, facts('nothing-there', { 'README.md': 'hi' }, { manifest: { main: 'index.js', module: 'index.mjs', bin: { a: 'bin/a.js' } } }));
    const entry = r.findings.filter((f) => f.messageId.startsWith('entr'));
    expect(entry).toHaveLength(1);
    expect(entry[0]!.evidence.missingEntries).toBe(3);
  });

  it('strips control characters from a hostile entry path before it reaches evidence', () => {
    const r = run(emptyCode, facts('evil-entry', { 'lib.js': 'exports.x = Date.now;' }, { manifest: { main: 'dist/\u001b[31mred\u001b[0m.js' } }));
    const finding = r.findings.find((f) => f.messageId === 'entryMissing')!;
    expect(finding.evidence.excerpt).toBe('dist/red.js');
    expect(JSON.stringify(finding)).not.toMatch(/\u001b/);
  });
});

describe('empty-code: trivial code', () => {
  it('flags the npm-init + hello-world bulk package at medium, with bytes and lines', () => {
    const r = run(emptyCode, facts('my-awesome-pkg-4821', { 'index.js': '// my package\nconsole.log("Hello World");\n' }, { manifest: NPM_INIT }));
    const finding = r.findings.find((f) => f.messageId === 'trivialCode')!;
    expect(finding.evidence).toMatchObject({ file: 'index.js', shape: 'log-only', codeBytes: 'console.log("Hello World");'.length, codeLines: 1 });
    expect(level(r)).toBe('medium');
  });

  it('flags empty exports and empty files as shipping nothing usable', () => {
    for (const code of ['module.exports = {};\n', 'export {};\n', 'export default {};', '', '"use strict";\n/* nothing yet */\n']) {
      const r = run(emptyCode, facts('nothing-usable', { 'index.js': code }, { manifest: { main: 'index.js' } }));
      expect(r.findings.find((f) => f.messageId === 'trivialCode')?.weight, code).toBe(WEIGHTS.trivialNothingUsable);
    }
  });

  it('gives a constant-returning function only a low weight (noop-style utilities exist)', () => {
    const r = run(emptyCode, facts('always-hello', { 'index.js': 'module.exports = function () {\n  return "hello";\n};\n' }, { manifest: { main: 'index.js' } }));
    const finding = r.findings.find((f) => f.messageId === 'trivialCode')!;
    expect(finding.evidence.shape).toBe('constant-function');
    expect(score(r)).toBeLessThan(40);
  });

  it('raises a constant function to medium when the manifest is untouched npm init output', () => {
    const r = run(emptyCode, facts('aaa-test-module-12', { 'main.js': 'function main() {}\nmodule.exports = main;\n' }, { manifest: { ...NPM_INIT, main: 'main.js' } }));
    const finding = r.findings.find((f) => f.messageId === 'trivialCode')!;
    expect(finding.evidence).toMatchObject({ shape: 'constant-function', npmInitDefaults: true });
    expect(finding.weight).toBe(WEIGHTS.trivialNothingUsable);
  });

  it('does not flag tiny real utilities (is-number, isarray) or a code file that requires another', () => {
    const isNumber = `'use strict';\n\nmodule.exports = function(num) {\n  if (typeof num === 'number') {\n    return num - num === 0;\n  }\n  if (typeof num === 'string' && num.trim() !== '') {\n    return Number.isFinite ? Number.isFinite(+num) : isFinite(+num);\n  }\n  return false;\n};\n`;
    const isArray = `var toString = {}.toString;\n\nmodule.exports = Array.isArray || function (arr) {\n  return toString.call(arr) == '[object Array]';\n};\n`;
    const reexport = `module.exports = require('./lib/index.js');\n`;
    for (const [name, code] of [['is-number', isNumber], ['isarray', isArray], ['reexport', reexport]] as const) {
      const r = run(emptyCode, facts(name, { 'index.js': code, 'lib/index.js': 'module.exports = 1 + Math.random();' }, { manifest: { main: 'index.js' } }));
      expect(r.findings, name).toEqual([]);
    }
  });

  it('does not flag a stub index.js in a types-first package', () => {
    const types = 'export interface Options { depth?: number; }\nexport declare function walk(root: string, options?: Options): AsyncIterable<string>;\n'.repeat(3);
    const r = run(emptyCode, facts('walk-types', { 'index.js': 'module.exports = {};\n', 'index.d.ts': types }, { manifest: { main: 'index.js', types: 'index.d.ts' } }));
    expect(r.findings).toEqual([]);
  });

  it('does not call big code trivial however simple it looks', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `console.log("banner line number ${i} of the welcome text");`).join('\n');
    const r = run(emptyCode, facts('banner', { 'index.js': lines }, { manifest: { main: 'index.js' } }));
    expect(ids(r)).not.toContain('trivialCode');
  });
});

describe('classifyTrivialCode', () => {
  it('a package whose export is a regular expression is not trivial (shebang-regex)', () => {
    expect(classifyTrivialCode("'use strict';\nmodule.exports = /^#!.*/;\n").shape).toBeUndefined();
    expect(classifyTrivialCode('export default /^#!(.*)/;\n').shape).toBeUndefined();
  });


  it.each([
    ['console.log("hi")', 'log-only'],
    ['process.stdout.write(`hi`)', 'log-only'],
    ['export default function hello() { console.log("x"); return 1 }', 'constant-function'],
    ['const hello = () => "hello"; module.exports = hello;', 'constant-function'],
    ['exports.name = "x"', 'empty-export'],
    // A banner built from constants is still a banner (a CLI that only prints a Telegram channel ad).
    ["const line = '='.repeat(52);\nconsole.log('\\x1b[33m' + line + '\\x1b[0m');\nconsole.log(`  Join: ${'https://t.me/x'}`);", 'log-only'],
  ])('%s → %s', (code, shape) => {
    expect(classifyTrivialCode(code).shape).toBe(shape);
  });

  it.each([
    'module.exports = (a, b) => a + b',
    'console.log(process.env.HOME)',
    "let line = '='.repeat(52); line += process.argv[2]; console.log(line);",
    "const width = process.stdout.columns; console.log('='.repeat(width));",
    'module.exports = { rules: { semi: "error" } }',
    'fetch("https://example.com")',
    'this is not javascript',
  ])('%s is not trivial', (code) => {
    expect(classifyTrivialCode(code).shape).toBeUndefined();
  });
});

describe('needsTarball', () => {
  it('asks for the tarball whenever the registry omits the size fields', () => {
    expect(needsTarball(undefined)).toBe(true);
    expect(needsTarball({ name: 'a', version: '1.0.0', dist: { tarball: 'x' } })).toBe(true);
    expect(needsTarball({ name: 'a', version: '1.0.0', dist: { fileCount: 500 } })).toBe(true);
  });

  it('lets clearly substantial packages skip it, but not scaffold-sized ones', () => {
    expect(needsTarball({ name: 'a', version: '1.0.0', dist: { fileCount: 400, unpackedSize: 4_000_000 } })).toBe(false);
    expect(needsTarball({ name: 'a', version: '1.0.0', dist: { fileCount: 15, unpackedSize: 150_000 } })).toBe(true);
  });
});

describe('empty-code: empty bulk (nothing usable, pushed as a burst of versions)', () => {
  const bulk = (count: number, gapSeconds: number, time?: Record<string, string>) => {
    const start = Date.parse('2025-06-01T10:00:00.000Z');
    const versions = Array.from({ length: count }, (_, i) => ({
      version: `1.0.${i}`,
      publishedAt: new Date(start + i * gapSeconds * 1000).toISOString(),
      manifest: NPM_INIT,
      files: { 'index.js': 'module.exports = {};\n' },
    }));
    return factsFromFixture({ name: 'test-npm-publish-qwe', publisher: { name: 'newbie', email: 'n@example.com' }, versions, ...(time ? { packument: { time } } : {}) }, versions[versions.length - 1]!.version);
  };
  const now = new Date('2025-07-01T00:00:00Z');
  const total = (f: ReturnType<typeof bulk>) =>
    scoreFindings([
      ...run(emptyCode, f, {}, now).findings,
      ...publishTiming.detect({ facts: f, options: publishTiming.meta.options.parse({}), now }).findings,
    ].map((x) => x.weight));

  it('28 versions of an empty export 40 s apart: bulkEmpty, and with publish-timing the package reaches high', () => {
    const f = bulk(28, 40);
    const r = run(emptyCode, f, {}, now);
    expect(r.findings.map((x) => x.messageId)).toContain('bulkEmpty');
    expect(levelForScore(total(f))).toMatch(/high|critical/);
  });

  it('a first-time publisher\'s test package with three versions stays at medium (no burst, no bulk)', () => {
    const f = bulk(3, 40);
    const r = run(emptyCode, f, {}, now);
    expect(r.findings.map((x) => x.messageId)).not.toContain('bulkEmpty');
    expect(levelForScore(total(f))).toBe('medium');
  });

  it('says nothing from a thin mirror\'s `time` (no created/modified: sync times, not publish times)', () => {
    const f = bulk(28, 40, { '1.0.0': '2025-06-01T10:00:00.000Z' });
    const r = run(emptyCode, f, {}, now);
    expect(r.findings.map((x) => x.messageId)).not.toContain('bulkEmpty');
  });
});
