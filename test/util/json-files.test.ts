import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { hashedPath, readJsonFile, writeBehind, writeJsonFile } from '../../src/util/json-files.js';

it('writes into a folder removed since the last write (a cache cleared while the process runs)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-json-files-'));
  const dir = join(root, 'ab');
  await writeJsonFile(join(dir, 'one.json'), { a: 1 });
  expect(readJsonFile(join(dir, 'one.json'))).toEqual({ a: 1 });
  rmSync(dir, { recursive: true, force: true });
  await writeJsonFile(join(dir, 'two.json'), { b: 2 });
  expect(readJsonFile(join(dir, 'two.json'))).toEqual({ b: 2 });
});

it('reads a missing, truncated or corrupt file as a miss', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-json-files-'));
  expect(readJsonFile(join(root, 'none.json'))).toBeUndefined();
  writeFileSync(join(root, 'cut.json'), '{"a":');
  expect(readJsonFile(join(root, 'cut.json'))).toBeUndefined();
  expect(existsSync(join(root, 'cut.json'))).toBe(true);
});

it('writes behind: an entry waits in memory, where reads find it, until drained; entries added while draining are written too', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-json-files-'));
  const writes = writeBehind();
  const [one, two, three] = ['one', 'two', 'three'].map((name) => join(root, 'ab', `${name}.json`));
  writes.write(one!, { a: 1 });
  writes.write(two!, { b: 1 });
  writes.write(two!, { b: 2 });
  expect(existsSync(one!)).toBe(false);
  expect(writes.read(two!)).toEqual({ b: 2 });
  const draining = writes.drain();
  // Asked again while draining: the same drain, which also takes what is added meanwhile.
  expect(writes.drain()).toBe(draining);
  writes.write(three!, { c: 3 });
  await draining;
  expect([readJsonFile(one!), readJsonFile(two!), readJsonFile(three!)]).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  expect(writes.read(join(root, 'ab', 'none.json'))).toBeUndefined();
});

it('writes behind at most so many entries: past the cap the oldest is written at once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-json-files-'));
  const writes = writeBehind(2);
  const paths = ['a', 'b', 'c', 'd'].map((name) => join(root, 'cd', `${name}.json`));
  paths.forEach((path, i) => writes.write(path, { i }));
  expect(paths.map((path) => existsSync(path))).toEqual([true, true, false, false]);
  await writes.drain();
  expect(paths.map((path) => existsSync(path))).toEqual([true, true, true, true]);
});

it('files an entry by the sha256 of its key, in one of 16 folders: a cold scan makes few folders', () => {
  const folders = new Set<string>();
  for (let i = 0; i < 400; i++) {
    const path = hashedPath('/cache', 'registry', `name-${i}`);
    const hash = createHash('sha256').update(`registry\nname-${i}`).digest('hex');
    expect(basename(path)).toBe(`${hash}.json`);
    expect(dirname(dirname(path))).toBe('/cache');
    folders.add(basename(dirname(path)));
  }
  expect([...folders].sort()).toEqual([...'0123456789abcdef']);
});
