/**
 * Small JSON files of spamcheck's own cache. Reads never throw (a missing, truncated or corrupt file
 * is a miss); writes go to a temporary name first and are renamed, so a reader never sees half a
 * file and two scans writing one key at once both leave a whole one. A failed write is ignored:
 * the cache only saves time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export async function readJsonFile(path: string): Promise<unknown> {
  try {
    // Read synchronously: these files are a few KB, and a warm scan reads two per package; four
    // thread-pool round trips each (open, stat, read, close) cost more than the reads themselves.
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
  const temporary = `${path}.${process.pid}.${counter++}.tmp`;
  try {
    const dir = dirname(path);
    // Once per folder and process: a cold scan writes a thousand entries into 256 folders.
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

/**
 * Where an entry keyed by `parts` lives under `dir`: the sha256 of the parts, fanned out over 256
 * folders by its first two hex digits. Keys may hold any characters; file names never do.
 */
export function hashedPath(dir: string, ...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\n')).digest('hex');
  return join(dir, hash.slice(0, 2), `${hash}.json`);
}
