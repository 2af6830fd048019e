/**
 * Disguised names: a call whose function name the code hides from a reader and from a text search.
 * `cp[Buffer.from('c3Bhd24=', 'base64').toString()]`, `os["\x68\x6f\x73\x74…"]`, `cp['sp' + 'awn']`,
 * `Reflect.get(cp, 'spawn')`, `Object.keys(os).find((k) => k === 'hostname')`, and
 * `require(atob('Y2hpbGRfcHJvY2Vzcw=='))`. The resolver (static-values.ts) already sees through them
 * to the real function; this says how the name was hidden, because writing a plain `cp.spawn` costs
 * nothing and hiding it has one purpose: not being read. A name held in a variable (`cp[method]`) or
 * chosen by a condition is ordinary dispatch and is not counted.
 */
import { qualifiedName } from './static-values.js';
import type { FileState } from './state.js';
import type { AstNode } from './types.js';

const DECODERS = /^(Buffer\.from|atob|String\.fromCharCode|unescape|decodeURIComponent|decodeURI)$/;
const REFLECTIVE = new Set(['Reflect.get', 'Object.getOwnPropertyDescriptor', 'Reflect.getOwnPropertyDescriptor']);
const KEY_LISTINGS = new Set(['Object.keys', 'Object.entries', 'Object.getOwnPropertyNames', 'Reflect.ownKeys']);
/**
 * Functions whose hidden name says something: running programs, code or network requests, reading
 * who and where the machine is, touching files. Hiding `Math.max` would say nothing.
 */
export const SENSITIVE_CALLEE = /^(fetch|navigator\.sendBeacon|XMLHttpRequest|WebSocket|child_process\.\w+|os\.(hostname|userInfo|networkInterfaces|homedir)|https?\.(request|get)|http2\.connect|net\.(connect|createConnection|Socket)|tls\.connect|dgram\.createSocket|dns\.\w+|vm\.\w+|eval|Function|fs\.(promises\.)?\w+|process\.(binding|dlopen))$/;
/** Modules whose name a `require` hides for the same reason. */
export const SENSITIVE_MODULE = /^(child_process|os|https?|http2|net|tls|dgram|dns|vm|fs|fs\/promises)$/;
/** How far down `a[x].b(…)[0].call` a callee is followed, and how deep a key expression is searched. */
const MAX_STEPS = 8;

/** How a call's function name was hidden in its callee expression, or undefined when it is written plainly. */
export function calleeDisguise(s: FileState, callee: AstNode): string | undefined {
  let n: AstNode | undefined = callee;
  let followed = 0;
  for (let step = 0; n && step < MAX_STEPS; step++) {
    if (n.type === 'ChainExpression') n = n.expression;
    else if (n.type === 'MemberExpression') {
      const how = n.computed ? keyDisguise(s, n.property, true) : undefined;
      if (how) return how;
      n = n.object;
    } else if (n.type === 'CallExpression') {
      const how = lookupDisguise(s, n);
      if (how) return how;
      n = n.callee;
    } else if (n.type === 'Identifier' && followed++ === 0) {
      // `const run = cp[atob('c3Bhd24=')]; run(…)`: one binding, followed once.
      const bindings = s.values.bindings.get(n.name as string) ?? [];
      n = bindings.length === 1 ? bindings[0]!.init : undefined;
    } else return undefined;
  }
  return undefined;
}

/** `require(<decoded or escaped text>)`: the module's name hidden (split names are bundler evasion, not counted). */
export function moduleNameDisguise(s: FileState, argument: AstNode | undefined): string | undefined {
  return argument ? keyDisguise(s, argument, false) : undefined;
}

/** `Reflect.get(o, 'k')`, `Object.getOwnPropertyDescriptor(o, 'k')`, `Object.keys(o).find(…)`: a member found without being named. */
function lookupDisguise(s: FileState, call: AstNode): string | undefined {
  const name = qualifiedName(s.values.resolve(call.callee));
  if (name !== undefined && REFLECTIVE.has(name)) return `a lookup through ${name}()`;
  const member = call.callee;
  if (member?.type !== 'MemberExpression' || member.computed || !/^(find|filter)$/.test(member.property.name as string)) return undefined;
  if (member.object?.type !== 'CallExpression') return undefined;
  const listing = qualifiedName(s.values.resolve(member.object.callee));
  return listing !== undefined && KEY_LISTINGS.has(listing) ? `a search of ${listing}() for its name` : undefined;
}

/** How a property key or module name was hidden: escapes, a decoder, or (for keys) literal pieces joined. */
function keyDisguise(s: FileState, key: AstNode, splitCounts: boolean, followed = false): string | undefined {
  if (key.type === 'Literal') return typeof key.value === 'string' && /\\x[0-9a-fA-F]{2}|\\u\{?[0-9a-fA-F]{2,}/.test((key.raw as string) ?? '') ? 'a name written in escapes' : undefined;
  if (key.type === 'Identifier') {
    if (followed) return undefined;
    const bindings = s.values.bindings.get(key.name as string) ?? [];
    return bindings.length === 1 && bindings[0]!.init ? keyDisguise(s, bindings[0]!.init, splitCounts, true) : undefined;
  }
  // `cp[Object.getOwnPropertyNames(cp).find((k) => k === 'spawn')]`: the key itself looked up.
  const looked = key.type === 'CallExpression' ? lookupDisguise(s, key) : undefined;
  if (looked) return looked;
  if (decodes(s, key, 0)) return 'a decoded name';
  if (ownDecoder(s, key)) return "a name decoded by the file's own function";
  if (splitCounts && literalPieces(key) >= 2) return 'a name split into pieces';
  return undefined;
}

/**
 * `self[unshift('gfudi')]`: a call of the file's own string helper (ROT13, a Caesar shift, XOR;
 * fold.ts) that folds to the name. An obfuscator's string array hides every name alike and is
 * judged as obfuscation instead.
 */
function ownDecoder(s: FileState, key: AstNode): boolean {
  if (key.type !== 'CallExpression' || key.callee.type !== 'Identifier' || !s.values.helpers.has(key.callee.name as string)) return false;
  const value = s.values.resolve(key);
  return value?.kind === 'string' && !value.partial;
}

/** The expression calls a decoder (`Buffer.from([0x73, …]).toString()`, `atob(…)`, `String.fromCharCode(…)`). */
function decodes(s: FileState, node: AstNode, depth: number): boolean {
  if (depth > MAX_STEPS || !node || typeof node !== 'object') return false;
  if (node.type === 'CallExpression') {
    const name = qualifiedName(s.values.resolve(node.callee));
    if (name !== undefined && DECODERS.test(name)) return true;
    return decodes(s, node.callee, depth + 1);
  }
  if (node.type === 'MemberExpression') return decodes(s, node.object, depth + 1);
  return false;
}

/** `'sp' + 'awn'`, `['sp', 'awn'].join('')`, `'sp'.concat('awn')`: how many string literals make the name, or 0 when anything else does. */
function literalPieces(node: AstNode): number {
  if (node.type === 'Literal') return typeof node.value === 'string' ? 1 : 0;
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = literalPieces(node.left);
    const right = literalPieces(node.right);
    return left > 0 && right > 0 ? left + right : 0;
  }
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed) {
    const method = node.callee.property.name as string;
    const args = node.arguments as AstNode[];
    if (method === 'join' && node.callee.object.type === 'ArrayExpression') {
      const items = node.callee.object.elements as AstNode[];
      return items.length >= 2 && items.every((i) => i?.type === 'Literal' && typeof i.value === 'string') ? items.length : 0;
    }
    if (method === 'concat') {
      const base = literalPieces(node.callee.object);
      return base > 0 && args.length > 0 && args.every((a) => literalPieces(a) > 0) ? base + args.length : 0;
    }
  }
  return 0;
}
