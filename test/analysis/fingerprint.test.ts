import { describe, expect, it } from 'vitest';
import { normalisedTokens } from '../../src/analysis/fingerprint/tokens.js';
import { fingerprintPackage } from '../../src/analysis/fingerprint/package.js';
import { bottomK, sketchSimilarity } from '../../src/analysis/fingerprint/winnow.js';
import { createPackageFiles } from '../../src/package-files/memory.js';
import { CLASSJOIN, MERGEWISE, REFERENCE_SOURCES, SPANTIME, TINTED, disguise } from '../../scripts/corpus/families/reference-sources.js';

function files(map: Record<string, string>) {
  return createPackageFiles(
    Object.entries(map).map(([path, text]) => ({ path, size: text.length, mode: 0o644, type: 'file' as const })),
    new Map(Object.entries(map)),
  );
}

describe('fingerprint', () => {
  it('bottom-k keeps the smallest distinct values in ascending order, for hashes and for any other numbers', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const hashes = Array.from({ length: 5000 }, next);
    hashes.push(...hashes.slice(0, 100), 0, 0xffffffff);
    const reference = (values: number[], size: number) => [...new Set(values)].sort((a, b) => a - b).slice(0, size);
    expect(bottomK(hashes, 64)).toEqual(reference(hashes, 64));
    expect(bottomK(hashes, 64)[0]).toBe(0);
    expect(bottomK(new Set([3, 1, 2]), 64)).toEqual([1, 2, 3]);
    // Not 32-bit hashes (negative, fractional, past 2^32): still numeric order, nothing wrapped.
    expect(bottomK([5, -1, 2.5, 2 ** 33, 2.5], 3)).toEqual([-1, 2.5, 5]);
  });

  it('normalises identifiers, comments, formatting, separators and var/let/const away', () => {
    const a = normalisedTokens('/* MIT */ var total = add(1, 2); // sum');
    const b = normalisedTokens('const   x=\n  plus( 1,2 )');
    expect(a).toEqual(b);
    expect(normalisedTokens("a('x')")).toEqual(normalisedTokens('b("x")'));
    expect(normalisedTokens('a + 1')).not.toEqual(normalisedTokens('a - 1'));
  });

  it('falls back to a regex tokenizer for what acorn cannot read, in the same vocabulary', () => {
    const ts = normalisedTokens('const n: number = f(1);');
    expect(ts).toContain('var');
    expect(ts).toContain('N:1');
  });

  it('a disguised copy (renamed, reformatted, licence dropped) is near the original; different utilities are far apart', () => {
    for (const source of REFERENCE_SOURCES) {
      const original = fingerprintPackage(files({ 'index.js': source.code }));
      const copy = fingerprintPackage(files({ 'lib/main.js': disguise(source) }));
      expect(disguise(source)).not.toContain('Copyright');
      expect(sketchSimilarity(original.sketch, copy.sketch, 64), source.name).toBeGreaterThanOrEqual(0.8);
    }
    const pairs = [
      [TINTED, CLASSJOIN],
      [MERGEWISE, SPANTIME],
      [CLASSJOIN, SPANTIME],
    ] as const;
    for (const [x, y] of pairs) {
      const px = fingerprintPackage(files({ 'index.js': x.code }));
      const py = fingerprintPackage(files({ 'index.js': y.code }));
      expect(sketchSimilarity(px.sketch, py.sketch, 64)).toBeLessThan(0.2);
    }
  });

  it('leaves tests and examples out and hashes whole files only above the minimum size', () => {
    const print = fingerprintPackage(files({ 'index.js': TINTED.code, 'test/index.js': CLASSJOIN.code, 'tiny.js': 'module.exports = 1' }));
    const alone = fingerprintPackage(files({ 'index.js': TINTED.code, 'tiny.js': 'module.exports = 1' }));
    expect(print.sketch).toEqual(alone.sketch);
    expect(print.fileHashes).toHaveLength(1);
  });
});

describe('sketchSimilarity', () => {
  /** The definition: of the `size` smallest distinct values of the union, the share both sketches hold. */
  const byDefinition = (a: number[], b: number[], size: number) => {
    const union = [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, size);
    return union.filter((v) => a.includes(v) && b.includes(v)).length / union.length;
  };
  /** A deterministic pseudo-random sketch: `count` distinct values below `range`. */
  const sketch = (seed: number, count: number, range: number) => {
    const values = new Set<number>();
    for (let x = seed; values.size < count; ) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      values.add(x % range);
    }
    return [...values];
  };

  it('agrees with its definition on sorted sketches (merged) and unsorted ones (general)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const size = [4, 16, 64][seed % 3]!;
      // Small ranges make the two sketches overlap; sizes over and under `size` cover both ends of the merge.
      const a = sketch(seed, 1 + (seed % 70), 200);
      const b = sketch(seed * 7 + 3, 1 + ((seed * 13) % 70), 200);
      const sorted = (v: number[]) => [...v].sort((x, y) => x - y);
      const expected = byDefinition(a, b, size);
      expect(sketchSimilarity(sorted(a), sorted(b), size), `seed ${seed}`).toBeCloseTo(expected, 12);
      expect(sketchSimilarity(a, b, size), `seed ${seed} unsorted`).toBeCloseTo(expected, 12);
    }
  });
});
