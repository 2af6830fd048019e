/**
 * Strict JSON reading for lockfiles and package.json files.
 *
 * `JSON.parse` is fast but its errors carry no line, and it silently keeps the last of two duplicate
 * keys (a merge-conflict leftover, or a way to hide an entry from one tool but not another). So we
 * parse with `JSON.parse` and, only when it fails, re-parse with jsonc-parser to say where; duplicate
 * keys are found by a bare scan of the (already valid) text, which is cheap next to the parse itself.
 */
import { findNodeAtLocation, parse as parseLenient, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LockfileError } from '../../errors.js';
import { lineAndColumnAt } from '../graph.js';

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

const EXPECTATIONS: Record<string, string> = {
  InvalidSymbol: 'a JSON value',
  InvalidNumberFormat: 'a valid number',
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value',
  ColonExpected: "':' after the property name",
  CommaExpected: "',' between entries",
  CloseBraceExpected: "'}' (the file may be truncated)",
  CloseBracketExpected: "']' (the file may be truncated)",
  EndOfFileExpected: 'the end of the file after the top-level value',
  InvalidCommentToken: 'no comments (JSON has none)',
  UnexpectedEndOfComment: 'a closed comment',
  UnexpectedEndOfString: 'a closing double quote (the file may be truncated)',
  UnexpectedEndOfNumber: 'a complete number',
  InvalidUnicode: 'a valid \\u escape',
  InvalidEscapeCharacter: 'a valid escape character',
  InvalidCharacter: 'no control characters inside strings',
};

/** Parses `text` as strict JSON; throws LockfileError with line, column and what was expected. */
export function parseJsonStrict(text: string, file: string, whatToDo: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    const errors: ParseError[] = [];
    parseLenient(source, errors, STRICT);
    const first = errors[0];
    const offset = first?.offset ?? source.length;
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const expected = source.trim() === '' ? 'a JSON document (the file is empty)' : (EXPECTATIONS[code] ?? 'valid JSON');
    throw new LockfileError(file, `invalid JSON: expected ${expected}. ${whatToDo}`, lineAndColumnAt(source, offset));
  }
  assertNoDuplicateKeys(source, file, whatToDo);
  return value;
}

/**
 * Runs only on text JSON.parse accepted, so it can be a bare scan: strings are skipped whole, and a
 * string followed by ':' is a key of the innermost open object. Several times faster than a tokenizer.
 */
function assertNoDuplicateKeys(text: string, file: string, whatToDo: string): void {
  const openObjects: Set<string>[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x7b /* { */) openObjects.push(new Set());
    else if (code === 0x7d /* } */) openObjects.pop();
    else if (code === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      for (let c = text.charCodeAt(end); c !== 0x22; c = text.charCodeAt(end)) {
        if (c === 0x5c /* \ */) {
          escaped = true;
          end++;
        }
        end++;
      }
      let next = end + 1;
      while (next < length && isJsonWhitespace(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) === 0x3a /* : */) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        const keys = openObjects[openObjects.length - 1];
        if (keys?.has(key)) {
          throw new LockfileError(file, `duplicate key "${key}": expected each key once in an object (a merge conflict left over?). ${whatToDo}`, {
            ...lineAndColumnAt(text, i),
            key,
          });
        }
        keys?.add(key);
      }
      i = end;
    }
  }
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Line/column of the value at `path`, for pointing at a bad entry. Re-parses, so call it only on the error path. */
export function positionOfJsonPath(text: string, path: (string | number)[]): { line?: number; column?: number } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = parseTree(source, [], STRICT);
  const node = root ? findNodeAtLocation(root, path) : undefined;
  if (!node) return {};
  // Point at the key, which is where a reader looks for the entry.
  const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  return lineAndColumnAt(source, at);
}
