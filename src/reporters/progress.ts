/**
 * The live progress line on stderr. Only for terminals: when stderr is a file or a pipe nothing is
 * written, so logs stay clean. Shown with --json too (stdout carries the report, stderr the line).
 * Every phase leaves words on the line until the next one replaces them, so the terminal never
 * goes blank while the scan works; `done` clears it just before the report is printed.
 */
import type { ScanProgress } from '../scan.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const CLEAR_LINE = '\r\u001b[2K';
/** Redraw at most this often while fetching: hundreds of packages finish per second from a warm cache. */
const REDRAW_MS = 100;

export function createProgressPrinter(stream: ProgressStream, clock: () => number = Date.now): ((event: ScanProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let lastDraw = 0;
  const draw = (text: string) => {
    lastDraw = clock();
    // A terminal with no size (a pseudo-terminal from `script`, some CI) reports 0 columns.
    stream.write(`${CLEAR_LINE}${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
  };
  return (event) => {
    switch (event.phase) {
      case 'lockfile':
        stream.write(`${CLEAR_LINE}reading ${event.lockfile} (${event.format}): ${event.packages} packages\n`);
        for (const other of event.ignoredLockfiles) stream.write(`  also found ${other}; not used\n`);
        return;
      case 'fetch':
        if (clock() - lastDraw < REDRAW_MS && event.done > 0 && event.done < event.total) return;
        draw(`fetched and judged ${event.done}/${event.total}${event.current ? ` ${event.current}` : ''}`);
        return;
      case 'analyse':
        draw(event.step === 'publishers' ? `analysing: publisher look-ups ${event.done}/${event.total}` : `analysing: cross-package detectors ${event.done}/${event.total}`);
        return;
      case 'done':
        stream.write(CLEAR_LINE);
        return;
    }
  };
}
