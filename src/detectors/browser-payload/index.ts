/**
 * browser-payload: code that intercepts what a web page sends or signs and swaps wallet addresses —
 * overrides of window.fetch, XMLHttpRequest.prototype.open/send and window.ethereum beside a table of
 * wallet addresses or address-shaped patterns (the Sep 2025 chalk/debug payload, lottie-player 2.0.5),
 * and clipboard hijackers that rewrite copied addresses.
 *
 * An override alone is what polyfills (whatwg-fetch), instrumentation (Sentry, zone.js) and wallet
 * SDKs do: it is reported only with a table of addresses or patterns, or, for window.ethereum, at a
 * few points.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { packageBehaviour, type FileReading } from '../../analysis/behaviour/package.js';
import type { BrowserPayload } from '../../analysis/behaviour/browser.js';
import type { BalanceSweep } from '../../analysis/behaviour/sweep.js';
import { credentialForm, emailRedirect, phishingLure } from '../../analysis/behaviour/lure.js';
import { skimmerIn } from '../../analysis/behaviour/skimmer.js';
import { ownership, ownsHost, type Ownership } from '../../analysis/text.js';
import { textHits } from '../../package-files/text-hits.js';
import type { PackageFiles } from '../../package-files/types.js';
import { safeLine } from '../../report/sanitize.js';

const options = z.object({
  /** Request or wallet overrides beside wallet addresses or address patterns: an address swapper. */
  swapperWeight: z.number().default(60),
  /** Several kinds of override (fetch and XHR and ethereum): a payload aimed at every path out of the page. */
  manyOverridesWeight: z.number().default(10),
  /**
   * The table holds addresses, or the patterns that find them, of two or more chains (ETH and BTC and
   * TRX…): one receiver per chain is how drainers ship (the chalk/debug payload carried hundreds across
   * six chains). An SDK or a test fixture beside an override names addresses of the chain it serves, if any.
   */
  multichainTableWeight: z.number().default(15),
  /** The file is also obfuscated. */
  obfuscatedWeight: z.number().default(20),
  /**
   * A replaced window.ethereum (or its request) that also writes a transaction's receiver
   * (`params[0].to = A`) beside a fixed address: the drainer rewrites where the user's transfer goes.
   * Wallet shims and test providers forward requests; they do not re-address them.
   */
  recipientRewriteWeight: z.number().default(20),
  /** Clipboard writes or copy listeners beside wallet addresses or address patterns. */
  clipboardHijackWeight: z.number().default(40),
  /** Approval calldata (approve/setApprovalForAll/permit) built in the file for a hard-coded operator and sent with eth_sendTransaction. */
  approvalDrainerWeight: z.number().default(50),
  /**
   * The approvals are unlimited, for an operator the package's server names at run time, and the
   * same file reads the wallet's native balance: a drainer kit (the hijacked @lottiefiles/lottie-player
   * releases of 2024 fetched spender and receiver from their API).
   */
  servedDrainerWeight: z.number().default(20),
  /**
   * The clipboard hook installed, or the approvals sent, by code an entry file runs when it loads:
   * before the user copied or clicked anything, which no clipboard helper or wallet SDK does.
   */
  loadTimeWeight: z.number().default(20),
  /**
   * A share of a balance the file reads transferred to an address the file hard-codes (sweep.ts): the
   * whole wallet's worth, not a fee on what the user sends. In any function: an SDK's transfer is where it hides.
   */
  balanceSweepWeight: z.number().default(60),
  /** The same file also builds approvals for a hard-coded operator: a complete drainer. */
  sweepBesideApprovalsWeight: z.number().default(20),
  /** A fake bot check painted over the page ("Verifying you are human") by a script that then navigates away: a phishing lure served from npm. */
  phishingLureWeight: z.number().default(60),
  /** A shipped HTML page whose sign-in form posts the password to a host not the package's own: a phishing page served from npm. */
  credentialFormWeight: z.number().default(70),
  /** A small script that reads the visitor's e-mail from the page and navigates away with it (Beamglea redirectors). */
  emailRedirectWeight: z.number().default(50),
  /** The lure fetches where to send the visitor at run time: the campaign changes targets without a release. */
  fetchedTargetWeight: z.number().default(15),
  /** A key listener that keeps what is typed into password or card fields, beside a request to an address the file writes down: a keylogger. */
  keystrokeSkimmerWeight: z.number().default(70),
  /** A listener reading every form the page submits, beside such a request: a form skimmer. */
  formSkimmerWeight: z.number().default(60),
  /** The skimmer's words were hidden in \x/\u escapes. */
  escapedSkimmerWeight: z.number().default(15),
  /** window.ethereum replaced without any address table. */
  ethereumOverrideWeight: z.number().default(10),
  /** Addresses needed to call a file a replacement table (patterns count on their own). */
  minAddresses: z.number().int().positive().default(2),
});

type Options = z.output<typeof options>;

export const browserPayloadDetector = definePackageDetector({
  meta: {
    id: 'browser-payload',
    description: "Finds browser payloads and wallet drains: fetch/XMLHttpRequest/window.ethereum overrides beside wallet-address tables, clipboard hijacking, approvals and balance sweeps to hard-coded addresses, keystroke and form skimmers, and phishing lures that paint a fake bot check and send the visitor on.",
    needs: ['files'],
    messages: {
      swapper: '{file} overrides {overrides} and carries {table}: the shape of a wallet-address swapper',
      clipboardHijack: '{file} writes the clipboard and carries {table}: the shape of a clipboard hijacker',
      ethereumOverride: '{file} replaces {overrides}',
      approvalDrainer: '{file} builds token-approval transactions for {operator} ({excerpt}) and sends them with eth_sendTransaction',
      balanceSweep: "{file} transfers a share of the wallet's balance to the hard-coded address {receiver} (line {line})",
      skimmer: '{file} {what} and sends it to {host} (line {line}: "{excerpt}")',
      phishingLure: '{file} paints a fake bot check over the page and sends the visitor elsewhere{fetched} (line {line}: "{excerpt}")',
      credentialForm: '{file} is a sign-in page whose form sends the password to {host} (line {line})',
      emailRedirect: '{file} reads the visitor\'s e-mail address from the page and sends the visitor elsewhere with it (line {line}: "{excerpt}")',
    },
    options,
  },
  detect({ facts, options: o }) {
    const behaviour = packageBehaviour(facts);
    if (!behaviour) return { findings: [], unavailable: [{ signal: 'browser-payload', reason: 'the tarball was not read' }] };
    const candidates = behaviour.files.flatMap((file) => {
      const found = file.browser ? judgeFile(file, file.browser, o) : undefined;
      const sweep = file.sweep ? sweepFinding(file, file.sweep, o) : undefined;
      return [found, sweep].filter((f): f is DetectorFinding => f !== undefined);
    });
    const lure = lureFinding(facts.files, o) ?? formFinding(facts.files, ownership(facts.name, facts.manifest ?? {}), o);
    if (lure) candidates.push(lure);
    const skimmer = skimmerFinding(facts.files, ownership(facts.name, facts.manifest ?? {}), o);
    if (skimmer) candidates.push(skimmer);
    candidates.sort((a, b) => b.weight - a.weight);
    return { findings: candidates.slice(0, 1).map((f) => ({ ...f, weight: Math.min(100, f.weight) })) };
  },
});

const SCRIPT = /\.[cm]?js$/i;
const NOT_SHIPPED_CODE = /(?:^|\/)(?:test|tests|__tests__|spec|e2e|examples?)\//i;

/** Scripts the page loads: not tests or examples. */
const SCRIPTS = { accepts: (path: string) => SCRIPT.test(path) && !NOT_SHIPPED_CODE.test(path), maxChars: 4 * 1024 * 1024 };

/** The first script of the package that skims keystrokes or forms to a host not its own (skimmer.ts). */
function skimmerFinding(files: PackageFiles | undefined, own: Ownership, o: Options): DetectorFinding | undefined {
  return textHits(files, SCRIPTS, (path, text) => {
    const found = skimmerIn(text);
    if (!found || ownsHost(own, found.host)) return undefined;
    const what = found.kind === 'keystrokes' ? 'records what is typed into password or card fields' : 'reads every form the page submits';
    const weight = (found.kind === 'keystrokes' ? o.keystrokeSkimmerWeight : o.formSkimmerWeight) + (found.escaped ? o.escapedSkimmerWeight : 0);
    const excerpt = safeLine(found.excerpt, 120);
    return { messageId: 'skimmer', data: { file: path, what, host: safeLine(found.host, 80), line: found.line, excerpt }, weight, evidence: { file: path, line: found.line, excerpt, destination: found.host, ...(found.escaped ? { escaped: true } : {}) } };
  })[0];
}

const PAGE = /\.html?$/i;
/** A page's own test (`forms_test.html`, `login.spec.html`), or a page of docs, demos or fixtures: a form posting to a made-up host is what it shows. */
const PAGE_TEST = /[._-](?:test|tests|spec)\.html?$|(?:^|\/)(?:test|spec)[._-][^/]*\.html?$|(?:^|\/)(?:docs?|demos?|fixtures?)\//i;
const PAGES = { accepts: (path: string) => PAGE.test(path) && !NOT_SHIPPED_CODE.test(path) && !PAGE_TEST.test(path), maxChars: 1024 * 1024 };

/** The first shipped page whose password form posts to a host not the package's own (lure.ts). */
function formFinding(files: PackageFiles | undefined, own: Ownership, o: Options): DetectorFinding | undefined {
  return textHits(files, PAGES, (path, text) => {
    const form = credentialForm(text);
    if (!form || ownsHost(own, form.host)) return undefined;
    const host = safeLine(form.host, 80);
    return { messageId: 'credentialForm', data: { file: path, host, line: form.line }, weight: o.credentialFormWeight, evidence: { file: path, line: form.line, excerpt: safeLine(form.excerpt, 120), destination: host } };
  })[0];
}

/** The first script of the package that is a phishing lure or an e-mail redirector (lure.ts). */
function lureFinding(files: PackageFiles | undefined, o: Options): DetectorFinding | undefined {
  return textHits(files, SCRIPTS, (path, text): DetectorFinding | undefined => {
    const lure = phishingLure(text);
    const redirect = lure ? undefined : emailRedirect(text);
    if (redirect) return { messageId: 'emailRedirect', data: { file: path, line: redirect.line, excerpt: safeLine(redirect.excerpt, 120) }, weight: o.emailRedirectWeight, evidence: { file: path, line: redirect.line, excerpt: safeLine(redirect.excerpt, 120) } };
    if (!lure) return undefined;
    const excerpt = safeLine(lure.excerpt, 120);
    return { messageId: 'phishingLure', data: { file: path, line: lure.line, excerpt, fetched: lure.fetched ? ', to an address it fetches' : '' }, weight: o.phishingLureWeight + (lure.fetched ? o.fetchedTargetWeight : 0), evidence: { file: path, line: lure.line, excerpt } };
  })[0];
}

function sweepFinding(file: FileReading, sweep: BalanceSweep, o: Options): DetectorFinding {
  // Run by an install hook, the sweep moves funds before anyone used the package: no install step does that.
  const unasked = file.installHook !== undefined ? o.loadTimeWeight : 0;
  const weight = o.balanceSweepWeight + (file.browser?.approvals ? o.sweepBesideApprovalsWeight : 0) + (file.obfuscation ? o.obfuscatedWeight : 0) + unasked;
  return {
    messageId: 'balanceSweep',
    data: { file: file.path, receiver: safeLine(sweep.receiver, 60), line: sweep.line },
    weight,
    evidence: { file: file.path, line: sweep.line, excerpt: sweep.excerpt, receiver: sweep.receiver, approvals: file.browser?.approvals !== undefined, analysis: file.analysis },
  };
}

/** Whether the file carries a table of addresses to swap in, and how to name it. */
function addressTable(b: BrowserPayload, o: Options): { table: boolean; tableText: string } {
  // An address validator (`/^0x[0-9a-fA-F]{40}$/`) is ordinary in wallet SDKs; beside a request override it is what a swapper searches with.
  const requestOverride = b.overrides.some((x) => /fetch|XMLHttpRequest/.test(x.what));
  // A fixed receiver written into a replaced window.ethereum.request is the drainer's whole table.
  const ethereumOverride = b.overrides.some((x) => /ethereum/.test(x.what));
  const table = b.addresses >= o.minAddresses || (b.addressPatterns > 0 && (requestOverride || b.addresses > 0)) || (ethereumOverride && b.addresses > 0);
  const tableText = [b.addresses > 0 ? `${b.addresses} wallet addresses (${b.addressKinds.join(', ')})` : '', b.addressPatterns > 0 ? 'address-matching patterns' : ''].filter(Boolean).join(' and ');
  return { table, tableText };
}

/** One file's browser payload, judged: the weightiest shape it has, if any. */
function judgeFile(file: FileReading, b: BrowserPayload, o: Options): DetectorFinding | undefined {
  const ethereumOverride = b.overrides.some((x) => /ethereum/.test(x.what));
  const { table, tableText } = addressTable(b, o);
  const kinds = [...new Set(b.overrides.map((x) => x.what))];
  const first = b.overrides[0];
  const multichain = b.addressKinds.length >= 2 || b.patternKinds.length >= 2 ? o.multichainTableWeight : 0;
  const evidence = { file: file.path, ...(first ? { line: first.line, excerpt: first.excerpt } : {}), overrides: b.overrides.map((x) => ({ what: x.what, line: x.line, excerpt: x.excerpt })), addresses: b.addresses, addressPatterns: b.addressPatterns, analysis: file.analysis };
  if (first && table) {
    const rewrite = ethereumOverride && b.recipientWrites && b.addresses > 0 ? o.recipientRewriteWeight : 0;
    const weight = o.swapperWeight + (kinds.length >= 2 ? o.manyOverridesWeight : 0) + multichain + rewrite + (file.obfuscation ? o.obfuscatedWeight : 0);
    return { messageId: 'swapper', data: { file: file.path, overrides: kinds.join(', '), table: tableText }, weight, evidence: { ...evidence, ...(rewrite > 0 ? { recipientWrite: b.recipientWrites } : {}) } };
  }
  // Obfuscation, and a hook set going when an entry file loads, weigh alike on the clipboard and approval shapes.
  const manner = (file.obfuscation ? o.obfuscatedWeight : 0) + (b.atLoad && file.entry ? o.loadTimeWeight : 0);
  if (b.clipboard && table) {
    const weight = o.clipboardHijackWeight + multichain + manner;
    return { messageId: 'clipboardHijack', data: { file: file.path, table: tableText }, weight, evidence: { ...evidence, line: b.clipboard.line, excerpt: b.clipboard.excerpt } };
  }
  if (b.approvals) {
    const { served, drainsBalance } = b.approvals;
    const weight = o.approvalDrainerWeight + manner + (served && drainsBalance ? o.servedDrainerWeight : 0);
    const operator = served ? 'an address its server names, for an unlimited amount' : 'a hard-coded address';
    return { messageId: 'approvalDrainer', data: { file: file.path, operator, excerpt: b.approvals.excerpt }, weight, evidence: { ...evidence, line: b.approvals.line, excerpt: b.approvals.excerpt, ...(served ? { served: true } : {}) } };
  }
  if (kinds.some((k) => /ethereum/.test(k))) {
    return { messageId: 'ethereumOverride', data: { file: file.path, overrides: kinds.join(', ') }, weight: o.ethereumOverrideWeight, evidence };
  }
  return undefined;
}
