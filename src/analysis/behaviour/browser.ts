/**
 * Browser payloads: code that sits in a web page and intercepts what the page sends or signs. The
 * Sep 2025 hijack of chalk/debug and 16 other packages, @lottiefiles/lottie-player 2.0.5 and
 * wallet-drainer kits share the mechanism: replace `window.fetch`, `XMLHttpRequest.prototype.open/send`
 * or `window.ethereum.request`, and swap wallet addresses in what passes through, using a table of
 * attacker addresses (often one per chain) and address-shaped regular expressions. Clipboard hijackers
 * do the same on copy/paste.
 *
 * Each override alone is also what polyfills (whatwg-fetch), instrumentation (Sentry, zone.js) and
 * wallet SDKs do; the table of addresses and the address patterns are what turn it into a drainer.
 */
import { searchTokens, type FlowFacts, type JsAstAnalysis } from '../javascript/index.js';
import { findWallets } from '../wallets.js';

export interface BrowserPayload {
  overrides: { what: string; line: number; excerpt: string }[];
  /** Distinct wallet addresses written in the file. */
  addresses: number;
  addressKinds: string[];
  /** Regular expressions or strings shaped to match wallet addresses (what the swap looks for). */
  addressPatterns: number;
  /** The chains those patterns are shaped for (eth, btc, trx, sol). */
  patternKinds: string[];
  clipboard?: { line: number; excerpt: string };
  /**
   * `eth_sendTransaction` with approve/setApprovalForAll calldata built in the file: token approvals to
   * a fixed operator, or (`served`) for an unlimited amount to an operator the file's server names;
   * `drainsBalance`: the file also reads the native balance (to send it on).
   */
  approvals?: { line: number; excerpt: string; served?: true; drainsBalance?: boolean };
  firstAddressLine?: number;
  /**
   * The clipboard hook is installed, or the approvals sent, by code that runs when the file loads
   * (its top level, or a function the top level calls or hands to a page event), not by a function
   * the page calls: nobody clicked or copied anything yet.
   */
  atLoad?: true;
  /** Writes of a transaction's receiver (`params[0].to = …`, `.recipient`, `.spender`): what a drainer does inside its override. */
  recipientWrites?: { line: number; excerpt: string };
}

const RECIPIENT = /^(to|recipient|receiver|spender|destination)$/;

const OVERRIDABLE = new Set(['fetch', 'ethereum', 'open', 'send', 'request', 'sendTransaction', 'sendAsync', 'writeText', 'setRequestHeader']);
/** One address pattern per chain, to say which chains a file's patterns look for. */
const CHAIN_PATTERNS: readonly [string, RegExp][] = [
  ['eth', /0x\[(a-fA-F0-9|0-9a-fA-F|a-f0-9|0-9a-f|A-Fa-f0-9|0-9A-Fa-f)\]\{40\}/],
  ['btc', /\[13\]\[a-km-zA-HJ-NP-Z1-9\]|bc1q?\[|\((?:\?:)?(?:bc1\|\[13\]|\[13\]\|bc1)\)/],
  ['trx', /\bT\[A-Za-z1-9\]\{33\}|\bT\[1-9A-HJ-NP-Za-km-z\]\{33\}/],
  ['sol', /\[1-9A-HJ-NP-Za-km-z\]\{3[2-9]/],
];
const ADDRESS_PATTERN = /0x\[(a-fA-F0-9|0-9a-fA-F|a-f0-9|0-9a-f|A-Fa-f0-9|0-9A-Fa-f)\]\{40\}|\[13\]\[a-km-zA-HJ-NP-Z1-9\]|bc1\[|\bT\[A-Za-z1-9\]\{33\}|\[1-9A-HJ-NP-Za-km-z\]\{3[2-9]/;

export function browserPayload(analysis: JsAstAnalysis, text: string): BrowserPayload | undefined {
  const overrides = requestOverrides(analysis, text);
  const clipboardHits = searchTokens(text, { clipboard: /addEventListener\(\s*['"](copy|cut|paste)['"]|navigator\.clipboard\.writeText\s*=[^=]|clipboardData\.setData\(/ }, 2_000_000, 1);
  const clipboardCall = clipboardHits[0];
  const wallets = findWallets(text, 2_000_000, 200);
  const distinct = new Map(wallets.map((w) => [w.address, w.kind] as const));
  const addressPatterns = analysis.strings.filter((s) => ADDRESS_PATTERN.test(s.value)).length + (text.match(new RegExp(ADDRESS_PATTERN.source, 'g'))?.length ?? 0);
  // approve(address,uint256) 0x095ea7b3, setApprovalForAll 0xa22cb465, increaseAllowance 0x39509351, permit 0xd505accf.
  // Or for an operator its server names, for an unlimited amount (drainer kits fetch where to send).
  const served = distinct.size === 0 && UNLIMITED_AMOUNT.test(text) && SERVER_CALL.test(text);
  const approvalHits = /eth_sendTransaction|eth_signTypedData/.test(text) && (distinct.size > 0 || served) ? searchTokens(text, { approval: /['"`]0x(095ea7b3|a22cb465|39509351|d505accf)['"`]\s*\+/ }, 2_000_000, 1) : [];
  const approvals = approvalHits[0] ? { line: approvalHits[0].line, excerpt: approvalHits[0].excerpt, ...(served ? { served: true as const, drainsBalance: /eth_getBalance/.test(text) } : {}) } : undefined;
  if (overrides.length === 0 && !approvals && !(clipboardCall && (distinct.size > 0 || addressPatterns > 0))) return undefined;
  return {
    overrides: overrides.slice(0, 10),
    addresses: distinct.size,
    addressKinds: [...new Set(distinct.values())],
    addressPatterns,
    patternKinds: addressPatterns > 0 ? CHAIN_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind) : [],
    ...(clipboardCall ? { clipboard: { line: clipboardCall.line, excerpt: clipboardCall.excerpt } } : {}),
    ...(approvals ? { approvals } : {}),
    ...(wallets[0] ? { firstAddressLine: wallets[0].line } : {}),
    ...recipientWrite(analysis),
    ...((clipboardCall && runsAtLoad(analysis, clipboardCall.line)) || (approvals && runsAtLoad(analysis, approvals.line) && !USER_EVENT.test(text)) ? { atLoad: true as const } : {}),
  };
}

/**
 * Handlers of what a user does. A dApp sends approvals when its button is clicked, and "called by
 * the top level" cannot tell a click handler registered there from a page-load one: a file that
 * registers any is not said to send them at load.
 */
/** An approval for every token the wallet holds: the all-ones amount, however it is written. */
const UNLIMITED_AMOUNT = /['"`]f['"`]\.repeat\(\s*64\s*\)|['"`]f{64}['"`]|\bMaxUint256\b|\b2n\s*\*\*\s*256n\s*-\s*1n\b/;
const SERVER_CALL = /\bfetch\(|XMLHttpRequest|\baxios\b/;
const USER_EVENT = /addEventListener\(\s*['"`](?:click|submit|change|input|key\w+|mouse\w+|pointer\w+|touch\w+)['"`]|\bon(?:click|submit|change)\s*=|\bonClick\b/i;

/**
 * Whether the code at `line` runs when the file loads: written at the top level or in a function the
 * top level calls. Judged by the first call recorded on that line or the next three (a listener's
 * registration is not always recorded, the calls in its callback sit in the same scope).
 */
function runsAtLoad(analysis: JsAstAnalysis, line: number): boolean {
  // A named function is `deferred` by where it is written; the top level calling it is what counts.
  const atLoad = (flow: FlowFacts | undefined) => flow !== undefined && (flow.scope === undefined ? !flow.deferred : analysis.loadCalled.includes(flow.scope));
  const near = [...analysis.calls, ...analysis.methodCalls].filter((c) => c.line >= line && c.line <= line + 3 && c.flow !== undefined);
  const first = Math.min(...near.map((c) => c.line));
  return near.some((c) => c.line === first && atLoad(c.flow));
}

function recipientWrite(analysis: JsAstAnalysis): Pick<BrowserPayload, 'recipientWrites'> {
  const write = analysis.propertyWrites.find((w) => w.operation === 'assign' && RECIPIENT.test(w.property));
  return write ? { recipientWrites: { line: write.line, excerpt: write.excerpt } } : {};
}

/**
 * The browser's request and wallet functions replaced: XMLHttpRequest.prototype's open/send, a
 * global fetch, window.ethereum (assigned or defined), each with where it happens.
 */
function requestOverrides(analysis: JsAstAnalysis, text: string): BrowserPayload['overrides'] {
  const overrides: BrowserPayload['overrides'] = [];
  for (const write of analysis.propertyWrites) {
    const what = write.operation === 'assign' && OVERRIDABLE.has(write.property) ? overriddenBy(write) : undefined;
    if (what) overrides.push({ what, line: write.line, excerpt: write.excerpt });
  }
  // `(function (proto) { proto.open = …; proto.send = …; })(XMLHttpRequest.prototype)`: both request
  // methods replaced on one object, in a file that names XMLHttpRequest.
  const byObject = new Map<string, Set<string>>();
  for (const w of analysis.propertyWrites) if (w.operation === 'assign' && /^(open|send)$/.test(w.property) && w.object !== 'this') byObject.set(w.object, (byObject.get(w.object) ?? new Set()).add(w.property));
  const aliased = [...byObject].find(([, props]) => props.size === 2);
  if (aliased && /XMLHttpRequest/.test(text) && !overrides.some((x) => x.what === 'XMLHttpRequest.prototype')) {
    const w = analysis.propertyWrites.find((x) => x.object === aliased[0] && x.property === 'send')!;
    overrides.push({ what: 'XMLHttpRequest.prototype', line: w.line, excerpt: w.excerpt });
  }
  for (const call of analysis.calls) {
    if ((call.callee === 'Object.defineProperty' || call.callee === 'Reflect.defineProperty') && /^(ethereum|fetch|solana|phantom)$/.test(call.args[1]?.kind === 'string' ? call.args[1].value : '')) {
      overrides.push({ what: `defineProperty ${call.args[1]?.kind === 'string' ? call.args[1].value : ''}`, line: call.line, excerpt: call.excerpt });
    }
  }
  return overrides;
}

/** What an assignment to a request or wallet property replaces, if it is one the browser's pages use. */
function overriddenBy(write: { property: string; object: string; excerpt: string }): string | undefined {
  if (/XMLHttpRequest\.prototype\.(open|send|setRequestHeader)\s*=/.test(write.excerpt)) return 'XMLHttpRequest.prototype';
  const globalObject = /^(window|globalThis|self|global)$/.test(write.object);
  if (write.property === 'fetch' && globalObject) return 'window.fetch';
  if ((globalObject && write.property === 'ethereum') || /^\s*(window|globalThis|self)\.ethereum\.(request|send|sendAsync|enable)\s*=/.test(write.excerpt)) return 'window.ethereum';
  return undefined;
}
