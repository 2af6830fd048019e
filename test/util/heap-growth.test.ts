/**
 * Large trees hold V8's heaps near their live data (the bench's 22,000-package tree peaked at
 * 1,000-1,023 MiB against a 1 GiB target); small trees keep V8's default, which costs less CPU.
 */
import { expect, it } from 'vitest';
import { HEAP_GROWTH_PERCENT, heapGrowthPercentFor, LARGE_TREE_PACKAGES } from '../../src/util/heap-growth.js';

it('leaves the heap growth of a real project tree to V8', () => {
  expect(heapGrowthPercentFor(657)).toBeUndefined();
  expect(heapGrowthPercentFor(LARGE_TREE_PACKAGES - 1)).toBeUndefined();
});

it('holds the heaps of a large tree to 1.5 times their live data', () => {
  expect(heapGrowthPercentFor(LARGE_TREE_PACKAGES)).toBe(HEAP_GROWTH_PERCENT);
  expect(heapGrowthPercentFor(22_000)).toBe(50);
});
