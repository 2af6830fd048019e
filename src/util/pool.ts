export interface PoolOptions<T> {
  /**
   * Whether an item may start now. One that may not gives its turn to later items, and is offered
   * again, before them, whenever an item ends; once no later item is left, held items start in order.
   */
  canStart?: (item: T) => boolean;
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order except for items
 * `canStart` holds back.
 * When `signal` aborts, no new item starts; items under way finish (their own fetches see the same
 * signal and give up quickly). A rejected item does not stop the others: work functions are expected
 * to record their failures; the first rejection is passed on once every item has ended.
 */
export function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>, options: PoolOptions<T> = {}): Promise<void> {
  const canStart = options.canStart ?? (() => true);
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failure: { error: unknown } | undefined;
    const held: T[] = [];
    function take(): T | undefined {
      const ready = held.findIndex((item) => canStart(item));
      if (ready >= 0) return held.splice(ready, 1)[0];
      while (next < items.length) {
        const item = items[next++]!;
        if (canStart(item)) return item;
        held.push(item);
      }
      // Only held items are left: holding them back would start nothing else in their place.
      return held.shift();
    }
    function pump(): void {
      while (running < concurrency && !signal?.aborted) {
        const item = take();
        if (item === undefined) break;
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

/** Results of work started ahead of whoever consumes them; see `runAhead`. */
export interface Ahead<R> {
  /**
   * Item `index`'s result; started now when the run has not reached it yet. Each result is handed
   * out once and then forgotten, so the run holds only results nobody has asked for yet.
   */
  get(index: number): Promise<R>;
}

/**
 * Starts `work` on `items` in order, at most `concurrency` at once, without waiting for anyone to
 * ask for the results: a later stage that consumes them in the same order finds them ready. Nothing
 * new starts once `signal` aborts. `work` must not reject (record failures in its result).
 */
export function runAhead<T, R>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T) => Promise<R>): Ahead<R> {
  // undefined: not started; null: handed out (kept as a marker, so the run never starts it again).
  // The scan's consumer adds a package's files to the facts it got here: holding results past their
  // hand-over kept every package's files to the end of the scan (1 GB RSS at 22,000 packages).
  const results: (Promise<R> | null | undefined)[] = [];
  let next = 0;
  let running = 0;
  const start = (index: number, counted: boolean): Promise<R> => {
    const result = work(items[index]!);
    results[index] = result;
    if (counted) {
      running++;
      const ended = () => {
        running--;
        pump();
      };
      result.then(ended, ended);
    }
    return result;
  };
  function pump(): void {
    while (running < concurrency && next < items.length && !signal?.aborted) {
      if (results[next] === undefined) start(next, true);
      next++;
    }
  }
  pump();
  return {
    get(index) {
      const result = results[index];
      if (result === null) throw new Error(`runAhead: item ${index} was already handed out`);
      const handed = result ?? start(index, false);
      results[index] = null;
      return handed;
    },
  };
}
