import { EventEmitter } from 'node:events';
import { expect, it } from 'vitest';
import { coalesce } from '../../src/registry/coalesce.js';

/** A response body as the coalescer sees one: 'data', 'end' and 'error' events, pause, resume, destroy. */
class FakeBody extends EventEmitter {
  paused = false;
  destroyed = false;
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);

it('hands a waiting reader every chunk of one turn at once, in order and uncopied', async () => {
  const source = new FakeBody();
  const pieces = coalesce(source)[Symbol.asyncIterator]();
  const first = pieces.next();
  const chunks = [bytes(16, 1), bytes(16, 2), bytes(16, 3)];
  for (const chunk of chunks) source.emit('data', chunk);
  const piece = (await first).value as Buffer[];
  expect(piece).toHaveLength(3);
  piece.forEach((part, i) => expect(part).toBe(chunks[i]));
  source.emit('end');
  expect((await pieces.next()).done).toBe(true);
});

it('pauses the source while more than the held limit waits unasked, and resumes it once taken', async () => {
  const source = new FakeBody();
  const pieces = coalesce(source, 100)[Symbol.asyncIterator]();
  source.emit('data', bytes(60, 1));
  expect(source.paused).toBe(false);
  source.emit('data', bytes(60, 2));
  expect(source.paused).toBe(true);
  const piece = (await pieces.next()).value as Buffer[];
  expect(Buffer.concat(piece)).toHaveLength(120);
  expect(source.paused).toBe(false);
});

it('gives what it holds at the end, then the end', async () => {
  const source = new FakeBody();
  const pieces = coalesce(source)[Symbol.asyncIterator]();
  source.emit('data', bytes(10, 7));
  source.emit('end');
  expect((await pieces.next()).value).toEqual(bytes(10, 7));
  expect((await pieces.next()).done).toBe(true);
});

it('fails a waiting read with the source error (an integrity mismatch before the end)', async () => {
  const source = new FakeBody();
  const pieces = coalesce(source)[Symbol.asyncIterator]();
  const waiting = pieces.next();
  const mismatch = Object.assign(new Error('integrity checksum failed'), { code: 'EINTEGRITY' });
  source.emit('error', mismatch);
  source.emit('end');
  await expect(waiting).rejects.toBe(mismatch);
  // Bytes held when the error came are never handed on.
  await expect(pieces.next()).rejects.toBe(mismatch);
});

it('tells error listeners of an error after the end, without an unhandled error event', async () => {
  const source = new FakeBody();
  const body = coalesce(source);
  const seen: unknown[] = [];
  body.on('error', (error) => seen.push(error));
  const pieces = body[Symbol.asyncIterator]();
  source.emit('end');
  const late = new Error('socket closed');
  expect(() => source.emit('error', late)).not.toThrow();
  expect(seen).toEqual([late]);
  expect((await pieces.next()).done).toBe(true);
});

it('destroys the source when the reader stops early', async () => {
  const source = new FakeBody();
  const pieces = coalesce(source)[Symbol.asyncIterator]();
  await pieces.return?.();
  expect(source.destroyed).toBe(true);
});
