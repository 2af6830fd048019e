/**
 * Phishing lures served from npm: a script that paints a fake bot check over the page ("Just a
 * moment...", "Verifying you are human", Cloudflare's words) and then sends the visitor on, often to
 * an address it fetched and with the visitor's e-mail appended. Socket's Beamglea (Oct 2025) counted
 * 175 such packages loaded from unpkg by HTML lures; nothing in them touches Node or the disk.
 * Scrapers read those words in pages they fetch; only a lure writes them into its own page.
 */
import { LiteralGate } from '../../util/literal-gate.js';
import { lineAndExcerpt } from '../text.js';

export interface PhishingLure {
  line: number;
  excerpt: string;
  /** The address it navigates to is fetched at run time, not written in the file. */
  fetched: boolean;
}

/** The challenge's words written into the page: its title, its HTML, a document.write (one line: inline CSS has semicolons). */
const WRITES_CHALLENGE = /(?:document\.title\s*=(?!=)|\.innerHTML\s*\+?=(?!=)|document\.write(?:ln)?\()[^\n]{0,800}?(?:verify(?:ing)? you are (?:a )?human|just a moment\.\.\.|checking your browser|checking if the site connection is secure|i(?: am|'m) not a robot)/i;
/** The page sent elsewhere. */
const NAVIGATES = /\blocation\.(?:replace|assign)\(|\blocation\.href\s*=[^=]|\bwindow\.location\s*=[^=]|\bdocument\.location\s*=[^=]/;
const FETCHES = /\bfetch\(|XMLHttpRequest|\$\.(?:get|getJSON|ajax)\(/;
/** This runs over every script of every package: one literal pass rules out almost all (util/literal-gate.ts). */
const CHALLENGE_WORDS = /verify(?:ing)? you are|just a moment|checking your browser|checking if the site connection|not a robot/i;
const GATE = new LiteralGate([CHALLENGE_WORDS, NAVIGATES]);

export function phishingLure(text: string): PhishingLure | undefined {
  const [words, navigates] = GATE.candidates(text);
  if (!words || !navigates || !NAVIGATES.test(text)) return undefined;
  const m = WRITES_CHALLENGE.exec(text.slice(0, 2_000_000));
  if (!m) return undefined;
  const { line, excerpt } = lineAndExcerpt(text, m.index);
  return { line, excerpt: excerpt.trim().slice(0, 160), fetched: FETCHES.test(text) };
}

/** A page's sign-in form posting the password it asks for to an address written out in full. */
export interface CredentialForm {
  line: number;
  excerpt: string;
  host: string;
}

/** `<form … action="https://host/…">`, bounded: the attributes of one tag. */
const ABSOLUTE_FORM = /<form\b[^>]{0,400}?\baction\s*=\s*["']?https?:\/\/([a-z0-9.-]{1,253})[^>]{0,400}>/gi;
const PASSWORD_FIELD = /<input\b[^>]{0,400}?\btype\s*=\s*["']?password\b/i;
const FORM_END = /<\/form\s*>/i;

/**
 * An HTML page with a password field in a form that posts to an absolute address: a credential
 * phishing page hosted on npm and served by unpkg ("shared document" pages, 2025). A package's
 * own demo posts to a relative path or `#`; which hosts are the package's own is the caller's call.
 */
export function credentialForm(text: string): CredentialForm | undefined {
  if (!PASSWORD_FIELD.test(text)) return undefined;
  for (const m of text.slice(0, 2_000_000).matchAll(ABSOLUTE_FORM)) {
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 20_000);
    const end = FORM_END.exec(rest)?.index ?? rest.length;
    if (!PASSWORD_FIELD.test(rest.slice(0, end))) continue;
    const { line, excerpt } = lineAndExcerpt(text, m.index);
    return { line, excerpt: excerpt.trim().slice(0, 160), host: m[1]!.toLowerCase() };
  }
  return undefined;
}

/**
 * A script that takes the visitor's e-mail address from the page's fragment (or from what the lure
 * page set) and navigates away with it encoded into the new address: Beamglea's redirectors (2025)
 * send the victim on to a credential page pre-filled with their address. All four parts in one
 * small script; a sign-in page reading a token from the fragment tests no '@'.
 */
export function emailRedirect(text: string): { line: number; excerpt: string } | undefined {
  if (text.length > 20_000 || !NAVIGATES.test(text) || !/encodeURIComponent\(/.test(text)) return undefined;
  if (!/location\.hash|window\.email\b|data-e(?:mail)?['"]/.test(text) || !/\/@\/\.test\(|indexOf\(\s*['"]@['"]\s*\)|includes\(\s*['"]@['"]\s*\)/.test(text)) return undefined;
  const m = NAVIGATES.exec(text)!;
  const { line, excerpt } = lineAndExcerpt(text, m.index);
  return { line, excerpt: excerpt.trim().slice(0, 160) };
}
