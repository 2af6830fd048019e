/**
 * Constant folding of a file's own string decoders, without running them. Droppers hide module
 * names, method names and URLs behind small helpers (`const d = (a) => a.map((c) =>
 * String.fromCharCode(c ^ 7)).join('')`, ROT13, Caesar shifts, hex pairs), so `require(d([…]))`
 * names nothing until the helper is applied. This evaluates such a helper over constant arguments
 * with a tiny interpreter: numbers, strings, arrays, arithmetic and bitwise operators, and the string,
 * array and number methods decoders use. Anything else (a variable the helper closes over that is not
 * a constant, a loop, an assignment, a call of something unknown) makes the result unknown.
 *
 * Bounded: at most MAX_STEPS nodes evaluated per fold, strings and arrays of at most MAX_LENGTH, and
 * regular expressions only when short and without nested quantifiers (no catastrophic backtracking).
 */
import type { AstNode } from './types.js';
import { topLevelFunctions } from './walk.js';

type Value = string | number | boolean | Value[] | RegExp | Closure | undefined;
interface Closure {
  fn: AstNode;
  env: Map<string, Value>;
}

const MAX_STEPS = 50_000;
const MAX_LENGTH = 100_000;
const FUNCTION_NODE = /^(ArrowFunctionExpression|FunctionExpression|FunctionDeclaration)$/;

class Unknown extends Error {}

/** The string `fn(args…)` returns, or undefined when it cannot be known without running code. */
export function foldCall(fn: AstNode, args: readonly AstNode[], constant: (name: string) => string | undefined): string | undefined {
  const folder = new Folder(constant);
  try {
    const values = args.map((a) => folder.eval(a, new Map()));
    const result = folder.apply({ fn, env: new Map() }, values);
    return typeof result === 'string' && result.length <= MAX_LENGTH ? result : undefined;
  } catch (error) {
    if (error instanceof Unknown || error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/** A helper worth folding: a function of one to three plain parameters whose body is one returned expression. */
export function isFoldable(fn: AstNode): boolean {
  if (!FUNCTION_NODE.test(fn.type) || fn.async || fn.generator) return false;
  const params = fn.params as AstNode[];
  return params.length >= 1 && params.length <= 3 && params.every((p) => p.type === 'Identifier') && returnedExpression(fn) !== undefined;
}

/** The expression a function returns, after at most four constant declarations (`const base = …; return …`). */
function returnedExpression(fn: AstNode): AstNode | undefined {
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const body = fn.body.body as AstNode[];
  const last = body[body.length - 1];
  if (!last || last.type !== 'ReturnStatement' || body.length > 5) return undefined;
  return body.slice(0, -1).every(isPlainDeclaration) ? (last.argument ?? undefined) : undefined;
}

function isPlainDeclaration(statement: AstNode): boolean {
  return statement.type === 'VariableDeclaration' && (statement.declarations as AstNode[]).every((d) => d.id.type === 'Identifier' && d.init);
}

/** The declarations before a function's return, in order. */
function declarationsOf(fn: AstNode): AstNode[] {
  return fn.body.type === 'BlockStatement' ? (fn.body.body as AstNode[]).slice(0, -1).flatMap((s) => s.declarations as AstNode[]) : [];
}

class Folder {
  private steps = 0;

  constructor(private readonly constant: (name: string) => string | undefined) {}

  apply(closure: Closure, args: Value[]): Value {
    const body = returnedExpression(closure.fn);
    if (!body) throw new Unknown();
    const env = new Map(closure.env);
    (closure.fn.params as AstNode[]).forEach((p, i) => {
      if (p.type !== 'Identifier') throw new Unknown();
      env.set(p.name as string, args[i]);
    });
    for (const d of declarationsOf(closure.fn)) env.set(d.id.name as string, this.eval(d.init, env));
    return this.eval(body, env);
  }

  eval(node: AstNode, env: Map<string, Value>): Value {
    if (++this.steps > MAX_STEPS) throw new Unknown();
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
    const text = this.constant(name);
    return text !== undefined ? text : unknown();
  }

  private member(node: AstNode, env: Map<string, Value>): Value {
    const object = this.eval(node.object, env);
    const key = node.computed ? this.eval(node.property, env) : (node.property.name as string);
    if (key === 'length' && (typeof object === 'string' || Array.isArray(object))) return object.length;
    if (typeof key === 'number' && (typeof object === 'string' || Array.isArray(object))) return object[key];
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
    if (callee.object.type === 'Identifier' && callee.object.name === 'String' && method === 'fromCharCode') return limitText(String.fromCharCode(...args().map(Number)));
    if (callee.object.type === 'MemberExpression' && callee.object.object.type === 'Identifier' && callee.object.object.name === 'String' && callee.object.property.name === 'fromCharCode' && method === 'apply') {
      const list = args()[1];
      return Array.isArray(list) ? limitText(String.fromCharCode(...list.map(Number))) : unknown();
    }
    if (callee.object.type === 'Identifier' && callee.object.name === 'Math' && /^(floor|abs|ceil|round)$/.test(method)) return (Math as unknown as Record<string, (n: number) => number>)[method]!(Number(args()[0]));
    return this.method(this.eval(callee.object, env), method, args());
  }

  private method(target: Value, method: string, args: Value[]): Value {
    if (typeof target === 'string') return stringMethod(target, method, args, (fn, a) => this.callback(fn, a));
    if (Array.isArray(target)) return arrayMethod(target, method, args, (fn, a) => this.callback(fn, a));
    if (typeof target === 'number' && method === 'toString') return target.toString(typeof args[0] === 'number' ? args[0] : 10);
    return unknown();
  }

  private callback(fn: Value, args: Value[]): Value {
    if (!fn || typeof fn !== 'object' || !('fn' in fn)) return unknown();
    return this.apply(fn, args);
  }
}

type Callback = (fn: Value, args: Value[]) => Value;

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
export function readHelpers(program: AstNode): Map<string, AstNode> {
  return new Map([...topLevelFunctions(program)].filter(([, fn]) => isFoldable(fn)).slice(0, 200));
}
