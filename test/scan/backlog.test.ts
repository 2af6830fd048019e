/**
 * How much the scan reads ahead of the detector threads. With one detector thread (2 cores) and a
 * limit of two waiting packages, one package that held the thread for a second stopped every fetch;
 * with six fetches in flight, most of them waiting on a round trip, the network sat idle.
 */
import { availableParallelism } from 'node:os';
import { expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../../src/options.js';
import { backlogLimit } from '../../src/scan.js';

it('lets at least six packages wait, however few detector threads there are', () => {
  expect(backlogLimit(1)).toBe(6);
  // Inline judging (no threads) must still let fetches start: a limit of 0 once let none.
  expect(backlogLimit(0)).toBeGreaterThan(0);
});

it('lets two packages per detector thread wait once there are more than three', () => {
  expect(backlogLimit(4)).toBe(8);
  expect(backlogLimit(8)).toBe(16);
});

it('fetches two packages per core at once by default, never fewer than 12 nor more than 16', () => {
  expect(DEFAULT_CONCURRENCY).toBe(Math.min(16, Math.max(12, 2 * availableParallelism())));
  expect(DEFAULT_CONCURRENCY).toBeGreaterThanOrEqual(12);
});
