/**
 * One HTTP agent per registry origin, found without rebuilding @npmcli/agent's cache key.
 *
 * make-fetch-happen asks @npmcli/agent for an agent on every request, and the key of that agent
 * cache is a string made of the TLS options, the whole CA bundle among them. With a `cafile` in the
 * npm config (company proxies; this machine's 220 KB system bundle) every request spent about a
 * millisecond of the main thread concatenating and hashing it: 1.3 s of a 1,300-request scan.
 *
 * A function given as the `agent` option is used instead (minipass-fetch calls it with the URL of
 * each request). It asks @npmcli/agent once per origin, with the options npm-registry-fetch would
 * have passed (CA, proxy and no-proxy, strict-ssl, local address, max sockets, timeout), so proxy
 * choice and TLS checks stay npm's, and keeps the answer for the scan.
 *
 * The CA bundle also goes in as one TLS context made once: given only the `ca` string, every new
 * connection parsed the bundle again. Node uses the context and ignores the string, which stays in
 * the options so that @npmcli/agent's own cache still tells one CA set from another.
 */
import { createRequire } from 'node:module';
import { createSecureContext } from 'node:tls';

type GetAgent = (url: string, options: Record<string, unknown>) => unknown;

const require = createRequire(import.meta.url);

/**
 * `options`: pacote/npm-registry-fetch options (from toPacoteOptions); `timeoutMs`: the request
 * timeout the scan passes with them (npm-registry-fetch hands it to the agent as its idle timeout).
 * Undefined (leave npm's stack to choose) when the config already names an agent, or client
 * certificates, which npm-registry-fetch picks per registry.
 */
export function agentPerOrigin(options: Readonly<Record<string, unknown>>, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): ((url: URL) => unknown) | undefined {
  const clientCertificates = Object.keys(options).some((key) => key === 'cert' || key === 'key' || key.endsWith(':certfile') || key.endsWith(':keyfile'));
  if (clientCertificates || options.agent !== undefined) return undefined;
  const agentOptions = {
    ca: options.ca,
    secureContext: undefined as unknown,
    localAddress: options.localAddress,
    maxSockets: options.maxSockets,
    proxy: options.httpsProxy || options.proxy,
    noProxy: options.noProxy,
    // As make-fetch-happen reads strict-ssl.
    rejectUnauthorized: options.strictSSL === undefined || options.strictSSL === null ? env.NODE_TLS_REJECT_UNAUTHORIZED !== '0' : options.strictSSL !== false,
    timeout: timeoutMs,
  };
  const agents = new Map<string, unknown>();
  return (url) => {
    let agent = agents.get(url.origin);
    if (agent === undefined) {
      // Loaded on the first request, when pacote (which loads it too) is already in memory.
      const { getAgent } = require('@npmcli/agent') as { getAgent: GetAgent };
      if (agentOptions.secureContext === undefined && (typeof options.ca === 'string' || Array.isArray(options.ca))) agentOptions.secureContext = createSecureContext({ ca: options.ca as string | string[] });
      agent = getAgent(url.href, agentOptions);
      // Node asks an agent for its protocol and default port on every request, and agent-base,
      // unless told, answers by searching a fresh stack trace for the https module: two
      // `new Error().stack` per request. This agent serves one protocol (@npmcli/agent's cache key
      // holds it), so it is told once.
      (agent as { protocol?: string }).protocol = url.protocol;
      agents.set(url.origin, agent);
    }
    return agent;
  };
}
