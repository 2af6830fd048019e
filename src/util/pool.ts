/**
 * Runs `work` over `items` with at most `concurrency` in flight.
 * When `signal` aborts, no new item starts; items under way finish (their own fetches see the same
 * signal and give up quickly). A rejected item does not stop the others: work functions are expected
 * to record their failures; the first rejection is passed on once every item has ended.
 */
export function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failure: { error: unknown } | undefined;
    function pump(): void {
      while (running < concurrency && next < items.length && !signal?.aborted) {
        const item = items[next++]!;
        running++;
        work(item)
          .catch((error: unknown) => (failure ??= { error }))
          .finally(() => {
            running--;
            pump();
          });
      }
      if (running === 0) {
        if (failure) reject(failure.error);
        else resolve();
      }
    }
    pump();
  });
}
