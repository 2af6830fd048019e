/**
 * tea.xyz token farming (2024): a tea.yaml naming a wallet, a small file cloned from a real
 * utility, and dependencies on other packages of the same publisher to inflate "impact".
 * Two farms with different name styles, code donors and dependency shapes.
 */
import type { FixtureFile } from '../../../test/support/package-fixture.js';
import { type CorpusEntry, type FamilyOutput, DAY_MS, MINUTE_MS, type Rng, ago, at, person, version } from '../kit.js';

/** Small utility bodies the farms clone (written here, in the style of the classics they copy). */
const DONOR_CODE = [
  `'use strict';\n\nmodule.exports = function isOdd(value) {\n  const n = Math.abs(value);\n  if (!Number.isInteger(n)) {\n    throw new TypeError('expected an integer');\n  }\n  return n % 2 === 1;\n};\n`,
  `module.exports = function camelCase(input) {\n  return String(input)\n    .trim()\n    .replace(/[-_\\s]+(.)?/g, (_, c) => (c ? c.toUpperCase() : ''))\n    .replace(/^[A-Z]/, (c) => c.toLowerCase());\n};\n`,
  `function flatten(list, depth) {\n  depth = typeof depth === 'number' ? depth : Infinity;\n  return list.reduce(function (acc, item) {\n    if (Array.isArray(item) && depth > 0) return acc.concat(flatten(item, depth - 1));\n    return acc.concat([item]);\n  }, []);\n}\n\nmodule.exports = flatten;\n`,
  `module.exports = (number, min, max) => {\n  if (min > max) throw new RangeError('min must not be greater than max');\n  return Math.min(Math.max(number, min), max);\n};\n`,
  `const capitalize = (text = '') => text.charAt(0).toUpperCase() + text.slice(1);\n\nmodule.exports = capitalize;\nmodule.exports.default = capitalize;\n`,
  `export default function sleep(ms) {\n  return new Promise((resolve) => setTimeout(resolve, ms));\n}\n`,
];

function teaYaml(rng: Rng, owners: number): string {
  const lines = Array.from({ length: owners }, () => `  - '0x${rng.hex(40)}'`).join('\n');
  return rng.chance(0.5)
    ? `# https://tea.xyz/what-is-this-file\n---\nversion: 1.0.0\ncodeOwners:\n${lines}\nquorum: 1\n`
    : `version: 1.0.0\ncodeOwners:\n${lines}\nquorum: ${owners}\n`;
}

export function teaFamily(rng: Rng): FamilyOutput {
  const farms = [
    {
      user: 'cryptodevhub',
      names: ['utilkit-pro', 'utilkit-pro-2', 'fast-utilkit', 'utilkit-helpers', 'utilkit-plus'],
      startMs: 580 * DAY_MS,
    },
    {
      user: 'ngoc.builder',
      names: ['array-sleek', 'string-breeze', 'math-wizardry', 'object-lumen', 'number-halo'],
      startMs: 560 * DAY_MS,
    },
  ];
  const entries: CorpusEntry[] = [];
  for (const farm of farms) {
    const publisher = person(farm.user);
    const published: string[] = [];
    farm.names.forEach((name, i) => {
      const created = ago(farm.startMs - i * rng.int(3, 40) * MINUTE_MS);
      // Farms depend on their own packages, often with "*" ranges, to pump dependents counts.
      const deps: Record<string, string> = {};
      for (const dep of rng.sample(published, Math.min(published.length, rng.int(2, 4)))) deps[dep] = rng.pick(['*', 'latest', '^1.0.0']);
      const code = rng.pick(DONOR_CODE);
      const esm = code.startsWith('export');
      const files: Record<string, FixtureFile> = {
        'tea.yaml': teaYaml(rng, rng.int(1, 2)),
        [esm ? 'index.mjs' : 'index.js']: code,
      };
      if (rng.chance(0.6)) files['README.md'] = rng.pick([`# ${name}\n\nA simple and lightweight package.\n\n## Install\n\n\`npm i ${name}\`\n`, `# ${name}\n`, `${name}\n===\n\nUseful helpers for your project.\n`]);
      const manifest = {
        description: rng.pick(['', 'A simple utility', `${name} helpers`]),
        main: esm ? 'index.mjs' : 'index.js',
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
        keywords: rng.sample(['tea', 'utility', 'helper', 'web3', 'js', 'crypto'], 3),
        author: farm.user,
        license: 'ISC',
        dependencies: deps,
      };
      const versions = [version('1.0.0', created, files, manifest)];
      const bumps = rng.int(0, 3);
      for (let b = 1; b <= bumps; b++) versions.push(version(`1.0.${b}`, at(created, b * rng.int(1, 30) * MINUTE_MS), files, manifest));
      published.push(name);
      entries.push({
        label: { family: 'tea-farming', spam: true, note: `tea.yaml wallet + one cloned utility file + ${Object.keys(deps).length} same-publisher dependencies (farm ${farm.user})` },
        fixture: { name, publisher, versions },
      });
    });
  }
  return { entries };
}
