/**
 * Constant folding of a file's own string decoders, without running them. Droppers hide module
 * names, method names and URLs behind small helpers (`const d = (a) => a.map((c) =>
 * String.fromCharCode(c ^ 7)).join('')`, ROT13, Caesar shifts, hex pairs), so `require(d([…]))`
 * names nothing until the helper is applied. This evaluates such a helper over constant arguments
 * with a tiny interpreter: numbers, strings, arrays, bytes (`Buffer.from(s, 'base64')`), arithmetic and
 * bitwise operators, the string, array and number methods decoders use, and the statements of a
 * decoding loop (declarations, `for` with a counter, `+=` and `x[i] =` assignments, `return`). The
 * helper may read the file's constant strings and lists of strings (`_s[i]` of a top-level table).
 * Anything else (a variable the helper closes over that is not a constant, a call of something
 * unknown, a `while`) makes the result unknown.
 *
 * Bounded: at most MAX_STEPS nodes evaluated per fold, strings and arrays of at most MAX_LENGTH, and
 * regular expressions only when short and without nested quantifiers (no catastrophic backtracking).
 */
import type { AstNode } from './types.js';
import { topLevelBindings, topLevelFunctions } from './walk.js';

type Value = string | number | boolean | Value[] | RegExp | Closure | Uint8Array | Fields | undefined;
/** An object of constants (`const S = { a: [0x35, 0x67], b: '…' }`), read by key. */
class Fields {
  constructor(readonly values: ReadonlyMap<string, Value>) {}
}
/**
 * What the file's constants are: a string, a list of strings or numbers (a table a helper indexes,
 * a key it XORs with), or an object of those (`S.a`, the table a call hands the helper).
 */
export type Constant = string | readonly (string | number)[] | ConstantFields | undefined;
export type ConstantFields = ReadonlyMap<string, string | readonly (string | number)[]>;
interface Closure {
  fn: AstNode;
  env: Map<string, Value>;
}

const MAX_STEPS = 50_000;
const MAX_LENGTH = 100_000;
const FUNCTION_NODE = /^(ArrowFunctionExpression|FunctionExpression|FunctionDeclaration)$/;

class Unknown extends Error {}

/** The string `fn(args…)` returns, or undefined when it cannot be known without running code. */
/**
 * `budget`: steps left for the whole file, shared by its folds (an obfuscated file calls its decoder
 * thousands of times; each call may take MAX_STEPS, the file no more than what the budget holds).
 */
export function foldCall(fn: AstNode, args: readonly AstNode[], constant: (name: string) => Constant, budget: { left: number } = { left: MAX_STEPS }): string | undefined {
  const folder = new Folder(constant, budget);
  try {
    const values = args.map((a) => folder.eval(a, new Map()));
    const result = folder.apply({ fn, env: new Map() }, values);
    return typeof result === 'string' && result.length <= MAX_LENGTH ? result : undefined;
  } catch (error) {
    if (error instanceof Unknown || error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * A helper worth folding: a function of one to three plain parameters whose body returns an
 * expression, after at most eight declarations, decoding loops and assignments.
 */
export function isFoldable(fn: AstNode): boolean {
  if (!FUNCTION_NODE.test(fn.type) || fn.async || fn.generator) return false;
  const params = fn.params as AstNode[];
  if (params.length < 1 || params.length > 3 || !params.every((p) => p.type === 'Identifier')) return false;
  if (fn.body.type !== 'BlockStatement') return true;
  const body = fn.body.body as AstNode[];
  return body.length <= 9 && body[body.length - 1]?.type === 'ReturnStatement' && body.every((s) => foldableStatement(s, 0));
}

/** Statements the interpreter runs: declarations with a value, assignments, `for` loops of these, `return`. */
function foldableStatement(statement: AstNode, depth: number): boolean {
  switch (statement.type) {
    case 'VariableDeclaration':
      return (statement.declarations as AstNode[]).every((d) => d.id.type === 'Identifier' && d.init);
    case 'ExpressionStatement':
      return statement.expression.type === 'AssignmentExpression' || statement.expression.type === 'UpdateExpression';
    case 'ReturnStatement':
      return statement.argument !== null;
    case 'ForStatement':
      return depth < 2 && statement.init?.type === 'VariableDeclaration' && statement.test !== null && statement.update !== null && foldableStatement(statement.body, depth + 1);
    case 'BlockStatement':
      return (statement.body as AstNode[]).length <= 6 && (statement.body as AstNode[]).every((s) => s.type !== 'ReturnStatement' && foldableStatement(s, depth));
    default:
      return false;
  }
}

/** A `return` reached: carries the value out of the statements. */
class Returned {
  constructor(readonly value: Value) {}
}

class Folder {
  private steps = 0;

  constructor(
    private readonly constant: (name: string) => Constant,
    private readonly budget: { left: number },
  ) {}

  private step(): void {
    if (++this.steps > MAX_STEPS || --this.budget.left < 0) throw new Unknown();
  }

  apply(closure: Closure, args: Value[]): Value {
    const env = new Map(closure.env);
    (closure.fn.params as AstNode[]).forEach((p, i) => {
      if (p.type !== 'Identifier') throw new Unknown();
      env.set(p.name as string, args[i]);
    });
    if (closure.fn.body.type !== 'BlockStatement') return this.eval(closure.fn.body, env);
    try {
      this.run(closure.fn.body.body as AstNode[], env);
    } catch (done) {
      if (done instanceof Returned) return done.value;
      throw done;
    }
    return unknown();
  }

  /** Runs statements of `foldableStatement`'s kinds; a `return` throws Returned. */
  private run(statements: readonly AstNode[], env: Map<string, Value>): void {
    for (const s of statements) {
      this.step();
      if (s.type === 'VariableDeclaration') for (const d of s.declarations as AstNode[]) env.set(d.id.name as string, this.eval(d.init, env));
      else if (s.type === 'ExpressionStatement') this.eval(s.expression, env);
      else if (s.type === 'ReturnStatement') throw new Returned(this.eval(s.argument, env));
      else if (s.type === 'BlockStatement') this.run(s.body as AstNode[], env);
      else if (s.type === 'ForStatement') {
        this.run([s.init], env);
        while (this.eval(s.test, env)) {
          this.run([s.body], env);
          this.eval(s.update, env);
        }
      } else unknown();
    }
  }

  /** `o += x`, `x = y`, `b[i] = y`, `i++`: the value assigned, written into the helper's own variables. */
  private assign(node: AstNode, env: Map<string, Value>): Value {
    const target = node.type === 'UpdateExpression' ? node.argument : node.left;
    const value = node.type === 'UpdateExpression' ? binary(node.operator === '++' ? '+' : '-', this.eval(target, env), 1) : node.operator === '=' ? this.eval(node.right, env) : binary((node.operator as string).slice(0, -1), this.eval(target, env), this.eval(node.right, env));
    if (target.type === 'Identifier' && env.has(target.name as string)) env.set(target.name as string, value);
    else if (target.type === 'MemberExpression' && target.computed) {
      const list = this.eval(target.object, env);
      const index = this.eval(target.property, env);
      if (!(Array.isArray(list) || list instanceof Uint8Array) || typeof index !== 'number' || index < 0 || index >= MAX_LENGTH) return unknown();
      (list as Value[])[index] = value as never;
    } else return unknown();
    return node.type === 'UpdateExpression' && !node.prefix ? this.eval(target, env) : value;
  }

  eval(node: AstNode, env: Map<string, Value>): Value {
    this.step();
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'Identifier':
        return this.name(node.name as string, env);
      case 'TemplateLiteral':
        return (node.quasis as AstNode[]).map((q, i) => (q.value.cooked ?? q.value.raw) + (i < node.expressions.length ? String(this.eval(node.expressions[i], env)) : '')).join('');
      case 'ArrayExpression':
        return limit((node.elements as (AstNode | null)[]).map((e) => (e && e.type !== 'SpreadElement' ? this.eval(e, env) : unknown())));
      case 'BinaryExpression':
        return binary(node.operator as string, this.eval(node.left, env), this.eval(node.right, env));
      case 'UnaryExpression':
        return unary(node.operator as string, this.eval(node.argument, env));
      case 'LogicalExpression': {
        const left = this.eval(node.left, env);
        if (node.operator === '&&') return left ? this.eval(node.right, env) : left;
        if (node.operator === '||') return left ? left : this.eval(node.right, env);
        return left ?? this.eval(node.right, env);
      }
      case 'ConditionalExpression':
        return this.eval(this.eval(node.test, env) ? node.consequent : node.alternate, env);
      case 'MemberExpression':
        return this.member(node, env);
      case 'CallExpression':
        return this.call(node, env);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { fn: node, env };
      case 'AssignmentExpression':
      case 'UpdateExpression':
        return this.assign(node, env);
      default:
        return unknown();
    }
  }

  private literal(node: AstNode): Value {
    if (node.regex) {
      const { pattern, flags } = node.regex as { pattern: string; flags: string };
      // Only short patterns without a quantified group: no catastrophic backtracking on our thread.
      if (pattern.length > 40 || /\([^)]*[+*{][^)]*\)\s*[+*{?]/.test(pattern) || /[^gimsuy]/.test(flags)) return unknown();
      return new RegExp(pattern, flags);
    }
    return typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean' ? node.value : unknown();
  }

  private name(name: string, env: Map<string, Value>): Value {
    if (env.has(name)) return env.get(name);
    if (name === 'undefined') return undefined;
    const constant = this.constant(name);
    if (typeof constant === 'string') return constant;
    if (constant instanceof Map) return new Fields(new Map([...constant].map(([k, v]) => [k, typeof v === 'string' ? v : [...v]])));
    return constant !== undefined ? [...(constant as readonly (string | number)[])] : unknown();
  }

  private member(node: AstNode, env: Map<string, Value>): Value {
    const object = this.eval(node.object, env);
    const key = node.computed ? this.eval(node.property, env) : (node.property.name as string);
    if (key === 'length' && (typeof object === 'string' || Array.isArray(object) || object instanceof Uint8Array)) return object.length;
    if (typeof key === 'number' && (typeof object === 'string' || Array.isArray(object) || object instanceof Uint8Array)) return object[key];
    if (object instanceof Fields && typeof key === 'string' && object.values.has(key)) return object.values.get(key);
    return unknown();
  }

  private call(node: AstNode, env: Map<string, Value>): Value {
    const callee = node.callee;
    const args = () => (node.arguments as AstNode[]).map((a) => (a.type === 'SpreadElement' ? unknown() : this.eval(a, env)));
    if (callee.type === 'Identifier') {
      if (callee.name === 'parseInt') {
        const [text, radix] = args();
        return parseInt(String(text), typeof radix === 'number' ? radix : 10);
      }
      if (callee.name === 'Number') return Number(args()[0]);
      if (callee.name === 'String') return String(args()[0]);
      const local = env.get(callee.name as string);
      if (local && typeof local === 'object' && 'fn' in local) return this.apply(local, args());
      return unknown();
    }
    if (callee.type !== 'MemberExpression' || callee.computed) return unknown();
    const method = callee.property.name as string;
    const known = globalMethod(callee.object, method, args);
    return known !== NOT_GLOBAL ? known : this.method(this.eval(callee.object, env), method, args());
  }

  private method(target: Value, method: string, args: Value[]): Value {
    if (typeof target === 'string') return stringMethod(target, method, args, (fn, a) => this.callback(fn, a));
    if (Array.isArray(target)) return arrayMethod(target, method, args, (fn, a) => this.callback(fn, a));
    if (typeof target === 'number' && method === 'toString') return target.toString(typeof args[0] === 'number' ? args[0] : 10);
    if (target instanceof Uint8Array && method === 'toString') return limitText(Buffer.from(target).toString(bufferEncoding(args[0] ?? 'utf8')));
    return unknown();
  }

  private callback(fn: Value, args: Value[]): Value {
    if (!fn || typeof fn !== 'object' || !('fn' in fn)) return unknown();
    return this.apply(fn, args);
  }
}

type Callback = (fn: Value, args: Value[]) => Value;

const NOT_GLOBAL = Symbol('not a global');

/** `String.fromCharCode(…)` (and `.apply(null, list)`), `Math.floor(…)`, `Buffer.from(…)`; NOT_GLOBAL for anything else. */
function globalMethod(object: AstNode, method: string, args: () => Value[]): Value | typeof NOT_GLOBAL {
  const owner = object.type === 'Identifier' ? (object.name as string) : undefined;
  if (owner === 'String' && method === 'fromCharCode') return limitText(String.fromCharCode(...args().map(Number)));
  if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.object.name === 'String' && object.property.name === 'fromCharCode' && method === 'apply') {
    const list = args()[1];
    return Array.isArray(list) ? limitText(String.fromCharCode(...list.map(Number))) : unknown();
  }
  if (owner === 'Math' && /^(floor|abs|ceil|round)$/.test(method)) return (Math as unknown as Record<string, (n: number) => number>)[method]!(Number(args()[0]));
  if (owner === 'Buffer' && method === 'from') return bytesOf(args());
  return NOT_GLOBAL;
}

function stringMethod(text: string, method: string, args: Value[], callback: Callback): Value {
  const [a, b] = args;
  switch (method) {
    case 'split':
      return limit(typeof a === 'string' || a instanceof RegExp ? text.split(a) : [text]);
    case 'charCodeAt':
      return text.charCodeAt(typeof a === 'number' ? a : 0);
    case 'codePointAt':
      return text.codePointAt(typeof a === 'number' ? a : 0);
    case 'charAt':
      return text.charAt(typeof a === 'number' ? a : 0);
    case 'slice':
    case 'substring':
      return text[method](Number(a ?? 0), b === undefined ? undefined : Number(b));
    case 'substr':
      return text.substr(Number(a ?? 0), b === undefined ? undefined : Number(b));
    case 'toLowerCase':
    case 'toUpperCase':
    case 'trim':
      return text[method]();
    case 'indexOf':
      return text.indexOf(String(a));
    case 'concat':
      return limitText(text.concat(...args.map(String)));
    case 'replace':
    case 'replaceAll':
      return replaced(text, method, a, b, callback);
    default:
      return unknown();
  }
}

/** `text.replace(pattern, replacement)`, the replacement a string or a callback folded per match. */
function replaced(text: string, method: 'replace' | 'replaceAll', pattern: Value, replacement: Value, callback: Callback): string {
  if (!(pattern instanceof RegExp) && typeof pattern !== 'string') return unknown();
  if (typeof replacement === 'string') return limitText(method === 'replace' ? text.replace(pattern, replacement) : text.replaceAll(pattern, replacement));
  return limitText(text[method](pattern as RegExp, (...m: unknown[]) => String(callback(replacement, m.slice(0, -2).map((x) => (typeof x === 'string' || typeof x === 'number' ? x : undefined))))));
}

function arrayMethod(list: Value[], method: string, args: Value[], callback: Callback): Value {
  const [a, b] = args;
  switch (method) {
    case 'map':
      return list.map((v, i) => callback(a, [v, i]));
    case 'filter':
      return list.filter((v, i) => callback(a, [v, i]));
    case 'join':
      return limitText(list.map((v) => (v === undefined ? '' : String(v))).join(typeof a === 'string' ? a : ','));
    case 'reverse':
      return [...list].reverse();
    case 'slice':
      return list.slice(Number(a ?? 0), b === undefined ? undefined : Number(b));
    case 'concat':
      return limit(list.concat(...args.map((x) => (Array.isArray(x) ? x : [x]))));
    case 'reduce':
      return list.reduce((acc: Value, v, i) => callback(a, [acc, v, i]), b);
    default:
      return unknown();
  }
}

function binary(operator: string, l: Value, r: Value): Value {
  if (operator === '+') return typeof l === 'string' || typeof r === 'string' ? limitText(String(l) + String(r)) : Number(l) + Number(r);
  if (operator === '===' || operator === '==') return l === r;
  if (operator === '!==' || operator === '!=') return l !== r;
  const x = Number(l);
  const y = Number(r);
  const value = arithmetic(operator, x, y);
  if (value !== undefined) return value;
  switch (operator) {
    case '^': return x ^ y;
    case '|': return x | y;
    case '&': return x & y;
    case '<<': return x << y;
    case '>>': return x >> y;
    case '>>>': return x >>> y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    default: return unknown();
  }
}

/** `+ - * / %` over numbers; undefined for any other operator. Shared with string-table.ts's checksum. */
export function arithmetic(operator: string, x: number, y: number): number | undefined {
  switch (operator) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '%': return x % y;
    default: return undefined;
  }
}

function unary(operator: string, v: Value): Value {
  switch (operator) {
    case '-': return -Number(v);
    case '+': return Number(v);
    case '!': return !v;
    case '~': return ~Number(v);
    default: return unknown();
  }
}

/** `Buffer.from(text, 'base64' | 'hex' | 'utf8' | 'latin1')` or `Buffer.from([bytes])`: the bytes. */
function bytesOf([source, encoding]: Value[]): Uint8Array {
  if (Array.isArray(source)) return new Uint8Array(limit(source).map(Number));
  if (typeof source !== 'string') return unknown();
  return new Uint8Array(Buffer.from(source, bufferEncoding(encoding ?? 'utf8')));
}

function bufferEncoding(encoding: Value): BufferEncoding {
  return typeof encoding === 'string' && /^(base64|base64url|hex|utf8|utf-8|latin1|binary|ascii)$/i.test(encoding) ? (encoding.toLowerCase() as BufferEncoding) : unknown();
}

function unknown(): never {
  throw new Unknown();
}

function limit(list: Value[]): Value[] {
  if (list.length > MAX_LENGTH) unknown();
  return list;
}

function limitText(text: string): string {
  if (text.length > MAX_LENGTH) unknown();
  return text;
}

/** The file's top-level decoder helpers worth folding, by name (function declarations and `const d = (a) => …`). */
/**
 * The file's top-level tables of literals a helper may read: `var K = [0x5a, 0x13, …]`, and objects
 * of such lists and strings (`var S = { a: [0x35, 0x67], b: [...] }`). At most MAX_TABLES, each of
 * at most MAX_LENGTH items.
 */
export function readConstantTables(program: AstNode): Map<string, Constant> {
  const tables = new Map<string, Constant>();
  for (const [name, init] of topLevelBindings(program)) {
    if (tables.size >= MAX_TABLES) break;
    const table = init.type === 'ObjectExpression' ? fieldsOf(init) : literalList(init);
    if (table !== undefined) tables.set(name, table);
  }
  return tables;
}

const MAX_TABLES = 50;

/** `[0x35, 'a', -1]`: a list of string and number literals, or undefined. */
function literalList(node: AstNode): readonly (string | number)[] | undefined {
  if (node.type !== 'ArrayExpression' || (node.elements as AstNode[]).length > MAX_LENGTH) return undefined;
  const items: (string | number)[] = [];
  for (const e of node.elements as (AstNode | null)[]) {
    const value = e?.type === 'UnaryExpression' && e.operator === '-' && typeof e.argument.value === 'number' ? -e.argument.value : e?.type === 'Literal' ? e.value : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    items.push(value);
  }
  return items;
}

/** `{ a: [0x35, 0x67], b: 'x' }`: an object whose keys are plain and whose values are strings or literal lists. */
function fieldsOf(node: AstNode): ConstantFields | undefined {
  const fields = new Map<string, string | readonly (string | number)[]>();
  for (const p of node.properties as AstNode[]) {
    if (p.type !== 'Property' || p.computed || p.kind !== 'init') return undefined;
    const key = p.key.type === 'Identifier' ? (p.key.name as string) : typeof p.key.value === 'string' ? p.key.value : undefined;
    const value = p.value.type === 'Literal' && typeof p.value.value === 'string' ? p.value.value : literalList(p.value);
    // A key holding something else (a nested list, a function) is left out; the rest can still be read.
    if (key !== undefined && value !== undefined) fields.set(key, value);
  }
  return fields.size > 0 ? fields : undefined;
}

export function readHelpers(program: AstNode): Map<string, AstNode> {
  return new Map([...topLevelFunctions(program)].filter(([, fn]) => isFoldable(fn)).slice(0, 200));
}
