import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as delay } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { runAhead, runPool } from '../../src/util/pool.js';

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

it('runs ahead of its consumer in order, at most `concurrency` at once', async () => {
  let active = 0;
  let peak = 0;
  const started: number[] = [];
  const ahead = runAhead([0, 1, 2, 3, 4, 5], 2, undefined, async (i) => {
    started.push(i);
    peak = Math.max(peak, ++active);
    await delay(3);
    active--;
    return i * 10;
  });
  // Nobody has asked yet, and the first two are already under way.
  expect(started).toEqual([0, 1]);
  await delay(30);
  expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  expect(peak).toBe(2);
  expect(await Promise.all([5, 0, 3].map((i) => ahead.get(i)))).toEqual([50, 0, 30]);
});

it('starts nothing new after the signal aborts, but still answers for an item asked for', async () => {
  const controller = new AbortController();
  const started: number[] = [];
  const ahead = runAhead([0, 1, 2, 3], 1, controller.signal, async (i) => {
    started.push(i);
    await delay(3);
    return i;
  });
  controller.abort();
  await delay(20);
  expect(started).toEqual([0]);
  expect(await ahead.get(2)).toBe(2);
  expect(started).toEqual([0, 2]);
});

it('forgets a result once it is handed out, so a long run does not hold every result to its end', async () => {
  // The scan adds each package's files to the facts it gets here: a result kept after its hand-over
  // kept every package's files until the last package was read.
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const handedOut: WeakRef<object>[] = [];
  const ahead = runAhead([0, 1, 2], 2, undefined, async (i) => ({ i, files: new Array(1000).fill(i) }));
  for (const i of [0, 1, 2]) handedOut.push(new WeakRef(await ahead.get(i)));
  // A WeakRef keeps its target until the current job ends.
  await delay(1);
  gc();
  expect(handedOut.map((r) => r.deref())).toEqual([undefined, undefined, undefined]);
  expect(() => ahead.get(1)).toThrow('already handed out');
});

it('lets later items take the turn of one that may not start yet, and starts held items once nothing else is left', async () => {
  const items = ['h1', 'h2', 'a', 'h3', 'b', 'c'];
  const heavy = (item: string) => item.startsWith('h');
  let heavyRunning = 0;
  const started: string[] = [];
  const heavyBeside: Record<string, number> = {};
  await runPool(
    items,
    2,
    undefined,
    async (item) => {
      started.push(item);
      if (heavy(item)) heavyRunning++;
      heavyBeside[item] = heavyRunning;
      await delay(heavy(item) ? 30 : 5);
      if (heavy(item)) heavyRunning--;
    },
    { canStart: (item) => !heavy(item) || heavyRunning < 1 },
  );
  expect([...started].sort()).toEqual([...items].sort());
  // h2 waits for h1 while a, b and c go by; h2 and h3 start once only they are left.
  expect(started.slice(0, 2)).toEqual(['h1', 'a']);
  expect(started.indexOf('h2')).toBeGreaterThan(started.indexOf('b'));
  expect(started.slice(-2).sort()).toEqual(['h2', 'h3']);
  // While a, b and c ran, never more than the one heavy item allowed.
  expect([heavyBeside.a, heavyBeside.b, heavyBeside.c].every((n) => n! <= 1)).toBe(true);
});

it('starts a held item when it is all that is left, even if it may never start (no stall)', async () => {
  const started: string[] = [];
  await runPool(['x', 'y'], 3, undefined, async (item) => void started.push(item), { canStart: () => false });
  expect(started).toEqual(['x', 'y']);
});
