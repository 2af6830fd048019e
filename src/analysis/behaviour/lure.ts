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
