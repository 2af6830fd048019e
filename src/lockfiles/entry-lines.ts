/**
 * The line of each package's entry in its lockfile, found once after parsing so every format gets
 * locations (SARIF results, CI annotations) without each parser tracking positions. A node id is the
 * key the parser read the entry under, so one pass over the text collects every line that opens an
 * entry (`"key": {` in npm JSON, `"key": [` in bun, `key:` alone in YAML, yarn's descriptor headers)
 * and each node looks its key up. A node that cannot be located simply has no line.
 */
import { createLineIndex } from '../util/line-index.js';
import type { LockfileFormat, LockNode } from './graph.js';

const ENTRY_LINES: Partial<Record<string, RegExp>> = {
  npm: /^[ \t]*"((?:[^"\\]|\\.)+)"[ \t]*:[ \t]*\{/gm,
  bun: /^[ \t]*"((?:[^"\\]|\\.)+)"[ \t]*:[ \t]*\[/gm,
  yaml: /^[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|([^\s'"#][^\n]*?))[ \t]*:[ \t]*(?:\{\})?[ \t]*$/gm,
  yarn: /^([^\s#][^\n]*?):[ \t]*$/gm,
};

function familyOf(format: LockfileFormat): string | undefined {
  if (format.startsWith('npm-lock')) return 'npm';
  if (format === 'bun-text') return 'bun';
  if (format.startsWith('yarn')) return 'yarn';
  if (format.startsWith('pnpm')) return 'yaml';
  return undefined;
}

/** Every entry key in the text with the offsets where it opens an entry, in file order. */
function entryOffsets(family: string, text: string): Map<string, number[]> {
  const offsets = new Map<string, number[]>();
  const add = (key: string, offset: number) => {
    const list = offsets.get(key);
    if (list) list.push(offset);
    else offsets.set(key, [offset]);
  };
  for (const match of text.matchAll(ENTRY_LINES[family]!)) {
    const raw = match[1] ?? match[2] ?? match[3] ?? '';
    // A yarn header lists every descriptor that resolved to the entry: `"a@^1", a@^1.1:`.
    const keys = family === 'yarn' ? raw.split(/,\s*/).map((d) => d.replace(/^"|"$/g, '')) : [family === 'yaml' ? raw : raw.replace(/\\(.)/g, '$1')];
    for (const key of keys) add(key, match.index);
  }
  return offsets;
}

/** Fills `line` on every node whose entry can be found in `text`. */
export function annotateEntryLines(format: LockfileFormat, text: string, nodes: Map<string, LockNode>): void {
  const family = familyOf(format);
  if (!family) return;
  const offsets = entryOffsets(family, text);
  const lines = createLineIndex(text);
  for (const node of nodes.values()) {
    if (node.line !== undefined) continue;
    const offset = format === 'npm-lock-v1' ? nestedOffset(offsets, node.id) : offsets.get(node.id)?.[0];
    if (offset !== undefined) node.line = lines.line(offset);
  }
}

/** npm v1 nests entries (`node_modules/a/node_modules/b`): the first `"b": {` after `"a": {`. */
function nestedOffset(offsets: Map<string, number[]>, id: string): number | undefined {
  const names = id.split(/(?:^|\/)node_modules\//).filter(Boolean);
  let offset = -1;
  for (const name of names) {
    const next = offsets.get(name)?.find((o) => o > offset);
    if (next === undefined) return undefined;
    offset = next;
  }
  return names.length > 0 ? offset : undefined;
}
