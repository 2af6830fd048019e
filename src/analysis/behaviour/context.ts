/**
 * Context weights shared by the behaviour detectors: the same finding counts more when an install
 * hook runs it (every `npm install` executes it) or an entry point runs it at load time (every
 * `require` does) than when it sits in a function nobody in the file calls.
 */
import { z } from 'zod';
import type { Reach } from './package.js';

export const contextOptions = {
  /** An install hook runs the file: the code runs on every install, before anyone looks. */
  installTimeWeight: z.number().default(30),
  /** An entry point loads the file and the code runs at load time. */
  loadTimeWeight: z.number().default(10),
  /** In a function of an entry file. */
  entryFunctionWeight: z.number().default(5),
  /** In a named function nothing in its file calls (exported or dormant): counts less. */
  dormantWeight: z.number().default(-10),
  /** In a test file nothing loads (`*.test.js`, `test/`, `*.poku.js`): what a test does to its own fixtures. */
  testFileWeight: z.number().default(-15),
};

export function contextWeight(reach: Reach, o: { installTimeWeight: number; loadTimeWeight: number; entryFunctionWeight: number; dormantWeight: number; testFileWeight: number }): number {
  switch (reach) {
    case 'install':
      return o.installTimeWeight;
    case 'load':
      return o.loadTimeWeight;
    case 'entry-function':
      return o.entryFunctionWeight;
    case 'dormant':
      return o.dormantWeight;
    case 'test':
      return o.testFileWeight;
    default:
      return 0;
  }
}

export function describeReach(reach: Reach, hook: string | undefined): string {
  switch (reach) {
    case 'install':
      return `run at install by scripts.${hook ?? 'install'}`;
    case 'load':
      return 'run when the package is loaded';
    case 'entry-function':
      return 'in a function of an entry file';
    case 'dormant':
      return 'in a function nothing calls';
    case 'test':
      return 'in a test file no entry point or install hook loads';
    default:
      return 'in a file no entry point or install hook loads';
  }
}
