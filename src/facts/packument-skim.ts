/**
 * A packument read from its bytes, building only what the scan keeps.
 *
 * A popular package's packument is megabytes of JSON (next: 21 MB, typescript: 10 MB), nearly all of
 * it the full manifests of thousands of versions, of which `readPackument` keeps only a few fields
 * (`readIdentity`). Decoding the bytes to a string and `JSON.parse` of it built every one of those
 * manifests, then threw them away: on a 657-package tree, 123 MB of packuments cost the main thread
 * more CPU than any other part of registry work, while the detector threads waited for tarballs.
 *
 * The skim walks the bytes once and writes the document again, member by member from the original
 * bytes, leaving out of each version not read in full every field but those `readIdentity` reads;
 * one `JSON.parse` of that shorter text then builds the packument. So whatever is kept is read by
 * `JSON.parse` itself, duplicate keys, `__proto__`, escapes and all.
 *
 * What the skim leaves out is still checked for what passing over it relies on: balanced brackets,
 * closed strings with valid escapes and no raw control characters, and no byte outside a string
 * that JSON never has there. Token grammar is not checked there (`tru`, `1e`, a missing comma
 * inside a left-out field), so a document broken only inside a field nobody reads is read where
 * `JSON.parse` of the whole threw; nothing kept comes from the broken part.
 *
 * Anything the skim does not expect (no object at the top, a bracket or string that does not
 * close, a byte JSON cannot hold there, text after the document) hands the whole document to
 * `JSON.parse`, which reads or rejects it exactly as before.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The fields of a version not read in full that `readIdentity` looks at. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['name', '_npmUser', 'deprecated', 'dist']);
const VERSIONS: ReadonlySet<string> = new Set(['versions']);

/** What a byte outside any string may be, within a value the skim passes over. */
const enum Byte {
  Other = 0,
  Space = 1,
  Open = 2,
  Close = 3,
  Quote = 4,
  /** Digits, signs, `.eE`, the letters of true/false/null, `,` and `:`: tokens the skim does not check. */
  Token = 5,
}

const OUTSIDE = new Uint8Array(256);
for (const c of ' \t\n\r') OUTSIDE[c.charCodeAt(0)] = Byte.Space;
for (const c of '{[') OUTSIDE[c.charCodeAt(0)] = Byte.Open;
for (const c of '}]') OUTSIDE[c.charCodeAt(0)] = Byte.Close;
OUTSIDE[QUOTE] = Byte.Quote;
for (const c of '0123456789-+.eE,:truefalsn') OUTSIDE[c.charCodeAt(0)] = Byte.Token;

/** Characters that may follow a backslash in a JSON string. */
const ESCAPABLE = new Uint8Array(256);
for (const c of '"\\/bfnrtu') ESCAPABLE[c.charCodeAt(0)] = 1;

/**
 * Index after the string opening at `start`. Bytes above the backslash (most letters) are passed
 * with one comparison; the loop is a module function so that it is inlined where it is called.
 */
function stringEnd(b: Uint8Array, start: number): number {
  for (let i = start + 1; i < b.length; i++) {
    const c = b[i]!;
    if (c > BACKSLASH) continue;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      if (ESCAPABLE[b[i + 1] ?? 0] !== 1) throw new Unexpected();
      i++;
    } else if (c < 0x20) throw new Unexpected();
  }
  throw new Unexpected();
}

/** Index after the value starting at `start`, passed over without building it. */
function valueEnd(b: Uint8Array, start: number): number {
  let depth = 0;
  for (let i = start; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      i = stringEnd(b, i) - 1;
      if (depth === 0) return i + 1;
      continue;
    }
    switch (OUTSIDE[c]) {
      case Byte.Open:
        depth++;
        break;
      case Byte.Close:
        if (depth === 0) return i;
        if (--depth === 0) return i + 1;
        break;
      case Byte.Token:
        // A number or literal at the value's own level ends at the first byte that is not one.
        if (depth === 0 && (c === COMMA || c === COLON)) return i;
        break;
      case Byte.Space:
        if (depth === 0) return i;
        break;
      default:
        throw new Unexpected();
    }
  }
  if (depth === 0 && b.length > start) return b.length;
  throw new Unexpected();
}

function space(b: Uint8Array, start: number): number {
  let i = start;
  while (OUTSIDE[b[i] ?? 0] === Byte.Space) i++;
  return i;
}

/** The document is not what the skim reads; JSON.parse of the whole decides. */
class Unexpected extends Error {}

// A byte-order mark stays a character, as in Buffer#toString: JSON.parse rejects it before a document.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * The packument in `bytes` as `JSON.parse` would give it, except that versions not in
 * `fullVersions` hold only their identity fields. Throws what `JSON.parse` throws for a document
 * that is not JSON.
 */
export function skimPackument(bytes: Uint8Array, fullVersions: ReadonlySet<string>): unknown {
  // One element kind for every caller (a Buffer is a subclass): the byte loops stay monomorphic.
  const whole = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let reduced: Uint8Array | undefined;
  try {
    reduced = new Skim(whole, fullVersions).document();
  } catch (error) {
    if (!(error instanceof Unexpected)) throw error;
  }
  return JSON.parse(decoder.decode(reduced ?? whole));
}

/**
 * Writes the document again without what is not kept: the JSON text that `JSON.parse` then reads is
 * the original's own bytes, member by member, so duplicate keys, `__proto__`, escapes and numbers
 * read exactly as they would have in the whole document.
 */
class Skim {
  private out: Uint8Array;
  private length = 0;
  /** The full versions as JSON strings (quotes included), compared with a version key's bytes. */
  private readonly fullKeys: Uint8Array[];
  private readonly identityKeys: Uint8Array[];
  private readonly versionsKeys = [encoder.encode('"versions"')];

  constructor(
    private readonly b: Uint8Array,
    private readonly fullVersions: ReadonlySet<string>,
  ) {
    this.out = new Uint8Array(Math.min(b.length, 64 * 1024));
    this.fullKeys = [...fullVersions].map((v) => encoder.encode(JSON.stringify(v)));
    this.identityKeys = [...IDENTITY_FIELDS].map((f) => encoder.encode(JSON.stringify(f)));
  }

  document(): Uint8Array {
    const { b } = this;
    const start = space(b, 0);
    if (b[start] !== OPEN_OBJECT) throw new Unexpected();
    const end = this.object(start, (keyFrom, keyTo, from) => {
      if (b[from] === OPEN_OBJECT && this.keyIs(keyFrom, keyTo, this.versionsKeys, VERSIONS)) {
        this.copy(keyFrom, keyTo);
        this.write(COLON);
        return this.versions(from);
      }
      const to = valueEnd(b, from);
      this.copy(keyFrom, to);
      return to;
    });
    if (space(b, end) !== b.length) throw new Unexpected();
    return this.out.subarray(0, this.length);
  }

  /** Writes the versions object at `start`, each version whole or cut to identity fields; returns the index after it. */
  private versions(start: number): number {
    return this.object(start, (keyFrom, keyTo, from) => {
      const { b } = this;
      // A version that is not an object is kept as it is: readPackument drops it and says so.
      if (b[from] !== OPEN_OBJECT || this.isFullVersion(keyFrom, keyTo)) {
        const to = valueEnd(b, from);
        this.copy(keyFrom, to);
        return to;
      }
      this.copy(keyFrom, keyTo);
      this.write(COLON);
      return this.identity(from);
    });
  }

  /**
   * Writes the version object at `start` with its identity fields only; returns the index after
   * its `}`. Each member is passed over once: its end is found while it is read or skipped.
   */
  private identity(start: number): number {
    return this.object(start, (keyFrom, keyTo, from) => {
      const to = valueEnd(this.b, from);
      if (this.isIdentityField(keyFrom, keyTo)) this.copy(keyFrom, to);
      return to;
    });
  }

  private isFullVersion(from: number, to: number): boolean {
    if (this.fullKeys.length === 0) return false;
    return this.keyIs(from, to, this.fullKeys, this.fullVersions);
  }

  private isIdentityField(from: number, to: number): boolean {
    // Every identity field starts with n, _ or d; a key that starts otherwise is one only if escaped.
    const first = this.b[from + 1];
    if (first !== 0x6e && first !== 0x5f && first !== 0x64 && first !== BACKSLASH) return false;
    return this.keyIs(from, to, this.identityKeys, IDENTITY_FIELDS);
  }

  /**
   * Whether the key between `from` and `to` (quotes included) is one of `names`: compared as bytes
   * with `keys` (the names as JSON text), or decoded when it holds an escape.
   */
  private keyIs(from: number, to: number, keys: readonly Uint8Array[], names: ReadonlySet<string>): boolean {
    const { b } = this;
    for (let i = from + 1; i < to - 1; i++) {
      if (b[i] === BACKSLASH) return names.has(JSON.parse(decoder.decode(b.subarray(from, to))) as string);
    }
    next: for (const k of keys) {
      if (k.length !== to - from) continue;
      for (let i = 0; i < k.length; i++) if (b[from + i] !== k[i]) continue next;
      return true;
    }
    return false;
  }

  /**
   * Writes the object at `start` as `{` + what `each` writes for its members, comma-separated, +
   * `}`; returns the index after the original's `}`. `each` gets a member's key and where its value
   * starts, may write nothing, and returns where the value ends.
   */
  private object(start: number, each: (keyFrom: number, keyTo: number, from: number) => number): number {
    const { b } = this;
    this.write(OPEN_OBJECT);
    const opened = this.length;
    let i = space(b, start + 1);
    if (b[i] !== CLOSE_OBJECT) {
      for (;;) {
        if (b[i] !== QUOTE) throw new Unexpected();
        const keyFrom = i;
        const keyTo = stringEnd(b, i);
        i = space(b, keyTo);
        if (b[i] !== COLON) throw new Unexpected();
        // The comma goes before a member only once one is written: members passed over leave none.
        const before = this.length;
        if (before > opened) this.write(COMMA);
        const written = this.length;
        i = space(b, each(keyFrom, keyTo, space(b, i + 1)));
        if (this.length === written) this.length = before;
        if (b[i] === CLOSE_OBJECT) break;
        if (b[i] !== COMMA) throw new Unexpected();
        i = space(b, i + 1);
      }
    }
    this.write(CLOSE_OBJECT);
    return i + 1;
  }

  private copy(from: number, to: number): void {
    this.reserve(to - from);
    this.out.set(this.b.subarray(from, to), this.length);
    this.length += to - from;
  }

  private write(byte: number): void {
    this.reserve(1);
    this.out[this.length++] = byte;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.out.length * 2, this.length + bytes));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }
}
