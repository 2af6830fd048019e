/**
 * How far V8 lets a heap grow past what its last full collection left live, set by tree size.
 *
 * By default V8 lets a heap grow to as much as four times its live data before collecting again.
 * On the bench's 22,000-package tree the main heap held about 220 MB live and grew to 750 MB: peak
 * RSS 1,000-1,023 MiB over four runs, against the 1 GiB target. Held to 1.5 ×, it peaked at 606 and
 * 705 MiB in 185 and 215 s (192-208 s before). On a 657-package tree the same setting cost about 10%
 * more CPU for memory that tree never needed (peak 380 against 440 MB), so small trees keep V8's default.
 *
 * V8 reads the factor at every collection, so setting it once the lockfile is read takes effect
 * for the rest of the run, on every thread. It is a process setting: the CLI sets it, scan() never.
 */
import { setFlagsFromString } from 'node:v8';

/** Trees from this many packages up have their heaps held to HEAP_GROWTH_PERCENT. */
export const LARGE_TREE_PACKAGES = 5000;
/** A heap may grow to 1.5 × its live data (V8's --heap-growing-percent). */
export const HEAP_GROWTH_PERCENT = 50;

/** The growth to ask V8 for on a tree of `packages`; undefined keeps V8's default. */
export function heapGrowthPercentFor(packages: number): number | undefined {
  return packages >= LARGE_TREE_PACKAGES ? HEAP_GROWTH_PERCENT : undefined;
}

/** Applies heapGrowthPercentFor to this process; returns the percent set, if any. */
export function limitHeapGrowthFor(packages: number): number | undefined {
  const percent = heapGrowthPercentFor(packages);
  if (percent !== undefined) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
