import { setTimeout as delay } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { lane, runPool } from '../../src/util/pool.js';

it('a lane runs at most its width of tasks at once, in the order given, past failures', async () => {
  const run = lane(2);
  let active = 0;
  let peak = 0;
  const started: number[] = [];
  const task = (i: number) => async () => {
    started.push(i);
    peak = Math.max(peak, ++active);
    await delay(5);
    active--;
    if (i === 1) throw new Error('task 1 fails');
    return i;
  };
  const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => run(task(i))));
  expect(peak).toBe(2);
  expect(started).toEqual([0, 1, 2, 3, 4]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
});

it('an item waiting outside the pool gives its place to the next item', async () => {
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  const order: string[] = [];
  // One place: if the first item kept it while waiting, the second (which releases it) could never start.
  await runPool(['waits', 'releases'], 1, undefined, async (item, slot) => {
    if (item === 'waits') {
      await slot.outside(() => released);
      order.push('waits done');
    } else {
      order.push('releases started');
      release();
    }
  });
  expect(order).toEqual(['releases started', 'waits done']);
});

it('holds at most `concurrency` items at once and passes on a failure after every item ended', async () => {
  let active = 0;
  let peak = 0;
  const ended: number[] = [];
  const run = runPool([0, 1, 2, 3, 4, 5], 3, undefined, async (i) => {
    peak = Math.max(peak, ++active);
    await delay(3);
    active--;
    ended.push(i);
    if (i === 0) throw new Error('item 0 failed');
  });
  await expect(run).rejects.toThrow('item 0 failed');
  expect(peak).toBe(3);
  expect(ended.sort()).toEqual([0, 1, 2, 3, 4, 5]);
});
