/**
 * Mutated real lockfiles: whatever the bytes, a parser ends in a graph or a LockfileError (which the
 * CLI prints as one line, exit 2), never another exception and never a hang.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import { buildDependencyGraph, type ParsedLockfile } from '../../src/lockfiles/graph.js';
import { parseNpmLockfile } from '../../src/lockfiles/npm/parse.js';
import type { ProjectManifests } from '../../src/lockfiles/project-manifests.js';
import { parseYarnBerryLockfile } from '../../src/lockfiles/yarn-berry/parse.js';
import { parseYarnClassicLockfile } from '../../src/lockfiles/yarn-classic/parse.js';
import { FIXTURES_ROOT } from './expected-fixtures.js';

const read = (path: string) => readFileSync(join(FIXTURES_ROOT, path), 'utf8');
const manifests = (dir: string): ProjectManifests => ({
  root: JSON.parse(read(`${dir}/package.json`)) as ProjectManifests['root'],
  workspaces: new Map(),
});

/** One edit of the text: the kinds of damage real files get (cut short, merged badly, hand-edited). */
const mutation = (text: string) =>
  fc.oneof(
    fc.nat({ max: text.length }).map((at) => text.slice(0, at)),
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 200 })).map(([at, length]) => text.slice(0, at) + text.slice(at + length)),
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([from, to]) => text.slice(0, to) + text.slice(Math.min(from, to), Math.max(from, to)) + text.slice(to)),
    fc
      .tuple(fc.nat({ max: text.length }), fc.string({ unit: fc.constantFrom(...'{}[]":,@ \n\t#-~^*<>=|0aZ\\'.split('')), maxLength: 12 }))
      .map(([at, inserted]) => text.slice(0, at) + inserted + text.slice(at)),
    fc.tuple(fc.nat(), fc.constantFrom('', ' ', '   ', '\t')).map(([n, indent]) => {
      const lines = text.split('\n');
      const i = n % lines.length;
      lines[i] = indent + lines[i]!.trimStart();
      return lines.join('\n');
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
      const lines = text.split('\n');
      const i = a % lines.length;
      const j = b % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }),
  );

function expectResultOrLockfileError(parse: () => ParsedLockfile): void {
  const started = performance.now();
  try {
    const graph = buildDependencyGraph(parse(), 'lockfile');
    expect(Array.isArray(graph.packages)).toBe(true);
  } catch (error) {
    if (!(error instanceof LockfileError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(2_000);
}

const cases: { name: string; text: string; parse: (text: string) => ParsedLockfile }[] = [
  { name: 'npm v3', text: read('npm/basic.v3/package-lock.json'), parse: (t) => parseNpmLockfile(t, 'package-lock.json') },
  { name: 'npm v2 workspaces', text: read('npm/workspace-resolved.v2/package-lock.json'), parse: (t) => parseNpmLockfile(t, 'package-lock.json') },
  { name: 'npm v1', text: read('npm/basic.v1/package-lock.json'), parse: (t) => parseNpmLockfile(t, 'package-lock.json', manifests('npm/basic.v1')) },
  { name: 'yarn classic', text: read('yarn-classic/basic/yarn.lock'), parse: (t) => parseYarnClassicLockfile(t, 'yarn.lock', manifests('yarn-classic/basic')) },
  { name: 'yarn berry v10', text: read('yarn-berry/basic.v10/yarn.lock'), parse: (t) => parseYarnBerryLockfile(t, 'yarn.lock', manifests('yarn-berry/basic.v10')) },
  { name: 'yarn berry v6', text: read('yarn-berry/workspace.v6/yarn.lock'), parse: (t) => parseYarnBerryLockfile(t, 'yarn.lock') },
];

describe('fuzzing the lockfile parsers with mutated real lockfiles', () => {
  for (const { name, text, parse } of cases) {
    it(`${name}: every mutation ends in a graph or a LockfileError`, () => {
      fc.assert(
        fc.property(mutation(text), (mutated) => expectResultOrLockfileError(() => parse(mutated))),
        { numRuns: 300, seed: 20261130 },
      );
    });
  }

  it('arbitrary bytes too', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (garbage) => {
        for (const { parse } of cases) expectResultOrLockfileError(() => parse(garbage));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
