/**
 * Hidden mail copies: a blind copy of every message the code sends, to an address the code
 * hard-codes. postmark-mcp 1.0.16 (Koi, Sep 2025) added `Bcc: 'phan@giftshop.club'` to the one
 * message its send tool built, and every mail an AI assistant sent through it went to the attacker
 * too. A mail library takes its recipients from its caller; a blind copy written into the code is
 * not the caller's, and nobody who reads the sent message sees it.
 */
import { lineAndExcerpt } from '../text.js';

export interface MailCopy {
  line: number;
  excerpt: string;
  address: string;
}

/** The literal gate's hint (util/literal-gate.ts); hiddenMailCopy decides. */
export const MAIL_COPY_HINT = /bcc/i;
/** `Bcc: 'x@y.z'`, `"bcc": ["x@y.z"]`, `bcc = 'x@y.z'`, and the raw header in a string (`'\r\nBcc: x@y.z'`). */
const BLIND_COPY = /(?:\\[rn]|\b)bcc['"`]?\s*[:=]\s*\[?\s*['"`]?\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\b/gi;
/** `Bcc: ARCHIVE` with `const ARCHIVE = 'x@y.z'` elsewhere in the file (names bounded and word-anchored: a long word must not cost its square). */
const BLIND_COPY_NAME = /(?:\\[rn]|\b)bcc['"`]?\s*[:=]\s*\[?\s*([A-Za-z_$][\w$]*)\b/gi;
const BOUND_ADDRESS = /\b([A-Za-z_$][\w$]{0,60})\s*[:=]\s*['"`]([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})['"`]/g;
/** Documentation's own addresses (RFC 2606 names, "your domain"): an example that delivers nowhere, not a receiver. */
const PLACEHOLDER_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|[a-z0-9-]*\.(?:example|test|invalid|localhost)|(?:your|my)-?(?:domain|company|site|email)\.[a-z]+|domain\.(?:com|tld)|email\.com|mail\.com)$/i;
/** Something that sends mail or makes a request in the same file: the copy is of what it sends. */
const SENDS = /sendMail|nodemailer|smtp|fetch\s*\(|\b(?:https?|net|tls)['"]|axios|XMLHttpRequest|\.send\(|\/email\b|\/messages\b/i;

export function hiddenMailCopy(text: string): MailCopy | undefined {
  if (!MAIL_COPY_HINT.test(text) || !SENDS.test(text)) return undefined;
  const searched = text.slice(0, 2_000_000);
  for (const m of searched.matchAll(BLIND_COPY)) if (!placeholder(m[1]!)) return copyAt(text, m.index, m[1]!);
  let bound: Map<string, string> | undefined;
  for (const m of searched.matchAll(BLIND_COPY_NAME)) {
    bound ??= new Map([...searched.matchAll(BOUND_ADDRESS)].map((b) => [b[1]!, b[2]!]));
    const address = bound.get(m[1]!);
    if (address !== undefined && !placeholder(address)) return copyAt(text, m.index, address);
  }
  return undefined;
}

function placeholder(address: string): boolean {
  return PLACEHOLDER_DOMAIN.test(address.slice(address.indexOf('@') + 1));
}

function copyAt(text: string, index: number, address: string): MailCopy {
  const { line, excerpt } = lineAndExcerpt(text, index);
  return { line, excerpt: excerpt.trim().slice(0, 160), address };
}
