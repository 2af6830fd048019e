/**
 * File texts cross to a detector worker as one packed buffer that is transferred, not copied: the
 * main thread used to turn every text into a string, keep it until a worker took it and clone it
 * again, which left hundreds of megabytes of garbage in its heap on a large tree.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { portableFacts, reviveFacts, transferablesOf } from '../../src/engine/portable-facts.js';
import { createPackedPackageFiles, packTexts } from '../../src/package-files/memory.js';
import type { PackageFacts } from '../../src/facts/types.js';

const TEXTS: [string, string][] = [
  ['package.json', '{"name":"p","version":"1.0.0"}'],
  ['README.md', '# Überschrift — ünïcödé 🎉\n'],
  ['empty.js', ''],
  ['lib/index.js', 'module.exports = "\\u0000 stays text";\n'],
];

function facts(): PackageFacts {
  const files = createPackedPackageFiles([], packTexts(new Map(TEXTS.map(([p, t]) => [p, Buffer.from(t, 'utf8')]))), []);
  const locked = { name: 'p', version: '1.0.0', aliases: [], direct: true, dev: false, optional: false, peer: false, bundled: false, paths: [['root', 'p']] };
  return { name: 'p', version: '1.0.0', locked, missing: [], files } as PackageFacts;
}

it('reads each text back as its UTF-8 bytes decode, in tarball order', () => {
  const files = facts().files!;
  expect(files.textPaths()).toEqual(TEXTS.map(([p]) => p));
  for (const [path, text] of TEXTS) expect(files.readText(path)).toBe(text);
  expect(files.readText('missing.js')).toBeUndefined();
});

it('hands the texts to another thread in one transferred buffer, and the sender can no longer read them', () => {
  const sent = facts();
  const portable = portableFacts(sent);
  const transfer = transferablesOf(portable);
  expect(transfer).toHaveLength(1);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(portable, transfer);
  const received = reviveFacts(receiveMessageOnPort(port2)!.message as typeof portable);
  port1.close();
  for (const [path, text] of TEXTS) expect(received.files!.readText(path)).toBe(text);
  // Moved, not copied: the sender's bytes are gone, and reading them says so instead of returning nothing.
  expect(transfer[0]!.byteLength).toBe(0);
  expect(() => sent.files!.readText('README.md')).toThrow(/handed to a worker thread/);
});

it('transfers every buffer of a package whose texts fill several', () => {
  const big: [string, string][] = [0, 1, 2, 3, 4].map((i) => [`lib/${i}.js`, `/* ${i} */ ${'z'.repeat(150_000)}`]);
  const files = createPackedPackageFiles([], packTexts(new Map(big.map(([p, t]) => [p, Buffer.from(t, 'utf8')]))), []);
  const sent = { ...facts(), files };
  const portable = portableFacts(sent);
  const transfer = transferablesOf(portable);
  expect(transfer.length).toBeGreaterThan(1);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(portable, transfer);
  const received = reviveFacts(receiveMessageOnPort(port2)!.message as typeof portable);
  port1.close();
  for (const [path, text] of big) expect(received.files!.readText(path)).toBe(text);
  expect(transfer.every((buffer) => buffer.byteLength === 0)).toBe(true);
});
