/**
 * Winnowing (Schleimer, Wilkerson, Aiken 2003) over token k-grams, and bottom-k MinHash sketches.
 *
 * Every run of K consecutive tokens is hashed; in each window of W consecutive k-gram hashes the
 * smallest is kept. Any run of K + W - 1 tokens two texts share is guaranteed to leave a common
 * fingerprint, however the rest of the texts differ, so a copy embedded in other code still shows.
 * A bottom-k sketch (the S smallest fingerprints) is a uniform sample of that set: two sketches
 * estimate the Jaccard similarity of the full sets, which is what the reference index stores.
 *
 * Hashes are 32-bit and computed here (FNV-1a, then a multiplicative roll), never with a seeded or
 * platform-dependent function: the index is built on one machine and compared on another.
 */
import { firstAtLeast } from '../../util/sorted.js';

export const KGRAM_TOKENS = 8;
export const WINNOW_WINDOW = 4;

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes a sequence of 32-bit values into one (order matters). */
export function hashSequence(values: ArrayLike<number>, from = 0, to = values.length): number {
  let h = 0x9747b28c;
  for (let i = from; i < to; i++) {
    h = Math.imul(h ^ values[i]!, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return finalise(h);
}

function finalise(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Winnowed fingerprints of a token stream (already hashed per token), added to `into`. */
export function winnow(tokenHashes: ArrayLike<number>, into: Set<number>, k = KGRAM_TOKENS, window = WINNOW_WINDOW): void {
  const grams = tokenHashes.length - k + 1;
  if (grams <= 0) {
    if (tokenHashes.length > 0) into.add(hashSequence(tokenHashes));
    return;
  }
  const gramHashes = new Uint32Array(grams);
  for (let i = 0; i < grams; i++) gramHashes[i] = hashSequence(tokenHashes, i, i + k);
  if (grams <= window) {
    into.add(minOf(gramHashes, 0, grams));
    return;
  }
  for (let start = 0; start + window <= grams; start++) into.add(minOf(gramHashes, start, start + window));
}

function minOf(values: Uint32Array, from: number, to: number): number {
  let min = values[from]!;
  for (let i = from + 1; i < to; i++) if (values[i]! < min) min = values[i]!;
  return min;
}

/**
 * The `size` smallest distinct values, ascending: a bottom-k MinHash sketch of the set. One pass that
 * keeps the best `size` so far, not a sort of everything: a big package has tens of thousands of
 * fingerprints, and sorting them was a tenth of fingerprinting it.
 */
export function bottomK(values: Iterable<number>, size: number): number[] {
  const best: number[] = [];
  for (const value of values instanceof Set ? (values as Set<number>) : new Set(values)) {
    if (best.length >= size && value >= best[best.length - 1]!) continue;
    best.splice(firstAtLeast(best, value), 0, value);
    if (best.length > size) best.pop();
  }
  return best;
}

/**
 * Jaccard similarity estimated from two bottom-k sketches: of the `size` smallest values of their
 * union, the share that both sketches hold.
 */
export function sketchSimilarity(a: readonly number[], b: readonly number[], size: number): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (ascending(a) && ascending(b)) return mergedSimilarity(a, b, size);
  const inA = new Set(a);
  const inB = new Set(b);
  const union = bottomK([...a, ...b], size);
  let both = 0;
  for (const value of union) if (inA.has(value) && inB.has(value)) both++;
  return both / union.length;
}

function ascending(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1]! >= values[i]!) return false;
  return true;
}

/**
 * The same estimate for sketches as bottomK makes them (distinct, ascending): one merge of the two,
 * without the three sets and the copy the general case builds. A scan of packages missing from the
 * reference index measures each against up to 25 candidates, and those sets were most of it.
 */
function mergedSimilarity(a: readonly number[], b: readonly number[], size: number): number {
  let i = 0;
  let j = 0;
  let taken = 0;
  let both = 0;
  while (taken < size && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Number.POSITIVE_INFINITY;
    const y = j < b.length ? b[j]! : Number.POSITIVE_INFINITY;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    taken++;
  }
  return both / taken;
}

/** Share of a reference sketch found in a full fingerprint set: how much of the reference is contained. */
export function containment(sketch: readonly number[], prints: ReadonlySet<number>): number {
  if (sketch.length === 0) return 0;
  let found = 0;
  for (const value of sketch) if (prints.has(value)) found++;
  return found / sketch.length;
}
