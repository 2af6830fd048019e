/**
 * A literal prefilter for the token gates that run over every code file of every package.
 *
 * Each gate is a handful of regular expressions, and most files match none of them; V8 runs each
 * expression (or a union of them) over the whole text, 1-9 ns per character, and on a 657-package
 * tree these passes were about a quarter of the detector thread. Almost every such expression needs
 * one of a few literals in any match (`curl`, `pastebin`, `process`, …): one Aho-Corasick pass over
 * the text, about 3 ns per character whatever the number of literals, tells which expressions
 * could match at all, and only those are run. The pass is shared: every gate's literals are in one
 * automaton, and a large file read by several gates (several detectors) is scanned once.
 *
 * The literals are derived from each expression's source, never written by hand, so a pattern added
 * to a gate's list is covered as it stands. The derivation is sound or silent: any syntax it does not
 * follow, or a pattern with no literal of two or more characters, leaves that pattern always run.
 * Letters are folded to lower case on both sides (a case-sensitive pattern only gets a looser filter);
 * non-ASCII characters never become literals, since case-insensitive matching may fold them.
 */

/** What a piece of a pattern can match: exactly one of these strings, at least one of these, or unknown. */
type Info = { exact: string[] } | { any: string[] } | null;

const EMPTY: Info = { exact: [''] };
/** Sets of exact strings grow by cross products; past this size a run is cut into two literals. */
const MAX_EXACT = 24;
/** A class of more characters than this is no literal (a digit or a word character). */
const MAX_CLASS = 8;
const MIN_LITERAL = 2;

class Unsupported extends Error {}

/**
 * Literals (lower case) at least one of which every match of `pattern` contains, ignoring case, or
 * undefined when no such set could be derived (the pattern must always be run).
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  const flags = pattern.flags;
  // Unicode case folding maps non-ASCII characters to ASCII letters (the Kelvin sign to k).
  if (flags.includes('i') && (flags.includes('u') || flags.includes('v'))) return undefined;
  if (flags.includes('v')) return undefined;
  try {
    const parser = new Parser(pattern.source);
    const info = parser.alternation();
    if (!parser.done()) return undefined;
    const any = toAny(info);
    if (!any || Math.min(...any.map((s) => s.length)) < MIN_LITERAL) return undefined;
    // A literal that contains another is redundant: the shorter one is seen wherever it is.
    const unique = [...new Set(any)];
    return unique.filter((s) => !unique.some((t) => t !== s && s.includes(t))).sort();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function toAny(info: Info): string[] | undefined {
  if (info === null) return undefined;
  if ('any' in info) return info.any;
  return info.exact.includes('') ? undefined : info.exact;
}

function cross(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > MAX_EXACT) return undefined;
  return [...new Set(a.flatMap((x) => b.map((y) => x + y)))];
}

/**
 * Words in nearly every JavaScript file: a literal holding one rules out almost nothing, so another
 * literal of the same pattern is preferred (`eval` over `function` in `eval\s*\(\s*function`).
 * Only the choice between literals a pattern needs anyway depends on this list, never soundness.
 */
const COMMON_IN_CODE = /function|return|require|while|http|this|const|module|export|import|prototype|window|document|process|object|string|length|value|error/;

/**
 * The better of two literal sets: one without common code words first, then the longer shortest
 * literal, then fewer literals.
 */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const ca = a.some((s) => COMMON_IN_CODE.test(s));
  const cb = b.some((s) => COMMON_IN_CODE.test(s));
  const la = Math.min(...a.map((s) => s.length));
  const lb = Math.min(...b.map((s) => s.length));
  // A rare literal must still be worth a literal: two characters at least.
  if (ca !== cb && Math.min(la, lb) >= MIN_LITERAL) return ca ? b : a;
  if (la !== lb) return la > lb ? a : b;
  return b.length < a.length ? b : a;
}

/** A recursive-descent reader of the pattern syntax the gates use; anything else throws Unsupported. */
class Parser {
  private i = 0;

  constructor(private readonly src: string) {}

  done(): boolean {
    return this.i === this.src.length;
  }

  alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    if (branches.every((b) => b !== null && 'exact' in b)) {
      const union = [...new Set(branches.flatMap((b) => (b as { exact: string[] }).exact))];
      if (union.length <= MAX_EXACT) return { exact: union };
    }
    const sets = branches.map(toAny);
    if (sets.some((s) => s === undefined)) return null;
    return { any: [...new Set(sets.flatMap((s) => s!))] };
  }

  private sequence(): Info {
    let run = [''];
    let allExact = true;
    let best: string[] | undefined;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const info = this.quantified();
      if (info !== null && 'exact' in info) {
        const joined = cross(run, info.exact);
        if (joined) run = joined;
        else {
          allExact = false;
          best = better(best, toAny({ exact: run }));
          run = info.exact;
        }
        continue;
      }
      allExact = false;
      best = better(better(best, toAny({ exact: run })), toAny(info));
      run = [''];
    }
    if (allExact) return { exact: run };
    best = better(best, toAny({ exact: run }));
    return best ? { any: best } : null;
  }

  private quantified(): Info {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    if (min === 0) return max === 1 && atom !== null && 'exact' in atom ? { exact: [...new Set([...atom.exact, ''])] } : null;
    if (atom !== null && 'exact' in atom && min === max) {
      let repeated: string[] | undefined = atom.exact;
      for (let k = 1; k < min && repeated; k++) repeated = cross(repeated, atom.exact);
      if (repeated) return { exact: repeated };
    }
    const any = toAny(atom);
    return any ? { any } : null;
  }

  /** `?`, `*`, `+`, `{m}`, `{m,}`, `{m,n}` (and a lazy `?` after any), or undefined. */
  private quantifier(): [number, number] | undefined {
    const c = this.src[this.i];
    let q: [number, number] | undefined;
    if (c === '?') q = [0, 1];
    else if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined; // a literal brace
      this.i += m[0].length - 1;
      q = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3])];
    }
    if (!q) return undefined;
    this.i++;
    if (this.src[this.i] === '?') this.i++;
    return q;
  }

  private atom(): Info {
    const c = this.src[this.i++]!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return null;
      case '^':
      case '$':
        return EMPTY;
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unsupported();
      default:
        return literal(c.charCodeAt(0));
    }
  }

  private group(): Info {
    const opener = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(this.src.slice(this.i));
    if (this.src[this.i] === '?' && !opener) throw new Unsupported();
    this.i += opener?.[0].length ?? 0;
    // A lookaround consumes nothing: what it names need not be in the match.
    const lookaround = opener !== null && /^\?(=|!|<=|<!)$/.test(opener[0]);
    const inner = this.alternation();
    if (this.src[this.i++] !== ')') throw new Unsupported();
    return lookaround ? EMPTY : inner;
  }

  private escape(): Info {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported();
    if (c === 'b' || c === 'B') return EMPTY;
    if ('dDwWsS'.includes(c) || /[1-9]/.test(c)) return null;
    if (c === 'c' || c === 'k' || c === 'p' || c === 'P') throw new Unsupported();
    const code = this.escapedCode(c);
    return literal(code);
  }

  /** The character an escape stands for (after the backslash and `c`), outside or inside a class. */
  private escapedCode(c: string): number {
    // `\012` is an octal escape (one character) outside unicode mode: not followed.
    if (c === '0' && /[0-9]/.test(this.src[this.i] ?? '')) throw new Unsupported();
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
    if (simple[c] !== undefined) return simple[c]!;
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.i, this.i + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw new Unsupported();
      this.i += digits;
      return parseInt(hex, 16);
    }
    return c.charCodeAt(0);
  }

  private charClass(): Info {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const chars = new Set<number>();
    let unknown = false;
    while (this.src[this.i] !== ']') {
      const start = this.classMember();
      if (start === undefined) {
        unknown = true;
        continue;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']') {
        this.i++;
        const end = this.classMember();
        if (end === undefined) throw new Unsupported();
        if (end - start > MAX_CLASS * 4) unknown = true;
        else for (let k = start; k <= end; k++) chars.add(k);
      } else chars.add(start);
    }
    this.i++;
    // `[]` matches nothing and `[^]` anything: neither is worth following.
    if (chars.size === 0 && !unknown) throw new Unsupported();
    const folded = new Set([...chars].map(fold));
    if (negated || unknown || folded.size > MAX_CLASS || [...folded].some((k) => k >= 128)) return null;
    return { exact: [...folded].map((k) => String.fromCharCode(k)) };
  }

  /** One character of a class, or undefined for a class escape (`\d`, `\w`, `\s`, …). */
  private classMember(): number | undefined {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported();
    if (c !== '\\') return c.charCodeAt(0);
    const e = this.src[this.i++];
    if (e === undefined || e === 'c' || e === 'k' || e === 'p' || e === 'P') throw new Unsupported();
    if ('dDwWsS'.includes(e)) return undefined;
    return e === 'b' ? 8 : this.escapedCode(e);
  }
}

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function literal(code: number): Info {
  if (code >= 128) return null;
  return { exact: [String.fromCharCode(fold(code))] };
}

/**
 * An Aho-Corasick automaton over ASCII folded to lower case: one table lookup per character of text.
 * Characters no literal holds share class 0, and anything past ASCII is class 0 too.
 */
class Automaton {
  private readonly classOf = new Uint8Array(128);
  private readonly classes: number;
  /**
   * Row of a state + class -> row of the next state, where a state's row is state * classes: kept
   * premultiplied, a multiply in the per-character chain of loads made the scan twice as slow.
   */
  private readonly delta: Int32Array;
  /** Per state: the literal ids that end there (its own and those of its failure chain). */
  private readonly outputs: number[][];
  /** Per row: 1 when some literal ends in that row's state. */
  private readonly terminal: Uint8Array;

  constructor(literals: readonly string[]) {
    let classes = 1;
    for (const literal of literals) {
      for (const ch of literal) {
        const code = ch.charCodeAt(0);
        if (this.classOf[code] === 0) {
          this.classOf[code] = classes++;
          if (code >= 97 && code <= 122) this.classOf[code - 32] = this.classOf[code]!;
        }
      }
    }
    if (classes > 255) throw new Error('too many distinct characters in the literals');
    this.classes = classes;
    const trie: number[][] = [new Array<number>(classes).fill(-1)];
    const outputs: number[][] = [[]];
    literals.forEach((literal, id) => {
      let state = 0;
      for (const ch of literal) {
        const k = this.classOf[ch.charCodeAt(0)]!;
        if (trie[state]![k]! < 0) {
          trie[state]![k] = trie.length;
          trie.push(new Array<number>(classes).fill(-1));
          outputs.push([]);
        }
        state = trie[state]![k]!;
      }
      outputs[state]!.push(id);
    });
    this.delta = new Int32Array(trie.length * classes);
    this.outputs = outputs;
    this.link(trie);
    this.terminal = new Uint8Array(this.delta.length);
    outputs.forEach((ids, state) => (this.terminal[state * classes] = ids.length > 0 ? 1 : 0));
    for (let i = 0; i < this.delta.length; i++) this.delta[i] = this.delta[i]! * classes;
  }

  /** Breadth-first failure links, folded into a full transition table. */
  private link(trie: number[][]): void {
    const k = this.classes;
    const fail = new Int32Array(trie.length);
    const queue: number[] = [];
    for (let c = 0; c < k; c++) {
      const next = trie[0]![c]!;
      this.delta[c] = Math.max(next, 0);
      if (next > 0) queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const id of this.outputs[fail[state]!]!) if (!this.outputs[state]!.includes(id)) this.outputs[state]!.push(id);
      for (let c = 0; c < k; c++) {
        const next = trie[state]![c]!;
        const viaFail = this.delta[fail[state]! * k + c]!;
        if (next < 0) this.delta[state * k + c] = viaFail;
        else {
          fail[next] = viaFail;
          this.delta[state * k + c] = next;
          queue.push(next);
        }
      }
    }
  }

  /** Flags (1) in `found` every literal that occurs in text. */
  scan(text: string, found: Uint8Array): void {
    const { classOf, delta, outputs, classes, terminal } = this;
    // A state is passed over once reported (common literals such as `require` end thousands of times
    // in one file): its flag is cleared for this scan and set again after. Not a copy per scan: the
    // table is tens of KB, and a copy per file was hundreds of MB of buffers a scan for the GC.
    const reported: number[] = [];
    let row = 0;
    try {
      for (let i = 0, n = text.length; i < n; i++) {
        const code = text.charCodeAt(i);
        row = delta[row + (code < 128 ? classOf[code]! : 0)]!;
        if (terminal[row] === 0) continue;
        terminal[row] = 0;
        reported.push(row);
        for (const id of outputs[row / classes]!) found[id] = 1;
      }
    } finally {
      for (const r of reported) terminal[r] = 1;
    }
  }
}

/**
 * Characters remembered at most: a package's whole text (8 MiB) and its release before. The memory
 * is emptied when each package's judgement begins (`forgetTexts`), so it holds only texts the
 * package's files view keeps alive anyway; the bound guards callers that never empty it.
 */
const REMEMBERED_CHARS = 24 * 1024 * 1024;

/**
 * The literals of every gate in one automaton, and which of them the texts being judged hold. The
 * gates of different detectors read the same files (worm-payload's, the behaviour model's, the
 * release-diff gate's), so a file is scanned once for all of them, not once per gate. Per thread:
 * each worker has its own module instance.
 */
class SharedLiterals {
  private readonly literals: string[] = [];
  private readonly ids = new Map<string, number>();
  private automaton: Automaton | undefined;
  /** Text -> its literal flags, oldest first, bounded in characters; emptied when a literal is added and when a package's judgement begins. */
  private readonly seen = new Map<string, Uint8Array>();
  private seenChars = 0;

  idOf(literal: string): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.literals.push(literal) - 1;
      this.ids.set(literal, id);
      // Flags of texts already seen lack the new literal: they are forgotten with the old automaton.
      this.automaton = undefined;
    }
    return id;
  }

  found(text: string): Uint8Array {
    if (!this.automaton) {
      this.automaton = new Automaton(this.literals);
      this.forget();
    }
    const known = this.seen.get(text);
    if (known) return known;
    const found = new Uint8Array(this.literals.length);
    this.automaton.scan(text, found);
    this.remember(text, found);
    return found;
  }

  /** Empties the memory of texts (their flags are recomputed when asked again). */
  forget(): void {
    this.seen.clear();
    this.seenChars = 0;
  }

  private remember(text: string, found: Uint8Array): void {
    this.seen.set(text, found);
    this.seenChars += text.length;
    for (const [oldest] of this.seen) {
      if (this.seenChars <= REMEMBERED_CHARS || this.seen.size === 1) break;
      this.seen.delete(oldest);
      this.seenChars -= oldest.length;
    }
  }
}

const shared = new SharedLiterals();

/**
 * Empties the memory of texts scanned: called as each package's judgement begins. Every gate reads
 * every file of the package being judged, so remembering that package's texts, small ones too, is
 * what spares the scans; texts of packages already judged would only be kept alive for nothing.
 */
export function forgetTexts(): void {
  shared.forget();
}

/**
 * A pattern's top-level alternatives as patterns of their own (same flags), or the pattern alone.
 * A union of forty words (`seed|mnemonic|…|Cookies`) is run by V8 as forty tries at every position
 * of the text; with each word's literal known, only the words the text holds are run, each as a fast
 * literal search. A pattern with a backreference is kept whole: its groups would be renumbered.
 */
export function topLevelBranches(pattern: RegExp): RegExp[] {
  const source = pattern.source;
  if (/\\(?:[1-9]|k<)/.test(source)) return [pattern];
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length === 0) return [pattern];
  parts.push(source.slice(start));
  return parts.map((part) => new RegExp(part, pattern.flags));
}

/**
 * A fixed list of patterns with their literal prefilter. `candidates(text)` is one pass over the
 * text; a pattern it rules out cannot match, so gates run only the ones left, and of a pattern that
 * is a union of alternatives, only the alternatives left (topLevelBranches).
 */
export class LiteralGate {
  /** Every pattern's alternatives, in pattern order, as copies without `g`/`y`, so a test never depends on (or moves) a caller's lastIndex. */
  private readonly branches: RegExp[] = [];
  /** Pattern i's alternatives are branches[first[i]] to branches[first[i + 1] - 1]. */
  private readonly first: number[] = [];
  /** Per alternative, 1 when it has no derivable literal: a candidate for every text. */
  private readonly always: Uint8Array;
  /** Pairs of a shared literal id and the alternative it stands for. */
  private readonly literalOf: number[] = [];
  private readonly branchOf: number[] = [];

  constructor(readonly patterns: readonly RegExp[]) {
    const always: number[] = [];
    for (const pattern of patterns) {
      this.first.push(this.branches.length);
      for (const branch of topLevelBranches(new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')))) {
        const required = requiredLiterals(branch);
        for (const literal of required ?? []) {
          this.literalOf.push(shared.idOf(literal));
          this.branchOf.push(this.branches.length);
        }
        always.push(required === undefined ? 1 : 0);
        this.branches.push(branch);
      }
    }
    this.first.push(this.branches.length);
    this.always = Uint8Array.from(always);
  }

  /** Per alternative: 0 when the text lacks every literal a match of it needs. Called per text by every gate: no arrays but one. */
  private branchCandidates(text: string): Uint8Array {
    const possible = this.always.slice();
    if (this.literalOf.length === 0) return possible;
    const found = shared.found(text);
    for (let i = 0; i < this.literalOf.length; i++) if (found[this.literalOf[i]!] === 1) possible[this.branchOf[i]!] = 1;
    return possible;
  }

  private anyOf(flags: Uint8Array, index: number): boolean {
    for (let b = this.first[index]!; b < this.first[index + 1]!; b++) if (flags[b] === 1) return true;
    return false;
  }

  /** Per pattern: false when the text lacks every literal a match of it needs (so it cannot match). */
  candidates(text: string): boolean[] {
    const flags = this.branchCandidates(text);
    return this.patterns.map((_, index) => this.anyOf(flags, index));
  }

  /**
   * The text's candidates, and each pattern's test run only when its literals allow a match: what
   * a gate with its own logic over the patterns reads (`matches(i)` tests on copies without `g`/`y`).
   */
  reading(text: string): { possible: boolean[]; matches: (index: number) => boolean } {
    const flags = this.branchCandidates(text);
    const possible = this.patterns.map((_, index) => this.anyOf(flags, index));
    const matches = (index: number): boolean => {
      if (possible[index] !== true) return false;
      for (let b = this.first[index]!; b < this.first[index + 1]!; b++) if (flags[b] === 1 && this.branches[b]!.test(text)) return true;
      return false;
    };
    return { possible, matches };
  }

  /** Per pattern: whether it matches the text. */
  matches(text: string): boolean[] {
    const { matches } = this.reading(text);
    return this.patterns.map((_, index) => matches(index));
  }
}
