/**
 * Balance sweeps: a transfer of a share of the wallet's balance to an address the file hard-codes.
 * solana-transaction-toolkit (Socket, Jan 2025) moved 98% of each balance to a fixed "fee vault" in
 * the same transaction as the transfer its caller asked for; lottie-player 2.0.5's drainer sent 95%
 * of the ETH balance after the token approvals. A wallet's "send max" goes to the address its caller
 * names, and a service fee is a share of the amount sent, not of what the wallet holds: the amount
 * must come from a balance the file reads, and the receiver must be written in the file.
 */
import type { JsAstAnalysis } from '../javascript/index.js';
import { taint } from './model.js';

export interface BalanceSweep {
  line: number;
  excerpt: string;
  /** The hard-coded receiver. */
  receiver: string;
}

/** The literal gate's hint (util/literal-gate.ts); mayHoldSweep decides. */
export const SWEEP_HINT = /getBalance|balanceOf|getAccount/;
const BALANCE_READ = /\b(?:getBalance|eth_getBalance|getTokenAccountBalance|getAccount|balanceOf)\b/;
const TRANSFER = /\b(?:SystemProgram\.transfer|createTransferInstruction|createTransferCheckedInstruction|eth_sendTransaction|sendTransaction)\b/;
/** A share computed: `* 98n / 100n`, `* FEE_BPS) / 10000n`, `* 0.95`. */
const SHARE = /\*\s*[\w$.]+\s*\)?\s*\/\s*(?:100|1000|10000)n?\b|\*\s*0?\.\d+\b/;
/** A share kept in a setting (`drainPercent: 0.98`, `const RATE = 0.95`) and a product with a name (`* CONFIG.drainPercent`). */
const SHARE_SETTING = /\b[A-Za-z_$][\w$]{0,60}\s*[:=]\s*0?\.[5-9]\d{0,3}\b/;
const NAMED_FACTOR = /\*\s*[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60})?\b/;
const BALANCE_HOLDER = /\b([A-Za-z_$][\w$]{0,60})\s*=\s*[^;=\n]{0,120}?\b(?:getBalance|eth_getBalance|getTokenAccountBalance|getAccount|balanceOf)\b/g;
/**
 * `const VAULT = new PublicKey('6aWn…')`, `r = "0x8f3C…"`, `{ destination: 'B2Xw…' }`: a receiver
 * bound to a name or a setting's key (names bounded and word-anchored, as BALANCE_HOLDER's: a long
 * word must not cost its square).
 */
const BOUND_RECEIVER = /\b([A-Za-z_$][\w$]{0,60})\s*([=:])\s*(?:new\s+(?:[\w$]+\.)?PublicKey\(\s*)?['"`](0x[0-9a-fA-F]{40}|[1-9A-HJ-NP-Za-km-z]{32,44})['"`]/g;

/** A balance read, a transfer and a share computed, somewhere in the text: worth a parse and a search. */
export function mayHoldSweep(text: string): boolean {
  return BALANCE_READ.test(text) && TRANSFER.test(text) && (SHARE.test(text) || (SHARE_SETTING.test(text) && NAMED_FACTOR.test(text)));
}

export function balanceSweep(analysis: JsAstAnalysis, text: string): BalanceSweep | undefined {
  if (!mayHoldSweep(text)) return undefined;
  const receivers = new Map<string, string>();
  const keyed = new Map<string, string>();
  for (const m of text.slice(0, 2_000_000).matchAll(BOUND_RECEIVER)) if (receivers.size + keyed.size < 50) (m[2] === ':' ? keyed : receivers).set(m[1]!, m[3]!);
  if (receivers.size === 0 && keyed.size === 0) return undefined;
  const calls = [...analysis.calls, ...analysis.methodCalls];
  // What holds a balance: `const balance = await connection.getBalance(pk)` (a method of an object the
  // reader does not know is not a recorded call), `held = (await getAccount(c, a)).amount`.
  const seeds = [...text.slice(0, 2_000_000).matchAll(BALANCE_HOLDER)].map((m) => m[1]!);
  if (seeds.length === 0) return undefined;
  // Short names are followed too: the balance and the transfer sit a few statements apart (minified drainers included).
  const fromBalance = taint(analysis, seeds, () => true, false, 6);
  for (const c of calls) {
    if (!c.flow || !TRANSFER.test(c.excerpt)) continue;
    const names = [...c.flow.argNames, ...(c.flow.keyedNames ?? [])];
    const receiver = names.find((n) => receivers.has(n));
    // A setting's key is read as a member: `toPubkey: new PublicKey(CONFIG.destination)`.
    const key = receiver === undefined ? [...keyed.keys()].find((k) => c.excerpt.includes(`.${k}`)) : undefined;
    const address = receiver !== undefined ? receivers.get(receiver) : key !== undefined ? keyed.get(key) : undefined;
    if (address !== undefined && names.some((n) => n !== receiver && fromBalance.has(n))) return { line: c.line, excerpt: c.excerpt, receiver: address };
  }
  return undefined;
}
