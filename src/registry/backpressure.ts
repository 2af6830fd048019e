/**
 * Backpressure for tarball downloads.
 *
 * pacote's HTTP layer (minipass-fetch) writes every chunk the socket delivers into the response body
 * whether or not anyone reads it (`res.on('data', chunk => body.write(chunk))`), so a tarball that
 * downloads faster than it inflates waits whole in memory: eight platform builds of 40 MB in flight
 * held 300 MB. Nothing in pacote's options reaches that stream, so the client marks each tarball
 * request with a header carrying a read id, watches requests through Node's `http.client.request.start`
 * diagnostics channel, and pauses the marked response while more than `highWaterBytes` received bytes
 * wait unread; it resumes once the reader is below `lowWaterBytes`. A paused response stops reading
 * its socket, so TCP slows the registry down: memory per read stays near the high-water mark.
 *
 * A response the channel never sees (a client stack that does not use `node:http`) is simply not
 * paused: the read is as before, never wrong.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** Sent with each tarball request; registries ignore unknown headers. */
export const READ_ID_HEADER = 'x-spamcheck-read';

export interface BudgetOptions {
  highWaterBytes: number;
  lowWaterBytes: number;
}

/**
 * 256 KiB, not the 2 MiB it was: bytes that wait unread are JavaScript buffers on the main thread,
 * and a buffer that waits through two young-generation collections is promoted and counted against
 * the old generation. While platform builds streamed, that alone started a full collection of the
 * main heap every tenth of a second (63 on a Next.js tree of 54 packages; 11 at 256 KiB, with
 * 23.5 -> 15.9 s of CPU). Bytes beyond the budget wait in the kernel's socket buffer instead, which
 * costs the heap nothing, and TCP slows the registry down as before.
 */
export const DEFAULT_BUDGET: BudgetOptions = { highWaterBytes: 256 * 1024, lowWaterBytes: 64 * 1024 };

/** One read's account: bytes the response delivered against bytes the reader took. */
export class ResponseBudget {
  private response: IncomingMessage | undefined;
  private received = 0;
  private taken = 0;
  private paused = false;
  /** Most bytes ever waiting between the socket and the reader (for tests and benchmarks). */
  maxWaiting = 0;
  /** Responses this read was attached to (a redirect makes two). */
  attached = 0;

  constructor(private readonly options: BudgetOptions = DEFAULT_BUDGET) {}

  /** A new response starts its own count: the body of a redirect is never read by the reader. */
  attach(response: IncomingMessage): void {
    this.response = response;
    this.attached++;
    this.received = this.taken;
    this.paused = false;
    response.on('data', (chunk: Buffer) => {
      if (this.response !== response) return;
      this.received += chunk.length;
      const waiting = this.received - this.taken;
      if (waiting > this.maxWaiting) this.maxWaiting = waiting;
      if (!this.paused && waiting > this.options.highWaterBytes) {
        this.paused = true;
        response.pause();
      }
    });
  }

  /** The reader took `bytes` from the stream. */
  take(bytes: number): void {
    this.taken += bytes;
    if (this.paused && this.received - this.taken <= this.options.lowWaterBytes) {
      this.paused = false;
      this.response?.resume();
    }
  }

  /**
   * The read is over. A response still open was cut short by the reader (a cap, a deadline, an
   * interruption): it is destroyed rather than resumed, since resuming would download the rest into
   * a body nobody reads. Its error reaches pacote's stream, whose listener the reader keeps.
   */
  close(): void {
    const response = this.response;
    this.response = undefined;
    if (response && !response.complete && !response.destroyed) response.destroy();
  }
}

const open = new Map<string, ResponseBudget>();
let nextId = 0;
let watching = false;

function onRequest(message: unknown): void {
  const request = (message as { request?: ClientRequest }).request;
  // minipass-fetch sets header values as arrays.
  const raw = request?.getHeader?.(READ_ID_HEADER);
  const id = Array.isArray(raw) ? raw[0] : raw;
  const budget = typeof id === 'string' ? open.get(id) : undefined;
  if (!request || !budget) return;
  // Counting starts inside the same 'response' event in which minipass-fetch starts reading, so no byte passes uncounted.
  request.once('response', (response: IncomingMessage) => budget.attach(response));
}

/** Opens an account for one read: the header to send with its request, and the budget to feed. */
export function openBudget(options: BudgetOptions = DEFAULT_BUDGET): { headers: Record<string, string>; budget: ResponseBudget; release: () => void } {
  if (!watching) {
    watching = true;
    subscribe('http.client.request.start', onRequest);
  }
  const id = `${process.pid}-${++nextId}`;
  const budget = new ResponseBudget(options);
  open.set(id, budget);
  return {
    headers: { [READ_ID_HEADER]: id },
    budget,
    release: () => {
      open.delete(id);
      budget.close();
    },
  };
}
