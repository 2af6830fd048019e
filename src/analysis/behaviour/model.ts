/**
 * The behaviour model of one JavaScript file: where sensitive data comes from (sources), where data
 * or code goes (sinks), and which sources reach which sinks (flows), read from the acorn analysis
 * (support/javascript.ts) without running anything.
 *
 * Flows are followed by name, scope-less, like the analyser's bindings: a source's value is held by
 * a variable (`const u = os.userInfo()`), variables built from it are tainted too (`const body =
 * JSON.stringify({ u })`, `s += chunk`, `arr.push(u)`), so are callback parameters fed by it
 * (`readFile(p, (e, data) => …)`, `res.on('data', c => …)`) and the parameters of local functions it
 * is passed to (`send(body)`). A sink is fed when its arguments use a tainted name, when the source
 * is written inside its arguments, or when a tainted value is written to a request it created
 * (`req.write(body)`). Minified bundles reuse one- and two-letter names in every scope, so there
 * those names are not followed (only nested flows count).
 */
import { commandWipes, findWipes, listedWipes, type Wipe } from './wiper.js';
import { harvestSources } from './harvest.js';
import { within } from './spans.js';

export { within };
import { safeLine } from '../../report/sanitize.js';
import {
  commandOfCall,
  commandText,
  INVISIBLE_PAYLOAD_RUN,
  isCommandRunner,
  isDynamicCodeCall,
  isWorkerEval,
  isNetworkCall,
  longestInvisibleRun,
  stringValue,
  ASSIGNMENTS_KEPT,
  type FlowFacts,
  type JsAssignment,
  type JsAstAnalysis,
  type JsCall,
  type StaticValue,
} from '../javascript/index.js';
import {
  CLIPBOARD_READS,
  KILLS_PROGRAM,
  AI_ASSISTANT_CONFIGS,
  SHELL_PROFILE,
  CREDENTIAL_COMMANDS,
  CREDENTIAL_HOMES,
  CREDENTIAL_PATHS,
  classifyDestination,
  DROPPER_COMMANDS,
  decodedShellText,
  EXECUTABLE_FILE,
  FILE_READS,
  FILE_WRITES,
  IDENTITY_CALLS,
  IMAGE_DECODER,
  IDENTITY_ENV,
  MINER_COMMAND,
  PERSISTENCE_PATHS,
  RECON_COMMANDS,
  SECRET_ENV,
  SECRET_HUNT,
  STRONG_DROPPER_COMMANDS,
  type Destination,
  type SourceKind,
} from './patterns.js';

export interface Spot {
  line: number;
  excerpt: string;
}

export interface Source extends Spot {
  kind: SourceKind;
  what: string;
  flow?: FlowFacts;
}

export type SinkKind = 'network' | 'dns' | 'code' | 'command' | 'write';

export interface Sink extends Spot {
  kind: SinkKind;
  what: string;
  destination?: Destination;
  flow?: FlowFacts;
  /** For writes and commands: the resolved path or command line, as far as known. */
  target?: string;
  /** A copy's source (`fs.copyFileSync(from, target)`), as the resolver writes it. */
  from?: string;
  /** For code: the code is a template of the file's own with names filled in (see `codeTemplate`). */
  template?: true;
  /** For network calls: the host the call names in a literal (`fetch('https://x.example/…')`), when it does. */
  host?: string;
  /** For network calls: the function's name is hidden (`self[rot13('srgpu')](u)`): how (javascript/disguise.ts). */
  disguised?: string;
  /** For commands: started `detached`, so the program outlives the process that started it. */
  detached?: true;
}

/** Writes whose second argument is the path written: a copy, a rename, a link (`fs.copyFileSync(src, dest)`). */
const COPIES = /(?:copyFile|rename|symlink)(?:Sync)?$/;
const DETACHED = /\bdetached\s*:\s*(?:true|!0)\b/;

export interface Flow {
  source: Source;
  sink: Sink;
  /** `nested`: the source is written inside the sink's arguments; `variables`: through named values. */
  how: 'nested' | 'variables';
  /** Where the data goes when the sink's own arguments do not say but the file names one suspicious place. */
  fileDestination?: Destination;
  /** The credential goes to the service it belongs to (npm token to the registry): use, not theft. */
  ownService?: boolean;
}

/** Downloaded or decoded data reaching something that runs it. */
export interface RemoteCode {
  /** `urlFromCaller`: the download asks for a URL its function was handed (a module loader), not one the file chooses. */
  origin: Spot & { what: string; urlFromCaller?: true; decrypted?: true; urlFetched?: true; fromPicture?: true };
  sink: Sink;
  stage: 'download' | 'decode';
  /** Downloaded text is the command line a shell runs (`exec(msg.content)`), not a fetched program's path. */
  commandText?: true;
}

export interface FileBehaviour {
  sources: Source[];
  sinks: Sink[];
  /** Sensitive source → network/DNS sink. */
  exfiltration: Flow[];
  /** Downloaded or decoded data → code execution, a command, or a written file later run. */
  remoteCode: RemoteCode[];
  /** `written`: a dropper command kept in a string the file does not itself run (a config it writes, a table it indexes). */
  droppers: (Spot & { what: string; command: string; written?: true; script?: 'autostart' | 'file' })[];
  persistence: (Spot & { what: string; target: string })[];
  secretHunt: Spot[];
  /** A socket to a remote host wired to a shell's stdin/stdout. */
  reverseShell?: Spot & { what: string };
  /** Commands that start a cryptocurrency miner (xmrig flags, a stratum or Monero pool, a Monero address). */
  miners: (Spot & { command: string; scope?: string })[];
  /** Directory walks that overwrite or delete every file under the user's folders (wiper.ts). */
  wipes: Wipe[];
  /** Calls of sensitive functions whose name the code hides (javascript/disguise.ts): `cp['sp' + 'awn']()`. */
  disguisedCalls: (Spot & { api: string; how: string; scope?: string })[];
  /** Suspicious destinations named anywhere in the file. */
  destinations: (Destination & { line: number })[];
  /** Named functions nobody in the file calls (dormant code, weighed less). */
  uncalled: Set<string>;
  /** Named functions the top level calls (directly or through each other): they run when the file loads. */
  loadCalled: Set<string>;
}

const KEY_MATERIAL = /^(seed|seedPhrase|mnemonic|mnemonicPhrase|privateKey|private_key|secretKey|secret_key|privKey|walletSeed)$/i;
const DERIVED = /sign|hash|hmac|digest|encrypt|cipher|derive|public|address|verify|checksum/i;
const MAX_KEY_STEPS = 2;
const WALLET_CONTEXT = /mnemonic|bip39|bip32|bip44|hdkey|wallet|keypair|secp256k1|ed25519|xprv|m\/44'/i;
const KEY_MATERIAL_MEMBER = /\.(seed|mnemonic|privateKey|secretKey|private_key|secret_key)\b/;
const DECODERS = /^(Buffer\.from|atob|String\.fromCharCode|unescape|decodeURIComponent|zlib\.(inflate|gunzip|unzip|brotliDecompress|inflateRaw)(Sync)?)$/;
/** The browser's requests: their hidden names count in the flows they carry, not as disguised calls alone. */
const BROWSER_REQUESTS = /^(fetch|navigator\.sendBeacon|XMLHttpRequest|WebSocket)$/;
const isDecoder = (callee: string) => DECODERS.test(callee) || IMAGE_DECODER.test(callee);
const DOWNLOAD_CALLEES = (callee: string) => isNetworkCall(callee) && !/^dns\.|^dgram\./.test(callee);

/**
 * `importedSinks`: calls of another file's function that sends what it is handed (cross-file.ts);
 * they count as requests for the flows of this file's sources and keys.
 */
export function fileBehaviour(analysis: JsAstAnalysis, importedSinks: Sink[] = [], importedSources: Source[] = []): FileBehaviour {
  const shortNamesUnsafe = minified(analysis);
  const usable = usableNames(analysis, shortNamesUnsafe);
  const sources = [...findSources(analysis), ...harvestSources(analysis, usable), ...importedSources];
  const sinks = findSinks(analysis);
  const sending = importedSinks.length > 0 ? [...sinks, ...importedSinks] : sinks;
  const destinations = analysis.strings.flatMap((s) => {
    const d = classifyDestination(s.value);
    return d ? [{ ...d, line: s.line }] : [];
  }).slice(0, 20);
  const fileDestination = destinations[0];
  const exfiltration = [...sourceFlows(analysis, sources, sending, usable, fileDestination), ...keyMaterialFlows(analysis, sending, usable, shortNamesUnsafe, fileDestination)];
  const remoteCode = findRemoteCode(analysis, sinks, usable);
  const run = sinks.flatMap((s) => {
    if (s.kind !== 'command' || s.target === undefined) return [];
    const hit = DROPPER_COMMANDS.find(([pattern]) => pattern.test(s.target!));
    // What the shell is handed once decoded, so the report says what runs (`nohup sh -c "$(curl …)"`).
    const decoded = hit?.[1] === 'pipes decoded base64 into a shell' ? decodedShellText(s.target) : undefined;
    return hit ? [{ line: s.line, excerpt: s.excerpt, what: hit[1], command: safeLine(decoded !== undefined ? `${s.target} → ${decoded}` : s.target, 240) }] : [];
  });
  const droppers = [...run, ...preloads(analysis, sinks), ...writtenDroppers(analysis, run)];
  const persistence = [...sinks.flatMap((s) => {
    if (s.kind !== 'write' || s.target === undefined) return [];
    const hit = PERSISTENCE_PATHS.find(([pattern]) => pattern.test(s.target!));
    const what = hit && /another installed package/.test(hit[1]) && rewritesCode(analysis, s.target) ? 'rewrites the code of another installed package' : hit?.[1];
    return what ? [{ line: s.line, excerpt: s.excerpt, what, target: safeLine(s.target, 160) }] : [];
  }), ...namedPersistence(analysis, sinks)];
  const secretHunt = [
    ...sinks.filter((s) => s.kind === 'command' && SECRET_HUNT.test(s.target ?? '')),
    ...analysis.strings.filter((s) => SECRET_HUNT.test(s.value)).map((s) => ({ line: s.line, excerpt: safeLine(s.value, 120) })),
  ].slice(0, 5);
  const reverseShell = findReverseShell(analysis, sinks) ?? commandChannel(remoteCode);
  const miners = sinks.flatMap((s) => (s.kind === 'command' && s.target !== undefined && MINER_COMMAND.test(s.target) ? [{ line: s.line, excerpt: s.excerpt, command: safeLine(s.target, 160), ...(s.flow?.scope !== undefined ? { scope: s.flow.scope } : {}) }] : [])).slice(0, 3);
  const disguisedCalls = analysis.calls.flatMap((c) => {
    // A hidden request matters when something it sends is worth hiding: the flows weigh it (Sink.disguised).
    if (c.disguise === undefined || BROWSER_REQUESTS.test(c.callee)) return [];
    const api = c.callee === 'require' ? `require('${stringValue(c.args[0]) ?? '…'}')` : `${c.callee}()`;
    return [{ line: c.line, excerpt: c.excerpt, api, how: c.disguise, ...(c.flow?.scope !== undefined ? { scope: c.flow.scope } : {}) }];
  }).slice(0, 10);
  const called = new Set(analysis.calledNames);
  const uncalled = new Set(Object.keys(analysis.functionParams).filter((f) => !called.has(f)));
  return { sources, sinks, exfiltration: dedupeFlows(exfiltration), remoteCode, droppers, persistence, secretHunt, ...(reverseShell ? { reverseShell } : {}), miners, wipes: [...findWipes(analysis, usable), ...commandWipes(analysis, sinks.filter((s) => s.kind === 'command')), ...listedWipes(analysis)].slice(0, 5), disguisedCalls, destinations, uncalled, loadCalled: new Set(analysis.loadCalled ?? []) };
}

/**
 * A JavaScript file read and written back by the same file: code patched in place. In another
 * package (ethers' wallet.js given a line that sends the key away) it is a backdoor that every
 * project using that package runs, and survives removing the package that wrote it.
 */
function rewritesCode(analysis: JsAstAnalysis, target: string): boolean {
  return /\.[cm]?js$/.test(target) && analysis.calls.some((c) => /^fs\.(promises\.)?readFile(Sync)?$/.test(c.callee) && stringValue(c.args[0]) === target);
}

/** Names worth following: all of them, but for the one- and two-letter names of minified code. */
export function usableNames(analysis: JsAstAnalysis, shortNamesUnsafe = minified(analysis)): (name: string) => boolean {
  return (name: string) => !(shortNamesUnsafe && name.length <= 2);
}

/**
 * Minified code reuses one- and two-letter names in every scope, so following them by name links
 * unrelated values. A line over 1,000 characters gives it away, and so do short names making a third
 * of a file's names when the minifier wrapped its output into short lines (@neondatabase/serverless).
 */
function minified(analysis: JsAstAnalysis): boolean {
  const m = analysis.metrics;
  return m.longestLineBytes > 1000 || (m.identifierCount >= 100 && m.shortIdentifierCount / m.identifierCount >= 0.35);
}

type FileDestination = FileBehaviour['destinations'][number] | undefined;

/**
 * Names are followed scope-less: in a bundle, a source and a request more than this many lines apart
 * sit in different modules that happen to share a name (@vercel/rust's bundle: process.env at line
 * 1455, a socket at 157). A stealer keeps what it reads near where it sends it.
 */
const MAX_SOURCE_TO_SINK_LINES = 500;

/**
 * Minified code's short names are not followed file-wide (usableNames), but a payload appended to a
 * minified bundle keeps its own short names a few statements apart (`r={e:process.env,…}` … `x=…r…`
 * … `d.resolveTxt(x.slice(…)+"."+zone)`, the node-ipc shape of 2026). Within this many characters
 * after the source, in the same named function (or both outside any), and this many steps, they are followed.
 */
const MINIFIED_NEAR_CHARS = 2000;
const MINIFIED_NEAR_STEPS = 6;

function closeInMinified(source: Source, sink: Sink, usable: (name: string) => boolean): boolean {
  if (usable('x') || source.flow === undefined || sink.flow === undefined || source.flow.scope !== sink.flow.scope) return false;
  return sink.flow.span[0] >= source.flow.span[0] && sink.flow.span[0] - source.flow.span[0] <= MINIFIED_NEAR_CHARS;
}

/** `form.append(data); form.submit('https://…')`: an object that collected the data sends it. */
function collectorSends(analysis: JsAstAnalysis, source: Source, tainted: Set<string>, fileDestination: FileDestination): Flow[] {
  const flows: Flow[] = [];
  for (const m of analysis.methodCalls) {
    if (!/^(submit|upload|post|send|sendDocument|sendMessage)$/.test(m.method) || m.object === undefined || !reaches(tainted, m.object, m.flow.span)) continue;
    const destination = classifyDestination(m.excerpt);
    if (!destination && !/\bhttps?:\/\//.test(m.excerpt)) continue;
    const sink: Sink = { kind: 'network', what: `${m.object}.${m.method}()`, line: m.line, excerpt: m.excerpt, flow: m.flow, ...(destination ? { destination } : {}) };
    flows.push({ source, sink, how: 'variables', ...(!destination && fileDestination ? { fileDestination } : {}) });
  }
  return flows;
}

/** Each source's data followed through variables to a request, a DNS query or a command that sends. */
function sourceFlows(analysis: JsAstAnalysis, sources: Source[], sinks: Sink[], usable: (name: string) => boolean, fileDestination: FileDestination): Flow[] {
  const flows: Flow[] = [];
  const allSinks = sources.length > 0 ? [...sinks, ...remoteClientWrites(analysis)] : sinks;
  for (const source of sources) {
    // The whole environment is followed as a whole: `env.HTTPS_PROXY` taken out of it is one variable.
    const whole = source.kind === 'environment';
    const seeds = [...seedsOf(source.flow), ...collectorsOf(source.flow, analysis)];
    const tainted = taint(analysis, seeds, usable, whole, Number.POSITIVE_INFINITY, seeds.length === 0 ? parametersGiven(analysis, source.flow, allSinks) : []);
    let closeTainted: Set<string> | undefined;
    const nearTaint = () => (closeTainted ??= taint(analysis, seeds, () => true, whole, MINIFIED_NEAR_STEPS));
    flows.push(...collectorSends(analysis, source, tainted, fileDestination));
    for (const sink of allSinks) {
      // A copied environment handed to a command is its child environment, not data sent anywhere.
      const commandSends = sink.kind === 'command' && /\b(curl|wget|Invoke-WebRequest|iwr|Invoke-RestMethod|nc|ncat)\b/i.test(sink.target ?? '') && source.excerpt.indexOf('...process.env') < 0;
      if (sink.kind !== 'network' && sink.kind !== 'dns' && !commandSends) continue;
      if (Math.abs(source.line - sink.line) > MAX_SOURCE_TO_SINK_LINES) continue;
      const how = sentBySelf(source, sink, commandSends) ?? feeds(source.flow, sink, tainted, analysis, whole) ?? (closeInMinified(source, sink, usable) ? feeds(source.flow, sink, nearTaint(), analysis, whole) : undefined);
      if (how) flows.push({ source, sink, how, ...(!sink.destination && fileDestination ? { fileDestination } : {}), ...(ownService(source, sink, analysis) ? { ownService: true } : {}) });
    }
  }
  return flows;
}

/**
 * The key is the request's credential: written into an authorisation header (`Authorization: 'ApiKey ' +
 * secretKey`, `'x-api-key': secretKey`), where a service's SDK puts the API key its user gave it
 * (@novu/node's secretKey). A wallet's private key is never a header; a stealer puts it in the body or URL.
 */
function authorizes(excerpt: string, name: string): boolean {
  const header = new RegExp(`['"\`]?(?:authorization|x-api-key|api-key|apikey|x-auth-token)['"\`]?\\s*:\\s*[^,}]{0,40}\\b${name.replace(/[$]/g, '\\$')}\\b`, 'i');
  return header.test(excerpt);
}

/**
 * Key material by name: a seed, mnemonic or private key reaching a request, also through local
 * helpers (`addToQueue(secretKey)`). Wallet libraries derive and sign with these and send only what
 * they derived, so names of derived values (signature, hash, publicKey, address…) stop the flow.
 */
function keyMaterialFlows(analysis: JsAstAnalysis, sinks: Sink[], usable: (name: string) => boolean, shortNamesUnsafe: boolean, fileDestination: FileDestination): Flow[] {
  const keyNames = new Set<string>();
  for (const c of analysis.calls) for (const n of c.flow?.argNames ?? []) if (KEY_MATERIAL.test(n)) keyNames.add(n);
  for (const params of Object.values(analysis.functionParams)) for (const n of params) if (KEY_MATERIAL.test(n)) keyNames.add(n);
  // `seed` is also a sampling or hashing seed (AI SDKs send `{ seed }` with every image request): key
  // material only in a file that deals in wallets.
  if (keyNames.has('seed') && !analysis.strings.some((s) => WALLET_CONTEXT.test(s.value)) && ![...keyNames].some((n) => n !== 'seed')) keyNames.delete('seed');
  // In minified bundles names are reused across scopes: only the key names themselves count there.
  // Two steps at most (`addToQueue(secretKey)` → its parameter → the headers built from it): the
  // hijacked releases sent key material straight out, while a crypto library's keys reach a request
  // only through long chains of shared names (secretKey → event → … → another function's `url`).
  const keyTaint = keyNames.size === 0 ? new Set<string>() : shortNamesUnsafe ? keyNames : taint(analysis, [...keyNames], (n) => usable(n) && !DERIVED.test(n), false, MAX_KEY_STEPS);
  const flows: Flow[] = [];
  for (const sink of sinks) {
    if ((sink.kind !== 'network' && sink.kind !== 'dns') || !sink.flow) continue;
    const named = sink.flow.argNames.find((n) => reaches(keyTaint, n, sink.flow!.span)) ?? KEY_MATERIAL_MEMBER.exec(sink.excerpt)?.[1];
    if (named === undefined || authorizes(sink.excerpt, named)) continue;
    const source: Source = { kind: 'wallet', what: `key material (${named})`, line: sink.line, excerpt: sink.excerpt };
    flows.push({ source, sink, how: 'variables', ...(!sink.destination && fileDestination ? { fileDestination } : {}) });
  }
  return flows;
}

// ---- sources ---------------------------------------------------------------------------------

function credentialPath(path: string | undefined): [SourceKind, string] | undefined {
  if (path === undefined) return undefined;
  const hit = CREDENTIAL_PATHS.find(([pattern]) => pattern.test(path));
  return hit ? [hit[1], hit[2]] : undefined;
}

export function findSources(analysis: JsAstAnalysis): Source[] {
  const sources: Source[] = [];
  const add = (s: Source) => sources.length < 200 && sources.push(s);
  for (const read of analysis.envReads) {
    const source = envSource(read);
    if (source) add(source);
  }
  const wrappers = sourceWrappers(analysis);
  for (const call of analysis.calls) {
    const wrapped = call.callee.startsWith('local:') ? wrappers.get(call.callee.slice(6)) : undefined;
    const source = callSource(wrapped !== undefined ? { ...call, callee: wrapped } : call);
    if (source) add(source);
  }
  for (const read of analysis.pageReads ?? []) {
    const what = read.name === 'cookie' ? "the page's cookies (document.cookie)" : `the page's whole ${read.name}`;
    add({ kind: 'page-data', what, line: read.line, excerpt: read.excerpt, ...(read.flow ? { flow: read.flow } : {}) });
  }
  // Credential paths kept in a variable (`const files = ['.aws/credentials', …]`) by a file that reads
  // files: stealers loop over path lists, so the read call itself names no path.
  const reads = analysis.calls.some((c) => FILE_READS.test(c.callee) || isCommandRunner(c.callee));
  if (reads) {
    for (const literal of analysis.strings) {
      if (literal.holder === undefined || literal.value.length > 300) continue;
      const hit = credentialPathInLiteral(literal.value);
      // A sentence naming key files is an instruction (a prompt asking a model to find them), read or not.
      const instruction = literal.value.trim().split(/\s+/).length >= 8;
      if (hit && !sources.some((s) => s.flow?.holder === literal.holder && s.kind === hit[0]) && (instruction || pathIsRead(analysis, literal.holder))) {
        add({ kind: hit[0], what: hit[1], line: literal.line, excerpt: safeLine(literal.value, 120), flow: { span: [-1, -1], argNames: [], holder: literal.holder } });
      }
    }
  }
  return sources;
}

/**
 * Local helpers that hand their first parameter straight to a file read or a command
 * (`const rd = (p) => { try { return fs.readFileSync(p, 'utf8'); } catch {} }`, `sh = (c) =>
 * execSync(c)`): stealers read a dozen credential files through one, so a call of the helper is read
 * as the call it wraps. Helper name → the wrapped callee.
 */
function sourceWrappers(analysis: JsAstAnalysis): Map<string, string> {
  const wrappers = new Map<string, string>();
  for (const call of analysis.calls) {
    const scope = call.flow?.scope;
    if (scope === undefined || wrappers.has(scope) || !(FILE_READS.test(call.callee) || isCommandRunner(call.callee))) continue;
    const first = own(analysis.functionParams, scope)?.[0];
    if (first !== undefined && call.flow?.positional?.[0] === first) wrappers.set(scope, call.callee);
  }
  return wrappers;
}

/** The whole environment, a copy of it, a CI secret or a host-identity variable. */
function envSource(read: JsAstAnalysis['envReads'][number]): Source | undefined {
  const base = { line: read.line, excerpt: read.excerpt, ...(read.flow ? { flow: read.flow } : {}) };
  if (read.name === '*copy') return { kind: 'environment', what: 'a copy of the whole environment ({ ...process.env })', ...base };
  if (read.name === '*') return { kind: 'environment', what: 'the whole environment (process.env)', ...base };
  if (SECRET_ENV.test(read.name)) return { kind: 'ci-secret', what: `secret ${read.name}`, ...base };
  if (IDENTITY_ENV.test(read.name)) return { kind: 'host-identity', what: `${read.name} from the environment`, ...base };
  return undefined;
}

/**
 * A path held in a variable is a source only where the file reads it: a scaffolder that writes the new
 * project's `.env` (mastra's create) names a credential file it never reads.
 */
function pathIsRead(analysis: JsAstAnalysis, holder: string): boolean {
  const held = taint(analysis, [holder], () => true, false, 2);
  return analysis.calls.some((c) => (FILE_READS.test(c.callee) || isCommandRunner(c.callee)) && c.flow !== undefined && c.flow.argNames.some((n) => reaches(held, n, c.flow!.span)));
}

/** Host identity, the clipboard, or a credential file, read by a call or by a command it runs. */
function callSource(call: JsCall): Source | undefined {
  const flow = call.flow;
  const base = { line: call.line, excerpt: call.excerpt, ...(flow ? { flow } : {}) };
  if (IDENTITY_CALLS.test(call.callee)) return { kind: 'host-identity', what: `${call.callee}()`, ...base };
  if (CLIPBOARD_READS.test(call.callee)) return { kind: 'clipboard', what: 'clipboard contents', ...base };
  if (FILE_READS.test(call.callee)) {
    const hit = credentialPath(stringValue(call.args[0]));
    // `copyFileSync(loginData, copy)`: the copy holds the data from here on.
    const copyTo = /copy/i.test(call.callee) && flow ? flow.argNames.slice(1) : [];
    return hit ? { kind: hit[0], what: hit[1], ...base, ...(flow && copyTo.length > 0 ? { flow: { ...flow, callbackParams: [...(flow.callbackParams ?? []), ...copyTo] } } : {}) } : undefined;
  }
  if (!isCommandRunner(call.callee)) return undefined;
  const command = commandOfCall(call);
  if (command !== undefined && RECON_COMMANDS.test(command)) return { kind: 'host-identity', what: `output of \`${safeLine(command, 60)}\``, ...base };
  if (command !== undefined && /\b(pbpaste|xclip\s+-o|xsel|Get-Clipboard)\b/i.test(command)) return { kind: 'clipboard', what: 'clipboard contents', ...base };
  const printed = command !== undefined ? CREDENTIAL_COMMANDS.find(([pattern]) => pattern.test(command)) : undefined;
  if (printed) return { kind: 'credential-file', what: printed[1], ...base };
  const hit = credentialPath(command?.match(/\b(cat|type|Get-Content)\s+(\S+)/i)?.[2]) ?? uploadedCredential(command);
  return hit ? { kind: hit[0], what: hit[1], ...base } : undefined;
}

/** Files curl or wget upload (`-F "a=@$HOME/.npmrc"`, `-d @file`, `-T file`, `--post-file=file`): read and sent by the one command. */
const UPLOADED_FILE = /(?:-F\s*["']?[\w.[\]-]*=@|--form\s+["']?[\w.[\]-]*=@|(?:--data(?:-binary|-raw|-urlencode)?|-d)\s*["']?@|-T\s*["']?|--upload-file\s+["']?|--post-file=["']?)([^\s"';|&]+)/g;

function uploadedCredential(command: string | undefined): [SourceKind, string] | undefined {
  if (command === undefined || !/\b(curl|wget)\b/.test(command)) return undefined;
  for (const m of command.matchAll(UPLOADED_FILE)) {
    const hit = credentialPath(m[1]!.replace(/^(?:\$HOME|\$\{HOME\}|%USERPROFILE%)/, '~'));
    if (hit) return hit;
  }
  return undefined;
}

/** A credential path in a string literal: as written, under the home folder, or hidden as base64 (read the way the code will read it). */
function credentialPathInLiteral(value: string): [SourceKind, string] | undefined {
  const decoded = /^[A-Za-z0-9+/]{12,}={0,2}$/.test(value) ? Buffer.from(value, 'base64').toString('latin1') : undefined;
  return credentialPath(value) ?? credentialPath(value.startsWith('.') ? `~/${value}` : undefined) ?? (decoded !== undefined && /^[\x20-\x7e]+$/.test(decoded) ? credentialPath(decoded) : undefined);
}

// ---- sinks -----------------------------------------------------------------------------------

function destinationOf(call: JsCall): Destination | undefined {
  const named = call.requestUrl !== undefined ? classifyDestination(call.requestUrl) : undefined;
  if (named) return named;
  for (const arg of call.args) {
    const text = stringValue(arg) ?? commandText(arg);
    const d = text !== undefined ? classifyDestination(text) : undefined;
    if (d) return d;
  }
  return classifyDestination(call.excerpt);
}

function networkSink(call: JsCall, base: Spot & { flow?: FlowFacts }): Sink {
  const destination = destinationOf(call);
  const host = literalHost(call);
  return { kind: 'network', what: `${call.callee}()`, ...base, ...(destination ? { destination } : {}), ...(host ? { host } : {}), ...(call.disguise !== undefined ? { disguised: call.disguise } : {}) };
}

/** The host a request names as written: its options' host or a URL literal among its arguments. */
/** The request names its host in the file (`{ host: 'discord.com', path: p }`, `fetch(API + p)` with API written out). */
function namedHost(call: JsCall): boolean {
  const text = call.requestUrl ?? stringValue(call.args[0]);
  const host = text !== undefined ? /^(?:https?|wss?):\/\/([^/:?#\s]+)/i.exec(text)?.[1] : undefined;
  return host !== undefined && !host.includes('…');
}

function literalHost(call: JsCall): string | undefined {
  const texts = [call.requestUrl, ...call.args.map((a) => (a?.kind === 'string' && !a.partial ? a.value : undefined))];
  for (const text of texts) {
    const host = text !== undefined ? /^(?:https?|wss?):\/\/([^/:?#\s]+)/i.exec(text)?.[1] : undefined;
    if (host) return host.toLowerCase();
  }
  return undefined;
}

/**
 * `require(x)` runs code when `x` is not known, but not when its known tail is `.json`:
 * `require(path.join(dir, 'package.json'))` parses data, whatever `dir` is.
 */
function loadsComputedCode(arg: StaticValue | undefined): boolean {
  if (arg?.kind === 'string') return arg.partial && !/\.json$/i.test(arg.value);
  return stringValue(arg) === undefined;
}

/**
 * A decoder call that turns opaque data into text: `Buffer.from(s)` of a string only re-encodes it
 * (UTF-8), so `Buffer.from` counts with a base64/hex encoding or over a list of byte values, and
 * percent-decoding only of a string the package ships (not of a query string read at run time).
 */
function decodes(call: JsCall): boolean {
  // Percent-decoding counts only over text the package ships (see the analyser's decodedArgument).
  if (call.callee === 'decodeURIComponent' || call.callee === 'unescape' || call.callee === 'decodeURI') return call.args[0]?.kind === 'string' && !call.args[0].partial;
  // A few known characters (`String.fromCharCode(59)`, a semicolon) hide nothing.
  if (call.callee === 'String.fromCharCode') return !(call.args.length <= 3 && call.args.every((a) => a?.kind === 'string' && /^\d+$/.test(a.value)));
  if (call.callee !== 'Buffer.from') return true;
  const encoding = stringValue(call.args[1]);
  return (encoding !== undefined && /^(base64|base64url|hex)$/i.test(encoding)) || call.args[0]?.kind === 'array' || call.args[0]?.kind === 'bytes';
}

/**
 * Calls that send a name to a DNS server. `new dns.Resolver(options)`, `dns.setServers` or
 * `dns.getServers` configure and send nothing (nodemailer builds a Resolver from the host's
 * interfaces once its interop helper resolved to dns).
 */
const DNS_QUERY = /^dns\.(?:promises\.)?(?:lookup|lookupService|resolve\w*|reverse)$/;

/**
 * A query that carries data out names a domain the file chose (`hex + '.' + 'x.example'`): the
 * data is a label under it, delivered to that domain's server. `dns.lookup(os.hostname())`, a
 * machine asking for its own full name, reaches only the local resolver.
 */
function namesOwnDomain(call: JsCall): boolean {
  const name = call.args[0]?.kind === 'string' ? call.args[0].value : undefined;
  return name !== undefined && /[a-z0-9-]\.[a-z][a-z0-9-]*[a-z0-9]\.?$/i.test(name.replace(/…/g, ''));
}

export function findSinks(analysis: JsAstAnalysis): Sink[] {
  const sinks: Sink[] = [];
  const add = (s: Sink) => sinks.length < 400 && sinks.push(s);
  const pipes = namesLocalSockets(analysis);
  for (const call of analysis.calls) {
    const base = { line: call.line, excerpt: call.excerpt, ...(call.flow ? { flow: call.flow } : {}) };
    if (DNS_QUERY.test(call.callee)) {
      if (namesOwnDomain(call)) add({ kind: 'dns', what: `${call.callee}()`, ...base });
    }
    else if (/^dns\./.test(call.callee)) continue;
    else if (isNetworkSink(call)) {
      if (pipes && localSocket(call)) continue;
      add(networkSink(call, base));
    } else if (isDynamicCodeCall(call.callee) || isWorkerEval(call) || call.callee === 'import' || call.callee === 'require' || call.callee === 'module.require') {
      const code = codeSink(call, base);
      if (code) add(code);
    } else if (isCommandRunner(call.callee)) {
      const command = commandOfCall(call);
      const destination = command !== undefined ? classifyDestination(command) : undefined;
      add({ kind: 'command', what: `${call.callee}()`, ...base, ...(command !== undefined ? { target: command } : {}), ...(destination ? { destination } : {}), ...(DETACHED.test(call.excerpt) ? { detached: true as const } : {}) });
    } else if (FILE_WRITES.test(call.callee)) add(writeSink(call, base));
  }
  for (const beacon of imageBeacons(analysis)) add(beacon);
  for (const query of resolverQueries(analysis)) add(query);
  return sinks;
}

/** A write: the path written, and for a copy (`fs.copyFileSync(from, target)`) where it came from. */
function writeSink(call: JsCall, base: Spot & { flow?: FlowFacts }): Sink {
  const copy = COPIES.test(call.callee);
  const target = stringValue(call.args[copy ? 1 : 0]);
  const from = copy ? stringValue(call.args[0]) : undefined;
  return { kind: 'write', what: `${call.callee}()`, ...base, ...(target !== undefined ? { target } : {}), ...(from !== undefined ? { from } : {}) };
}

/**
 * Lookups through a resolver of the file's own (`const r = new dns.promises.Resolver(); r.setServers(…);
 * r.resolveTxt(name)`): a stealer that asks the attacker's name server directly puts the data in
 * the names it looks up (node-ipc's 2026 stealer sent its archive as TXT queries).
 */
function resolverQueries(analysis: JsAstAnalysis): Sink[] {
  const resolvers = new Set(analysis.calls.filter((c) => /^dns\.(?:promises\.)?Resolver$/.test(c.callee) && c.flow?.holder !== undefined).map((c) => c.flow!.holder!));
  if (resolvers.size === 0) return [];
  return analysis.methodCalls
    .filter((m) => m.object !== undefined && resolvers.has(m.object) && /^resolve\w+$/.test(m.method))
    .map((m) => ({ kind: 'dns' as const, what: `${m.object}.${m.method}() of a dns.Resolver`, line: m.line, excerpt: m.excerpt, flow: m.flow }));
}

/**
 * `new Image().src = 'https://…/?d=' + data`: the browser requests the URL to load the picture, the
 * oldest beacon there is (skimmers send form fields and cookies this way).
 */
function imageBeacons(analysis: JsAstAnalysis): Sink[] {
  return analysis.propertyWrites.flatMap((w) => {
    if (w.property !== 'src' || !w.flow || !(/^new Image\(/.test(w.objectOrigin ?? '') || /new Image\([^)]*\)\s*\)?\s*\.\s*src\s*=/.test(w.excerpt))) return [];
    const destination = classifyDestination(w.excerpt);
    const host = /\bhttps?:\/\/([^/:?#\s'"`]+)/i.exec(w.excerpt)?.[1]?.toLowerCase();
    return [{ kind: 'network' as const, what: 'new Image().src (a beacon)', line: w.line, excerpt: w.excerpt, flow: w.flow, ...(destination ? { destination } : {}), ...(host ? { host } : {}) }];
  }).slice(0, 20);
}

/** eval/Function/vm/Module#_compile and string workers, `import()` of a URL, `require` of a computed path: code run from data. */
function codeSink(call: JsCall, base: Spot & { flow?: FlowFacts }): Sink | undefined {
  if (call.callee === 'import') {
    // Build tools import computed module paths all the time; a `data:`/`blob:`/http URL is code that came as text.
    return /^(data|blob|https?):/i.test(stringValue(call.args[0]) ?? '') ? { kind: 'code', what: 'import() of a URL built at run time', ...base } : undefined;
  }
  if (call.callee === 'require' || call.callee === 'module.require') return loadsComputedCode(call.args[0]) ? { kind: 'code', what: `${call.callee}() of a computed path`, ...base } : undefined;
  // `Function('return this')()`: a constant idiom, not code built from data.
  if (!call.decodedArgument && call.args.length > 0 && call.args.every((a) => a?.kind === 'string' && !a.partial)) return undefined;
  return { kind: 'code', what: `${call.callee}()`, ...base, ...(codeTemplate(call) ? { template: true as const } : {}) };
}

function isNetworkSink(call: JsCall): boolean {
  return isNetworkCall(call.callee) || /^(navigator\.sendBeacon|(\$|jQuery|jquery)\.(ajax|post|get|getJSON)|socket\.io-client.*)$/.test(call.callee);
}

/**
 * A file that names a named pipe or a Unix socket (`\\?\pipe\…`, `….sock`, `….pipe`): its
 * `net.createConnection(path)` is inter-process communication on this machine (tsx's IPC pipe,
 * named after the user), not the network.
 */
function namesLocalSockets(analysis: JsAstAnalysis): boolean {
  return analysis.strings.some((s) => s.value.length < 300 && /\\\\[?.]\\pipe\\|\.(sock|pipe|ipc)$/i.test(s.value));
}

/** `net.connect(path)` / `net.createConnection(path, cb)`: one non-numeric argument and nothing naming a host or port. */
function localSocket(call: JsCall): boolean {
  if (!/^net\.(connect|createConnection)$/.test(call.callee)) return false;
  // One argument, not counting a callback written last (unresolved, so undefined here): `connect(port, host, cb)` is the network.
  const counted = call.args.length > 1 && call.args.at(-1) === undefined ? call.args.length - 1 : call.args.length;
  const first = call.args[0];
  const numeric = first?.kind === 'string' && /^\d+$/.test(first.value);
  return !numeric && !/\bport\b|\bhost\b|\d{2,5}\s*,/.test(call.excerpt) && counted <= 1;
}

/**
 * Code the file writes itself with names spliced in: embind's `new Function("body", "return function "
 * + name + "() { … body.apply(this, arguments) }")`, or generated with two or more parameters of its
 * own (`new Function("dynCall", "rawFunction", body)`). A payload that came as data runs whole
 * (`eval(text)`, `Function(code)`, `Function('require', code)`), not as a name inside the file's code.
 */
function codeTemplate(call: JsCall): boolean {
  if (/^(new )?Function$/.test(call.callee) && generatedWithOwnParameters(call)) return true;
  const code = call.args.at(-1);
  if (code?.kind !== 'string' || !code.partial) return false;
  const literal = code.value.replace(/…/g, '');
  return literal.length >= 24 && /\b(function|return)\b/.test(literal) && /[{}]/.test(literal);
}

/**
 * `new Function('dynCall', 'rawFunction', body)` or `new Function([...names], body)`: two or more
 * parameters named by the file, none of them a way into the system (`new Function('require', 'process',
 * src)(require, process)` hands the code the machine); or embind's `new Function(Object.keys(captures),
 * functionBody)`, parameters named after the values it captures.
 */
function generatedWithOwnParameters(call: JsCall): boolean {
  const name = (p: StaticValue | undefined) => p?.kind === 'string' && !p.partial && /^[A-Za-z_$][\w$]*$/.test(p.value) && !CAPABILITIES.has(p.value);
  const params = call.args.slice(0, -1);
  const listed = params.length === 1 && params[0]?.kind === 'array' ? params[0].items : params;
  if (listed.length >= 2 && listed.every(name)) return true;
  return call.args.length === 2 && /\bFunction\s*\(\s*Object\.keys\s*\(/.test(call.excerpt);
}

/** Names through which generated code would reach the system: handing these over is no code template. */
const CAPABILITIES = new Set(['require', 'process', 'module', 'exports', 'global', 'globalThis', 'Buffer', 'window', 'document', 'self', 'fetch', 'XMLHttpRequest', 'eval', 'Function']);

/**
 * A program started with a library forced into it: `spawn('/usr/bin/id', [], { env: { ...process.env,
 * LD_PRELOAD: lib } })` runs the library's constructor inside a trusted binary (DLL hijacking's
 * Unix form; DYLD_INSERT_LIBRARIES on macOS). Nothing an npm package ships needs it.
 */
function preloads(analysis: JsAstAnalysis, sinks: Sink[]): FileBehaviour['droppers'] {
  const preload = analysis.propertyWrites.find((w) => /^(LD_PRELOAD|DYLD_INSERT_LIBRARIES)$/.test(w.property));
  const command = preload ? sinks.find((s) => s.kind === 'command') : undefined;
  if (!preload || !command) return [];
  return [{ line: command.line, excerpt: command.excerpt, what: `preloads a library into the program it starts (${preload.property})`, command: safeLine(command.target ?? command.excerpt, 160) }];
}

/**
 * A dropper command kept in a string literal rather than passed to a runner the analyser sees: the
 * command an MCP config or a scheduled task will run, or an entry of a string table an obfuscated
 * file indexes. At most one, and not one already seen as run.
 */
function writtenDroppers(analysis: JsAstAnalysis, run: FileBehaviour['droppers']): FileBehaviour['droppers'] {
  if (run.length > 0) return [];
  for (const s of analysis.strings) {
    if (s.value.length > 2000) continue;
    const hit = STRONG_DROPPER_COMMANDS.find(([pattern]) => pattern.test(s.value));
    if (hit) return [{ line: s.line, excerpt: safeLine(s.value, 160), what: hit[1], command: safeLine(s.value, 160), written: true }];
  }
  return scriptsWritten(analysis);
}

/**
 * A script the file writes (a `.bat` in the Startup folder, a `.sh`): its lines run one after the
 * other, so `curl -o x url` on one line and `start x` on the next is a download run, as with `&&`.
 */
function scriptsWritten(analysis: JsAstAnalysis): FileBehaviour['droppers'] {
  for (const call of analysis.calls) {
    const content = FILE_WRITES.test(call.callee) ? stringValue(call.args[1]) : undefined;
    if (content === undefined || content.length > 4000 || !/\n/.test(content)) continue;
    const script = content.split(/\r?\n/).filter((l) => l.trim() !== '').join(' && ');
    const hit = DROPPER_COMMANDS.find(([pattern]) => pattern.test(script));
    const target = stringValue(call.args[0]) ?? '';
    const autostart = PERSISTENCE_PATHS.some(([pattern, what]) => /autostart|shell profile/.test(what) && pattern.test(target));
    if (hit) return [{ line: call.line, excerpt: call.excerpt, what: `a script it writes ${hit[1]}`, command: safeLine(script, 160), written: true, script: autostart ? 'autostart' : 'file' }];
  }
  return [];
}

/**
 * A file of a package the code names (`path.join(dir, 'node_modules', 'ethers')`) read and written
 * back through a variable (`src = fs.readFileSync(file); fs.writeFileSync(file, src.replace(…))`):
 * that package's code patched where the project installed it (ethers-provider2, 2025, put a reverse
 * shell into ethers' JSON-RPC provider from an install script). A named package only: patchers
 * that take the package from their user (patch-package) name none.
 */
function patchedInPlace(analysis: JsAstAnalysis, sinks: Sink[], paths: { value: string; line: number; joined?: true }[]): FileBehaviour['persistence'][number] | undefined {
  // Built with path.join/resolve (`path.join(dir, 'node_modules', 'ethers')`): a glob or a message naming node_modules is no path.
  // A path to the package's manifest or other data is a companion's settings edited, not its code (customerio-expo-plugin).
  const named = paths.find((p) => p.joined === true && NAMED_PACKAGE_PATH.test(p.value) && !/\.(?:json|ya?ml|md|txt|plist|gradle|xml)$/i.test(p.value));
  if (!named) return undefined;
  // The same variable read and written (`fs.readFileSync(file)` … `fs.writeFileSync(file, …)`), not two paths built alike.
  const read = new Set(analysis.calls.filter((c) => /^fs\.(promises\.)?readFile(Sync)?$/.test(c.callee)).flatMap((c) => firstArgumentName(c.excerpt) ?? []));
  const write = sinks.find((s) => s.kind === 'write' && /writeFile/.test(s.what) && (s.target === undefined || /…$/.test(s.target)) && read.has(firstArgumentName(s.excerpt) ?? ''));
  return write ? { line: write.line, excerpt: write.excerpt, what: 'rewrites the code of another installed package', target: safeLine(named.value, 160) } : undefined;
}

/** `fs.readFileSync(file, 'utf8')` → `file`: the call's first argument when it is a plain name. */
function firstArgumentName(excerpt: string): string | undefined {
  return /^[\w$.\s]{1,80}\(\s*([A-Za-z_$][\w$]{0,60})\s*[,)]/.exec(excerpt)?.[1];
}

/**
 * `…/node_modules/ethers`, `node_modules/@scope/name/lib`: a package named in the path, not a
 * variable's. Dot folders there are tools' caches (`node_modules/.vite/vitest`), and a JSON file
 * there is a tool's record (`node_modules/package.json`), not packages.
 */
const NAMED_PACKAGE_PATH = /node_modules[/\\](?![^/\\…]*\.json(?:[/\\]|$))(?:@[a-z0-9][\w.-]{0,213}[/\\])?[a-z0-9][\w.-]{0,213}(?:[/\\]|$)/;

/** An Electron application's code bundle, or the Discord client's core: what a write rewrites to run inside that application. */
const APPLICATION_BUNDLE = /[/\\]resources[/\\]app\.asar\b|discord_desktop_core[/\\]+index\.js\b/i;

/**
 * Persistence whose target the write call does not name: paths built in a loop over a list
 * (`for (const f of [cursorMcp, claudeJson]) fs.writeFileSync(f, …)`), or a workflow pushed through
 * the GitHub API (`PUT /repos/…/contents/.github/workflows/x.yml`) rather than written to disk.
 */
function namedPersistence(analysis: JsAstAnalysis, sinks: Sink[]): FileBehaviour['persistence'] {
  const found: FileBehaviour['persistence'] = [];
  // A target whose file name the resolver could not see (`path.join(os.homedir(), rc)` over a list of names).
  const write = sinks.find((s) => s.kind === 'write' && (s.target === undefined || /…$/.test(s.target)));
  const paths: { value: string; line: number; joined?: true }[] = [...analysis.strings.map((s) => ({ value: s.value, line: s.line })), ...analysis.calls.filter((c) => /^path\.(join|resolve)$/.test(c.callee)).map((c) => ({ value: c.args.map((a) => stringValue(a) ?? '…').join('/'), line: c.line, joined: true as const }))];
  const config = write ? paths.find((p) => AI_ASSISTANT_CONFIGS.some((pattern) => pattern.test(p.value))) : undefined;
  if (write && config) found.push({ line: write.line, excerpt: write.excerpt, what: 'registers a command with an AI coding assistant', target: safeLine(config.value, 160) });
  const profile = write && !config ? paths.find((p) => SHELL_PROFILE.test(p.value)) : undefined;
  if (write && profile) found.push({ line: write.line, excerpt: write.excerpt, what: 'writes a shell profile', target: safeLine(profile.value, 160) });
  // `writeAsar(asarPath, …)` over a list of wallet apps' `resources/app.asar`, each app killed first so
  // its files can be replaced (pdf-to-office, 2025). Packagers write app.asar too, of the app they
  // build, and kill nothing.
  const killsApps = analysis.strings.some((s) => KILLS_PROGRAM.test(s.value));
  const bundle = write && !config && !profile && killsApps ? paths.find((p) => APPLICATION_BUNDLE.test(p.value)) : undefined;
  if (write && bundle) found.push({ line: write.line, excerpt: write.excerpt, what: "writes into another application's code", target: safeLine(bundle.value, 160) });
  const patched = write && !config && !profile && !bundle ? patchedInPlace(analysis, sinks, paths) : undefined;
  if (patched) found.push(patched);
  const api = sinks.find((s) => s.kind === 'network' && /api\.github\.com|\/repos\//.test(s.excerpt)) ?? (analysis.strings.some((s) => /api\.github\.com/.test(s.value)) ? sinks.find((s) => s.kind === 'network') : undefined);
  const route = api ? analysis.strings.find((s) => /\/contents\/\.github\/workflows\//.test(s.value)) : undefined;
  if (api && route) found.push({ line: route.line, excerpt: safeLine(route.value, 160), what: 'writes a GitHub Actions workflow through the GitHub API', target: safeLine(route.value, 160) });
  // `${{ toJSON(secrets) }}` puts every secret of a repository into one value: what a planted workflow sends out.
  const dump = analysis.strings.find((s) => /toJSON\(\s*secrets\s*\)/.test(s.value));
  if (dump) found.push({ line: dump.line, excerpt: safeLine(dump.value, 160), what: 'carries a GitHub Actions workflow that dumps every secret (toJSON(secrets))', target: 'a workflow file' });
  return found;
}

// ---- flows -----------------------------------------------------------------------------------

/**
 * A source written straight into a call of a local function that sends (`notify(\`${os.hostname()} …\`)`,
 * where `notify` makes the request) is that function's parameter, inside the function only: there is
 * no variable to follow it by. Handed to a function that sends nothing (`isDefined(process.env)`), it
 * goes nowhere worth following.
 */
function parametersGiven(analysis: JsAstAnalysis, flow: FlowFacts | undefined, sinks: Sink[]): { name: string; inside: [number, number] }[] {
  if (!flow) return [];
  const call = analysis.calls.find((c) => c.callee.startsWith('local:') && c.flow !== undefined && within(flow.span, c.flow.span) && flow.span[0] !== c.flow.span[0]);
  const local = call?.callee.slice(6);
  const inside = local !== undefined ? own(analysis.functionSpans, local) : undefined;
  if (local === undefined || inside === undefined) return [];
  if (!sinks.some((s) => (s.kind === 'network' || s.kind === 'dns') && s.flow !== undefined && within(s.flow.span, inside))) return [];
  return (own(analysis.functionParams, local) ?? []).map((name) => ({ name, inside }));
}

function seedsOf(flow: FlowFacts | undefined): string[] {
  if (!flow) return [];
  return [...(flow.holder !== undefined ? [flow.holder] : []), ...(flow.destructured ?? []), ...(flow.callbackParams ?? [])];
}

/** `found.push(fs.readFileSync(p))`, `form.append('f', os.hostname())`: the object a source is written straight into collects it. */
function collectorsOf(flow: FlowFacts | undefined, analysis: JsAstAnalysis): string[] {
  if (!flow || flow.holder !== undefined) return [];
  return analysis.methodCalls.filter((m) => m.object !== undefined && COLLECTING.test(m.method) && within(flow.span, m.flow.span) && flow.span[0] !== m.flow.span[0]).map((m) => m.object!);
}

const COLLECTING = /^(push|unshift|append|set|add)$/;

const CLIENT_WRITES = /^(push|set|update|send|post|put|write|emit|insert|insertOne|add|publish|sendMessage|sendMail)$/;
/**
 * What makes a client: a constructor (`new Firebase(url)`, `new MongoClient(url)`) or a connect call
 * (`mqtt.connect`, `redis.createClient`). A function returning what it fetched from a URL
 * (`downloadJson(url)`, sv's bundle) holds data, not a client.
 */
const CLIENT_MAKER = /(?:^|\.)(?:[A-Z][\w$]*|connect|createClient|createConnection|client|initializeApp|database)$/;
/** Clients made without a URL that still send: a mail transport (`nodemailer.createTransport({ host: 'smtp…' })`). */
const MAIL_TRANSPORTS = /^nodemailer(?:\.default)?\.createTransport$/;

/**
 * Writes to a remote service through its client: an object made from a URL written in the file
 * (`new Firebase('https://….firebaseio.com/')`, `mqtt.connect('mqtt://…')`) or a mail transport
 * (`transport.sendMail({ text })`: stealers mail their loot through Gmail's SMTP), or one step from it
 * (`db.child('runtime')`), and a method that stores or sends (`push`, `set`, `publish`…). Data
 * handed to it leaves the machine like a request body.
 */
function remoteClientWrites(analysis: JsAstAnalysis): Sink[] {
  const clients = new Set<string>();
  for (const c of analysis.calls) {
    const url = stringValue(c.args[0]);
    // Requests themselves (`const req = https.request(url)`) are sinks already; `req.write(body)` is followed there.
    // A library's client (`new Firebase(url)`, `mqtt.connect(url)`), not what a function of this file returns for a URL (`fetchPackageMetadata(url)`).
    if (url !== undefined && (/^new\s/.test(c.excerpt) || CLIENT_MAKER.test(c.callee)) && !c.callee.startsWith('local:') && !isNetworkCall(c.callee) && /^(https?|wss?|mqtts?|amqps?|redis|mongodb(\+srv)?):\/\/[^/]/i.test(url) && c.flow?.holder !== undefined) clients.add(c.flow.holder);
    else if (MAIL_TRANSPORTS.test(c.callee) && c.flow?.holder !== undefined) clients.add(c.flow.holder);
  }
  if (clients.size === 0) return [];
  // One step from a client (`db.child('runtime')`), not a chain grown while it is walked.
  const made = new Set(clients);
  for (const [name, uses] of Object.entries(analysis.dataflow)) if (uses.some((u) => made.has(u))) clients.add(name);
  return analysis.methodCalls
    .filter((m) => m.object !== undefined && clients.has(m.object) && CLIENT_WRITES.test(m.method))
    .map((m) => {
      const destination = classifyDestination(m.excerpt);
      return { kind: 'network' as const, what: `${m.object}.${m.method}() of a remote client`, line: m.line, excerpt: m.excerpt, flow: m.flow, ...(destination ? { destination } : {}) };
    });
}

/** Name → the names a value held by it flows into (one step), built once per analysed file. */
const flowGraphs = new WeakMap<JsAstAnalysis, Map<string, FlowEdge[]>>();
const wholeValueGraphs = new WeakMap<JsAstAnalysis, Map<string, FlowEdge[]>>();

/**
 * `wholeValues`: without the steps that take one named key out of a value (`proxy = env.HTTPS_PROXY`).
 * Following the whole environment, those carry one variable (read and judged as such), not the environment.
 */
function flowGraph(analysis: JsAstAnalysis, wholeValues = false): Map<string, FlowEdge[]> {
  const cache = wholeValues ? wholeValueGraphs : flowGraphs;
  const known = cache.get(analysis);
  if (known) return known;
  const graph = new Map<string, FlowEdge[]>();
  const edge: EdgeAdder = (from, to, inside, at) => {
    if (!to || to.length === 0) return;
    let list = graph.get(from);
    if (!list) graph.set(from, (list = []));
    for (const name of to) if (list.length < 200) list.push({ to: name, ...(inside ? { inside } : {}), ...(at ? { at } : {}) });
  };
  const spans = analysis.functionSpans;
  for (const [name, uses] of Object.entries(analysis.dataflow)) {
    const keyed = wholeValues ? own(analysis.keyedDataflow, name) : undefined;
    for (const u of uses) if (!keyed?.includes(u)) edge(u, [name]);
  }
  for (const m of analysis.methodCalls) {
    const out = [...(m.flow.holder !== undefined ? [m.flow.holder] : []), ...(m.flow.destructured ?? [])];
    for (const from of [...(m.object !== undefined ? [m.object] : []), ...(m.receiverNames ?? []), ...wholeArgNames(m.flow, wholeValues)]) {
      edge(from, out, undefined, m.flow.span);
      edge(from, m.flow.callbackParams, m.flow.span, m.flow.span);
    }
  }
  const positional = new Set(analysis.positionalFunctions);
  for (const c of analysis.calls) {
    if (!c.flow) continue;
    const local = c.callee.startsWith('local:') ? c.callee.slice(6) : undefined;
    const params = local !== undefined ? own(analysis.functionParams, local) ?? [] : [];
    // `ensure(rclone, rcloneEnv)` into `function ensure(rclone, env)`: each value into its own parameter.
    const inside = local !== undefined ? own(spans, local) : undefined;
    if (local !== undefined && c.flow.positional && positional.has(local)) {
      c.flow.positional.forEach((name, i) => name !== null && params[i] !== undefined && edge(name, [params[i]!], inside, c.flow!.span));
      continue;
    }
    for (const from of wholeArgNames(c.flow, wholeValues)) {
      edge(from, params, inside, c.flow.span);
      edge(from, c.flow.callbackParams, c.flow.span, c.flow.span);
    }
  }
  callbackEdges(analysis, wholeValues, edge);
  cache.set(analysis, graph);
  return graph;
}

/**
 * A function that hands a value to the callback it was given: `function load(cb) { … cb(d) }` called
 * as `load((code) => run(code))` puts `d` into `code`. The call of a parameter inside a local
 * function feeds the parameters of the callbacks passed wherever that function is called.
 */
function callbackEdges(analysis: JsAstAnalysis, wholeValues: boolean, edge: EdgeAdder): void {
  const callbacksOf = new Map<string, JsCall[]>();
  for (const c of analysis.calls) {
    if (!c.callee.startsWith('local:') || !c.flow?.callbackParams?.length) continue;
    const name = c.callee.slice(6);
    callbacksOf.set(name, [...(callbacksOf.get(name) ?? []), c]);
  }
  if (callbacksOf.size === 0) return;
  for (const c of analysis.calls) {
    const scope = c.flow?.scope;
    if (scope === undefined || !c.callee.startsWith('local:') || !callbacksOf.has(scope)) continue;
    if (!(own(analysis.functionParams, scope) ?? []).includes(c.callee.slice(6))) continue;
    for (const from of wholeArgNames(c.flow!, wholeValues)) for (const given of callbacksOf.get(scope)!) edge(from, given.flow!.callbackParams, given.flow!.span, c.flow!.span);
  }
}

/**
 * One step of the flow graph. `inside`: the step binds a parameter (of a named function, or of a
 * callback handed to a call), and a parameter exists only inside its function: the same name used
 * elsewhere is another variable (names are matched without scopes).
 */
interface FlowEdge {
  to: string;
  inside?: [number, number];
  /** Where the step happens (a call): a name that exists only inside some spans takes it only there. */
  at?: [number, number];
}

type EdgeAdder = (from: string, to: readonly string[] | undefined, inside?: [number, number], at?: [number, number]) => void;

/** Per taint result: the names reached only as parameters, with the spans they exist in. */
const parameterOnly = new WeakMap<Set<string>, Map<string, [number, number][]>>();

/**
 * Whether a tainted name at `span` is the tainted value: a name reached only as a parameter counts
 * only inside the function or callback that has that parameter.
 */
export function reaches(tainted: Set<string>, name: string, span: [number, number] | undefined): boolean {
  if (!tainted.has(name)) return false;
  const inside = parameterOnly.get(tainted)?.get(name);
  if (inside !== undefined) return span === undefined || inside.some((outer) => within(span, outer));
  return span === undefined || !shadowed(tainted, name, span);
}

/** What a taint result needs to tell a function's parameter from a variable of the same name elsewhere. */
interface TaintContext {
  analysis: JsAstAnalysis;
  seeds: ReadonlySet<string>;
  /** Spans of the functions and callbacks a name was reached in as their parameter. */
  asParameter: Map<string, [number, number][]>;
}

const taintContexts = new WeakMap<Set<string>, TaintContext>();

/**
 * Whether `name` at `span` is a variable of the named function around it (its parameter, or declared
 * in it) that the taint of that name does not reach: the taint came from another variable of the
 * same name elsewhere (`const env = options.env ?? process.env` in one function, `fetch(options.url)`
 * in another whose parameter is also called `options`). A parameter holds the value when a call
 * handed it the tainted value or it is assigned in the function; a declared variable when one of its
 * assignments in the function uses a tainted name. A name with more assignments than the parse
 * keeps (ASSIGNMENTS_KEPT) is left unjudged: not shadowed.
 */
function shadowed(tainted: Set<string>, name: string, span: [number, number]): boolean {
  const context = taintContexts.get(tainted);
  return context !== undefined && shadowedIn(context, name, span, tainted);
}

/** Records that `name` was reached as the parameter of the function at `span`; true when that is new. */
function noteParameter(context: TaintContext, name: string, span: [number, number]): boolean {
  const known = context.asParameter.get(name) ?? [];
  if (known.length >= 32 || known.some((k) => k[0] === span[0] && k[1] === span[1])) return false;
  context.asParameter.set(name, [...known, span]);
  return true;
}

/** `tainted`: the finished result, to judge declared variables; while it is being built only parameters are judged. */
function shadowedIn(context: TaintContext, name: string, span: [number, number], tainted?: Set<string>): boolean {
  if (context.seeds.has(name)) return false;
  const assignments = own(context.analysis.assignments ?? {}, name) ?? [];
  if (assignments.length >= ASSIGNMENTS_KEPT) return false;
  const owner = innermostOwner(context.analysis, name, span, assignments, tainted !== undefined);
  if (owner === undefined) return false;
  const inOwner = assignments.filter((a) => a.at >= owner.span[0] && a.at < owner.span[1]);
  if (owner.parameter) return !context.asParameter.get(name)?.some((s) => within(owner.span, s)) && inOwner.length === 0;
  return !inOwner.some((a) => a.from.some((n) => tainted!.has(n)));
}

/**
 * The smallest named function holding `span` that owns `name`: has a parameter of that name, or
 * (when `declarations`) declares it.
 */
function innermostOwner(analysis: JsAstAnalysis, name: string, span: [number, number], assignments: readonly JsAssignment[], declarations: boolean): { span: [number, number]; parameter: boolean } | undefined {
  let best: { span: [number, number]; parameter: boolean } | undefined;
  const consider = (fn: [number, number], parameter: boolean) => {
    if (within(span, fn) && (best === undefined || fn[1] - fn[0] < best.span[1] - best.span[0])) best = { span: fn, parameter };
  };
  for (const fn of functionsByParameter(analysis).get(name) ?? []) consider(fn, true);
  if (declarations) {
    for (const a of assignments) {
      if (!a.declares) continue;
      const fn = innermostFunctionAt(analysis, a.at);
      if (fn !== undefined) consider(fn, false);
    }
  }
  return best;
}

/** The smallest named function whose span holds the offset. */
function innermostFunctionAt(analysis: JsAstAnalysis, at: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const fn of Object.values(analysis.functionSpans)) if (at >= fn[0] && at < fn[1] && (best === undefined || fn[1] - fn[0] < best[1] - best[0])) best = fn;
  return best;
}

const byParameterCache = new WeakMap<JsAstAnalysis, Map<string, [number, number][]>>();

function functionsByParameter(analysis: JsAstAnalysis): Map<string, [number, number][]> {
  let map = byParameterCache.get(analysis);
  if (map) return map;
  map = new Map();
  for (const [fn, params] of Object.entries(analysis.functionParams)) {
    const span = own(analysis.functionSpans, fn);
    if (span === undefined) continue;
    for (const p of params) map.set(p, [...(map.get(p) ?? []), span]);
  }
  byParameterCache.set(analysis, map);
  return map;
}

/**
 * A record's own entry: names come from the package's code, and `constructor` or `toString` would
 * otherwise find Object.prototype's (vite 5.4.21 has a variable named `constructor`: every behaviour
 * detector threw on it).
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A call's argument names, less those it only reads one named key of when only whole values are followed. */
function wholeArgNames(flow: FlowFacts, wholeValues: boolean): string[] {
  const keyed = wholeValues ? flow.keyedNames : undefined;
  return keyed ? flow.argNames.filter((n) => !keyed.includes(n)) : flow.argNames;
}

/**
 * Every name a value held by `seeds` reaches, through assignments, callbacks and local calls (at most
 * 500 names, at most `maxSteps` steps from a seed). A name reached only as a parameter is kept with
 * the spans of the functions it exists in (`reaches`); a name also reached otherwise is free.
 */
export function taint(analysis: JsAstAnalysis, seeds: string[], usable: (name: string) => boolean, wholeValues = false, maxSteps = Number.POSITIVE_INFINITY, parameters: { name: string; inside: [number, number] }[] = []): Set<string> {
  const tainted = new Set(seeds.filter(usable));
  const graph = flowGraph(analysis, wholeValues);
  const status = new Map<string, Status>([...tainted].map((n) => [n, FREE]));
  const context: TaintContext = { analysis, seeds: new Set(seeds), asParameter: new Map() };
  for (const { name, inside } of parameters.filter((p) => usable(p.name) && !tainted.has(p.name))) {
    tainted.add(name);
    status.set(name, [inside]);
    noteParameter(context, name, inside);
  }
  const steps = new Map<string, number>([...tainted].map((n) => [n, 0]));
  const queue = [...tainted];
  for (let done = 0; queue.length > 0 && done < 5000; done++) {
    const name = queue.shift()!;
    const from = status.get(name)!;
    const step = steps.get(name)! + 1;
    if (step > maxSteps) continue;
    for (const { to, inside, at } of graph.get(name) ?? []) {
      if (!usable(to) || (!tainted.has(to) && tainted.size >= 500)) continue;
      if (at !== undefined && !handedOn(context, name, from, at)) continue;
      // A value assigned from a parameter lands in a variable that may live outside the function
      // (`let body = ''; res.on('data', (c) => { body += c; })`): assignments free the name again.
      const newlyParameter = inside !== undefined && noteParameter(context, to, inside);
      const merged = mergeStatus(status.get(to), inside ? [inside] : FREE);
      if (merged === status.get(to)) {
        // Calls passing `to` on that were held back as shadowed may go through now.
        if (newlyParameter && merged === FREE) queue.push(to);
        continue;
      }
      status.set(to, merged);
      if (!steps.has(to)) steps.set(to, step);
      tainted.add(to);
      queue.push(to);
    }
  }
  const bound = new Map<string, [number, number][]>();
  for (const [name, s] of status) if (s !== FREE) bound.set(name, s);
  if (bound.size > 0) parameterOnly.set(tainted, bound);
  taintContexts.set(tainted, context);
  return tainted;
}

/** Whether the value `name` holds (its status `from`) goes on at a call made at `at`. */
function handedOn(context: TaintContext, name: string, from: Status, at: [number, number]): boolean {
  // A parameter passed on from outside its own function is another variable of the same name.
  if (from !== FREE) return from.some((outer) => within(at, outer));
  // A free name handed on by a call inside a function whose parameter it is: only once that
  // parameter is known to hold the value (asked again when it is reached as that parameter).
  return !shadowedIn(context, name, at);
}

/** Free, or only inside these spans (see FlowEdge). */
type Status = typeof FREE | [number, number][];
const FREE = 'free' as const;

/** The status a name has when `incoming` reaches it as well; the same object when nothing changes. */
function mergeStatus(known: Status | undefined, incoming: Status): Status {
  if (known === FREE) return known;
  if (known === undefined || incoming === FREE) return incoming;
  const added = incoming.filter((span) => !known.some((k) => k[0] === span[0] && k[1] === span[1]));
  if (added.length === 0) return known;
  // Too many separate places: treat the name as free rather than track them all.
  return known.length + added.length > 8 ? FREE : [...known, ...added];
}

function ownService(source: Source, sink: Sink, analysis: JsAstAnalysis): boolean {
  if (source.kind !== 'credential-file' && source.kind !== 'ci-secret') return false;
  const home = CREDENTIAL_HOMES.find(([credential]) => credential.test(source.what) || credential.test(source.excerpt));
  if (!home) return vendorService(source, analysis, sink);
  return home[1].test(sink.excerpt) || analysis.strings.some((s) => s.value.length < 300 && home[1].test(s.value)) || analysis.envReads.some((r) => home[1].test(r.name));
}

/**
 * A secret named after a vendor (`ZAPIER_CREDENTIALS_CLIENT_SECRET`, `STRIPE_SECRET_KEY`) in a file
 * that talks to that vendor's own domain (`https://api.zapier.com`): the vendor's SDK authenticating.
 * Flows with a suspicious destination are weighed as such whatever this says (exfiltration detector).
 */
function vendorService(source: Source, analysis: JsAstAnalysis, sink: Sink): boolean {
  if (source.kind !== 'ci-secret') return false;
  const vendor = /^secret ([A-Z][A-Z0-9]{2,})_/.exec(source.what)?.[1]?.toLowerCase();
  if (vendor === undefined || GENERIC_SECRET_WORDS.has(vendor)) return false;
  // A three-letter vendor (EXA_API_KEY, api.exa.ai) must be the domain itself: `exa` is in `example`.
  const label = vendor.length <= 3 ? vendor : `[\\w-]*${vendor}[\\w-]*`;
  const host = new RegExp(`^https?://([\\w-]+\\.)*${label}\\.[a-z]{2,}(?=[/:?#]|$)`, 'i');
  // The request's own host counts too: another file's sender (cross-file.ts) names it there, not here.
  return (sink.host !== undefined && host.test(`https://${sink.host}/`)) || analysis.strings.some((s) => s.value.length < 300 && host.test(s.value));
}

/** First words of variable names that name no vendor. */
const GENERIC_SECRET_WORDS = new Set(['next', 'vite', 'react', 'public', 'nuxt', 'expo', 'secret', 'token', 'client', 'access', 'private', 'user', 'service', 'server', 'prod', 'test', 'node', 'auth', 'admin', 'master', 'root', 'default', 'local', 'remote', 'cloud', 'main', 'shared', 'global', 'internal', 'webhook', 'session', 'cookie', 'signing', 'encryption', 'database']);


/** `curl -F "a=@$HOME/.npmrc" https://…`: the command that reads the file is the one that sends it. */
function sentBySelf(source: Source, sink: Sink, commandSends: boolean): Flow['how'] | undefined {
  return commandSends && source.flow !== undefined && source.flow === sink.flow ? 'nested' : undefined;
}

/** `https.request(url).end(data)`: a send chained straight onto the request call, with no variable between. */
function chainedOn(m: JsAstAnalysis['methodCalls'][number], sink: Sink): boolean {
  return m.object === undefined && m.objectCallee !== undefined && sink.what === `${m.objectCallee}()` && within(sink.flow!.span, m.flow.span);
}

/** How a source reaches a sink, if it does. */
export function feeds(source: FlowFacts | undefined, sink: Sink, tainted: Set<string>, analysis: JsAstAnalysis, wholeValues = false): Flow['how'] | undefined {
  if (!sink.flow) return undefined;
  if (source && within(source.span, sink.flow.span) && source.span[0] !== sink.flow.span[0]) return 'nested';
  if (wholeArgNames(sink.flow, wholeValues).some((n) => reaches(tainted, n, sink.flow!.span))) return 'variables';
  // `const req = https.request(opts); req.write(body); req.end(body)`, `xhr.send(body)`, `ws.send(body)`.
  const handle = sink.flow.holder;
  const sendsOn = (m: JsAstAnalysis['methodCalls'][number]) => /^(write|end|send|emit|post|put)$/.test(m.method) && (handle !== undefined ? m.object === handle : chainedOn(m, sink));
  const sends = analysis.methodCalls.filter(sendsOn);
  // `req.end(JSON.stringify(process.env))`: the source written inside the send itself.
  if (source && sends.some((m) => within(source.span, m.flow.span))) return 'nested';
  if (sends.some((m) => wholeArgNames(m.flow, wholeValues).some((n) => reaches(tainted, n, m.flow.span)))) return 'variables';
  // `axios.post(url, body).then(…)` is caught above; `fetch(url).then(r => r.json())` is a download, not a send.
  return undefined;
}

function dedupeFlows<T extends Flow>(flows: T[]): T[] {
  const seen = new Set<string>();
  return flows.filter((f) => {
    const key = `${f.source.kind}:${f.sink.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A request the file makes, and the names holding what it downloaded. */
interface Download {
  origin: RemoteCode['origin'];
  seeds: string[];
  /** The named function the request is made in. */
  scope?: string;
  /** The request's own arguments (its address among them), and where it is made. */
  request?: { names: string[]; span: [number, number] };
}

/** Every request's downloaded data: request results, response callbacks, promise callbacks of requests. */
function downloadsOf(analysis: JsAstAnalysis): Download[] {
  const downloads: Download[] = [];
  const note = (spot: Spot & { flow?: FlowFacts }, what: string, fromCaller = false) => {
    downloads.push({
      origin: { what, line: spot.line, excerpt: spot.excerpt, ...(fromCaller ? { urlFromCaller: true as const } : {}) },
      seeds: seedsOf(spot.flow),
      ...(spot.flow?.scope !== undefined ? { scope: spot.flow.scope } : {}),
      ...(spot.flow ? { request: { names: spot.flow.argNames, span: spot.flow.span } } : {}),
    });
  };
  const loaderLines = new Set<number>();
  for (const c of analysis.calls) {
    if (!DOWNLOAD_CALLEES(c.callee)) continue;
    const fromCaller = urlFromCaller(analysis, c);
    if (fromCaller) loaderLines.add(c.line);
    note(c, `data downloaded by ${c.callee}()`, fromCaller);
  }
  // `fetch(url).then(r => …)`: the chain's callbacks hold what the request on that line fetched.
  for (const m of analysis.methodCalls) if (m.objectCallee !== undefined && DOWNLOAD_CALLEES(m.objectCallee)) note(m, `data downloaded by ${m.objectCallee}()`, loaderLines.has(m.line));
  // `const msgs = await api('GET', '/channels/…/messages')`, where api() wraps the request in a
  // Promise: a call of a local function that makes a request holds what it fetched.
  const wrappers = downloadWrappers(analysis);
  for (const c of analysis.calls) {
    const inner = c.callee.startsWith('local:') && c.flow?.scope !== c.callee.slice(6) ? wrappers.get(c.callee.slice(6)) : undefined;
    // The host is named in the helper, or by this call (`getJson(CONFIG_URL)`); a helper handed a
    // run-time address (`retrieveSourceMapURL(source)`) is a loader.
    if (inner !== undefined && (inner.namesHost || namedHost(c))) note(c, `data downloaded by ${c.callee.slice(6)}() (${inner.callee}())`, urlFromCaller(analysis, c));
  }
  return downloads;
}

/**
 * Named functions that make a request: function name → the request's callee, and whether the request
 * names its host there. A function fetching whatever address its caller hands it counts only where a
 * call names the host (downloadsOf). At most a few: a client's many methods are no wrapper.
 */
function downloadWrappers(analysis: JsAstAnalysis): Map<string, { callee: string; namesHost: boolean }> {
  const wrappers = new Map<string, { callee: string; namesHost: boolean }>();
  for (const c of analysis.calls) {
    const scope = c.flow?.scope;
    if (scope !== undefined && DOWNLOAD_CALLEES(c.callee) && !wrappers.has(scope) && own(analysis.functionParams, scope) !== undefined) wrappers.set(scope, { callee: c.callee, namesHost: namedHost(c) });
  }
  return wrappers.size <= 3 ? wrappers : new Map();
}

/**
 * Names are followed scope-less, so in a bundle of many modules a download and a code sink thousands
 * of lines apart can share a name without sharing a value (lerna's 6,800-line chunk: an npm-config
 * request at line 5402, a `require(pathToDefault)` at 2815). A payload stage keeps the two close; so
 * does a decoder and the eval of what it decoded.
 */
const MAX_DOWNLOAD_TO_RUN_LINES = 300;
/** Downloads near one sink whose data is followed one by one; past this many, together. */
const MAX_DOWNLOADS_APART = 20;

/**
 * The download a sink runs the data of: among the downloads near it (nearest first), the first whose
 * own data reaches its arguments, or the nearest when it runs a file written from downloaded data.
 */
function feedingDownload(sink: Sink, downloads: Download[], runsWritten: boolean, taintOf: (d: Download | Download[]) => Set<string>): Download | undefined {
  const near = downloads.filter((d) => Math.abs(d.origin.line - sink.line) <= MAX_DOWNLOAD_TO_RUN_LINES).sort((a, b) => Math.abs(a.origin.line - sink.line) - Math.abs(b.origin.line - sink.line));
  if (near.length === 0) return undefined;
  if (runsWritten) return near[0];
  const args = sink.flow?.argNames ?? [];
  if (near.length > MAX_DOWNLOADS_APART) return args.some((n) => taintOf(near).has(n)) ? near[0] : undefined;
  return near.find((d) => args.some((n) => taintOf(d).has(n)));
}

/**
 * A request for a URL the enclosing function was handed: `function load(url) { fetch(url) }`, or
 * `xhr.open('GET', path)` on the request made there. That is a loader fetching what its caller names
 * (systemjs, fengari's loadlib); a payload stage asks for an address of its own choosing.
 */
function urlFromCaller(analysis: JsAstAnalysis, call: JsCall): boolean {
  const scope = call.flow?.scope;
  const params = new Set(scope !== undefined ? own(analysis.functionParams, scope) ?? [] : []);
  if (params.size === 0) return false;
  // The parameter itself, or a name built from it one step before (`const url = base + '/' + path`).
  const usesParam = (names: readonly string[]) => names.some((n) => params.has(n) || (own(analysis.dataflow, n) ?? []).some((u) => params.has(u)));
  if (usesParam(call.flow!.argNames)) return true;
  const holder = call.flow!.holder;
  return holder !== undefined && analysis.methodCalls.some((m) => m.object === holder && m.method === 'open' && usesParam(m.flow.argNames));
}

/** Runners handed one string a shell reads: what reaches them is a command line. */
const SHELL_TEXT_RUNNERS = /^(?:child_process\.(?:exec|execSync)|shelljs\.exec|zx\.\$)\(\)$/;

function findRemoteCode(analysis: JsAstAnalysis, sinks: Sink[], usable: (name: string) => boolean): FileBehaviour['remoteCode'] {
  const found: FileBehaviour['remoteCode'] = [];
  const runners = sinks.filter((s) => (s.kind === 'code' && !s.template) || s.kind === 'command');
  if (runners.length === 0) return found;
  const downloads = downloadsOf(analysis);
  const fetched = taint(analysis, downloads.flatMap((d) => d.seeds), usable);
  // One download's data is followed once, whichever sinks ask; a crowd of downloads together, per sink.
  const taints = new Map<Download, Set<string>>();
  const taintOf = (d: Download | Download[]) => {
    if (Array.isArray(d)) return taint(analysis, d.flatMap((x) => x.seeds), usable);
    let t = taints.get(d);
    if (!t) taints.set(d, (t = taint(analysis, d.seeds, usable)));
    return t;
  };
  // A file written from downloaded data, then run or required: download-then-execute.
  // `res.pipe(fs.createWriteStream(p))` and `res.pipe(file)` write what was fetched as well.
  const pipedInto = new Set(analysis.methodCalls.filter((m) => m.method === 'pipe' && m.object !== undefined && fetched.has(m.object)).flatMap((m) => m.flow.argNames));
  const pipeSpans = analysis.methodCalls.filter((m) => m.method === 'pipe' && m.object !== undefined && fetched.has(m.object)).map((m) => m.flow.span);
  const written = sinks.filter((s) => s.kind === 'write' && s.flow && (s.flow.argNames.some((n) => fetched.has(n)) || (s.flow.holder !== undefined && pipedInto.has(s.flow.holder)) || pipeSpans.some((span) => within(s.flow!.span, span)) || (downloads.length > 0 && s.target !== undefined && EXECUTABLE_FILE.test(s.target))));
  const writtenNames = new Set(written.flatMap((w) => [...(w.flow?.argNames[0] !== undefined ? [w.flow.argNames[0]] : []), ...(w.flow?.holder !== undefined ? [w.flow.holder] : [])]));
  const writtenPaths = new Set(written.flatMap((w) => (w.target !== undefined ? [w.target] : [])));
  for (const sink of runners) {
    if (!sink.flow) continue;
    const args = sink.flow.argNames;
    const runsWritten = args.some((n) => writtenNames.has(n)) || (sink.target !== undefined && [...writtenPaths].some((p) => p.length > 3 && sink.target!.includes(p.replace(/^.*[/\\]/, ''))));
    const feeding = args.some((n) => reaches(fetched, n, sink.flow!.span)) || runsWritten ? feedingDownload(sink, downloads, runsWritten, taintOf) : undefined;
    if (feeding) {
      // The fetched text is the command line itself only where the line does not start with a program of
      // the file's own (`open "${url}"` opens a fetched address in the browser; `exec(msg.slice(7))` runs
      // anything), and in the function that fetched it: names are followed scope-less, and a hook's
      // `exec(src.hook)` shares a name with data fetched in another function (@serverless/platform-client-china).
      const wholeLine = (sink.target === undefined || sink.target.startsWith('…')) && feeding.scope === sink.flow.scope;
      const origin = runOrigin(analysis, { feeding, downloads, sink, runsWritten }, usable);
      found.push({ origin, sink, stage: 'download', ...(!runsWritten && wholeLine && SHELL_TEXT_RUNNERS.test(sink.what) ? { commandText: true as const } : {}) });
      continue;
    }
    const decoded = analysis.calls.find((c) => c.line === sink.line && c.decodedArgument && isDynamicCodeCall(c.callee));
    if (decoded && sink.kind === 'code') found.push({ origin: { what: 'decoded data', line: sink.line, excerpt: sink.excerpt, ...decrypted(analysis, args) }, sink, stage: 'decode' });
  }
  // Decoded through a variable: `const code = Buffer.from(blob, 'base64').toString(); eval(code)`.
  const decoders = analysis.calls.filter((c) => isDecoder(c.callee) && c.flow && decodes(c));
  for (const decoder of decoders.slice(0, 50)) {
    const decodedNames = taint(analysis, seedsOf(decoder.flow), usable);
    for (const sink of runners) {
      if (sink.kind !== 'code' || !sink.flow || found.some((f) => f.sink === sink)) continue;
      const byName = fedNear(sink, decoder.line, decodedNames);
      if (byName || within(decoder.flow!.span, sink.flow.span)) {
        found.push({ origin: { what: `${decoder.callee}() output`, line: decoder.line, excerpt: decoder.excerpt, ...decrypted(analysis, [...decoder.flow!.argNames, ...seedsOf(decoder.flow)]) }, sink, stage: 'decode' });
      }
    }
  }
  found.push(...mediaPayloads(analysis, runners, found, usable), ...qrPayloads(analysis, runners, found));
  const invisible = invisiblePayloadDecode(analysis, runners, found);
  if (invisible) found.push(invisible);
  return found;
}

/** The sink, near `line`, is handed one of the `tainted` names: what was decoded or read there runs. */
function fedNear(sink: Sink, line: number, tainted: Set<string>): boolean {
  return Math.abs(line - sink.line) <= MAX_DOWNLOAD_TO_RUN_LINES && (sink.flow?.argNames ?? []).some((n) => tainted.has(n));
}

/** Images, fonts and sounds: files whose bytes are never code. */
const MEDIA_FILE = /\.(?:jpe?g|png|gif|bmp|ico|webp|woff2?|ttf|otf|mp3|wav|ogg|mp4)$/i;

/**
 * Code built from the bytes of an image or font the package ships (`fs.readFileSync(…'logo1.jpg')`
 * picked apart and handed to `new Function`): steganography, whatever the picking loop looks like
 * (aws-s3-object-multipart-copier, 2025, rebuilt a script from every 4th byte after a marker).
 */
function mediaPayloads(analysis: JsAstAnalysis, runners: Sink[], found: RemoteCode[], usable: (name: string) => boolean): RemoteCode[] {
  for (const read of analysis.calls.filter((c) => FILE_READS.test(c.callee) && c.flow && readsMedia(analysis, c)).slice(0, 20)) {
    const bytes = taint(analysis, seedsOf(read.flow), usable);
    const sink = runners.find((s) => s.kind === 'code' && s.flow && !found.some((f) => f.sink === s) && fedNear(s, read.line, bytes));
    if (sink) return [{ origin: { what: `bytes of a shipped image or font read by ${read.callee}()`, line: read.line, excerpt: read.excerpt, fromPicture: true }, sink, stage: 'decode' }];
  }
  return [];
}

/** QR and barcode readers: the browser's BarcodeDetector, jsQR, ZXing, qrcode-reader. */
const QR_READER = /^(?:local:)?(?:BarcodeDetector|jsQR)$|^(?:jsqr|qrcode-reader|@zxing\/[\w-]+)(?:\.|$)/;

/**
 * Code run from what a local function's promise resolves to, when that function reads a QR code
 * (`parseQRCode(url).then((t) => eval(t))`): a payload kept in a picture on an image host (fezbox,
 * 2025). The `.then` is on the call itself: the two start at the same place.
 */
function qrPayloads(analysis: JsAstAnalysis, runners: Sink[], found: RemoteCode[]): RemoteCode[] {
  const readers = analysis.calls.filter((c) => QR_READER.test(c.callee) && c.flow);
  if (readers.length === 0) return [];
  for (const sink of runners) {
    if (sink.kind !== 'code' || !sink.flow || found.some((f) => f.sink === sink)) continue;
    const then = analysis.methodCalls.find((m) => m.method === 'then' && within(sink.flow!.span, m.flow.span) && (m.flow.callbackParams ?? []).some((p) => sink.flow!.argNames.includes(p)));
    const call = then ? analysis.calls.find((c) => c.callee.startsWith('local:') && c.flow?.span[0] === then.flow.span[0]) : undefined;
    const span = call ? own(analysis.functionSpans, call.callee.slice(6)) : undefined;
    const reader = span ? readers.find((r) => within(r.flow!.span, span)) : undefined;
    if (call && reader) return [{ origin: { what: `text read from a QR code by ${call.callee.slice(6)}() (${reader.callee.replace(/^local:/, '')})`, line: call.line, excerpt: call.excerpt, fromPicture: true }, sink, stage: 'decode' }];
  }
  return [];
}

function readsMedia(analysis: JsAstAnalysis, read: JsCall): boolean {
  if (MEDIA_FILE.test(stringValue(read.args[0]) ?? '')) return true;
  const names = read.flow?.argNames ?? [];
  return analysis.strings.some((s) => s.holder !== undefined && names.includes(s.holder) && MEDIA_FILE.test(s.value));
}

/**
 * What a download-and-run ran: the feeding download, marked when the address it (or, for a file
 * written and run, any download near the sink) asked for was itself fetched.
 */
function runOrigin(analysis: JsAstAnalysis, run: { feeding: Download; downloads: Download[]; sink: Sink; runsWritten: boolean }, usable: (name: string) => boolean): RemoteCode['origin'] {
  const { feeding, downloads, sink, runsWritten } = run;
  // Whether the address was itself fetched matters only to what a command runs (remote-code's dead drop).
  if (sink.kind !== 'command') return feeding.origin;
  const nearby = downloads.filter((d) => d === feeding || (runsWritten && Math.abs(d.origin.line - sink.line) <= MAX_DOWNLOAD_TO_RUN_LINES));
  return nearby.some((d) => addressFetched(analysis, d, usable)) ? { ...feeding.origin, urlFetched: true as const } : feeding.origin;
}

/**
 * Whether the address a download asks for was itself fetched: a dead drop, where the code names only
 * where to look (a smart contract read with `eth_call`, a gist, a profile page) and the payload's
 * address is whatever that answers today (EtherHiding; colortoolsv2's contract, 2025). Any request
 * of the file counts as the first one here, local helpers around a request included.
 */
function addressFetched(analysis: JsAstAnalysis, download: Download, usable: (name: string) => boolean): boolean {
  const request = download.request;
  if (!request || namesOwnHost(analysis, request.names)) return false;
  const helpers = new Set(analysis.calls.filter((c) => DOWNLOAD_CALLEES(c.callee) && c.flow?.scope !== undefined).map((c) => c.flow!.scope!));
  const answers = analysis.calls.filter((c) => DOWNLOAD_CALLEES(c.callee) || (c.callee.startsWith('local:') && helpers.has(c.callee.slice(6)) && c.flow?.scope !== c.callee.slice(6)));
  const seeds = answers.filter((c) => c.flow !== undefined && c.flow.span[0] !== request.span[0]).flatMap((c) => seedsOf(c.flow));
  if (seeds.length === 0) return false;
  const fetched = taint(analysis, seeds, usable);
  return request.names.some((n) => !download.seeds.includes(n) && reaches(fetched, n, request.span));
}

/**
 * The request's address is built on a host the file writes out (`apiResUrl + '?id=' + captchaId`):
 * an API polled with what it answered before (a captcha solver, pagination), not an address taken
 * whole from an answer. One step back from the request's own names.
 */
function namesOwnHost(analysis: JsAstAnalysis, names: readonly string[]): boolean {
  // Held as a constant (`var apiResUrl = 'https://…'`), not a call's argument whose result is held (`memo = await rpc('https://…')`).
  const constant = (name: string) => (own(analysis.assignments ?? {}, name) ?? []).some((a) => a.from.length === 0);
  const hosts = new Set(analysis.strings.filter((s) => s.holder !== undefined && /^(?:https?|wss?):\/\/[\w.-]+/i.test(s.value) && constant(s.holder)).map((s) => s.holder!));
  if (hosts.size === 0) return false;
  return names.some((n) => hosts.has(n) || (own(analysis.dataflow, n) ?? []).some((m) => hosts.has(m)));
}

/**
 * The decoded bytes went through an XOR the file computes (`defi[j] ^= key.charCodeAt(j % 3)`,
 * `out += String.fromCharCode(c ^ k)`): a cipher written by hand to keep the code unreadable.
 */
function decrypted(analysis: JsAstAnalysis, names: string[]): { decrypted?: true } {
  const xor = analysis.xorHolders ?? [];
  return names.some((n) => xor.includes(n)) ? { decrypted: true } : {};
}

/**
 * Code run in a file that carries a payload in invisible characters: nothing legitimate writes a
 * program's worth of variation selectors, so whatever the decoder looks like (a local arrow function,
 * a lookup table), the file's code sink is taken to run it.
 */
function invisiblePayloadDecode(analysis: JsAstAnalysis, runners: Sink[], found: FileBehaviour['remoteCode']): FileBehaviour['remoteCode'][number] | undefined {
  if (analysis.metrics.longestInvisibleRun < INVISIBLE_PAYLOAD_RUN) return undefined;
  const sink = runners.find((s) => s.kind === 'code' && !found.some((f) => f.sink === s));
  const literal = analysis.strings.find((s) => longestInvisibleRun(s.value) >= INVISIBLE_PAYLOAD_RUN);
  if (!sink || !literal) return undefined;
  const what = `a string of ${analysis.metrics.longestInvisibleRun} invisible characters`;
  return { origin: { what, line: literal.line, excerpt: `${what} (line ${literal.line})` }, sink, stage: 'decode' };
}

/** Clients of a live connection to another host: what arrives over them is somebody's input, as it comes. */
const SOCKET_CLIENT = /^data downloaded by (net\.(connect|createConnection|Socket)|tls\.connect|WebSocket|ws|socket\.io-client(\.(io|connect|default))?)\(\)$/;
/** Runners that hand their first argument to a shell: a message run by one is a command line. */
const SHELL_STRING = /^child_process\.(exec|execSync)\(|^shelljs\.exec\(|^execa\.(execaCommand|execaCommandSync|command|commandSync)\(/;

/**
 * A remote-access trojan's loop: a connection out to a host, and each message that arrives run as a
 * command line (`s.on('command', c => exec(c, (e, out) => s.emit('result', out)))`), rand-user-agent's
 * and react-native-aria's payloads. A shell piped to a socket is the other shape (findReverseShell).
 * Installers that run a downloaded binary use a request, not a socket, and do not run its text.
 */
function commandChannel(remoteCode: FileBehaviour['remoteCode']): FileBehaviour['reverseShell'] {
  const channel = remoteCode.find((rc) => rc.stage === 'download' && rc.sink.kind === 'command' && SOCKET_CLIENT.test(rc.origin.what) && SHELL_STRING.test(rc.sink.what));
  if (!channel) return undefined;
  const client = channel.origin.what.replace(/^data downloaded by /, '');
  return { line: channel.sink.line, excerpt: channel.sink.excerpt, what: `messages from ${client} run as commands by ${channel.sink.what}` };
}

const SHELL_PROGRAM = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|zsh|dash|ash|cmd(\.exe)?|powershell(\.exe)?|pwsh)(\s|$)/i;

/** `net.connect(port, host, () => { const sh = spawn('/bin/sh'); sock.pipe(sh.stdin); sh.stdout.pipe(sock); })`. */
function findReverseShell(analysis: JsAstAnalysis, sinks: Sink[]): FileBehaviour['reverseShell'] {
  const sockets = sinks.filter((s) => s.kind === 'network' && /^(net\.(connect|createConnection|Socket)|tls\.connect|WebSocket|ws)\(/.test(s.what));
  const shells = sinks.filter((s) => s.kind === 'command' && SHELL_PROGRAM.test(s.target ?? ''));
  if (sockets.length === 0 || shells.length === 0) return undefined;
  const socketNames = new Set(sockets.flatMap((s) => (s.flow?.holder !== undefined ? [s.flow.holder] : [])));
  const shellNames = new Set(shells.flatMap((s) => (s.flow?.holder !== undefined ? [s.flow.holder] : [])));
  const wired = analysis.methodCalls.some((m) => m.method === 'pipe' && m.object !== undefined && ((socketNames.has(m.object) && m.flow.argNames.some((n) => shellNames.has(n))) || (shellNames.has(m.object) && m.flow.argNames.some((n) => socketNames.has(n)))));
  if (!wired) return undefined;
  return { line: shells[0]!.line, excerpt: shells[0]!.excerpt, what: `${sockets[0]!.what} piped into ${safeLine(shells[0]!.target ?? 'a shell', 40)}` };
}

