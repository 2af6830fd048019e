import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readJsonFile, writeJsonFile } from '../../src/util/json-files.js';

it('writes into a folder removed since the last write (a cache cleared while the process runs)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-json-files-'));
  const dir = join(root, 'ab');
  await writeJsonFile(join(dir, 'one.json'), { a: 1 });
  expect(await readJsonFile(join(dir, 'one.json'))).toEqual({ a: 1 });
  rmSync(dir, { recursive: true, force: true });
  await writeJsonFile(join(dir, 'two.json'), { b: 2 });
  expect(await readJsonFile(join(dir, 'two.json'))).toEqual({ b: 2 });
});

it('reads a missing, truncated or corrupt file as a miss', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-json-files-'));
  expect(await readJsonFile(join(root, 'none.json'))).toBeUndefined();
  writeFileSync(join(root, 'cut.json'), '{"a":');
  expect(await readJsonFile(join(root, 'cut.json'))).toBeUndefined();
  expect(existsSync(join(root, 'cut.json'))).toBe(true);
});
