/**
 * The live progress line (issue 12): never blank while the scan works, cleared when done, silent
 * when stderr is not a terminal.
 */
import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from '../../src/reporters/progress.js';
import type { ScanProgress } from '../../src/scan.js';

function fakeTerminal() {
  let written = '';
  return {
    stream: { isTTY: true, columns: 80, write: (text: string) => (written += text) },
    /** What the terminal shows on its current line: text after the last line clear or newline. */
    visibleLine: () => written.split('\n').at(-1)!.split('\r\u001b[2K').at(-1)!,
  };
}

const EVENTS: ScanProgress[] = [
  { phase: 'lockfile', lockfile: 'package-lock.json', format: 'npm-lock-v3', packages: 3, ignoredLockfiles: [] },
  { phase: 'fetch', done: 0, total: 3, current: '' },
  { phase: 'fetch', done: 1, total: 3, current: 'a@1.0.0' },
  { phase: 'fetch', done: 3, total: 3, current: 'c@1.0.0' },
  { phase: 'analyse', step: 'publishers', done: 0, total: 2 },
  { phase: 'analyse', step: 'publishers', done: 2, total: 2 },
  { phase: 'analyse', step: 'cross-package', done: 0, total: 4 },
  { phase: 'analyse', step: 'cross-package', done: 3, total: 4 },
];

describe('progress line', () => {
  it('always shows what the scan is doing, with counts, until done clears it', () => {
    let t = 0;
    const terminal = fakeTerminal();
    const print = createProgressPrinter(terminal.stream, () => (t += 1000))!;
    for (const event of EVENTS.slice(1)) {
      print(event);
      expect(terminal.visibleLine(), event.phase).not.toBe('');
      if (event.phase === 'fetch' || event.phase === 'analyse') expect(terminal.visibleLine()).toContain(`${event.done}/${event.total}`);
    }
    print({ phase: 'done' });
    expect(terminal.visibleLine()).toBe('');
  });

  it('writes nothing when stderr is not a terminal', () => {
    expect(createProgressPrinter({ isTTY: false, write: () => expect.fail('wrote to a non-terminal') })).toBeUndefined();
  });
});
