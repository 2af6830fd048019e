/**
 * Cryptocurrency wallet addresses in text, validated by their own checksums where the format has
 * one (Bitcoin base58check and bech32, TRON base58check), so random hex or base58-looking words
 * do not count. Ethereum addresses carry no mandatory checksum: a 40-hex-digit `0x` word that is
 * not a degenerate run (all zeros, one repeated digit) is taken as an address.
 */
import { createHash } from 'node:crypto';

export type WalletKind = 'ethereum' | 'bitcoin' | 'tron';

export interface WalletAddress {
  kind: WalletKind;
  address: string;
  /** 1-based line in the searched text. */
  line: number;
}

const ETHEREUM = /(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])/g;
const BECH32 = /(?<![0-9A-Za-z])(bc1|tb1)[02-9ac-hj-np-z]{11,71}(?![0-9A-Za-z])/gi;
const BASE58 = /(?<![0-9A-Za-z])[13T][1-9A-HJ-NP-Za-km-z]{25,34}(?![0-9A-Za-z])/g;
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32_ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Every valid address in `text` (first `maxChars` characters), at most `maxResults`. */
export function findWallets(text: string, maxChars = 200_000, maxResults = 50): WalletAddress[] {
  const scanned = text.length > maxChars ? text.slice(0, maxChars) : text;
  const found: WalletAddress[] = [];
  const lineOf = (index: number) => scanned.slice(0, index).split('\n').length;
  for (const m of scanned.matchAll(ETHEREUM)) {
    if (!/^0x(.)\1+$/i.test(m[0]) && found.length < maxResults) found.push({ kind: 'ethereum', address: m[0], line: lineOf(m.index) });
  }
  for (const m of scanned.matchAll(BECH32)) {
    if (isValidBech32(m[0]) && found.length < maxResults) found.push({ kind: 'bitcoin', address: m[0], line: lineOf(m.index) });
  }
  for (const m of scanned.matchAll(BASE58)) {
    const payload = decodeBase58Check(m[0]);
    if (!payload || found.length >= maxResults) continue;
    if (m[0].startsWith('T') && payload.length === 21 && payload[0] === 0x41) found.push({ kind: 'tron', address: m[0], line: lineOf(m.index) });
    else if (!m[0].startsWith('T') && payload.length === 21 && (payload[0] === 0x00 || payload[0] === 0x05)) found.push({ kind: 'bitcoin', address: m[0], line: lineOf(m.index) });
  }
  return found;
}

function decodeBase58Check(text: string): Buffer | undefined {
  let value = 0n;
  for (const c of text) {
    const digit = BASE58_ALPHABET.indexOf(c);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const leadingZeros = text.match(/^1*/)![0].length;
  const bytes = Buffer.concat([Buffer.alloc(leadingZeros), Buffer.from(value === 0n ? '' : hex, 'hex')]);
  if (bytes.length < 5) return undefined;
  const payload = bytes.subarray(0, -4);
  const checksum = bytes.subarray(-4);
  const digest = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return digest.subarray(0, 4).equals(checksum) ? payload : undefined;
}

function isValidBech32(text: string): boolean {
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  const hrp = lower.slice(0, separator);
  const data = [...lower.slice(separator + 1)].map((c) => BECH32_ALPHABET.indexOf(c));
  if (data.some((d) => d < 0) || data.length < 6) return false;
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const check = polymod([...expanded, ...data]);
  return check === 1 || check === 0x2bc830a3; // bech32 (segwit v0) or bech32m (taproot)
}

function polymod(values: number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ generators[i]!) >>> 0;
  }
  return chk;
}
