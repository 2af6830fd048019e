/**
 * What every lockfile parser test needs besides the expected.json comparison (expected-fixtures.ts):
 * catching the LockfileError a bad file must raise, looking a package up by name@version, and the
 * random-edit fuzz run over real lockfiles.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import type { DependencyGraph } from '../../src/lockfiles/graph.js';

/** The LockfileError `fn` throws; fails the test if it returns or throws anything else. */
export function thrown(fn: () => unknown): LockfileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LockfileError);
    return error as LockfileError;
  }
  throw new Error('expected a LockfileError');
}

export const idOf = (p: { name: string; version: string }): string => `${p.name}@${p.version}`;

/** The package with this name@version, or undefined: for tests that assert absence too. */
export const findPackage = (graph: DependencyGraph, id: string) => graph.packages.find((p) => idOf(p) === id);

/** The package with this name@version; a missing one fails the test, listing what the graph holds. */
export function requirePackage(graph: DependencyGraph, id: string) {
  const found = findPackage(graph, id);
  if (!found) throw new Error(`${id} not in graph: ${graph.packages.map(idOf).join(', ')}`);
  return found;
}

/** 1-based line of the first occurrence of `needle` in `text`. */
export const lineOfText = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

/**
 * Applies 1 to 4 random edits (cut, insert, replace with `syntaxTokens` of the format) to one of
 * `texts` and checks that reading the result ends in a graph or a LockfileError, never another exception.
 */
export function expectRandomEditsToEndInGraphOrLockfileError(texts: string[], graphOf: (text: string) => DependencyGraph, syntaxTokens: string[], numRuns: number): void {
  const mutation = fc.record({
    which: fc.nat({ max: texts.length - 1 }),
    edits: fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), insert: fc.oneof(fc.constant(''), fc.string({ maxLength: 8 }), fc.constantFrom(...syntaxTokens)) }), {
      minLength: 1,
      maxLength: 4,
    }),
  });
  fc.assert(
    fc.property(mutation, ({ which, edits }) => {
      let text = texts[which]!;
      for (const edit of edits) {
        const at = edit.at % (text.length + 1);
        text = text.slice(0, at) + edit.insert + text.slice(at + edit.length);
      }
      try {
        graphOf(text);
      } catch (error) {
        if (!(error instanceof LockfileError)) throw error;
      }
    }),
    { numRuns },
  );
}
