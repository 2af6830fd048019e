/**
 * javascript-obfuscator's string array, read without running it. The obfuscator moves every string
 * into one array returned by a function (`function _0x4a2c() { const a = ['https', 'env', …]; … }`),
 * replaces each string by a call of a decoder (`_0x52f1(0x1b4)`, index minus an offset), and shifts
 * the array at load until a checksum of `parseInt` over some of its entries matches a constant (the
 * rotating IIFE). With the array, the offset and the rotation known, `_0x52f1(0x1b4)` is a constant
 * string, so `require(_0x3b1e2a(0x1b0))[_0x3b1e2a(0x1b1)](…)` resolves like plain code.
 *
 * The plain form and the base64 string encoding are read, through variable and function wrappers
 * and numbers written as expressions (obfuscator.io's "medium" preset); the rc4 encoding needs a key
 * per call and stays unresolved, and a rotation this reading cannot reproduce leaves the array
 * unresolved rather than misread. The checksum is evaluated over numbers only: literals,
 * + - * / %, unary minus and parseInt of a decoder call. Nothing is executed.
 */
import { arithmetic } from './fold.js';
import { forEachChild, topLevelBindings, topLevelFunctions } from './walk.js';
import type { AstNode } from './types.js';

/** Decoder names (and their aliases) of one file, each with its array already rotated. */
/**
 * Per decoder name: its array (raw, and decoded and rotated), the offset it subtracts, and for a
 * wrapper (`function w(a, b) { return _0x7ec7(b - -0x157, a); }`) which argument carries the index
 * and what it adds to it.
 */
export type StringTables = Map<string, { raw: readonly string[]; strings: readonly string[]; offset: number; param?: number; delta?: number }>;

const MAX_STRINGS = 20_000;
const MAX_NODES_PER_FUNCTION = 400;

/**
 * The string tables a program's top level declares; empty for almost every file, and for a file
 * whose checksum nests deeper than the stack (a hostile chain of 100,000 additions).
 */
export function readStringTables(program: AstNode): StringTables {
  try {
    return readTables(program);
  } catch (error) {
    if (error instanceof RangeError) return new Map();
    throw error;
  }
}

function readTables(program: AstNode): StringTables {
  const tables: StringTables = new Map();
  const functions = topLevelFunctions(program);
  const arrays = new Map<string, readonly string[]>();
  for (const [name, fn] of functions) {
    const strings = stringArrayOf(fn);
    if (strings) arrays.set(name, strings);
  }
  for (const [name, strings] of topLevelArrays(program)) arrays.set(name, strings);
  if (arrays.size === 0) return tables;
  for (const [name, fn] of functions) {
    const decoder = decoderOf(fn, arrays);
    if (decoder) tables.set(name, decoder);
  }
  if (tables.size === 0) return tables;
  addAliases(program, tables);
  addWrappers(program, tables);
  for (const statement of program.body as AstNode[]) rotate(statement, arrays, tables);
  return tables;
}

/** The decoded string of a call of `decoder` with these arguments, when `decoder` is a known table's name. */
export function tableString(tables: StringTables, decoder: string, args: readonly AstNode[]): string | undefined {
  const table = tables.get(decoder);
  const index = table ? tableIndex(table, args) : undefined;
  return table && index !== undefined ? table.strings[index - table.offset] : undefined;
}

/** The decoder-level index a call asks for: its index argument plus what its wrappers add. */
function tableIndex(table: { param?: number; delta?: number }, args: readonly AstNode[]): number | undefined {
  const arg = args[table.param ?? 0];
  const value = arg ? numberOf(arg) : undefined;
  return value === undefined ? undefined : value + (table.delta ?? 0);
}

/** A number written as a constant expression (`0x1b4`, `-0xda`, `-0x1*0x1a3+0x2ba`: numbersToExpressions). */
function numberOf(node: AstNode): number | undefined {
  return evaluate(node, () => undefined);
}

/**
 * The obfuscator's function wrappers: a function whose whole body returns a decoder's (or another
 * wrapper's) call with one of its own parameters, plus or minus a constant, as the index. Three
 * rounds follow wrappers of wrappers.
 */
function addWrappers(program: AstNode, tables: StringTables): void {
  const candidates: AstNode[] = [];
  search(program, (node) => {
    if (node.type === 'FunctionDeclaration' && node.id && (node.body.body as AstNode[]).length === 1 && node.body.body[0].type === 'ReturnStatement') candidates.push(node);
  }, 200_000);
  for (let round = 0; round < 3; round++) {
    for (const fn of candidates) {
      const name = fn.id.name as string;
      if (tables.has(name)) continue;
      const wrapper = wrapperOf(fn, tables);
      if (wrapper) tables.set(name, wrapper);
    }
  }
}

function wrapperOf(fn: AstNode, tables: StringTables): StringTables extends Map<string, infer V> ? V | undefined : never {
  const call = fn.body.body[0].argument;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier') return undefined;
  const target = tables.get(call.callee.name as string);
  const index = target ? (call.arguments as AstNode[])[target.param ?? 0] : undefined;
  if (!target || !index) return undefined;
  const params = (fn.params as AstNode[]).map((p) => (p.type === 'Identifier' ? (p.name as string) : ''));
  const [param, delta] = index.type === 'Identifier' ? [params.indexOf(index.name as string), 0] : shiftedParam(index, params);
  if (param < 0) return undefined;
  return { ...target, param, delta: (target.delta ?? 0) + delta };
}

/** `b - -0x157` or `a + 0x20`: which parameter, and what is added to it. */
function shiftedParam(node: AstNode, params: string[]): [number, number] {
  if (node.type !== 'BinaryExpression' || (node.operator !== '-' && node.operator !== '+') || node.left.type !== 'Identifier') return [-1, 0];
  const value = numberOf(node.right);
  if (value === undefined) return [-1, 0];
  return [params.indexOf(node.left.name as string), node.operator === '-' ? -value : value];
}

/** Visits up to `limit` nodes under `root`, in source order; stops when `visit` returns true. */
function search(root: AstNode, visit: (node: AstNode) => boolean | void, limit = MAX_NODES_PER_FUNCTION): void {
  let seen = 0;
  let done = false;
  const enter = (node: AstNode) => {
    if (done || !node || ++seen > limit) return;
    if (visit(node) === true) {
      done = true;
      return;
    }
    forEachChild(node, undefined, enter);
  };
  enter(root);
}

/** Older obfuscator.io releases declare the array itself at the top (`var _0x2d8f = ['aHR0cHM=', …]`). */
function topLevelArrays(program: AstNode): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  for (const [name, init] of topLevelBindings(program)) {
    const strings = init.type === 'ArrayExpression' ? literalStrings(init) : undefined;
    if (strings) found.set(name, strings);
  }
  return found;
}

function literalStrings(node: AstNode): string[] | undefined {
  const elements = node.elements as (AstNode | null)[];
  if (elements.length < 2 || elements.length > MAX_STRINGS) return undefined;
  if (!elements.every((e) => e?.type === 'Literal' && typeof e.value === 'string')) return undefined;
  return elements.map((e) => e!.value as string);
}

/** The literal array of strings a function builds (the obfuscator's `_0x4a2c`). */
function stringArrayOf(fn: AstNode): string[] | undefined {
  let strings: string[] | undefined;
  search(fn.body, (node) => {
    if (node.type !== 'ArrayExpression') return false;
    strings = literalStrings(node);
    return strings !== undefined;
  }, 50);
  return strings;
}

/**
 * A decoder: calls an array function and takes an offset off its index parameter (`i = i - 0x1b0`,
 * or `table[n - 0x1a0]` in the function it replaces itself with).
 * With the base64 string encoding it also holds its alphabet (lower case first) and decodes each
 * entry as base64 of UTF-8; the rc4 encoding needs a key per call and is not read.
 */
function decoderOf(fn: AstNode, arrays: Map<string, readonly string[]>): { raw: readonly string[]; strings: readonly string[]; offset: number } | undefined {
  let table: readonly string[] | undefined;
  let offset: number | undefined;
  let alphabet: string | undefined;
  let rc4 = false;
  search(fn.body, (node) => {
    table ??= arrayRead(node, arrays);
    // Entries decoded by the platform's own base64 (`Buffer['from'](s, 'base64')`, `atob(s)`) instead of a bundled alphabet.
    if (node.type === 'CallExpression' && platformBase64(node)) alphabet ??= STANDARD_BASE64;
    if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') offset ??= subtracted(node, node.left.name as string);
    // `return table[n - 0x1a0]`: the offset taken off inside the lookup itself.
    if (node.type === 'MemberExpression' && node.computed && node.property.type === 'BinaryExpression' && node.property.operator === '-' && node.property.left.type === 'Identifier') offset ??= numberOf(node.property.right);
    if (node.type === 'Literal' && typeof node.value === 'string' && BASE64_ALPHABET.test(node.value)) alphabet = node.value;
    // rc4's key schedule: a 256-entry permutation filled in a loop.
    if (node.type === 'Literal' && node.value === 0x100) rc4 = true;
  }, MAX_NODES_PER_FUNCTION * 2);
  if (!table || offset === undefined || (alphabet !== undefined && rc4)) return undefined;
  return { raw: table, strings: alphabet !== undefined ? table.map((entry) => decodeBase64(entry, alphabet!)) : table, offset };
}

/** The array a node reads: a call of its function, or in the older layout the top-level array itself (`var s = _0x2d8f[i]`). */
function arrayRead(node: AstNode, arrays: Map<string, readonly string[]>): readonly string[] | undefined {
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') return arrays.get(node.callee.name as string);
  if (node.type === 'MemberExpression' && node.computed && node.object.type === 'Identifier') return arrays.get(node.object.name as string);
  return undefined;
}

const STANDARD_BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

function platformBase64(call: AstNode): boolean {
  const callee = call.callee;
  if (callee.type === 'Identifier') return callee.name === 'atob';
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'Buffer') return false;
  const method = callee.computed ? callee.property.value : callee.property.name;
  const encoding = (call.arguments as AstNode[])[1];
  return method === 'from' && encoding?.type === 'Literal' && encoding.value === 'base64';
}

/** A base64 alphabet of 64 distinct characters and the pad (the obfuscator's starts with a-z). */
const BASE64_ALPHABET = /^(?=[A-Za-z0-9+/]{64}=$)(?!.*(.).*\1)/;

function decodeBase64(entry: string, alphabet: string): string {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of entry) {
    const value = alphabet.indexOf(ch);
    if (value < 0 || value === 64) continue;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `i = i - 0x1b0` or `i -= 0x1b0`: the offset. */
function subtracted(node: AstNode, name: string): number | undefined {
  if (node.operator === '-=') return numberOf(node.right);
  const right = node.right;
  if (node.operator !== '=' || right.type !== 'BinaryExpression' || right.operator !== '-') return undefined;
  return right.left.type === 'Identifier' && right.left.name === name ? numberOf(right.right) : undefined;
}

/** `const _0x3b1e2a = _0x52f1;` anywhere: another name for a decoder. */
function addAliases(program: AstNode, tables: StringTables): void {
  search(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'Identifier') {
      const table = tables.get(node.init.name as string);
      if (table) tables.set(node.id.name as string, table);
    }
  }, 200_000);
}

/**
 * `(function (getArray, target) { … while (!![]) { try { const v = <checksum>; if (v === target) break;
 * else arr.push(arr.shift()); } … } })(_0x4a2c, 0x9081)`: finds the left rotation that makes the
 * checksum equal the target, and rotates every table built on that array.
 */
function rotate(statement: AstNode, arrays: Map<string, readonly string[]>, tables: StringTables): void {
  const call = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
  if (call?.type !== 'CallExpression' || !/^(FunctionExpression|ArrowFunctionExpression)$/.test(call.callee.type)) return;
  const [arrayArg, targetArg] = call.arguments as AstNode[];
  const array = arrayArg?.type === 'Identifier' ? arrays.get(arrayArg.name as string) : undefined;
  const target = targetArg ? numberOf(targetArg) : undefined;
  const table = array ? [...tables.values()].find((t) => t.raw === array) : undefined;
  if (!array || target === undefined || !table) return;
  const rotated = (strings: readonly string[], shift: number) => [...strings.slice(shift), ...strings.slice(0, shift)];
  const n = table.strings.length;
  if (countedRotation(call.callee)) {
    for (const [name, t] of tables) if (t.raw === array) tables.set(name, { ...t, strings: rotated(t.strings, target % n) });
    return;
  }
  const checksum = checksumOf(call.callee);
  if (!checksum) return;
  for (let shift = 0; shift < n; shift++) {
    // The string a decoder call reads once the array is shifted left `shift` times, without building it (arrays run to thousands).
    const entry = (call: AstNode) => {
      const t = call.callee.type === 'Identifier' ? tables.get(call.callee.name as string) : undefined;
      const index = t && t.raw === array ? tableIndex(t, call.arguments as AstNode[]) : undefined;
      return index !== undefined && index - table.offset >= 0 && index - table.offset < n ? table.strings[(index - table.offset + shift) % n] : undefined;
    };
    if (evaluate(checksum, entry) !== target) continue;
    for (const [name, t] of tables) if (t.raw === array) tables.set(name, { ...t, strings: rotated(t.strings, shift) });
    return;
  }
  // A rotation this reading cannot reproduce (an encoding it does not know): unresolved, not misread.
  for (const [name, t] of tables) if (t.raw === array) tables.delete(name);
}

/**
 * Older obfuscator.io releases rotate a fixed number of times, the IIFE's second argument:
 * `(function (a, n) { var f = function (c) { while (--c) { a['push'](a['shift']()); } }; f(++n); }(_0x2d8f, 0x2b9))`
 * shifts the array left n times. Read only in exactly that shape: the counted loop that moves the
 * first entry to the end, and the count called with the second parameter plus one.
 */
function countedRotation(fn: AstNode): boolean {
  const [array, count] = (fn.params as AstNode[]).map((p) => (p.type === 'Identifier' ? (p.name as string) : ''));
  if (!array || !count) return false;
  let loop = false;
  let started = false;
  search(fn.body, (node) => {
    if (node.type === 'WhileStatement' && node.test.type === 'UpdateExpression' && node.test.operator === '--' && node.test.prefix) loop ||= movesFirstToEnd(node.body, array);
    if (node.type === 'CallExpression' && (node.arguments as AstNode[]).length === 1) {
      const arg = (node.arguments as AstNode[])[0]!;
      started ||= arg.type === 'UpdateExpression' && arg.operator === '++' && arg.prefix && arg.argument.type === 'Identifier' && arg.argument.name === count;
    }
    return loop && started;
  });
  return loop && started;
}

/** `a['push'](a['shift']())` as the loop's only statement. */
function movesFirstToEnd(body: AstNode, array: string): boolean {
  const statement = body.type === 'BlockStatement' ? ((body.body as AstNode[]).length === 1 ? (body.body as AstNode[])[0] : undefined) : body;
  const call = statement?.type === 'ExpressionStatement' ? statement.expression : undefined;
  const inner = call?.type === 'CallExpression' ? (call.arguments as AstNode[])[0] : undefined;
  return call !== undefined && methodOn(call.callee, array, 'push') && inner?.type === 'CallExpression' && methodOn(inner.callee, array, 'shift');
}

function methodOn(callee: AstNode, object: string, method: string): boolean {
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== object) return false;
  return (callee.computed ? callee.property.value : callee.property.name) === method;
}

/** The checksum expression of a rotating IIFE: the first declarator inside its loop that calls parseInt. */
function checksumOf(fn: AstNode): AstNode | undefined {
  let found: AstNode | undefined;
  search(fn.body, (node) => {
    if (node.type === 'VariableDeclarator' && node.init && mentionsParseInt(node.init)) found = node.init;
    return found !== undefined;
  });
  return found;
}

function mentionsParseInt(node: AstNode): boolean {
  let seen = false;
  search(node, (n) => (seen = n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'parseInt'), 200);
  return seen;
}

/** The checksum's value with `parseInt(decoder(…))` read through `entry(call)`; undefined for anything else. */
function evaluate(node: AstNode, entry: (call: AstNode) => string | undefined): number | undefined {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'number' ? node.value : undefined;
    case 'UnaryExpression': {
      const value = evaluate(node.argument, entry);
      return value === undefined ? undefined : node.operator === '-' ? -value : node.operator === '+' ? value : undefined;
    }
    case 'BinaryExpression': {
      const left = evaluate(node.left, entry);
      const right = evaluate(node.right, entry);
      if (left === undefined || right === undefined) return undefined;
      return arithmetic(node.operator as string, left, right);
    }
    case 'CallExpression': {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'parseInt') return undefined;
      const inner = node.arguments[0];
      const text = inner?.type === 'CallExpression' ? entry(inner) : undefined;
      return text === undefined ? undefined : parseInt(text, 10);
    }
    default:
      return undefined;
  }
}
