/** What a running item may ask of its pool. */
export interface PoolSlot {
  /**
   * Runs `task` without holding a place in the pool: the next item starts meanwhile. For waits on
   * something shared (a lane big tarballs take in turn), so that a queue there never idles the pool.
   */
  outside<R>(task: () => Promise<R>): Promise<R>;
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight (not counting work done `outside`).
 * When `signal` aborts, no new item starts; items under way finish (their own fetches see the same
 * signal and give up quickly). A rejected item does not stop the others: work functions are expected
 * to record their failures; the first rejection is passed on once every item has ended.
 */
export function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T, slot: PoolSlot) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let holding = 0;
    let unfinished = 0;
    let failure: { error: unknown } | undefined;
    const slot: PoolSlot = {
      async outside(task) {
        holding--;
        pump();
        try {
          return await task();
        } finally {
          holding++;
        }
      },
    };
    function pump(): void {
      while (holding < concurrency && next < items.length && !signal?.aborted) {
        const item = items[next++]!;
        holding++;
        unfinished++;
        work(item, slot)
          .catch((error: unknown) => (failure ??= { error }))
          .finally(() => {
            holding--;
            unfinished--;
            pump();
          });
      }
      if (unfinished === 0) {
        if (failure) reject(failure.error);
        else resolve();
      }
    }
    pump();
  });
}

/** A queue that runs at most `width` of the tasks given to it at once, in order, whatever each one's outcome. */
export function lane(width: number): <R>(task: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= width) await new Promise<void>((start) => waiting.push(start));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next task in line, so `running` only drops when none waits.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
