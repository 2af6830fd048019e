/**
 * Strict JSON reading for lockfiles and package.json files.
 *
 * `JSON.parse` is fast but its errors carry no line, and it silently keeps the last of two duplicate
 * keys (a merge-conflict leftover, or a way to hide an entry from one tool but not another). So we
 * parse with `JSON.parse` and, only when it fails, re-parse with jsonc-parser to say where; duplicate
 * keys are found with jsonc-parser's scanner, which is cheap next to the parse itself.
 */
import { findNodeAtLocation, parse as parseLenient, parseTree, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
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

function assertNoDuplicateKeys(text: string, file: string, whatToDo: string): void {
  const openObjects: Set<string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => {
        openObjects.push(new Set());
      },
      onObjectEnd: () => {
        openObjects.pop();
      },
      onObjectProperty: (property, offset, _length, startLine, startCharacter) => {
        const keys = openObjects[openObjects.length - 1];
        if (!keys) return;
        if (keys.has(property)) {
          throw new LockfileError(
            file,
            `duplicate key "${property}": expected each key once in an object (a merge conflict left over?). ${whatToDo}`,
            { line: startLine + 1, column: startCharacter + 1, key: property },
          );
        }
        keys.add(property);
        void offset;
      },
    },
    STRICT,
  );
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
