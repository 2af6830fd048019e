/**
 * A line scan of yarn.lock files (v1 and berry) done before handing them to yarn's own parsers.
 *
 * Yarn's parsers are the reference for the data, but their errors carry no line ("Invalid number of
 * spaces"), a truncated string can surface as a RangeError, and both silently keep the last of two
 * duplicate entries. This scan finds those problems first, with a line number, and records the line of
 * every entry header so that later errors about an entry can point at it.
 */
import { LockfileError } from '../../errors.js';

export interface EntryHeader {
  /** The header line as written, without the trailing colon. */
  raw: string;
  /** Each descriptor of the header, unquoted (`a@^1.0.0, a@^1.1.0` → two). */
  descriptors: string[];
  line: number;
  /** True when the header line has no indented body under it. */
  empty: boolean;
}

export interface LayoutScan {
  headers: EntryHeader[];
  /** Header line per descriptor, for error messages. */
  lineOfDescriptor: Map<string, number>;
}

/**
 * Checks indentation (spaces, two per level, one level deeper only under a `key:` line), balanced
 * quotes, and that no descriptor is declared twice. `hint` tells the user what to do.
 */
export function scanYarnLayout(text: string, file: string, hint: string): LayoutScan {
  const lines = text.split(/\r?\n/);
  const headers: EntryHeader[] = [];
  const lineOfDescriptor = new Map<string, number>();
  let previousDepth = 0;
  let previousOpensBlock = false;
  let current: EntryHeader | undefined;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    // Character loops rather than regexes: this runs once per line of files with 100,000+ lines.
    let spaces = 0;
    while (spaces < line.length && line.charCodeAt(spaces) === 0x20) spaces++;
    if (spaces === line.length || line.charCodeAt(spaces) === 0x23 /* # */) continue;
    if (line.charCodeAt(spaces) === 0x09 /* tab */) {
      if (line.trim() === '') continue;
      throw new LockfileError(file, `wrong indentation: expected spaces, found a tab. ${hint}`, { line: lineNumber, column: spaces + 1 });
    }
    if (spaces % 2 !== 0) throw new LockfileError(file, `wrong indentation: expected a multiple of 2 spaces, found ${spaces}. ${hint}`, { line: lineNumber, column: 1 });
    const depth = spaces / 2;
    if (depth > previousDepth + (previousOpensBlock ? 1 : 0)) {
      throw new LockfileError(file, `wrong indentation: expected at most ${(previousDepth + (previousOpensBlock ? 1 : 0)) * 2} spaces here, found ${spaces}. ${hint}`, {
        line: lineNumber,
        column: 1,
      });
    }
    const content = spaces === 0 ? line : line.slice(spaces);
    if (content.includes('"') && !quotesBalanced(content)) {
      throw new LockfileError(file, `unterminated string: expected a closing double quote on this line (the file may be truncated). ${hint}`, { line: lineNumber, column: line.length });
    }
    const opensBlock = content.endsWith(':');
    if (depth === 0) {
      if (!opensBlock) throw new LockfileError(file, `expected an entry header ending with ':' at the start of the line. ${hint}`, { line: lineNumber, column: 1 });
      const raw = content.slice(0, -1);
      if (raw.replace(/"[^"]*"/g, '').includes(':')) {
        throw new LockfileError(file, `expected a key containing ':' to be in double quotes. ${hint}`, { line: lineNumber, column: 1 });
      }
      current = { raw, descriptors: splitDescriptors(raw), line: lineNumber, empty: true };
      headers.push(current);
      for (const descriptor of current.descriptors) {
        const seen = lineOfDescriptor.get(descriptor);
        if (seen !== undefined) {
          throw new LockfileError(file, `duplicate key "${descriptor}": already declared on line ${seen}; expected each entry once (a merge conflict left over?). ${hint}`, {
            line: lineNumber,
            column: 1,
            key: descriptor,
          });
        }
        lineOfDescriptor.set(descriptor, lineNumber);
      }
    } else if (current) {
      current.empty = false;
    }
    previousDepth = depth;
    previousOpensBlock = opensBlock;
  }
  if (previousOpensBlock) {
    throw new LockfileError(file, `the file ends after a ':' line: expected its indented fields (the file may be truncated). ${hint}`, { line: lastContentLine(lines) });
  }
  return { headers, lineOfDescriptor };
}

function lastContentLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i + 1;
  return 1;
}

/**
 * Quotes must close on the line they open on. The test copies the rule of yarn's v1 tokenizer
 * (a quote preceded by one backslash, not two, is escaped), because a string that tokenizer cannot close
 * makes it loop until it runs out of memory.
 */
function quotesBalanced(content: string): boolean {
  for (let i = 0; i < content.length; i++) {
    if (content[i] !== '"') continue;
    let j = i + 1;
    while (j < content.length && !(content[j] === '"' && !(content[j - 1] === '\\' && content[j - 2] !== '\\' && j - 1 > i))) j++;
    if (j >= content.length) return false;
    i = j;
  }
  return true;
}

/** `"a@^1.0.0", a@^1.1.0` → [`a@^1.0.0`, `a@^1.1.0`]; berry writes them inside one quoted string. */
export function splitDescriptors(raw: string): string[] {
  const unquoted = raw.startsWith('"') && raw.endsWith('"') && !raw.slice(1, -1).includes('"') ? raw.slice(1, -1) : raw;
  return unquoted
    .split(/,\s*/)
    .map((part) => part.trim().replace(/^"(.*)"$/, '$1'))
    .filter((part) => part !== '');
}

/** `name@range` → name and range; the first `@` after a scope's leading one separates them. */
export function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  if (at === -1) return { name: descriptor, range: '' };
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}
