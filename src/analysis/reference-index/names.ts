/**
 * Names that imitate a popular package's name: one edit or a swapped pair of characters away
 * (`lodahs`), the same letters with separators moved (`crossenv`, `cross_env`) or a `.js` tail
 * (`cross-env.js`), look-alike characters (`l0dash`, `rnoment`), or a scope made of a popular
 * scoped name (`@types-node/…`).
 *
 * Only popular targets count (rank below `maxTargetRank`), and only names long enough that one
 * edit is a deliberate imitation rather than a coincidence among short words (`qs`/`ws`).
 * The lookup tables are built once per index, on first use.
 */
import type { ReferencePackage } from './format.js';
import type { ReferenceIndex } from './index.js';
import { bareName, scopeOf } from './match.js';

export type LookAlikeKind = 'one-edit' | 'swapped' | 'separator' | 'suffix' | 'homoglyph' | 'scope';

export interface LookAlike {
  target: ReferencePackage;
  kind: LookAlikeKind;
}

export interface LookAlikeOptions {
  maxTargetRank: number;
  /** Shortest target name (without scope) for the one-edit and swapped kinds. */
  minEditLength: number;
}

interface Tables {
  exact: Map<string, ReferencePackage>;
  /**
   * A name and each of its one-letter deletions, by `deletionKey`, → the names they come from (one
   * package, or several). Keys are hashes, so two strings may share one: every candidate is checked
   * by `editKind`, which alone decides.
   */
  deletions: Map<number, ReferencePackage | ReferencePackage[]>;
  squashed: Map<string, ReferencePackage>;
  glyphs: Map<string, ReferencePackage>;
  scopedFlat: Map<string, ReferencePackage>;
}

const tables = new WeakMap<ReferenceIndex, Map<string, Tables>>();

const SEPARATORS = /[-_.]/g;

/** Characters read as others at a glance, mapped to what they imitate. */
const GLYPHS: Record<string, string> = { rn: 'm', vv: 'w', '0': 'o', '1': 'l', '|': 'l', i: 'l', '3': 'e', '5': 's', $: 's' };
/**
 * One pass over every look-alike. No replacement makes or unmakes another's match (the outputs
 * m, w, o, l, e, s are none of the inputs), so this equals replacing each kind in turn.
 */
const GLYPH_PATTERN = /rn|vv|[0135$|i]/g;
const NOT_ASCII = /[^\x00-\x7f]/;

function squash(name: string): string {
  return name.replace(SEPARATORS, '');
}

export function glyphForm(name: string): string {
  // New npm names must be URL-safe ASCII: NFKD and accent stripping are for the older names that are not.
  const plain = NOT_ASCII.test(name) ? name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : name;
  return squash(plain.toLowerCase()).replace(GLYPH_PATTERN, (look) => GLYPHS[look]!);
}

/**
 * A hash of `word` without its character at `skip` (-1: the whole word), read in place: a table of
 * every deletion of 5,000 names made 60,000 strings on every scan, a warm one too.
 */
function deletionKey(word: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    if (i !== skip) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  }
  // The length apart tells `ab` without `b` from `a`, and keeps the key a small integer.
  return ((h >>> 1) ^ (word.length - (skip < 0 ? 0 : 1))) >>> 0;
}

/**
 * Adds `p` under `key` once (a name's keys are added one after another, so a repeat is the last
 * entry). Most keys belong to one name: it is stored bare, without an array of its own.
 */
function addUnder(map: Map<number, ReferencePackage | ReferencePackage[]>, key: number, p: ReferencePackage): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, p);
  else if (!Array.isArray(held)) {
    if (held !== p) map.set(key, [held, p]);
  } else if (held[held.length - 1] !== p) held.push(p);
}

function packagesUnder(map: Map<number, ReferencePackage | ReferencePackage[]>, key: number): readonly ReferencePackage[] {
  const held = map.get(key);
  return held === undefined ? [] : Array.isArray(held) ? held : [held];
}

function setFirst(map: Map<string, ReferencePackage>, key: string, p: ReferencePackage): void {
  if (!map.has(key)) map.set(key, p);
}

// Built on every scan that runs typosquat, a warm one too: each name's forms are computed once and
// no per-name sets, arrays or deletion strings are made.
function buildTables(index: ReferenceIndex, o: LookAlikeOptions): Tables {
  const t: Tables = { exact: new Map(), deletions: new Map(), squashed: new Map(), glyphs: new Map(), scopedFlat: new Map() };
  for (const p of index.packages) {
    if (p.rank >= o.maxTargetRank) break;
    const name = p.name;
    t.exact.set(name, p);
    const scope = scopeOf(name);
    if (scope !== undefined) {
      const bare = bareName(name);
      t.scopedFlat.set(`${scope}-${bare}`, p);
      t.scopedFlat.set(`${scope}${bare}`, p);
      continue;
    }
    setFirst(t.squashed, squash(name), p);
    setFirst(t.glyphs, glyphForm(name), p);
    if (name.length < o.minEditLength) continue;
    for (let skip = -1; skip < name.length; skip++) addUnder(t.deletions, deletionKey(name, skip), p);
  }
  return t;
}

function tablesFor(index: ReferenceIndex, o: LookAlikeOptions): Tables {
  const key = `${o.maxTargetRank}:${o.minEditLength}`;
  let perIndex = tables.get(index);
  if (!perIndex) tables.set(index, (perIndex = new Map()));
  let t = perIndex.get(key);
  if (!t) perIndex.set(key, (t = buildTables(index, o)));
  return t;
}

/** Optimal-string-alignment distance ≤ 1 from `a` (the name judged) to `b`: one insertion, deletion, substitution or adjacent swap. */
function editKind(a: string, b: string): 'one-edit' | 'swapped' | undefined {
  if (a === b || Math.abs(a.length - b.length) > 1) return undefined;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // Another first letter of a short name is another word as often (scrypt beside bcrypt).
    if (a.slice(i + 1) === b.slice(i + 1)) return i === 0 && a.length <= SHORT_NAME ? undefined : 'one-edit';
    if (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return 'swapped';
    return undefined;
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  // `a` is the name judged, `b` the popular one. A letter put before a short name makes another word
  // more often than a typo (fmerge beside merge): slips land inside a name.
  if (i === 0 && long === a && short.length <= SHORT_NAME) return undefined;
  return long.slice(i + 1) === short.slice(i) ? 'one-edit' : undefined;
}

const SHORT_NAME = 6;

/** The popular name this name imitates, if any. A name that is itself in the index imitates nothing. */
export function lookAlikeOf(name: string, index: ReferenceIndex, o: LookAlikeOptions): LookAlike | undefined {
  return index.byName(name) ? undefined : nearestLookAlike(name, index, o);
}

/** The most popular other name this one imitates, whether or not it is indexed itself (precision checks use this). */
export function nearestLookAlike(name: string, index: ReferenceIndex, o: LookAlikeOptions): LookAlike | undefined {
  const t = tablesFor(index, o);
  const scope = scopeOf(name);
  if (scope !== undefined) {
    // `@types-node/x`: the scope spells a popular scoped name; an unrelated scope re-using a bare name is a fork.
    const target = t.scopedFlat.get(scope);
    return target ? { target, kind: 'scope' } : undefined;
  }
  const lower = name.toLowerCase();
  const flat = t.scopedFlat.get(lower);
  if (flat) return { target: flat, kind: 'scope' };
  const suffixless = lower.replace(/[-_.]?js$/, '');
  if (suffixless !== lower && t.exact.has(suffixless)) return { target: t.exact.get(suffixless)!, kind: 'suffix' };
  const squashedTarget = t.squashed.get(squash(lower));
  if (squashedTarget && squashedTarget.name.toLowerCase() !== lower) return { target: squashedTarget, kind: 'separator' };
  if (lower.length < o.minEditLength - 1) return undefined;
  const glyphTarget = t.glyphs.get(glyphForm(lower));
  if (glyphTarget && glyphTarget.name.toLowerCase() !== lower && glyphTarget.name.length >= o.minEditLength) return { target: glyphTarget, kind: 'homoglyph' };
  let best: LookAlike | undefined;
  for (let skip = -1; skip < lower.length; skip++) {
    for (const target of packagesUnder(t.deletions, deletionKey(lower, skip))) {
      if (best && best.target.rank <= target.rank) continue;
      // `store` beside `store2`: the popular name is the numbered successor of this one, not its bait.
      if (/^\d+$/.test(target.name.toLowerCase().slice(lower.length)) && target.name.toLowerCase().startsWith(lower)) continue;
      const kind = editKind(lower, target.name.toLowerCase());
      if (kind) best = { target, kind };
    }
  }
  return best;
}
