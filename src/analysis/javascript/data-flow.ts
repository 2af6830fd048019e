/**
 * Data-flow facts for the behaviour model (src/analysis/behaviour): which identifiers a call's
 * arguments use, which variable receives its value, which callback parameters receive what it
 * produces, which variables are built from which (`dataflow`), and the methods called on values the
 * resolver does not know (`req.write(data)`). By name and scope-less, like the bindings.
 */
import { qualifiedName } from './static-values.js';
import type { FileState } from './state.js';
import { FUNCTION_TYPES, type AstNode, type FlowFacts } from './types.js';

/** Methods on unknown receivers that carry data in or out (sending, streaming, promise callbacks, collecting). */
const FLOW_METHODS = /^(write|end|send|post|put|patch|emit|then|on|once|pipe|json|text|arrayBuffer|buffer|connect|open|push|unshift|append|set|add|concat|assign|sendBeacon|setRequestHeader|request|get|readText|writeText|submit|upload|sendDocument|sendMessage)$/;
const COLLECTING_METHODS = /^(push|unshift|append|set|add|assign|write|concat)$/;

const isNode = (value: unknown): value is AstNode => value !== null && typeof value === 'object' && typeof (value as AstNode).type === 'string';

/** Identifiers an expression uses, without descending into functions (their code runs elsewhere). */
function namesIn(node: AstNode | undefined, max = 24): string[] {
  const names = new Set<string>();
  const stack: AstNode[] = node ? [node] : [];
  for (let budget = 400; stack.length > 0 && budget > 0 && names.size < max; budget--) {
    const n = stack.pop()!;
    if (n.type === 'Identifier') {
      names.add(n.name);
      continue;
    }
    if (FUNCTION_TYPES.has(n.type)) continue;
    // for…in over the node's own fields (acorn nodes inherit none), in the order Object.entries gave,
    // without building an array of entries per node.
    for (const key in n) {
      if ((key === 'property' && n.type === 'MemberExpression' && !n.computed) || (key === 'key' && n.type === 'Property' && !n.computed)) continue;
      const value: unknown = n[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) stack.push(child);
      } else if (isNode(value)) stack.push(value);
    }
  }
  return [...names];
}

export function recordDataflow(s: FileState, target: AstNode, value: AstNode): void {
  let root: AstNode | undefined = target;
  while (root && root.type === 'MemberExpression') root = root.object;
  const names = root?.type === 'Identifier' ? [root.name as string] : target.type === 'ObjectPattern' || target.type === 'ArrayPattern' ? paramNames([target]) : [];
  if (names.length === 0 || s.dataflow.size >= 5000) return;
  const used = namesIn(value);
  if (used.length === 0) return;
  for (const name of names) {
    const set = s.dataflow.get(name) ?? new Set<string>();
    for (const u of used) if (u !== name && set.size < 64) set.add(u);
    s.dataflow.set(name, set);
  }
}

export function flowFacts(node: AstNode, ancestors: AstNode[], scope: string | undefined): FlowFacts {
  const args = (node.arguments as AstNode[] | undefined) ?? [];
  const callbackParams = args.filter((a) => FUNCTION_TYPES.has(a.type)).flatMap((f) => paramNames(f.params as AstNode[]));
  const holder = holderOf(ancestors);
  return {
    span: [node.start, node.end],
    argNames: [...new Set(args.flatMap((a) => namesIn(a)))].slice(0, 32),
    ...(holder !== undefined ? { holder } : {}),
    ...(callbackParams.length > 0 ? { callbackParams } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

export function visitMethodCall(s: FileState, node: AstNode, ancestors: AstNode[], scope: string | undefined): void {
  const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
  const method = callee.property.name as string;
  if (!FLOW_METHODS.test(method) || s.methodCalls.length >= 3000) return;
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
  s.methodCalls.push({
    method,
    ...(object !== undefined ? { object } : {}),
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

/** The variable that receives an expression's value, up to the enclosing statement. */
export function holderOf(ancestors: AstNode[]): string | undefined {
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.type === 'VariableDeclarator') return a.id.type === 'Identifier' ? (a.id.name as string) : undefined;
    if (a.type === 'AssignmentExpression') {
      let left: AstNode = a.left;
      while (left.type === 'MemberExpression') left = left.object;
      return left.type === 'Identifier' ? (left.name as string) : undefined;
    }
    if (FUNCTION_TYPES.has(a.type) || /Statement$|Declaration$/.test(a.type)) return undefined;
  }
  return undefined;
}
