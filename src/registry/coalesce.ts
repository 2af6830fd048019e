/**
 * A response body read by its 'data' events and handed on as the chunks that arrived since the
 * reader last asked, as one list. They are not joined: the tarball reader copies every byte into its
 * own reused batch buffer anyway, and a joined piece was one more buffer to collect per turn.
 *
 * Over TLS a body arrives in chunks of 16 KiB (one TLS record each): 39,600 of them for the 634 MB
 * of the bench's 657-package tree. Read through an async iterator, each chunk was a promise and a
 * trip through the tarball reader on the main thread, the scan's busiest. A reader that waits is
 * woken once per turn of the event loop, with every chunk that turn brought: on a local HTTPS
 * server, 40 MB cost 87-91 ms of CPU in 44-110 pieces here, 100-125 ms through a Minipass and its
 * iterator (2,561 chunks), and 77-88 ms counted by bare 'data' events.
 *
 * A piece is never held back to grow: the download budget (backpressure.ts) pauses a response while
 * more than 256 KiB wait unread and resumes it only below 64 KiB, so bytes held here for a bigger
 * piece would wait for bytes the budget holds back.
 */

/** The part of a minipass or Node readable stream read here. */
export interface DataSource {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy?(error?: Error): unknown;
}

/** Bytes held for a reader that has not asked yet, past which the flow is paused: half the budget's high-water mark. */
export const HELD_BYTES = 128 * 1024;

export interface CoalescedBody extends AsyncIterable<Buffer | readonly Buffer[]> {
  /** Told of the source's errors, even one after its end (the tarball reader then calls the read incomplete). */
  on(event: 'error', listener: (error: unknown) => void): unknown;
  /** Stops the source (a read stopped early): the socket is freed. */
  destroy(): void;
}

export function coalesce(source: DataSource, heldBytes = HELD_BYTES): CoalescedBody {
  return new Coalescer(source, heldBytes);
}

class Coalescer implements CoalescedBody, AsyncIterator<Buffer | readonly Buffer[]> {
  private parts: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private paused = false;
  private wakeScheduled = false;
  private failed = false;
  private error: unknown;
  private readonly errorListeners: ((error: unknown) => void)[] = [];
  private waiting: { resolve: (result: IteratorResult<Buffer | readonly Buffer[]>) => void; reject: (error: unknown) => void } | undefined;

  constructor(
    private readonly source: DataSource,
    private readonly heldBytes: number,
  ) {
    // The error listener stays for the source's whole life: a late error (a socket closed after the
    // read stopped) with no listener would end the process.
    source.on('error', (error) => this.fail(error));
    source.on('end', () => {
      this.ended = true;
      this.settle();
    });
    source.on('data', (chunk) => this.hold(chunk));
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer | readonly Buffer[]> {
    return this;
  }

  next(): Promise<IteratorResult<Buffer | readonly Buffer[]>> {
    if (this.failed) return Promise.reject(this.error);
    if (this.ready()) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Buffer | readonly Buffer[]>> {
    this.destroy();
    return Promise.resolve({ done: true, value: undefined });
  }

  on(event: 'error', listener: (error: unknown) => void): this {
    if (event === 'error') this.errorListeners.push(listener);
    return this;
  }

  destroy(): void {
    this.source.destroy?.();
  }

  private hold(chunk: Buffer): void {
    this.parts.push(chunk);
    this.bytes += chunk.length;
    if (this.waiting) {
      // The reader is woken at the end of this turn, with whatever else the turn brings.
      if (!this.wakeScheduled) {
        this.wakeScheduled = true;
        setImmediate(() => {
          this.wakeScheduled = false;
          this.settle();
        });
      }
    } else if (this.bytes >= this.heldBytes && !this.paused) {
      // The reader has not asked for a while: the flow stops until the bytes are taken.
      this.paused = true;
      this.source.pause();
    }
  }

  private fail(error: unknown): void {
    for (const listener of this.errorListeners) listener(error);
    if (this.failed || this.ended) return;
    this.failed = true;
    this.error = error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }

  /** Hands what is held (or the end) to a waiting `next()`. */
  private settle(): void {
    if (!this.waiting || !this.ready()) return;
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(this.take());
  }

  private ready(): boolean {
    return this.bytes > 0 || this.ended;
  }

  /** The chunks held (one buffer, or a list of them), or the end once nothing is left; a paused flow resumes. */
  private take(): IteratorResult<Buffer | readonly Buffer[]> {
    if (this.bytes === 0) return { done: true, value: undefined };
    const piece = this.parts.length === 1 ? this.parts[0]! : this.parts;
    this.parts = [];
    this.bytes = 0;
    if (this.paused) {
      this.paused = false;
      this.source.resume();
    }
    return { done: false, value: piece };
  }
}
