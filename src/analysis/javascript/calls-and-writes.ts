/**
 * Calls and writes: which functions of which modules are called with which constant arguments
 * (through `.call`/`.apply`/`Reflect.apply` too), whether an argument decodes something, and which
 * object properties are written, deleted or overridden in a spread copy.
 */
import { safeLine } from '../../report/sanitize.js';
import { flowFacts, isNode, recordDataflow, valueNames, visitMethodCall } from './data-flow.js';
import { isNetworkCall } from './callees.js';
import { calleeDisguise, moduleNameDisguise, SENSITIVE_CALLEE, SENSITIVE_MODULE } from './disguise.js';
import { repetitionContext, TIMER_CALLEES } from './repetition.js';
import type { Dependency, FileState } from './state.js';
import { normalizeModule, qualifiedName, stringValue } from './static-values.js';
import { FUNCTION_TYPES, type AstNode, type JsPropertyWrite, type Repetition, type StaticValue } from './types.js';

const PERCENT_DECODERS = new Set(['decodeURIComponent', 'decodeURI', 'unescape']);
const DECODING_CALLEES = /^(Buffer\.from|atob|String\.fromCharCode|unescape|decodeURIComponent|decodeURI|zlib\.(inflate|gunzip|unzip|brotliDecompress|inflateRaw)(Sync)?)$/;
const RANDOM_CALLEES = /^(Math\.random|crypto\.(randomInt|randomBytes|randomUUID|getRandomValues|webcrypto\.getRandomValues)|uuid\.v[1-7]|nanoid\.nanoid|(@faker-js\/faker|faker|chance|random-words|unique-names-generator)(\..+)?)$/;

export function visitCall(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  if (node.type === 'TaggedTemplateExpression') node = { ...node, callee: node.tag, arguments: [node.quasi] };
  let calleeValue = s.values.resolve(node.callee);
  let argValues: ((StaticValue | undefined)[]) | undefined;
  // `cp.spawn.call(cp, …)`, `cp.spawn.apply({}, [...])`, `Reflect.apply(cp.spawn, t, [...])` call cp.spawn.
  const viaName = qualifiedName(calleeValue);
  if (viaName !== undefined && (calleeValue?.kind === 'member' || calleeValue?.kind === 'global') && /\.(call|apply)$/.test(viaName) && calleeValue.path.length >= 2) {
    const apply = viaName.endsWith('.apply');
    calleeValue = calleeValue.kind === 'member' ? { ...calleeValue, path: calleeValue.path.slice(0, -1) } : { ...calleeValue, path: calleeValue.path.slice(0, -1) };
    const rest = (node.arguments as AstNode[]).slice(1);
    argValues = apply ? spreadArguments(s, rest[0]) : rest.map((a) => s.values.resolve(a));
  } else if (viaName === 'Reflect.apply') {
    calleeValue = s.values.resolve((node.arguments as AstNode[])[0]);
    argValues = spreadArguments(s, (node.arguments as AstNode[])[2]);
  }
  // `new Module(name)._compile(src, file)`: Node's loader compiling text into a module, whatever the receiver is called.
  if (calleeValue === undefined && node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.property.name === '_compile') calleeValue = { kind: 'member', module: 'module', path: ['_compile'] };
  const callee = qualifiedName(calleeValue);
  const boundary = repetitionContext(s, ancestors);
  if (callee === undefined) {
    visitMethodCall(s, node, ancestors, boundary.fn);
    noteMemberCall(s, node.callee, boundary);
    if (node.callee.type !== 'Identifier') {
      // Functions handed to other calls run from there: promise.then(loop), retry(main).
      addArgumentReferences(s, node, boundary, false);
      return;
    }
    s.references.push({ from: boundary.fn, to: node.callee.name, repetition: boundary.repetition, ...(boundary.timerAtTop ? { timerAtTop: true as const } : {}) });
    addArgumentReferences(s, node, boundary, false);
    // Calls of the file's own functions are kept as `local:name`: wrappers like run('npm', ['publish']).
    if (s.calls.length < 5000 && (node.arguments as AstNode[]).length > 0) {
      s.calls.push({
        callee: `local:${node.callee.name}`,
        args: (node.arguments as AstNode[]).map((a) => s.values.resolve(a)),
        decodedArgument: false,
        line: s.lineOf(node),
        excerpt: s.excerpt(node),
        repetition: boundary.repetition,
        fn: boundary.fn,
        flow: flowFacts(node, ancestors, boundary.fn),
      });
    }
    return;
  }
  if (RANDOM_CALLEES.test(callee)) s.feedRandom();
  const isRequire = calleeValue?.kind === 'global' && callee === 'require';
  let disguise: string | undefined;
  if (isRequire) {
    const target = stringValue(s.values.resolve((node.arguments as AstNode[])[0]));
    if (target !== undefined) s.imports.push({ module: normalizeModule(target), line: s.lineOf(node) });
    if (target !== undefined && SENSITIVE_MODULE.test(normalizeModule(target))) disguise = moduleNameDisguise(s, (node.arguments as AstNode[])[0]);
  } else if (SENSITIVE_CALLEE.test(callee)) disguise = calleeDisguise(s, node.callee);
  const requestUrl = isNetworkCall(callee) ? requestOptionsUrl(s, node.arguments as AstNode[]) : undefined;
  addArgumentReferences(s, node, boundary, TIMER_CALLEES.has(callee));
  if (s.calls.length >= 5000) return;
  const args = argValues ?? (node.arguments as AstNode[]).map((a) => s.values.resolve(a));
  s.calls.push({
    callee,
    args,
    decodedArgument: (node.arguments as AstNode[]).some((a) => containsDecoding(s, a, 0)),
    ...(disguise !== undefined ? { disguise } : {}),
    ...(requestUrl !== undefined ? { requestUrl } : {}),
    line: s.lineOf(node),
    excerpt: s.excerpt(node),
    repetition: boundary.repetition,
    fn: boundary.fn,
    flow: flowFacts(node, ancestors, boundary.fn),
  });
  // `Object.assign(target, secrets)` collects into target.
  if (callee === 'Object.assign' && (node.arguments as AstNode[])[0]?.type === 'Identifier') {
    const [target, ...rest] = node.arguments as AstNode[];
    for (const r of rest) recordDataflow(s, target!, r);
  }
}

/**
 * `https.get({ host, path: '/raw/' + id })`: the address a request's options object names, written as a
 * URL, when its host is known (a host built from pieces included), so where it goes can be judged.
 */
function requestOptionsUrl(s: FileState, args: AstNode[]): string | undefined {
  for (const arg of args) {
    if (arg?.type !== 'ObjectExpression') continue;
    const field = (name: string) => {
      const prop = (arg.properties as AstNode[]).find((p) => p.type === 'Property' && !p.computed && (p.key.name ?? p.key.value) === name);
      return prop ? stringValue(s.values.resolve(prop.value)) : undefined;
    };
    const host = field('hostname') ?? field('host');
    if (host === undefined) continue;
    const protocol = (field('protocol') ?? 'https:').replace(/:?$/, ':');
    const path = field('path') ?? '/';
    return `${protocol}//${host}${path.startsWith('/') ? path : `/${path}`}`;
  }
  return undefined;
}

function spreadArguments(s: FileState, node: AstNode | undefined): (StaticValue | undefined)[] {
  const value = s.values.resolve(node);
  return value?.kind === 'array' ? value.items : [];
}

/**
 * `import(specifier)` with a specifier the resolver cannot name, kept as a call of `import`: it
 * loads and runs code chosen at run time, like `require(x)` (a `data:` URL of fetched text runs that text).
 */
export function visitDynamicImport(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  if (s.calls.length >= 5000) return;
  const boundary = repetitionContext(s, ancestors);
  const asCall = { ...node, arguments: [node.source] };
  s.calls.push({
    callee: 'import',
    args: [s.values.resolve(node.source)],
    decodedArgument: containsDecoding(s, node.source, 0),
    line: s.lineOf(node),
    excerpt: s.excerpt(node),
    repetition: boundary.repetition,
    fn: boundary.fn,
    flow: flowFacts(asCall, ancestors, boundary.fn),
  });
}

function addArgumentReferences(s: FileState, node: AstNode, boundary: { fn: string | undefined; repetition: Repetition | undefined }, timer: boolean): void {
  for (const arg of node.arguments as AstNode[]) {
    if (arg.type === 'Identifier') s.references.push({ from: boundary.fn, to: arg.name, repetition: timer ? 'timer' : boundary.repetition });
  }
}

/** Does this expression decode something (directly or through a variable initialised by decoding)? */
function containsDecoding(s: FileState, node: AstNode, depth: number): boolean {
  if (depth > 6) return false;
  let found = false;
  const visitNode = (n: AstNode) => {
    if (found) return;
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const name = qualifiedName(s.values.resolve(n.callee));
      if (name !== undefined && DECODING_CALLEES.test(name)) {
        const args = n.arguments as AstNode[];
        const encoding = stringValue(s.values.resolve(args[1]));
        if (name === 'Buffer.from') found ||= encoding === 'base64' || encoding === 'hex';
        // Percent-decoding runtime input (a query string, a URL) hides nothing in the package;
        // `unescape('%65%76…')` of text the package ships does.
        else if (PERCENT_DECODERS.has(name)) found ||= stringValue(s.values.resolve(args[0])) !== undefined;
        // `String.fromCharCode(59)` is a semicolon (protractor's wrapWithHelpers): a few known characters hide nothing.
        else if (name === 'String.fromCharCode') found ||= (stringValue(s.values.resolve(n)) ?? 'unknown').length > 3;
        else found = true;
      }
    } else if (n.type === 'Identifier') {
      const known = s.decodingCache.get(n.name);
      if (known !== undefined) {
        found ||= known;
        return;
      }
      s.decodingCache.set(n.name, false); // while in progress: cycles read as "no"
      let decoded = false;
      // Only a name bound once: minified code reuses short names across scopes, and a scope-less
      // reading would mix them up.
      const bindings = s.values.bindings.get(n.name) ?? [];
      if (bindings.length === 1 && bindings[0]!.init !== node) decoded = containsDecoding(s, bindings[0]!.init, depth + 1);
      s.decodingCache.set(n.name, decoded);
      found ||= decoded;
    }
  };
  // Only the expression itself: callbacks passed as arguments are code of their own, walked on their own.
  const stack: AstNode[] = [node];
  for (let budget = 2000; stack.length > 0 && budget > 0 && !found; budget--) {
    const n = stack.pop()!;
    visitNode(n);
    pushExpressionChildren(n, stack);
  }
  return found;
}

/**
 * Pushes a node's child nodes that are not functions, in the order of its fields (for…in over an
 * acorn node's own fields, which inherit none), without an array of values and one per field for
 * each node visited.
 */
function pushExpressionChildren(n: AstNode, stack: AstNode[]): void {
  for (const key in n) {
    const value: unknown = n[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isExpressionChild(child)) stack.push(child);
    } else if (isExpressionChild(value)) stack.push(value);
  }
}

function isExpressionChild(value: unknown): value is AstNode {
  return isNode(value) && !FUNCTION_TYPES.has(value.type);
}

export function visitPropertyWrite(s: FileState, node: AstNode, member: AstNode, operation: 'assign' | 'delete', value: AstNode | undefined): void {
  const property = member.computed ? stringValue(s.values.resolve(member.property)) : member.property.name;
  if (typeof property !== 'string') return;
  recordWrite(s, node, property, operation, value, member.object);
}

function recordWrite(s: FileState, node: AstNode, property: string, operation: JsPropertyWrite['operation'], value: AstNode | undefined, objectNode: AstNode | undefined): void {
  if (s.propertyWrites.length >= 2000) return;
  const dependency: Dependency = { directRandom: false, names: new Set() };
  if (value) s.collectors.set(value, dependency);
  let root = objectNode;
  while (root && (root.type === 'MemberExpression' || root.type === 'ChainExpression')) root = root.type === 'MemberExpression' ? root.object : root.expression;
  const object = root?.type === 'Identifier' ? (root.name as string) : root?.type === 'ThisExpression' ? 'this' : '?';
  const init = object !== '?' && object !== 'this' ? s.values.bindings.get(object)?.[0]?.init : undefined;
  s.propertyWrites.push({
    property,
    object,
    ...(init ? { objectOrigin: safeLine(s.source.slice(init.start, Math.min(init.end, init.start + 300)), 200) } : {}),
    operation,
    randomValue: false,
    ...(value && truthyConstant(value) ? { truthy: true as const } : {}),
    ...(value && property === 'src' && operation === 'assign' ? { flow: { span: [value.start, value.end] as [number, number], argNames: valueNames(value) } } : {}),
    line: s.lineOf(node),
    excerpt: s.excerpt(node),
    dependency,
  });
}

/** `true`, `'(PRIVATE)'`, `` `x${y}` `` with text, `1`: a value that is truthy whatever the rest of the program does. */
function truthyConstant(value: AstNode): boolean {
  if (value.type === 'Literal') return Boolean(value.value) || (value.regex !== undefined);
  if (value.type === 'TemplateLiteral') return (value.quasis as AstNode[]).some((q) => (q.value?.cooked ?? '') !== '');
  return false;
}

/** `{ ...pkg, name: x }` rewrites fields of a copied object: each named field is an override of the spread one. */
export function visitSpreadOverrides(s: FileState, node: AstNode): void {
  if ((node.properties as AstNode[]).some((p) => p.type === 'SpreadElement')) {
    for (const prop of node.properties as AstNode[]) {
      if (prop.type !== 'Property' || prop.computed) continue;
      const key = prop.key.name ?? prop.key.value;
      const spread = (node.properties as AstNode[]).find((p) => p.type === 'SpreadElement');
      if (typeof key === 'string') recordWrite(s, prop, key, 'spread-override', prop.value, spread?.argument);
    }
  }
}

/**
 * `this.send()`, `new Telemetry().collect().send()`, `t.send()` with `const t = new Telemetry()`: a call
 * of the file's method `send` (the class is the file's when it defines such a method). Calls on any
 * other object (`socket.send()`) name a method of something else and are not counted.
 */
function noteMemberCall(s: FileState, callee: AstNode, boundary: { fn: string | undefined; repetition: Repetition | undefined }): void {
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || s.memberCallRefs.length >= 5000) return;
  let root: AstNode = callee.object;
  while (root.type === 'CallExpression' && root.callee.type === 'MemberExpression') root = root.callee.object;
  const instance = root.type === 'ThisExpression' || root.type === 'NewExpression' || (root.type === 'Identifier' && (s.values.bindings.get(root.name as string) ?? []).some((b) => b.init.type === 'NewExpression'));
  if (instance) s.memberCallRefs.push({ from: boundary.fn, to: callee.property.name as string, repetition: boundary.repetition });
}
