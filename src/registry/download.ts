/**
 * Downloads one file (the OSV export for `spamcheck update-db`) to disk under a byte cap and a
 * time limit. Kept beside the registry client because fetching lives in src/registry/ only.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export class DownloadError extends Error {}

export interface DownloadResult {
  bytes: number;
}

export async function downloadToFile(url: string, path: string, options: { timeoutMs: number; maxBytes: number }): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new DownloadError(`could not download ${url}: ${causeOf(error)}`);
  }
  if (!response.ok || !response.body) throw new DownloadError(`could not download ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) return done(new DownloadError(`${url} is larger than ${options.maxBytes} bytes; refusing it`));
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), cap, createWriteStream(path));
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`download of ${url} stopped: ${causeOf(error)}`);
  }
  return { bytes };
}

function causeOf(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { message?: string; code?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
