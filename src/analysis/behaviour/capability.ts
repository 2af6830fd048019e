/**
 * The gate for the version diff: does the locked version show a capability worth comparing with the
 * release before it? Decided by the engine once the package is judged, over the texts the detectors
 * already decoded (the package is then judged again with that release), from tokens only — so it
 * must be cheap and narrow: most popular packages must not pay a second tarball.
 *
 * Risky: an install hook; a file naming a suspicious destination (webhook, collector, paste site,
 * tunnel, a raw IP that is not a local address) or a dropper command; key material or credential
 * paths within a few KB of a network call;
 * obfuscator output; browser request/wallet overrides.
 */
import semver from 'semver';
import type { PackageFacts } from '../../facts/types.js';
import { installScripts } from '../lifecycle.js';
import { LiteralGate } from '../../util/literal-gate.js';
import { STRONG_DROPPER_COMMANDS, SUSPICIOUS_HOSTS, isLocalAddress } from './patterns.js';

const KEYS_OR_CREDENTIALS = /\b(privateKey|secretKey|mnemonic|seedPhrase)\b|\.npmrc|\.ssh\/|id_rsa|\.aws\/credentials|Local Storage\/leveldb|Login Data|wallet\.dat|solana\/id\.json/g;
const NETWORK = /\bfetch\s*\(|\bhttps?\.(request|get)\b|XMLHttpRequest|axios|\bnet\.connect|dns\.(lookup|resolve)/g;
/**
 * Key material counts beside a network call within this many characters. Anywhere in the same
 * file was too loose for bundles: next's server runtime names `privateKey` (a transpiler helper's
 * parameter) and calls fetch a megabyte away, and paid a second 31 MB tarball for it. A payload
 * that reads a key to send it keeps the two close.
 */
const KEYS_NEAR_NETWORK_CHARS = 4096;
const RAW_IP_URL = /\bhttps?:\/\/(\d{1,3}\.){3}\d{1,3}\b/;
const RAW_IP_HOST = /^https?:\/\/([\d.]+)$/;
const HOST_CHARACTER = /^[\w.-]$/;
const OBFUSCATOR = /while\s*\(\s*!!\[\]\s*\)|eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k/;
const BROWSER_OVERRIDE = /XMLHttpRequest\.prototype\.(open|send)\s*=|window\.fetch\s*=|window\.ethereum\.\w+\s*=|['"`]0x(095ea7b3|a22cb465|39509351|d505accf)['"`]\s*\+/;

/**
 * This gate runs over every JS file of every package, and almost none match: one literal pass
 * (util/literal-gate.ts) rules out most patterns before any is run. Any match of the first ones is
 * risky; the last three are read by position.
 */
const ANY_MATCH = [...SUSPICIOUS_HOSTS.map(([pattern]) => pattern), ...STRONG_DROPPER_COMMANDS.map(([pattern]) => pattern), OBFUSCATOR, BROWSER_OVERRIDE];
const GATE = new LiteralGate([...ANY_MATCH, RAW_IP_URL, KEYS_OR_CREDENTIALS, NETWORK]);
const [RAW_IP_AT, KEYS_AT, NETWORK_AT] = [ANY_MATCH.length, ANY_MATCH.length + 1, ANY_MATCH.length + 2];
const RAW_IP_URLS = new RegExp(RAW_IP_URL.source, 'g');

export function riskyCapability(facts: PackageFacts, maxBytes = 16 * 1024 * 1024): boolean {
  const files = facts.files;
  if (!files) return false;
  if ((installScripts(facts) ?? []).some((s) => !s.implicit)) return true;
  let bytes = 0;
  for (const path of files.textPaths()) {
    if (!/\.(c|m)?js$/i.test(path)) continue;
    const text = files.readText(path) ?? '';
    bytes += text.length;
    if (bytes > maxBytes) return false;
    if (riskyText(text)) return true;
  }
  return false;
}

function riskyText(text: string): boolean {
  const { possible, matches } = GATE.reading(text);
  for (let i = 0; i < ANY_MATCH.length; i++) if (matches(i)) return true;
  if (possible[RAW_IP_AT] && rawIpUrl(text)) return true;
  return possible[KEYS_AT] === true && possible[NETWORK_AT] === true && keysBesideNetwork(text);
}

/** A URL to a raw IP that is not a local address (a dev server on 127.0.0.1 is no destination). */
function rawIpUrl(text: string): boolean {
  RAW_IP_URLS.lastIndex = 0;
  for (let m = RAW_IP_URLS.exec(text); m; m = RAW_IP_URLS.exec(text)) {
    const ip = RAW_IP_HOST.exec(m[0]);
    // `http://127.0.0.1.attacker.example` names a host that merely starts like a local address.
    const hostGoesOn = HOST_CHARACTER.test(text.charAt(m.index + m[0].length));
    if (!ip || hostGoesOn || !isLocalAddress(ip[1]!)) return true;
  }
  return false;
}

/** Key material or a credential path within KEYS_NEAR_NETWORK_CHARS of a network call. */
function keysBesideNetwork(text: string): boolean {
  const keys = [...text.matchAll(KEYS_OR_CREDENTIALS)].map((m) => m.index);
  if (keys.length === 0) return false;
  let k = 0;
  for (const call of text.matchAll(NETWORK)) {
    // Both lists are in text order: skip keys too far before this call, then look at the nearest.
    while (k < keys.length && keys[k]! < call.index - KEYS_NEAR_NETWORK_CHARS) k++;
    if (k === keys.length) return false;
    if (Math.abs(keys[k]! - call.index) <= KEYS_NEAR_NETWORK_CHARS) return true;
  }
  return false;
}

const PLAIN = /^(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})$/;

function comparePlain(a: RegExpExecArray, b: RegExpExecArray): number {
  for (let i = 1; i <= 3; i++) {
    const d = Number(a[i]) - Number(b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** The highest version below `locked` (stable versions only, unless the locked one is a prerelease). */
export function previousVersion(versions: string[], locked: string): string | undefined {
  // Each version parsed once, and plain x.y.z compared as three numbers: popular packuments list
  // thousands of versions, and the semver helpers parse again on every call.
  const target = semver.parse(locked);
  if (!target) return undefined;
  const prerelease = target.prerelease.length > 0;
  const plainTarget = PLAIN.exec(locked);
  let best: Candidate | undefined;
  for (const v of versions) {
    // A stable target never takes a prerelease, and a `-` before any `+` can only start one: skipped
    // before parsing, since canary-heavy packuments (next) list thousands and parsing was the cost.
    if (!prerelease && isPrereleaseSyntax(v)) continue;
    const plain = PLAIN.exec(v);
    let candidate: Candidate;
    if (plain && plainTarget) {
      if (comparePlain(plain, plainTarget) >= 0) continue;
      candidate = { key: v, plain };
    } else {
      const parsed = semver.parse(v);
      if (!parsed || parsed.compare(target) >= 0 || (!prerelease && parsed.prerelease.length > 0)) continue;
      candidate = { key: v, parsed };
    }
    // The packument's own key is returned, as written there.
    if (best === undefined || compareCandidates(candidate, best) > 0) best = candidate;
  }
  return best?.key;
}

function isPrereleaseSyntax(version: string): boolean {
  const dash = version.indexOf('-');
  if (dash < 0) return false;
  const plus = version.indexOf('+');
  return plus < 0 || dash < plus;
}

interface Candidate {
  key: string;
  plain?: RegExpExecArray;
  parsed?: semver.SemVer;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.plain && b.plain) return comparePlain(a.plain, b.plain);
  return (a.parsed ?? semver.parse(a.key)!).compare(b.parsed ?? semver.parse(b.key)!);
}
