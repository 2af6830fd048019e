/**
 * Line numbers for offsets into one text: the line starts are found once, then each lookup is a
 * binary search. Parsers and detectors report many positions per file, and rescanning from the
 * start for each one is quadratic on large inputs.
 */
export interface LineIndex {
  /** 1-based line of a 0-based offset. */
  line(offset: number): number;
  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; column: number };
}

export function createLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineStartIndex = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return {
    line: (offset) => lineStartIndex(offset) + 1,
    position(offset) {
      const index = lineStartIndex(offset);
      return { line: index + 1, column: offset - starts[index]! + 1 };
    },
  };
}
