import { setTimeout as delay } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { runPool } from '../../src/util/pool.js';

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
