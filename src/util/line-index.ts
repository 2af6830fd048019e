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
  // Found on the first lookup, not here: most token searches over a file find nothing, and
  // indexing every line of every searched file was 1-2% of a cold scan's CPU.
  let starts: number[] | undefined;
  const lineStarts = (): number[] => {
    if (starts) return starts;
    starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  };
  const lineStartIndex = (offset: number): number => {
    const all = lineStarts();
    let low = 0;
    let high = all.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (all[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return {
    line: (offset) => lineStartIndex(offset) + 1,
    position(offset) {
      const index = lineStartIndex(offset);
      return { line: index + 1, column: offset - lineStarts()[index]! + 1 };
    },
  };
}
