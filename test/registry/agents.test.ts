/**
 * Issue 14: with a `cafile` in the npm config, every request rebuilt @npmcli/agent's cache key out
 * of the whole CA bundle (about a millisecond of the main thread each), and every new connection
 * parsed the bundle again. `agentPerOrigin` asks for an agent once per origin, with a TLS context
 * made once. These tests hold it to what npm's own choice would have been: one agent per origin,
 * the same CAs, proxy and no-proxy honoured, and no shortcut where npm picks client certificates.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import npmFetch from 'npm-registry-fetch';
import { afterEach, expect, it } from 'vitest';
import { agentPerOrigin } from '../../src/registry/agents.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A registry answering every path with a small JSON document. */
const registry = () => createServer((req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ path: req.url })));

/** A plain-HTTP forward proxy that records the absolute URLs it is asked for. */
function proxy(seen: string[]): Server {
  return createServer((req, res) => {
    seen.push(req.url ?? '');
    const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
}

it('gives one agent per origin, whatever the path, chosen per origin as npm would', () => {
  const agentFor = agentPerOrigin({ proxy: 'http://proxy.example:3128', noProxy: 'inside.example' }, 30_000)!;
  const a = agentFor(new URL('https://registry.example/left-pad'));
  expect(agentFor(new URL('https://registry.example/-/left-pad-1.3.0.tgz'))).toBe(a);
  // No proxy for this host, and plain HTTP: other agents.
  expect(agentFor(new URL('https://inside.example/left-pad'))).not.toBe(a);
  expect(agentFor(new URL('http://registry.example/left-pad'))).not.toBe(a);
});

it('leaves the choice to npm where it picks client certificates per registry, or an agent is configured', () => {
  expect(agentPerOrigin({ '//registry.example/:certfile': '/c.pem', '//registry.example/:keyfile': '/k.pem' }, 30_000)).toBeUndefined();
  expect(agentPerOrigin({ cert: 'PEM', key: 'PEM' }, 30_000)).toBeUndefined();
  expect(agentPerOrigin({ agent: {} }, 30_000)).toBeUndefined();
});

type WithOptions = { options: Record<string, unknown> };

it('trusts the configured CAs through one TLS context made once, and never mixes two CA sets', () => {
  const agentFor = agentPerOrigin({ ca: rootCertificates[0], strictSSL: true }, 30_000)!;
  const first = agentFor(new URL('https://one.example/')) as WithOptions;
  const second = agentFor(new URL('https://two.example/')) as WithOptions;
  expect(first.options.secureContext).toBeDefined();
  expect(second.options.secureContext).toBe(first.options.secureContext);
  expect(first.options.rejectUnauthorized).toBe(true);
  // Another scan in this process, with other CAs, gets an agent of its own.
  const other = agentPerOrigin({ ca: rootCertificates[1], strictSSL: true }, 30_000)!(new URL('https://one.example/')) as WithOptions;
  expect(other).not.toBe(first);
  expect(other.options.ca).toBe(rootCertificates[1]);
  expect((agentPerOrigin({ strictSSL: false }, 30_000)!(new URL('https://one.example/')) as WithOptions).options.rejectUnauthorized).toBe(false);
});

it('sends requests through the configured proxy, and straight to hosts on the no-proxy list', async () => {
  const target = await listen(registry());
  const seen: string[] = [];
  const proxyUrl = await listen(proxy(seen));

  const proxied = agentPerOrigin({ proxy: proxyUrl }, 5_000)!;
  expect(await npmFetch.json('/some-package', { registry: `${target}/`, agent: proxied, retry: { retries: 0 } } as never)).toEqual({ path: '/some-package' });
  expect(seen).toEqual([`${target}/some-package`]);

  const direct = agentPerOrigin({ proxy: proxyUrl, noProxy: '127.0.0.1' }, 5_000)!;
  expect(await npmFetch.json('/other-package', { registry: `${target}/`, agent: direct, retry: { retries: 0 } } as never)).toEqual({ path: '/other-package' });
  expect(seen).toHaveLength(1);
});

it('tells each agent its protocol, so no request builds a stack trace to find it', () => {
  const choose = agentPerOrigin({}, 30_000, {})!;
  for (const origin of ['https://registry.example/', 'http://mirror.example/']) {
    const agent = choose(new URL(origin)) as { protocol: string; defaultPort: number; isSecureEndpoint(options?: unknown): boolean };
    let traced = 0;
    const original = agent.isSecureEndpoint.bind(agent);
    agent.isSecureEndpoint = (options?: unknown) => {
      if (options === undefined) traced++;
      return original(options);
    };
    // What Node's ClientRequest reads on every request, from outside the https module here.
    expect([agent.protocol, agent.defaultPort]).toEqual(origin.startsWith('https') ? ['https:', 443] : ['http:', 80]);
    expect(traced).toBe(0);
  }
});
