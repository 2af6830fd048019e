/**
 * Small JSON files of spamcheck's own cache. Reads never throw (a missing, truncated or corrupt file
 * is a miss); writes go to a temporary name first and are renamed, so a reader never sees half a
 * file and two scans writing one key at once both leave a whole one. A failed write is ignored:
 * the cache only saves time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Read synchronously: these files are a few KB, and a warm scan reads two per package; four
 * thread-pool round trips each (open, stat, read, close) cost more than the reads themselves.
 */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

let counter = 0;
const made = new Set<string>();

/**
 * Written synchronously, like the reads: a cold scan writes two files per package, and the promise
 * API's thread-pool round trips (open, write, close, rename) cost the main thread more than the
 * writes themselves.
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  writeJsonFileNow(path, value);
}

function writeJsonFileNow(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.${counter++}.tmp`;
  try {
    const dir = dirname(path);
    // Once per folder and process: a cold scan writes a thousand entries into 16 folders per store.
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const text = JSON.stringify(value);
    try {
      writeFileSync(temporary, text);
    } catch (error) {
      // The folder was removed since (a cleared cache): make it again, once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true });
      writeFileSync(temporary, text);
    }
    renameSync(temporary, path);
  } catch {
    // A read-only or full disk makes the next scan slower, not wrong.
  }
}

/** Where a cache's entries go: written at once, or queued until the scan has time (`writeBehind`). */
export interface JsonWriter {
  write(path: string, value: unknown): void;
  /**
   * The entry at `path`: one still waiting to be written, else the file (undefined when missing or
   * unreadable). Synchronous, so a caller can time the read itself (SPAMCHECK_TIMINGS).
   */
  read(path: string): unknown;
}

export const writeThrough: JsonWriter = { write: (path, value) => writeJsonFileNow(path, value), read: readJsonFile };

export interface WriteBehind extends JsonWriter {
  /**
   * Writes what waits, one file per turn of the event loop, so replies from the detector threads are
   * still taken (and their next packages handed out) between two writes. `drain()` called again
   * while draining waits for the same drain.
   */
  drain(): Promise<void>;
}

/**
 * Entries held at most, so that memory stays flat in the tree's size: on the bench's 24,200-package
 * tree, holding 2,000 raised peak RSS from 590 to 700 MiB; 500 left it at 590. A 700-package tree
 * writes about 1,300 (635 packuments while packuments arrive).
 */
const MAX_WAITING_WRITES = 500;

/**
 * Cache entries held until the scan can spare the main thread: a cold scan writes two JSON files
 * per package (its slim packument, its verdict), and written as they came they took the main thread
 * 0.3-0.4 s while packuments arrive, its busiest phase. The scan drains them while it waits for the
 * detector threads (and once every package is read). An entry waiting is read from memory, so a
 * second locked version of a name still finds the packument the first one fetched.
 */
export function writeBehind(maxWaiting = MAX_WAITING_WRITES): WriteBehind {
  const waiting = new Map<string, unknown>();
  let draining: Promise<void> | undefined;
  const drainAll = async () => {
    for (const [path, value] of waiting) {
      waiting.delete(path);
      writeJsonFileNow(path, value);
      await nextTurn();
    }
  };
  return {
    write(path, value) {
      waiting.delete(path);
      waiting.set(path, value);
      // Past the cap the oldest goes now: memory stays flat in the tree's size.
      if (waiting.size > maxWaiting) {
        const [oldest, entry] = waiting.entries().next().value as [string, unknown];
        waiting.delete(oldest);
        writeJsonFileNow(oldest, entry);
      }
    },
    read: (path) => (waiting.has(path) ? waiting.get(path) : readJsonFile(path)),
    drain: () => (draining ??= drainAll().finally(() => (draining = undefined))),
  };
}

/**
 * Where an entry keyed by `parts` lives under `dir`: the sha256 of the parts, fanned out over 16
 * folders by its first hex digit. Keys may hold any characters; file names never do.
 *
 * 16, not 256: a cold scan made every folder of both stores, and making a folder is the file
 * system's costliest call here (ext4 looks for a block group to put each new folder in). On the
 * bench's 657-package tree the 512 folders took 0.18 s of the main thread's CPU (perf; the 1,300
 * files written into them took 0.4 s, and stay); 16 folders hold 60,000 entries (a 20,000-package tree's
 * verdicts and packuments) at under 4,000 a folder, which any file system lists quickly.
 */
export function hashedPath(dir: string, ...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\n')).digest('hex');
  return join(dir, hash.slice(0, 1), `${hash}.json`);
}
