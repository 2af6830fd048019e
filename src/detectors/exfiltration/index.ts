/**
 * exfiltration: sensitive data (the whole environment, credential files, browser and wallet stores,
 * host identity, clipboard, CI secrets) reaching a network or DNS sink in the same file, in any
 * JavaScript file the package ships. The flow is followed through variables, object literals,
 * JSON.stringify, string building, encodings and local calls (src/analysis/behaviour/model.ts).
 *
 * What it is not: release tooling reading ~/.npmrc to publish, an SDK sending GITHUB_TOKEN to the
 * GitHub API, an error reporter sending the hostname. Those flows go to ordinary destinations from
 * functions the user calls, so without a suspicious destination (webhook, request collector, paste
 * site, tunnel, raw IP, data-derived DNS names) or install-time execution they stay low.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { contextOptions, contextWeight, describeReach } from '../../analysis/behaviour/context.js';
import { packageBehaviour, reachOf, type FileReading } from '../../analysis/behaviour/package.js';
import type { Flow } from '../../analysis/behaviour/model.js';
import type { Destination } from '../../analysis/behaviour/patterns.js';
import { ownership, ownsHost, siteOf, type Ownership } from '../../analysis/text.js';

const options = z.object({
  environmentWeight: z.number().default(35),
  /** ~/.npmrc, ~/.ssh, ~/.aws/credentials…: a file of secrets, as sensitive as the environment (sent to its own service it is use: ownServiceWeight). */
  credentialFileWeight: z.number().default(35),
  browserDataWeight: z.number().default(35),
  /**
   * The page's cookies or a whole localStorage/sessionStorage, sent by a request whose function is
   * hidden or to a suspicious destination. Sent openly to an ordinary host it is what analytics and
   * session code do, and is not weighed at all.
   */
  pageDataWeight: z.number().default(35),
  walletWeight: z.number().default(35),
  clipboardWeight: z.number().default(15),
  ciSecretWeight: z.number().default(10),
  hostIdentityWeight: z.number().default(10),
  /** Webhook, collector, paste site, tunnel, raw IP, or DNS names built from the data. */
  suspiciousDestinationWeight: z.number().default(35),
  /** A credential sent to the service it belongs to (npm token to the registry) from an ordinary destination. */
  ownServiceWeight: z.number().default(0),
  /**
   * Key material (a seed, a private or secret key) sent to a host the code names that is not the
   * package's own (name, scope, homepage, repository): a wallet library sends signed transactions,
   * never the key, so a key posted to a fixed third-party host is the hijacked-release theft
   * (@solana/web3.js 1.95.6 to sol-rpc.xyz, xrpl 4.2.1 to 0x9c.xyz). A vendor's SDK sending a key to
   * the vendor's API keeps the plain weight.
   */
  keyToForeignHostWeight: z.number().default(35),
  /**
   * The chat channel the data goes to is the author's own: its bot token or webhook token is written
   * in the file (`'7412589630:AAGh…'`, `discord.com/api/webhooks/<id>/<token>`). A chat SDK or a
   * logging transport posts with the token its user gives it; a package posting with one it ships
   * delivers every user's data to its author (bs58 look-alikes posting keys to Telegram, 2026).
   */
  ownChannelWeight: z.number().default(20),
  /** Two or more kinds of sensitive data leave the package: what stealers do. */
  breadthWeight: z.number().default(10),
  /**
   * The sending file reads three or more stores of secrets (~/.npmrc, ~/.aws/credentials, shell
   * history, an AI assistant's config, a browser's Login Data…): a harvest. A tool reads its own one
   * or two; the @bitwarden/cli hijack (2026) read ten.
   */
  storesWeight: z.number().default(20),
  /** An unparsed file naming credential paths and a suspicious destination (no flow could be proven). */
  tokenSearchWeight: z.number().default(20),
  ...contextOptions,
  /**
   * Sent by an install hook: no install step needs the machine's environment or secret files at
   * another host, so the environment or a credential file sent from one is high whatever the host.
   */
  installTimeWeight: z.number().default(40),
  /**
   * Sent at load time, before the caller asked for anything: a beacon, nearly as bad as an install
   * hook. The environment or a credential file sent then is high (35 + 35) whatever the host, as from
   * an install hook: payloads run from the entry point as often as from postinstall.
   */
  loadTimeWeight: z.number().default(35),
  /**
   * A blind copy of the mail the code sends, to an address it hard-codes at a domain not the
   * package's own (postmark-mcp's `Bcc`): every message, read by someone its sender never sees.
   */
  hiddenMailCopyWeight: z.number().default(70),
});

type Options = z.output<typeof options>;

export const exfiltration = definePackageDetector({
  meta: {
    id: 'exfiltration',
    description: 'Finds sensitive data (environment, credential files, browser/wallet stores, host identity, clipboard, CI secrets) flowing to the network in any file the package ships.',
    needs: ['files'],
    messages: {
      flow: '{file} sends {source} (line {sourceLine}) to {sink} (line {sinkLine}){destination}, {reach}',
      tokenFlow: '{file} names {source} and {destination} ({analysis}); no flow could be proven',
      mailCopy: '{file} sends a blind copy of its mail to the hard-coded address {address} (line {line})',
    },
    options,
  },
  detect({ facts, options: o }) {
    const behaviour = packageBehaviour(facts);
    if (!behaviour) return { findings: [], unavailable: [{ signal: 'exfiltration', reason: 'the tarball was not read' }] };
    const findings: DetectorFinding[] = [];
    const own = ownership(facts.name, facts.manifest ?? {});
    const channel = (file: FileReading, flow: Flow) => (destinationOf(flow)?.what === 'chat webhook' && shipsChannelToken(facts.files?.readText(file.path)) ? o.ownChannelWeight : 0);
    const scored = behaviour.files.flatMap((file) => (file.behaviour?.exfiltration ?? []).map((flow) => ({ file, flow, weight: flowWeight(file, flow, o) + (keyToForeignHost(flow, own) ? o.keyToForeignHostWeight : 0) + channel(file, flow) }))).filter((s) => s.weight > 0);
    scored.sort((a, b) => b.weight - a.weight);
    const best = scored[0];
    if (best) {
      const kinds = new Set(scored.map((s) => s.flow.source.kind));
      const weight = Math.min(100, best.weight + (kinds.size >= 2 ? o.breadthWeight : 0) + (harvests(best.file, scored) ? o.storesWeight : 0));
      const finding = flowFinding(best.file, best.flow, weight, scored.length, [...kinds]);
      if (harvests(best.file, scored)) finding.evidence = { ...finding.evidence, stores: storesOf(best.file) };
      findings.push(finding);
    } else {
      const token = behaviour.files.find((f) => f.tokens && f.tokens.sources.length > 0 && f.tokens.destinations.length > 0);
      if (token) {
        const source = token.tokens!.sources[0]!;
        const destination = token.tokens!.destinations[0]!;
        findings.push({
          messageId: 'tokenFlow',
          data: { file: token.path, source: source.excerpt, destination: `${destination.what} ${destination.host}`, analysis: token.analysis },
          weight: o.tokenSearchWeight + (token.installHook ? o.installTimeWeight : 0),
          evidence: { file: token.path, line: source.line, excerpt: source.excerpt, analysis: token.analysis, destinationLine: destination.line, destination: destination.host },
        });
      }
    }
    const copy = mailCopyFinding(behaviour.files, own, o);
    if (copy) findings.push(copy);
    return { findings, ...(behaviour.unread.length > 0 ? { unavailable: behaviour.unread } : {}) };
  },
});

/** The first file that blind-copies its mail to a foreign address, outside the package's own tests. */
function mailCopyFinding(files: FileReading[], own: Ownership, o: Options): DetectorFinding | undefined {
  const file = files.find((f) => f.mailCopy && reachOf(f, undefined) !== 'test' && !ownsHost(own, f.mailCopy.address.slice(f.mailCopy.address.indexOf('@') + 1)));
  if (!file?.mailCopy) return undefined;
  const { line, excerpt, address } = file.mailCopy;
  return { messageId: 'mailCopy', data: { file: file.path, address, line }, weight: o.hiddenMailCopyWeight, evidence: { file: file.path, line, excerpt, destination: address } };
}

const STORE_KINDS = new Set(['credential-file', 'browser-data', 'wallet']);

/** The file reads three or more distinct stores of secrets, and one of them is among what it sends. */
function harvests(file: FileReading, scored: { file: FileReading; flow: Flow }[]): boolean {
  if (!scored.some((s) => s.file === file && STORE_KINDS.has(s.flow.source.kind))) return false;
  return storesOf(file).length >= 3;
}

function storesOf(file: FileReading): string[] {
  return [...new Set((file.behaviour?.sources ?? []).filter((s) => STORE_KINDS.has(s.kind)).map((s) => s.what))];
}

function keyToForeignHost(flow: Flow, own: Ownership): boolean {
  const host = flow.sink.host;
  if (flow.sink.kind !== 'network' || host === undefined || !flow.source.what.startsWith('key material')) return false;
  // A local signer or bridge (a hardware wallet's daemon on 127.0.0.1) is the user's own machine.
  if (own.hosts.has(siteOf(host)) || host === 'localhost' || /^127\.|^\[?::1\]?$/.test(host)) return false;
  // The domain itself must be the name (tatum.io for @tatumio/*): a look-alike registered for the
  // theft wraps the brand in more (sol-rpc.xyz for @solana/web3.js, lumen-rpc for @lumen-chain/*).
  const [domain, tld] = siteOf(host).split('.');
  return !(own.words.has(domain ?? '') || own.words.has(`${domain}${tld}`));
}

/** A Telegram bot token or a Discord webhook's id and token, written out in the text. */
const CHANNEL_TOKEN = /\b\d{8,10}:AA[\w-]{33}\b|discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,}/;

function shipsChannelToken(text: string | undefined): boolean {
  return text !== undefined && CHANNEL_TOKEN.test(text);
}

function destinationOf(flow: Flow): Destination | undefined {
  if (flow.sink.kind === 'dns') return { kind: 'dns-exfil', what: 'DNS names built from the data', host: flow.sink.excerpt };
  return flow.sink.destination ?? flow.fileDestination;
}

function flowWeight(file: FileReading, flow: Flow, o: Options): number {
  const base = {
    environment: o.environmentWeight,
    'credential-file': o.credentialFileWeight,
    'browser-data': o.browserDataWeight,
    'page-data': o.pageDataWeight,
    wallet: o.walletWeight,
    clipboard: o.clipboardWeight,
    'ci-secret': o.ciSecretWeight,
    'host-identity': o.hostIdentityWeight,
  }[flow.source.kind];
  const destination = destinationOf(flow) ? o.suspiciousDestinationWeight : 0;
  if (flow.ownService && destination === 0) return o.ownServiceWeight;
  if (flow.source.kind === 'page-data' && destination === 0 && flow.sink.disguised === undefined) return 0;
  const reach = reachOf(file, flow.sink.flow?.scope ?? flow.source.flow?.scope);
  return Math.max(5, base + destination + contextWeight(reach, o));
}

function flowFinding(file: FileReading, flow: Flow, weight: number, flows: number, kinds: string[]): DetectorFinding {
  const destination = destinationOf(flow);
  const reach = reachOf(file, flow.sink.flow?.scope ?? flow.source.flow?.scope);
  return {
    messageId: 'flow',
    data: {
      file: file.path,
      source: flow.source.what,
      sourceLine: flow.source.line,
      sink: flow.sink.what,
      sinkLine: flow.sink.line,
      destination: destination ? ` (${destination.what}: ${destination.host})` : '',
      reach: describeReach(reach, file.installHook),
    },
    weight,
    evidence: {
      file: file.path,
      line: flow.sink.line,
      excerpt: flow.sink.excerpt,
      source: { line: flow.source.line, excerpt: flow.source.excerpt, kind: flow.source.kind },
      sink: { line: flow.sink.line, excerpt: flow.sink.excerpt, kind: flow.sink.kind },
      how: flow.how,
      reach,
      analysis: file.analysis,
      ...(flow.ownService ? { ownService: true } : {}),
      flows,
      sourceKinds: kinds,
      ...(destination ? { destination: destination.host, destinationKind: destination.kind } : {}),
    },
  };
}
