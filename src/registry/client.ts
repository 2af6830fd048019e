/**
 * The only code that talks to the registry for packuments and tarballs, through npm-registry-fetch
 * (packuments, whose bytes pacote never hands back, and tarballs whose URL and integrity the
 * packument gave) and pacote on top of it (tarballs npm's cache holds, and tarballs asked for by
 * version), so that npm's registry config, auth, proxies and cache apply unchanged.
 *
 * Retries are ours rather than make-fetch-happen's, because a registry that answers 429 says how
 * long to wait (Retry-After) and npm's fetch stack ignores it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Pacote from 'pacote';
import ssri from 'ssri';
import npa from 'npm-package-arg';
import type { Options as RegistryFetchOptions } from 'npm-registry-fetch';
import { openBudget } from './backpressure.js';
import { coalesce, type DataSource } from './coalesce.js';
import { type TarballCaps, type TarballChunk, type TarballReadResult, TarballReadStopped, readPackageTarball } from '../package-files/tarball.js';
import type { Packument } from '../facts/npm-types.js';
import { type ReadDocument, type ReadPackumentOptions, readPackument } from '../facts/packument-schema.js';
import { skimPackument } from '../facts/packument-skim.js';

/**
 * The largest packument read: about ten times the largest measured here (next's, 21 MB, of twenty
 * packages with thousands of versions, from a mirror that keeps no READMEs). Nothing else bounds
 * what a registry, or a proxy in front of one, may send as one.
 */
export const DEFAULT_MAX_PACKUMENT_BYTES = 200 * 1024 * 1024;

let pacoteModule: Promise<typeof Pacote> | undefined;
/**
 * pacote (with sigstore and git) takes a fifth of a second to load: it is loaded only for what
 * npm-registry-fetch alone cannot do, reading npm's cache and resolving a version without its dist.
 */
const loadPacote = () => (pacoteModule ??= import('pacote').then((m) => m.default));

export interface RegistryClientOptions {
  /** pacote/npm-registry-fetch options (from toPacoteOptions); `cache` is npm's `_cacache` folder. */
  pacoteOptions: Record<string, unknown>;
  /**
   * True: npm's cache is read for tarballs it already holds, and never written (default false: read
   * and written, as npm does). Online scans pass true: spamcheck's own cache (verdicts, packuments)
   * is what makes the next scan fast, and writing every tarball into _cacache was a quarter of a
   * cold scan's main-thread time.
   */
  readOnlyNpmCache?: boolean;
  /** Attempts after the first for retriable failures (429, 5xx, resets, timeouts). */
  retries: number;
  /** Base delay of the exponential backoff. */
  retryBaseDelayMs: number;
  /** Longest Retry-After we honour; a registry asking for more is treated as failing. */
  maxRetryAfterMs: number;
  /** Per-request idle/response timeout. */
  requestTimeoutMs: number;
  tarballCaps: TarballCaps;
  /** Largest packument body read (default DEFAULT_MAX_PACKUMENT_BYTES); a larger one is refused as `too-large`. */
  maxPackumentBytes?: number;
  signal?: AbortSignal;
}

/** Why a package could not be fetched, in words a user can act on. */
export class PackageFetchError extends Error {
  constructor(
    readonly code: 'not-found' | 'version-not-found' | 'auth' | 'registry-error' | 'network' | 'timeout' | 'integrity' | 'interrupted' | 'invalid-response' | 'too-large' | 'not-cached',
    message: string,
    /** True when the registry said the package or version does not exist: evidence, not a failure. */
    readonly gone = false,
  ) {
    super(message);
    this.name = 'PackageFetchError';
  }
}

interface FetchErrorLike {
  code?: string;
  statusCode?: number;
  headers?: Record<string, string[] | string | undefined>;
  message?: string;
  type?: string;
}

const RETRIABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_TIMEOUT', 'EINTEGRITY_RETRY', 'Z_BUF_ERROR']);

function retryAfterMs(error: FetchErrorLike): number | undefined {
  const raw = error.headers?.['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isRetriable(error: FetchErrorLike): boolean {
  if (error.statusCode !== undefined) return error.statusCode === 429 || error.statusCode === 408 || error.statusCode >= 500;
  if (error.type === 'request-timeout' || error.type === 'body-timeout' || /timeout/i.test(error.message ?? '')) return true;
  return error.code !== undefined && RETRIABLE_CODES.has(error.code);
}

function describe(error: FetchErrorLike, what: string, timeoutMs: number): PackageFetchError {
  if (error instanceof PackageFetchError) return error;
  if (error instanceof TarballReadStopped) return new PackageFetchError(error.reason, `${what}: ${error.message}`);
  const message = error.message ?? String(error);
  if (error.statusCode === 404 || error.code === 'E404') return new PackageFetchError('not-found', `${what}: the registry answers 404 (not found)`, true);
  if (error.code === 'ETARGET' || error.code === 'ENOVERSIONS') return new PackageFetchError('version-not-found', `${what}: ${message}`, true);
  if (error.statusCode === 401 || error.statusCode === 403 || error.code === 'E401' || error.code === 'E403') {
    return new PackageFetchError('auth', `${what}: the registry refused access (${error.statusCode ?? error.code}); check the auth token for this registry in .npmrc`);
  }
  if (error.code === 'EINTEGRITY') return new PackageFetchError('integrity', `${what}: the registry served bytes that do not match the integrity it publishes`);
  if (error.code === 'EJSONPARSE' || error.type === 'invalid-json' || /JSON/i.test(error.code ?? '')) {
    return new PackageFetchError('invalid-response', `${what}: the registry sent a response that is not valid JSON`);
  }
  if (error.type === 'request-timeout' || error.type === 'body-timeout' || error.code === 'ETIMEDOUT' || error.code === 'ERR_SOCKET_TIMEOUT' || /timeout/i.test(message)) {
    return new PackageFetchError('timeout', `${what}: timed out after ${Math.round(timeoutMs / 1000)} s (the registry stopped sending); raise --timeout if it is only slow`);
  }
  if (/only-if-cached/.test(message) || error.code === 'ENOTCACHED') return new PackageFetchError('not-cached', `${what}: not in npm's cache, and --offline forbids the network`);
  if (error.code === 'ABORT_ERR' || error.type === 'aborted') return new PackageFetchError('interrupted', `${what}: interrupted`);
  if (error.statusCode !== undefined) return new PackageFetchError('registry-error', `${what}: the registry answered ${error.statusCode}`);
  return new PackageFetchError('network', `${what}: ${message}`);
}

export class RegistryClient {
  constructor(private readonly options: RegistryClientOptions) {}

  private baseOptions(): Record<string, unknown> {
    return {
      ...this.options.pacoteOptions,
      // Without a cache path, make-fetch-happen neither reads nor writes npm's cache.
      ...(this.options.readOnlyNpmCache === true ? { cache: undefined } : {}),
      fullMetadata: true,
      // Retries happen in withRetries, which honours Retry-After.
      retry: { retries: 0 },
      timeout: this.options.requestTimeoutMs,
      signal: this.options.signal,
    };
  }

  private async withRetries<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    for (let attemptNumber = 0; ; attemptNumber++) {
      if (this.options.signal?.aborted) throw new PackageFetchError('interrupted', `${what}: interrupted`);
      try {
        return await attempt();
      } catch (raw) {
        const error = raw as FetchErrorLike;
        if (this.options.signal?.aborted) throw new PackageFetchError('interrupted', `${what}: interrupted`);
        if (attemptNumber >= this.options.retries || !isRetriable(error)) throw describe(error, what, this.options.requestTimeoutMs);
        const asked = retryAfterMs(error);
        if (asked !== undefined && asked > this.options.maxRetryAfterMs) {
          throw new PackageFetchError('registry-error', `${what}: the registry asks to retry after ${Math.round(asked / 1000)} s, longer than spamcheck waits`);
        }
        const backoff = this.options.retryBaseDelayMs * 2 ** attemptNumber;
        await sleep(asked ?? backoff, undefined, { signal: this.options.signal }).catch(() => undefined);
      }
    }
  }

  /**
   * Full packument (time, maintainers, per-version _npmUser, dist, readme, when the registry has
   * them), read through the registry-data boundary: odd shapes normalised, junk dropped and listed.
   * Versions outside `read.fullVersions` are built with their identity fields only, straight from
   * the bytes (facts/packument-skim.ts).
   */
  async readPackument(name: string, read: ReadPackumentOptions = {}): Promise<ReadDocument<Packument>> {
    const what = `packument of ${name}`;
    const bytes = await this.withRetries(what, () => this.packumentBytes(name));
    let doc: unknown;
    try {
      doc = read.fullVersions ? skimPackument(bytes, read.fullVersions) : JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new PackageFetchError('invalid-response', `${what}: the registry sent a response that is not valid JSON`);
    }
    try {
      return readPackument(doc, name, read);
    } catch (error) {
      throw new PackageFetchError('invalid-response', `${what}: ${(error as Error).message}`);
    }
  }

  async packument(name: string): Promise<Packument> {
    return (await this.readPackument(name)).value;
  }

  /**
   * The packument's bytes, asked for as pacote asks (the registry the name's scope maps to, npm's
   * auth, proxies and cache, the full document): pacote hands back only parsed JSON.
   */
  private async packumentBytes(name: string): Promise<Buffer> {
    const { default: registryFetch } = await import('npm-registry-fetch');
    const options = this.baseOptions();
    const spec = npa(name);
    const registry = registryFetch.pickRegistry(name, options as RegistryFetchOptions).replace(/\/+$/, '');
    const headers = pacoteHeaders(options, 'packument', `registry:${spec.name}`, { accept: 'application/json' });
    const response = await registryFetch(`${registry}/${spec.escapedName}`, { ...options, headers, spec, integrity: null } as unknown as RegistryFetchOptions);
    return readCappedBody(response as unknown as FetchedBody, this.options.maxPackumentBytes ?? DEFAULT_MAX_PACKUMENT_BYTES, this.options.requestTimeoutMs, `packument of ${name}`);
  }

  /**
   * Streams the tarball of name@version straight into the capped reader. npm's fetch stack verifies
   * the bytes against the integrity the registry publishes; the caller compares with the lockfile's.
   * Given the version's `dist` (from a packument the caller already holds), the tarball is fetched
   * from its URL with its integrity, without asking the registry for the packument again.
   */
  async tarball(name: string, version: string, dist?: { tarball?: string; integrity?: string; shasum?: string }, hashing: { sha1?: boolean; sha512?: boolean } = {}): Promise<TarballReadResult> {
    const direct = dist?.tarball !== undefined && /^https?:\/\//.test(dist.tarball) && (dist.integrity !== undefined || dist.shasum !== undefined);
    const spec = direct ? `${name}@${dist.tarball}` : `${name}@${version}`;
    const integrity = direct ? (dist.integrity ?? `sha1-${Buffer.from(dist.shasum!, 'hex').toString('base64')}`) : undefined;
    const verified = integrity !== undefined ? verifiedDigests(integrity) : undefined;
    const fetchOptions = await this.tarballOptions(direct ? integrity : undefined);
    const pacote = direct && fetchOptions.cache === undefined ? undefined : await loadPacote();
    return this.withRetries(`tarball of ${name}@${version}`, async () => {
      // Only a direct fetch is one request for the tarball itself; by version, pacote asks for the
      // packument first, and a budget on that response would wait for a reader that never comes.
      const account = direct ? openBudget() : undefined;
      const read = (stream: AsyncIterable<TarballChunk>) =>
        readPackageTarball(stream, this.options.tarballCaps, this.options.signal, { ...hashing, ...(verified ? { verified } : {}), ...(account ? { onBytesTaken: (n: number) => account.budget.take(n) } : {}) });
      try {
        if (!pacote) return await this.fetchDirect(name, dist!.tarball!, integrity!, fetchOptions, account!.headers, read);
        return await pacote.tarball.stream(spec, (stream) => read(stream as unknown as AsyncIterable<TarballChunk>), {
          ...fetchOptions,
          ...(integrity ? { integrity } : {}),
          ...(account ? { headers: account.headers } : {}),
        } as Pacote.Options);
      } finally {
        account?.release();
      }
    });
  }

  /**
   * A tarball whose URL and integrity the packument gave, with no npm cache to read: asked of
   * npm-registry-fetch as pacote would ask it (the same registry auth, proxy and TLS options and
   * request headers, make-fetch-happen verifying the bytes against the integrity), without pacote's
   * fetcher in between: measured at 3.5-3.9 ms of CPU per small tarball through pacote against
   * 2.8 ms here, and a cold scan never loads pacote (220 ms at start, when the main thread is busiest).
   */
  private async fetchDirect(name: string, url: string, integrity: string, options: Record<string, unknown>, headers: Record<string, string>, read: (stream: AsyncIterable<TarballChunk>) => Promise<TarballReadResult>): Promise<TarballReadResult> {
    const { default: registryFetch } = await import('npm-registry-fetch');
    const spec = npa(name);
    const requestHeaders = pacoteHeaders(options, 'tarball', `registry:${spec.name}@${url}`, headers);
    const response = await registryFetch(url, { ...options, headers: requestHeaders, spec, integrity } as unknown as RegistryFetchOptions);
    // Read by its 'data' events, not its async iterator: the body is a minipass 3 pipeline whose
    // iterator leaves a listener behind per chunk (MaxListenersExceededWarning on a big tarball) and,
    // read by the tarball reader, stalled; and its 16 KiB chunks reach the reader a turn's worth at a time.
    const body = coalesce(response.body as unknown as DataSource);
    try {
      return await read(body);
    } finally {
      // A read stopped early (a cap, a timeout) leaves the rest unread: let the socket go.
      body.destroy();
    }
  }

  /**
   * Given a URL and an integrity, pacote first reads the tarball from npm's cache by that integrity.
   * With no cache path (so that nothing is written) it looked in ~/.npm whatever the npm config or
   * --cache said, and each miss cost a reader set up and torn down on a failed stream. So npm's
   * configured cache is asked first: pacote is handed it only when it holds the bytes (read and
   * verified there, no request), and otherwise goes straight to the registry.
   */
  private async tarballOptions(integrity: string | undefined): Promise<Record<string, unknown>> {
    const options = this.baseOptions();
    if (this.options.readOnlyNpmCache !== true) return options;
    const npmCache = this.options.pacoteOptions.cache;
    if (integrity !== undefined && typeof npmCache === 'string' && (await holdsContent(npmCache, integrity))) {
      // A copy found corrupt there is fetched again and rewritten by pacote, as npm would repair it.
      return { ...options, cache: npmCache };
    }
    return { ...options, preferOnline: true };
  }
}

/**
 * The request headers pacote sends (npm's configured headers, what is asked for and of which
 * package), so that a registry or proxy sees the same requests whichever path made them.
 */
function pacoteHeaders(options: Record<string, unknown>, type: 'packument' | 'tarball', pkgId: string, extra: Record<string, string>): Record<string, string> {
  return { ...((options.headers as Record<string, string>) ?? {}), ...extra, 'pacote-req-type': type, 'pacote-pkg-id': pkgId };
}

/** Whether npm's cache holds content with this integrity (a file lookup; the bytes are verified when read). */
async function holdsContent(npmCache: string, integrity: string): Promise<boolean> {
  const { default: cacache } = await import('cacache');
  return (await cacache.get.hasContent(npmCache, integrity).catch(() => false)) !== false;
}

interface FetchedBody {
  headers: { get(name: string): string | null };
  body: AsyncIterable<Buffer> & { destroy?(error?: Error): void };
}

/**
 * A response body read whole under a byte cap and a deadline. A declared length over the cap is
 * refused before any byte is read; a body that runs past it (a lying or missing length) is cut off
 * there. The deadline is the one minipass-fetch puts on `buffer()` (the whole body within the
 * request timeout), so a body that trickles forever is a timeout, as before.
 */
async function readCappedBody(response: FetchedBody, cap: number, timeoutMs: number, what: string): Promise<Buffer> {
  const tooLarge = () => new PackageFetchError('too-large', `${what}: the registry sent more than ${Math.round(cap / (1024 * 1024))} MiB; not read`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > cap) {
    response.body.destroy?.();
    throw tooLarge();
  }
  const timer = setTimeout(() => response.body.destroy?.(Object.assign(new Error(`${what}: body timeout`), { type: 'body-timeout' })), timeoutMs);
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of response.body) {
      bytes += chunk.length;
      if (bytes > cap) {
        response.body.destroy?.();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, bytes);
}

/**
 * The digests pacote checks a stream against when given `integrity`: ssri verifies the strongest
 * algorithm the string holds, so only that one is proven (a weaker one beside it is not checked).
 */
function verifiedDigests(integrity: string): { sha512?: string; sha1?: string } | undefined {
  const parsed = ssri.parse(integrity);
  const algorithm = parsed?.pickAlgorithm();
  const digest = algorithm ? parsed[algorithm]?.[0]?.digest : undefined;
  if (digest === undefined || parsed[algorithm!]!.length !== 1) return undefined;
  if (algorithm === 'sha512') return { sha512: digest };
  if (algorithm === 'sha1') return { sha1: Buffer.from(digest, 'base64').toString('hex') };
  return undefined;
}
