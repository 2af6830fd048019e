/**
 * File texts cross to a detector worker in packed slabs of shared memory, not copied: the
 * main thread used to turn every text into a string, keep it until a worker took it and clone it
 * again, which left hundreds of megabytes of garbage in its heap on a large tree.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { portableFacts, reviveFacts } from '../../src/engine/portable-facts.js';
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

it('shares the texts with another thread: the receiver reads the same memory, and the sender can still read them', () => {
  const sent = facts();
  const portable = portableFacts(sent);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(portable);
  const message = receiveMessageOnPort(port2)!.message as typeof portable;
  port1.close();
  const received = reviveFacts(message);
  for (const [path, text] of TEXTS) expect(received.files!.readText(path)).toBe(text);
  // Shared, not copied: a byte changed on one side is seen on the other (nothing writes after packing; this only proves the sharing).
  const mine = portable.files!.texts.slabs[0]!;
  const theirs = message.files!.texts.slabs[0]!;
  expect(theirs.buffer).toBeInstanceOf(SharedArrayBuffer);
  mine[portable.files!.texts.starts[0]!] = '['.charCodeAt(0);
  expect(theirs[message.files!.texts.starts[0]!]).toBe('['.charCodeAt(0));
  // A package whose worker was stopped is sent again from the same facts.
  for (const [path, text] of TEXTS.slice(1)) expect(sent.files!.readText(path)).toBe(text);
});

it('shares every slab of a package whose texts fill several', () => {
  const big: [string, string][] = [0, 1, 2, 3, 4].map((i) => [`lib/${i}.js`, `/* ${i} */ ${'z'.repeat(150_000)}`]);
  const files = createPackedPackageFiles([], packTexts(new Map(big.map(([p, t]) => [p, Buffer.from(t, 'utf8')]))), []);
  const portable = portableFacts({ ...facts(), files });
  expect(portable.files!.texts.slabs.length).toBeGreaterThan(1);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(portable);
  const received = reviveFacts(receiveMessageOnPort(port2)!.message as typeof portable);
  port1.close();
  for (const [path, text] of big) expect(received.files!.readText(path)).toBe(text);
  expect(portable.files!.texts.slabs.every((slab) => slab.buffer instanceof SharedArrayBuffer)).toBe(true);
});
