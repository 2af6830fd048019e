/**
 * A real npm registry on 127.0.0.1 for tests and benchmarks. pacote talks to it exactly as to
 * npmjs.org: packuments at `/<name>` (scoped as `/@scope%2fname`, `/@scope/name` also accepted),
 * tarballs at `/<name>/-/<basename>-<version>.tgz`, search at `/-/v1/search`. Tarballs are packed
 * from `PackageFixture`s on first request, and `dist.integrity`/`shasum` are computed from the bytes
 * actually served, so pacote's integrity check is real.
 *
 * Robustness tests make one package misbehave with `misbehave(name, behaviour)`; see `Behaviour`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { NpmPerson, Packument } from '../../src/facts/npm-types.js';
import { fixturePackument, type FixtureVersion, type PackageFixture } from './package-fixture.js';
import { packFixtureVersion, tarballDigests } from './pack.js';

/** Which request of a package a behaviour applies to. Default `packument` (except `raw-tarball`). */
export type BehaviourTarget = 'packument' | 'tarball' | 'both';

export type Behaviour =
  | { kind: 'not-found'; target?: BehaviourTarget }
  /** 500 on every request. */
  | { kind: 'server-error'; target?: BehaviourTarget }
  /** 500 for the first `failures` requests, then normal answers (retry must recover). */
  | { kind: 'server-error-then-ok'; failures: number; target?: BehaviourTarget }
  /** Headers and half the body, then silence until the client gives up or the registry closes. */
  | { kind: 'stall-mid-body'; target?: BehaviourTarget }
  /**
   * Headers (with the full content-length) and the first `bytes` bytes of the body, then nothing,
   * ever: the response is never ended and the socket stays open, as a wedged proxy or mirror does.
   */
  | { kind: 'stall-after-bytes'; bytes: number; target?: BehaviourTarget }
  /** The whole body, `bytesPerTick` bytes every `intervalMs`: a slow registry, so reads are under way for a while. */
  | { kind: 'trickle'; bytesPerTick: number; intervalMs: number; target?: BehaviourTarget }
  /**
   * Reshape the packument before it is served (odd shapes from the registry's history: maintainers
   * as a string, versions without dist, junk in time…). Applies to the content, not the answer.
   */
  | { kind: 'rewrite-packument'; rewrite: (doc: Record<string, any>) => void }
  /** TCP reset before any response. */
  | { kind: 'connection-reset'; target?: BehaviourTarget }
  /** 429 with `Retry-After: retryAfterSeconds` for the first `times` requests (default 1), then normal. */
  | { kind: 'rate-limited'; retryAfterSeconds: number; times?: number; target?: BehaviourTarget }
  /** 200 with a truncated JSON body (packument only). */
  | { kind: 'invalid-json' }
  /**
   * A packument that never ends: the start of a JSON document, then a string that goes on in 64 KiB
   * writes until the client hangs up. `declaredBytes` sends that content-length (a registry that says
   * in advance the body is huge); without it the body is chunked, with no length at all.
   */
  | { kind: 'endless-packument'; declaredBytes?: number }
  /**
   * 302 to `location`; by default the same path on `http://localhost:PORT/-/redirected/…`, a
   * different host name for npm's auth matching, served normally so the test can see whether an
   * `Authorization` header followed the redirect.
   */
  | { kind: 'redirect'; location?: string; target?: BehaviourTarget }
  /** The packument omits this version (as after an unpublish), and its tarball answers 404. */
  | { kind: 'version-missing'; version: string }
  /**
   * Serve these bytes as the tarball (of `version`, or every version). `integrity: 'match'`
   * (default) advertises the digest of these bytes so pacote accepts them and the scanner's own
   * caps are what is tested; `'original'` keeps the digest of the honest pack (integrity mismatch).
   */
  | { kind: 'raw-tarball'; bytes: Buffer; version?: string; integrity?: 'match' | 'original' };

export interface TestRegistryOptions {
  fixtures: PackageFixture[];
  /** Packages under this scope need `Authorization: Bearer <token>` (to prove .npmrc auth works). */
  privateScope?: { scope: string; token: string };
  /**
   * Mimic the thin mirror this machine reaches: packuments lose readme, maintainers, _npmUser and
   * dist.fileCount/unpackedSize, and search answers 404.
   */
  thin?: boolean;
  /** Serve `/-/v1/search?text=maintainer:NAME` from the fixtures; default true unless `thin`. */
  search?: boolean;
  /**
   * Extra synthetic search volume per publisher name, for the "prolific author" and "worm account"
   * cases: the search `total` becomes at least `total`, and synthetic entries take their `date`
   * from `createdDates` in turn.
   */
  publisherVolume?: Record<string, { total: number; createdDates: string[] }>;
  /**
   * Top folder inside the tarball per package name (default `package`). npm ignores the name;
   * DefinitelyTyped packs @types/node under `node/`, so this reproduces that real shape.
   */
  tarballRoot?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  /** Raw request path including the query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface TestRegistry {
  /** `http://127.0.0.1:PORT/` (with the trailing slash npm config expects). */
  url: string;
  /** Every request in arrival order. */
  requests: RecordedRequest[];
  misbehave(name: string, behaviour: Behaviour): void;
  /** Stop all misbehaviour of `name` (or of every package). */
  behave(name?: string): void;
  /** The honest tarball's URL, integrity and shasum, e.g. to write a lockfile. */
  dist(name: string, version: string): { tarball: string; integrity: string; shasum: string };
  /** The packument as currently served (after thin stripping and misbehaviour). */
  packument(name: string): Packument | undefined;
  close(): Promise<void>;
}

interface ActiveBehaviour {
  behaviour: Behaviour;
  /** Requests answered so far per target (for "N times then OK"): packument and tarball fail N times each. */
  served: { packument: number; tarball: number };
}

const JSON_TYPE = 'application/json';

export async function startTestRegistry(options: TestRegistryOptions): Promise<TestRegistry> {
  const fixturesByName = new Map(options.fixtures.map((f) => [f.name, f]));
  const behaviours = new Map<string, ActiveBehaviour[]>();
  const packed = new Map<string, Buffer>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const searchEnabled = options.search ?? !options.thin;
  let base = '';

  function tarballPath(name: string, version: string): string {
    const basename = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
    return `/${name}/-/${basename}-${version}.tgz`;
  }

  function honestTarball(fixture: PackageFixture, version: FixtureVersion): Buffer {
    const key = `${fixture.name}@${version.version}`;
    let bytes = packed.get(key);
    if (!bytes) {
      bytes = packFixtureVersion(fixture, version, options.tarballRoot?.[fixture.name]);
      packed.set(key, bytes);
    }
    return bytes;
  }

  function rawTarballFor(name: string, version: string): Extract<Behaviour, { kind: 'raw-tarball' }> | undefined {
    for (const active of behaviours.get(name) ?? []) {
      const b = active.behaviour;
      if (b.kind === 'raw-tarball' && (b.version === undefined || b.version === version)) return b;
    }
    return undefined;
  }

  function servedTarball(fixture: PackageFixture, version: FixtureVersion): Buffer {
    return rawTarballFor(fixture.name, version.version)?.bytes ?? honestTarball(fixture, version);
  }

  function buildPackument(fixture: PackageFixture): Packument {
    const packument = fixturePackument(
      fixture,
      (version) => base + tarballPath(fixture.name, version).slice(1),
      (version) => {
        const v = fixture.versions.find((x) => x.version === version)!;
        const raw = rawTarballFor(fixture.name, version);
        const advertised = raw && raw.integrity !== 'original' ? raw.bytes : honestTarball(fixture, v);
        return tarballDigests(advertised);
      },
    );
    for (const active of behaviours.get(fixture.name) ?? []) {
      const b = active.behaviour;
      if (b.kind !== 'version-missing') continue;
      delete packument.versions[b.version];
      if (packument.time) delete packument.time[b.version];
      const tags = packument['dist-tags'];
      if (tags) for (const [tag, v] of Object.entries(tags)) if (v === b.version) delete tags[tag];
    }
    if (options.thin) stripToThinMirror(packument);
    for (const active of behaviours.get(fixture.name) ?? []) {
      if (active.behaviour.kind === 'rewrite-packument') active.behaviour.rewrite(packument as Record<string, any>);
    }
    return packument;
  }

  function pickBehaviour(name: string, target: 'packument' | 'tarball'): ActiveBehaviour | undefined {
    for (const active of behaviours.get(name) ?? []) {
      const b = active.behaviour;
      if (b.kind === 'raw-tarball' || b.kind === 'version-missing' || b.kind === 'rewrite-packument') continue; // shape the content, not the answer
      const bTarget = 'target' in b && b.target ? b.target : 'packument';
      if (bTarget === target || bTarget === 'both') return active;
    }
    return undefined;
  }

  /** Answers the request if the behaviour takes over; returns false to let the normal answer go. */
  function applyBehaviour(
    active: ActiveBehaviour,
    target: 'packument' | 'tarball',
    req: IncomingMessage,
    res: ServerResponse,
    body: () => Buffer,
  ): boolean {
    const b = active.behaviour;
    const served = ++active.served[target];
    switch (b.kind) {
      case 'not-found':
        sendJson(res, 404, { error: 'Not found' });
        return true;
      case 'server-error':
        sendJson(res, 500, { error: 'Internal Server Error' });
        return true;
      case 'server-error-then-ok':
        if (served > b.failures) return false;
        sendJson(res, 500, { error: 'Internal Server Error' });
        return true;
      case 'rate-limited':
        if (served > (b.times ?? 1)) return false;
        res.writeHead(429, { 'content-type': JSON_TYPE, 'retry-after': String(b.retryAfterSeconds) });
        res.end(JSON.stringify({ error: 'Too Many Requests' }));
        return true;
      case 'stall-mid-body': {
        const bytes = body();
        const contentType = target === 'tarball' ? 'application/octet-stream' : JSON_TYPE;
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
        return true; // never ended: close() destroys the socket
      }
      case 'stall-after-bytes': {
        const bytes = body();
        const contentType = target === 'tarball' ? 'application/octet-stream' : JSON_TYPE;
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.min(b.bytes, bytes.length - 1)));
        return true; // never ended: close() destroys the socket
      }
      case 'trickle': {
        const bytes = body();
        res.writeHead(200, { 'content-type': target === 'tarball' ? 'application/octet-stream' : JSON_TYPE, 'content-length': String(bytes.length) });
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(bytes.subarray(sent, sent + b.bytesPerTick));
          sent += b.bytesPerTick;
          if (sent >= bytes.length) {
            clearInterval(timer);
            res.end();
          }
        }, b.intervalMs);
        res.on('close', () => clearInterval(timer));
        return true;
      }
      case 'connection-reset':
        req.socket.resetAndDestroy();
        return true;
      case 'endless-packument': {
        res.writeHead(200, { 'content-type': JSON_TYPE, ...(b.declaredBytes !== undefined ? { 'content-length': String(b.declaredBytes) } : {}) });
        res.write('{"name":"endless","readme":"');
        const filler = Buffer.alloc(64 * 1024, 'a');
        // Paced by the socket: the next write waits for the last to drain, so a client that reads
        // slowly (or not at all) is not buffered for on this side.
        const more = () => {
          while (!res.destroyed && res.write(filler));
          if (!res.destroyed) res.once('drain', more);
        };
        more();
        return true; // never ended: the client hangs up, or close() destroys the socket
      }
      case 'invalid-json': {
        const text = body().toString('utf8');
        res.writeHead(200, { 'content-type': JSON_TYPE });
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return true;
      }
      case 'redirect': {
        const location = b.location ?? `${base.replace('127.0.0.1', 'localhost')}-/redirected${req.url ?? '/'}`;
        res.writeHead(302, { location });
        res.end();
        return true;
      }
      default:
        return false;
    }
  }

  /** `<name>/-/<file>.tgz`: the fixture version's tarball, or its behaviour, or 404 for a version missing or removed. */
  function serveTarball(req: IncomingMessage, res: ServerResponse, fixture: PackageFixture, name: string, file: string, redirected: boolean): void {
    const basename = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
    const version = fixture.versions.find((v) => `${basename}-${v.version}` === file);
    const removed = (behaviours.get(name) ?? []).some((a) => a.behaviour.kind === 'version-missing' && a.behaviour.version === version?.version);
    if (!version || removed) return sendJson(res, 404, { error: 'Not found' });
    const active = redirected ? undefined : pickBehaviour(name, 'tarball');
    const body = () => servedTarball(fixture, version);
    if (active && applyBehaviour(active, 'tarball', req, res, body)) return;
    const bytes = body();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathname = decodeURIComponent(url.pathname);
    // Targets of the default redirect are served as-is, without misbehaviour, so they never loop.
    const redirected = pathname.startsWith('/-/redirected/');
    if (redirected) pathname = pathname.slice('/-/redirected'.length);

    if (pathname === '/-/v1/search') return answerSearch(url, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed' });

    const tarballMatch = /^\/((?:@[^/]+\/)?[^/@][^/]*)\/-\/(.+)\.tgz$/.exec(pathname);
    const name = tarballMatch ? tarballMatch[1]! : pathname.slice(1);
    const fixture = fixturesByName.get(name);
    if (!fixture) return sendJson(res, 404, { error: 'Not found' });

    const scope = options.privateScope;
    if (scope && name.startsWith(`${scope.scope}/`) && req.headers.authorization !== `Bearer ${scope.token}`) {
      res.writeHead(401, { 'content-type': JSON_TYPE, 'www-authenticate': 'Bearer realm="test-registry"' });
      res.end(JSON.stringify({ error: 'Unauthorized' }));
      return;
    }

    if (tarballMatch) return serveTarball(req, res, fixture, name, tarballMatch[2]!, redirected);

    // Full document for both `application/json` and the abbreviated install-v1 Accept header:
    // detectors need the full fields, and a registry may legally ignore the abbreviation.
    const body = () => Buffer.from(JSON.stringify(buildPackument(fixture)), 'utf8');
    const active = redirected ? undefined : pickBehaviour(name, 'packument');
    if (active && applyBehaviour(active, 'packument', req, res, body)) return;
    const bytes = body();
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(bytes.length) });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  function answerSearch(url: URL, res: ServerResponse): void {
    if (!searchEnabled) return sendJson(res, 404, { error: 'Not found' });
    const text = url.searchParams.get('text') ?? '';
    const size = Math.min(250, Math.max(0, Number(url.searchParams.get('size') ?? 20) || 20));
    const from = Math.max(0, Number(url.searchParams.get('from') ?? 0) || 0);
    const maintainer = /(?:^|\s)maintainer:(\S+)/.exec(text)?.[1];
    if (!maintainer) return sendJson(res, 200, { objects: [], total: 0, time: new Date().toUTCString() });

    const owned = options.fixtures.filter((f) => (f.maintainers ?? [f.publisher]).some((m) => m.name === maintainer));
    const objects = owned.map((f) => {
      const latest = [...f.versions].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)).at(-1);
      return searchObject(f.name, latest?.version ?? '0.0.0', latest?.publishedAt ?? '', f.publisher, f.maintainers ?? [f.publisher]);
    });
    const volume = options.publisherVolume?.[maintainer];
    const total = Math.max(objects.length, volume?.total ?? 0);
    const person: NpmPerson = { name: maintainer, email: `${maintainer}@example.test` };
    // Synthetic entries are generated only for the requested page, so a total of 100,000 costs nothing.
    const page: unknown[] = [];
    for (let i = from; i < Math.min(total, from + size); i++) {
      if (i < objects.length) {
        page.push(objects[i]);
        continue;
      }
      const k = i - objects.length;
      const dates = volume?.createdDates ?? [];
      const date = dates.length > 0 ? dates[k % dates.length]! : new Date(0).toISOString();
      page.push(searchObject(`${maintainer}-package-${k + 1}`, '1.0.0', date, person, [person]));
    }
    sendJson(res, 200, { objects: page, total, time: new Date().toUTCString() });
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url: base,
    requests,
    misbehave(name, behaviour) {
      const list = behaviours.get(name) ?? [];
      list.push({ behaviour, served: { packument: 0, tarball: 0 } });
      behaviours.set(name, list);
    },
    behave(name) {
      if (name === undefined) behaviours.clear();
      else behaviours.delete(name);
    },
    dist(name, version) {
      const fixture = fixturesByName.get(name);
      const v = fixture?.versions.find((x) => x.version === version);
      if (!fixture || !v) throw new Error(`test registry has no ${name}@${version}`);
      return { tarball: base + tarballPath(name, version).slice(1), ...tarballDigests(honestTarball(fixture, v)) };
    },
    packument(name) {
      const fixture = fixturesByName.get(name);
      return fixture ? buildPackument(fixture) : undefined;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}

function searchObject(name: string, version: string, date: string, publisher: NpmPerson, maintainers: NpmPerson[]) {
  // npmjs.org calls people `username` in search answers, unlike `name` in packuments.
  const person = (p: NpmPerson) => ({ username: p.name ?? '', email: p.email ?? '' });
  return {
    package: { name, version, date, publisher: person(publisher), maintainers: maintainers.map(person) },
    score: { final: 0.5, detail: { quality: 0.5, popularity: 0.5, maintenance: 0.5 } },
    searchScore: 1,
  };
}

/** What the thin mirror on this machine drops from packuments. */
function stripToThinMirror(packument: Packument): void {
  delete packument.readme;
  delete packument.readmeFilename;
  delete packument.maintainers;
  for (const meta of Object.values(packument.versions)) {
    delete meta.maintainers;
    delete meta._npmUser;
    if (meta.dist) {
      delete meta.dist.fileCount;
      delete meta.dist.unpackedSize;
      delete meta.dist.signatures;
    }
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': String(bytes.length) });
  res.end(bytes);
}
