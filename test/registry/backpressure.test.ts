/**
 * Issue 14: pacote's HTTP layer writes every chunk the socket delivers into the body whether or not
 * anyone reads it, so a tarball downloading faster than it inflates waited whole in memory. The
 * budget pauses a marked response while the reader is behind. These tests read the way
 * minipass-fetch does (a `data` listener that never says stop) against a server on 127.0.0.1.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { READ_ID_HEADER, openBudget } from '../../src/registry/backpressure.js';
import { RegistryClient } from '../../src/registry/client.js';
import { toPacoteOptions } from '../../src/registry/npm-config.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const CHUNK = 64 * 1024;
const TOTAL = 12 * 1024 * 1024;
const BUDGET = { highWaterBytes: 1024 * 1024, lowWaterBytes: 256 * 1024 };

let server: Server;
let url = '';
const closedEarly: boolean[] = [];
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(TOTAL) });
    let sent = 0;
    res.on('close', () => closedEarly.push(sent < TOTAL));
    const pump = () => {
      while (sent < TOTAL) {
        sent += CHUNK;
        if (!res.write(Buffer.alloc(CHUNK, 7))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.tgz`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Reads like minipass-fetch (never pauses), taking one chunk per millisecond: slower than 127.0.0.1 delivers. */
async function slowRead(headers: Record<string, string>, take: (bytes: number) => void): Promise<{ received: number; mostWaiting: number }> {
  const queue: Buffer[] = [];
  let waiting = 0;
  let mostWaiting = 0;
  let ended = false;
  // Listening inside the 'response' event, as minipass-fetch does: a byte may follow the headers at once.
  get(url, { headers }, (response: IncomingMessage) => {
    response.on('data', (chunk: Buffer) => {
      queue.push(chunk);
      waiting += chunk.length;
      mostWaiting = Math.max(mostWaiting, waiting);
    });
    response.on('end', () => (ended = true));
  });
  let received = 0;
  while (!ended || queue.length > 0) {
    const chunk = queue.shift();
    if (!chunk) {
      await delay(1);
      continue;
    }
    waiting -= chunk.length;
    received += chunk.length;
    take(chunk.length);
    await delay(1);
  }
  return { received, mostWaiting };
}

it('pauses a marked response while the reader is behind, and still reads it to the end', async () => {
  const account = openBudget(BUDGET);
  try {
    const { received, mostWaiting } = await slowRead(account.headers, (n) => account.budget.take(n));
    expect(received).toBe(TOTAL);
    expect(account.budget.attached).toBe(1);
    // The high-water mark plus what one socket read can bring in after it.
    expect(mostWaiting).toBeLessThanOrEqual(BUDGET.highWaterBytes + 2 * CHUNK);
  } finally {
    account.release();
  }
});

it('leaves an unmarked response alone (the reader falls megabytes behind)', async () => {
  const { received, mostWaiting } = await slowRead({}, () => undefined);
  expect(received).toBe(TOTAL);
  expect(mostWaiting).toBeGreaterThan(4 * BUDGET.highWaterBytes);
});

it('destroys a response the reader stopped reading, instead of downloading the rest into memory', async () => {
  const account = openBudget(BUDGET);
  const response = await new Promise<IncomingMessage>((resolve) => get(url, { headers: account.headers }, resolve));
  response.on('data', () => undefined);
  response.on('error', () => undefined);
  await delay(20);
  const before = closedEarly.length;
  account.release();
  await once(response, 'close');
  await delay(20);
  expect(closedEarly.slice(before)).toEqual([true]);
});

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({
    fixtures: [{ name: 'plain', publisher: { name: 'owner' }, versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', files: { 'index.js': 'module.exports = 1;\n' } }] }],
  });
});
afterAll(async () => registry.close());

it('marks a tarball fetched from its URL, and never a packument request', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-backpressure-'));
  const client = new RegistryClient({ pacoteOptions: toPacoteOptions({}, { registry: registry.url, cache }, {}), retries: 0, retryBaseDelayMs: 10, maxRetryAfterMs: 100, requestTimeoutMs: 10_000, tarballCaps: DEFAULT_TARBALL_CAPS });
  const read = await client.tarball('plain', '1.0.0', registry.dist('plain', '1.0.0'));
  expect(read.complete).toBe(true);
  // By version, pacote asks for the packument first: a budget on that answer would wait for a reader that never comes.
  await client.tarball('plain', '1.0.0');
  const marked = registry.requests.filter((r) => r.headers[READ_ID_HEADER] !== undefined).map((r) => r.path);
  expect(marked).toEqual(['/plain/-/plain-1.0.0.tgz']);
});
