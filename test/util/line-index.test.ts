import { afterEach, expect, it, vi } from 'vitest';
import { createLineIndex } from '../../src/util/line-index.js';

afterEach(() => vi.restoreAllMocks());

it('gives 1-based lines and columns, the line break belonging to the line it ends', () => {
  const lines = createLineIndex('ab\ncd\n\nef');
  expect([0, 1, 2, 3, 5, 6, 7, 8].map((offset) => lines.line(offset))).toEqual([1, 1, 1, 2, 2, 3, 4, 4]);
  expect(lines.position(4)).toEqual({ line: 2, column: 2 });
  expect(lines.position(7)).toEqual({ line: 4, column: 1 });
  expect(createLineIndex('').position(0)).toEqual({ line: 1, column: 1 });
});

it('reads the text only when a line is asked for, and then once', () => {
  // Token searches build an index for every file they read and mostly find nothing to place.
  const text = 'line\n'.repeat(1000);
  const indexOf = vi.spyOn(String.prototype, 'indexOf');
  const lines = createLineIndex(text);
  expect(indexOf).not.toHaveBeenCalled();
  expect(lines.line(4999)).toBe(1000);
  const calls = indexOf.mock.calls.length;
  expect(calls).toBeGreaterThan(0);
  lines.position(10);
  expect(indexOf.mock.calls.length).toBe(calls);
});
