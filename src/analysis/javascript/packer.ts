/**
 * Dean Edwards' packer, undone without running it: `eval(function(p,a,c,k,e,d){…}('0 1(…)', 36, 12,
 * 'word|list'.split('|'), 0, {}))` stores the code as `p` with every word replaced by its index in
 * base `a`, and the words as `k`. Unpacking is a substitution: each base-`a` token of `p` becomes
 * `k[index]` (an empty entry keeps the token). Malware packs droppers this way so that no
 * `child_process` or URL shows; the unpacked text is read as one more file of the package.
 */

/** The arguments of a packer call, as written after the unpacking function. */
const PACKED_CALL = /\}\s*\(\s*(['"])((?:\\[\s\S]|(?!\1)[^\\])*)\1\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(['"])((?:\\[\s\S]|(?!\5)[^\\])*)\5\s*\.split\(\s*(['"])\|\7\s*\)/;
const PACKER_HEAD = /eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[rd]\s*\)/;
/** Packed texts larger than this are not unpacked (the reader's budget for code kept in strings). */
const MAX_PACKED_CHARS = 512 * 1024;

/** The code a packer call unpacks to, or undefined when the text holds none (or one this reading cannot undo). */
export function unpackPacker(text: string): string | undefined {
  const head = PACKER_HEAD.exec(text);
  if (!head) return undefined;
  const call = PACKED_CALL.exec(text.slice(head.index, head.index + MAX_PACKED_CHARS + 4096));
  if (!call) return undefined;
  const radix = Number(call[3]);
  const count = Number(call[4]);
  if (!(radix >= 2 && radix <= 62) || count > 100_000) return undefined;
  const payload = unescapeLiteral(call[2]!);
  const words = unescapeLiteral(call[6]!).split('|');
  return payload.replace(/\b\w+\b/g, (token) => {
    const index = parseBase(token, radix);
    return index !== undefined && index < count && words[index] ? words[index]! : token;
  });
}

/** `e(c)` of the packer: base 36 and below as parseInt reads them; above 36 the packer's own digits (0-9a-zA-Z). */
function parseBase(token: string, radix: number): number | undefined {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let value = 0;
  for (const ch of token) {
    const digit = radix <= 36 ? digits.indexOf(ch.toLowerCase()) : digits.indexOf(ch);
    if (digit < 0 || digit >= radix) return undefined;
    value = value * radix + digit;
  }
  return value;
}

/** The text of a quoted JavaScript string: the packer's literals escape only quotes, backslashes and line ends. */
function unescapeLiteral(body: string): string {
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([\s\S]))/g, (_, hex: string | undefined, unicode: string | undefined, ch: string | undefined) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (unicode) return String.fromCharCode(parseInt(unicode, 16));
    return ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch === 't' ? '\t' : ch!;
  });
}
