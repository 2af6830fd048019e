/**
 * Index of the first value at or above `value` in an ascending array (binary search): where
 * `value` would be inserted to keep the order. Used on the reference index's posting keys and on
 * bottom-k sketches being built.
 */
export function firstAtLeast(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
