/**
 * The look-alike tables (analysis/reference-index/names.ts): the glyph form is one pass over every
 * look-alike, and deletions are keyed by hashes. Each must decide exactly as the plain definitions do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { glyphForm, nearestLookAlike } from '../../src/analysis/reference-index/names.js';
import { createReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { namedFixture, storedTestIndex } from '../support/reference-index.js';

/** The definition: NFKD without accents, lower case, no separators, then each look-alike replaced in turn. */
function glyphFormByDefinition(name: string): string {
  let out = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[-_.]/g, '');
  for (const [from, to] of [[/rn/g, 'm'], [/vv/g, 'w'], [/0/g, 'o'], [/[1|i]/g, 'l'], [/3/g, 'e'], [/5/g, 's'], [/\$/g, 's']] as const) out = out.replace(from, to);
  return out;
}

describe('glyphForm', () => {
  it('equals replacing each look-alike in turn, on names made of look-alikes, separators and accents', () => {
    const piece = fc.constantFrom('r', 'n', 'rn', 'v', 'vv', 'm', 'w', '0', 'o', '1', 'l', 'I', 'i', '|', '3', 'e', '5', '$', 's', '-', '_', '.', 'a', 'é', 'ñ', 'Ö', 'ﬁ', 'R', 'N', 'V');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (parts) => {
        const name = parts.join('');
        expect(glyphForm(name)).toBe(glyphFormByDefinition(name));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });
});

describe('nearestLookAlike', () => {
  const names = ['express', 'lodash', 'chalk', 'react-dom', 'webpack', 'typescript', 'commander', 'moment'];
  const index = createReferenceIndex(storedTestIndex(names.map((n) => namedFixture(n))));
  const o = { maxTargetRank: 5000, minEditLength: 5 };

  it('finds every one-edit and swapped neighbour of each name, and only those', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz-';
    for (const target of names) {
      const seen = new Set<string>();
      for (let i = 0; i <= target.length; i++) {
        seen.add(target.slice(0, i) + target.slice(i + 1)); // deletion
        for (const c of letters) {
          // A letter before, or another first letter of, a short name is another word (fmerge, scrypt), not a slip.
          if (i > 0 || target.length > 6) seen.add(target.slice(0, i) + c + target.slice(i)); // insertion
          if (i > 0 || target.length > 6) seen.add(target.slice(0, i) + c + target.slice(i + 1)); // substitution
        }
        if (i + 1 < target.length) seen.add(target.slice(0, i) + target[i + 1] + target[i] + target.slice(i + 2)); // swap
      }
      for (const near of seen) {
        if (near === target || names.includes(near) || near.length < o.minEditLength - 1) continue;
        const found = nearestLookAlike(near, index, o);
        expect(found?.target.name, `${near} imitates ${target}`).toBeDefined();
      }
    }
    // Two edits away, or unrelated words of the same length: nothing.
    for (const far of ['exprxsx', 'lxdxsh', 'tyepscrpit', 'planets', 'ciomandre']) expect(nearestLookAlike(far, index, o)).toBeUndefined();
    // Regression (scrypt beside crypt, fmerge beside merge: high 73 on npm's ranks 26,000-40,000).
    const short = names.find((n) => n.length <= 6 && n.length >= o.minEditLength);
    if (short) expect(nearestLookAlike(`s${short}`, index, o)?.target.name).not.toBe(short);
    if (short) expect(nearestLookAlike(`x${short.slice(1)}`, index, o)?.target.name).not.toBe(short);
  });
});
