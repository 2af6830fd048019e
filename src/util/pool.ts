/**
 * Runs `work` over `items` with at most `concurrency` in flight. When `signal` aborts, no new item
 * starts; items under way finish (their own fetches see the same signal and give up quickly).
 * A rejected item does not stop the others: work functions are expected to record their failures.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
