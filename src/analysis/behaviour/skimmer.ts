/**
 * Skimmers in browser code: a listener that records what the user types into password or card
 * fields (Magecart's keyloggers), or that reads every form the page submits (IconBurst's
 * `$(document).on('submit', 'form', …)` with `serialize()`, ReversingLabs 2022), and a request to an
 * address the file writes down. Input-masking and form libraries read the same fields, but hand the
 * values to the page's own code or to the form's own action, never to a host of their own choosing.
 */
import { LiteralGate } from '../../util/literal-gate.js';
import { lineAndExcerpt } from '../text.js';

export interface Skimmer {
  kind: 'keystrokes' | 'forms';
  line: number;
  excerpt: string;
  /** The host the file writes down for its requests. */
  host: string;
  /** The words were found only once the file's \x/\u escapes were read. */
  escaped: boolean;
}

const KEY_LISTENER = /addEventListener\(\s*['"`](?:keydown|keypress|keyup|input)['"`]|\bon(?:keydown|keypress|keyup)\s*=(?!=)/;
/** What a key handler keeps: the key, its code, the field's value. */
const KEY_READ = /\.key\b|\.keyCode\b|\.which\b|\.target\.value\b/;
const SENSITIVE_FIELD = /pass(?:word)?|\bcard|cvv|cvc|cc-(?:number|csc|exp)|iban|\botp\b/i;
const SUBMIT = /['"`]submit['"`]|\bonsubmit\s*=(?!=)|\.submit\(\s*function/;
const FORM_READ = /\bserialize(?:Array)?\b|new\s+FormData\(|\.elements\b/;
const SENDS = /new\s+Image\b|sendBeacon\(|\bfetch\(|XMLHttpRequest|\$\.(?:post|ajax|get)\b|new\s+WebSocket\(/;
const URL_HOST = /['"`](?:https?:)?\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?[/'"`?]/i;
const ESCAPES = /\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/g;
const GATE = new LiteralGate([KEY_LISTENER, SUBMIT, SENDS]);

/** Namespace and schema addresses every XML or SVG helper writes: no host anything is sent to. */
const NAMESPACE_HOST = /(?:^|\.)(?:w3\.org|schema\.org|xmlsoap\.org|openxmlformats\.org|purl\.org)$/i;
/** The listener, what it reads, the request and its address sit in one passage of the file. */
const PASSAGE = 1500;

/** Four escaped characters in a row: strings hidden the way obfuscators write them ('\x73\x75\x62…'). */
const ESCAPED_RUN = /(?:\\x[0-9a-fA-F]{2}){4}/;

export function skimmerIn(text: string): Skimmer | undefined {
  // Every script of every package comes here: one literal pass, and most files end at it.
  const [keys, submit, sends] = GATE.candidates(text);
  if (!sends) return undefined;
  const plain = keys || submit ? readSkimmer(text, false) : undefined;
  if (plain || !ESCAPED_RUN.test(text)) return plain;
  // A newline escape stays one character that is no newline, so line numbers hold.
  const decoded = text.replace(ESCAPES, (e) => {
    const code = Number.parseInt(e.slice(2), 16);
    return code === 10 || code === 13 ? ' ' : String.fromCharCode(code);
  });
  return readSkimmer(decoded, true);
}

function readSkimmer(text: string, escaped: boolean): Skimmer | undefined {
  const [keys, submit] = GATE.candidates(text);
  if (!(keys || submit)) return undefined;
  const shapes: [RegExp, Skimmer['kind'], (passage: string) => boolean][] = [
    [KEY_LISTENER, 'keystrokes', (p) => KEY_READ.test(p) && SENSITIVE_FIELD.test(p)],
    [SUBMIT, 'forms', (p) => FORM_READ.test(p)],
  ];
  for (const [listener, kind, reads] of shapes) {
    let seen = 0;
    for (const m of text.matchAll(new RegExp(listener.source, 'g'))) {
      if (++seen > 20) break;
      const passage = text.slice(Math.max(0, m.index - PASSAGE), m.index + PASSAGE);
      const host = hostIn(passage);
      if (host !== undefined && reads(passage) && SENDS.test(passage)) return at(text, m.index, kind, host, escaped);
    }
  }
  return undefined;
}

function hostIn(passage: string): string | undefined {
  for (const m of passage.matchAll(new RegExp(URL_HOST.source, 'gi'))) if (!NAMESPACE_HOST.test(m[1]!)) return m[1]!.toLowerCase();
  return undefined;
}

function at(text: string, index: number, kind: Skimmer['kind'], host: string, escaped: boolean): Skimmer {
  const { line, excerpt } = lineAndExcerpt(text, index);
  return { kind, line, excerpt: excerpt.trim().slice(0, 160), host, escaped };
}
