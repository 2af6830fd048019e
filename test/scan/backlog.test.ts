/**
 * How much the scan reads ahead of the detector threads. With one detector thread (2 cores) and a
 * limit of two waiting packages, one package that held the thread for a second stopped every fetch;
 * with six fetches in flight, most of them waiting on a round trip, the network sat idle.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../../src/options.js';
import { backlogLimit, mayStartRead } from '../../src/scan.js';

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

describe('mayStartRead', () => {
  const threads = 1;
  const concurrency = 12;
  const room = backlogLimit(threads) + concurrency;

  it('starts one read as each package leaves the detector threads, not every free slot at once', () => {
    // Twelve reads landed together: sixteen waiting. Under the old rule no read started until fewer
    // than six waited, then all twelve started together, and the thread idled while they travelled.
    expect(mayStartRead({ reading: 0, waiting: room, waitingTextBytes: 0 }, threads, concurrency)).toBe(false);
    expect(mayStartRead({ reading: 0, waiting: room - 1, waitingTextBytes: 0 }, threads, concurrency)).toBe(true);
    expect(mayStartRead({ reading: 11, waiting: room - 12, waitingTextBytes: 0 }, threads, concurrency)).toBe(true);
    expect(mayStartRead({ reading: 12, waiting: room - 12, waitingTextBytes: 0 }, threads, concurrency)).toBe(false);
  });

  it('keeps the fetch slots busy while the backlog is short', () => {
    for (let reading = 0; reading < concurrency; reading++) {
      expect(mayStartRead({ reading, waiting: backlogLimit(threads) - 1, waitingTextBytes: 0 }, threads, concurrency)).toBe(true);
    }
  });

  it('starts nothing while the waiting text is over its budget, however few packages wait', () => {
    expect(mayStartRead({ reading: 0, waiting: 1, waitingTextBytes: 64 * 1024 * 1024 }, threads, concurrency)).toBe(false);
  });

  it('always lets a read start when nothing waits (inline judging keeps no backlog)', () => {
    expect(mayStartRead({ reading: concurrency - 1, waiting: 0, waitingTextBytes: 0 }, 0, concurrency)).toBe(true);
  });
});
