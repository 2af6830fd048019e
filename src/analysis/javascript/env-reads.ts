/**
 * Reads of `process.env`: single keys, and the whole environment used as a value. Handing the
 * environment to a child process or copying it (`{ ...process.env, X: 1 }`) is how installers work;
 * serialising or sending it is a dump. The copy is kept as `*copy` so the behaviour model can follow it.
 */
import { isNetworkCall } from './callees.js';
import { flowFacts } from './data-flow.js';
import type { FileState } from './state.js';
import { qualifiedName } from './static-values.js';
import { FUNCTION_TYPES, type AstNode } from './types.js';

export function visitEnvRead(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  const value = s.values.resolve(node);
  if (value?.kind !== 'global' || value.path[0] !== 'process' || value.path[1] !== 'env') return;
  const parent = ancestors[ancestors.length - 2];
  if (value.path.length >= 3) {
    s.envReads.push({ name: value.path[2]!, line: s.lineOf(node), excerpt: s.excerpt(node), flow: flowFacts(node, ancestors, undefined) });
    return;
  }
  // `process.env` itself: reading a key, aliasing or destructuring is not a dump; using it as a value is.
  if (parent?.type === 'MemberExpression' && parent.object === node) return;
  if (parent?.type === 'VariableDeclarator' && parent.init === node) {
    if (parent.id.type === 'ObjectPattern') {
      for (const prop of parent.id.properties as AstNode[]) {
        const key = prop.type === 'Property' && !prop.computed ? (prop.key.name ?? prop.key.value) : undefined;
        const flow = { span: [prop.start, prop.end] as [number, number], argNames: [], ...(prop.type === 'Property' && prop.value.type === 'Identifier' ? { holder: prop.value.name as string } : prop.type === 'RestElement' && prop.argument.type === 'Identifier' ? { holder: prop.argument.name as string } : {}) };
        if (typeof key === 'string') s.envReads.push({ name: key, line: s.lineOf(prop), excerpt: s.excerpt(parent), flow });
        else if (prop.type === 'RestElement') s.envReads.push({ name: '*', line: s.lineOf(prop), excerpt: s.excerpt(parent), flow });
      }
    }
    return;
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier') return;
  // `for (const k in process.env)` / `Object.keys(process.env)` walk every variable: a dump when sent, kept for the flow model.
  // Passing the environment on to a child process is how installers work, not a dump.
  if (parent?.type === 'Property' && (parent.key.name ?? parent.key.value) === 'env' && !serialisedAbove(s, ancestors)) return;
  // `{ ...process.env, X: 1 }` builds a child environment, unless that copy is serialised or sent.
  if (parent?.type === 'SpreadElement' && !serialisedAbove(s, ancestors)) {
    s.envReads.push({ name: '*copy', line: s.lineOf(node), excerpt: s.excerpt(parent), flow: flowFacts(node, ancestors, undefined) });
    return;
  }
  if (envUsedAsChildEnvironment(s, node, ancestors)) return;
  s.envReads.push({ name: '*', line: s.lineOf(node), excerpt: s.excerpt(parent ?? node), flow: flowFacts(node, ancestors, undefined) });
}

/**
 * Shapes compilers and installers write that copy or pass the environment without dumping it,
 * seen through `a ?? process.env` / `process.env || {}`:
 *   `({ FORCE_COLOR: a } = process.env || {})`      reads those keys (bundled colour detection)
 *   `Object.assign({}, process.env)`                TypeScript's `{ ...process.env }`: a copy
 *   `spawn(cmd, { env: f(opts.env ?? process.env) })`  the environment handed to a child process
 * A copy that is serialised or sent above is still a dump.
 */
function envUsedAsChildEnvironment(s: FileState, node: AstNode, ancestors: AstNode[]): boolean {
  let at = ancestors.length - 2;
  while (ancestors[at]?.type === 'LogicalExpression' || ancestors[at]?.type === 'ConditionalExpression') at--;
  const holder = ancestors[at];
  const child = ancestors[at + 1] ?? node;
  if (!holder) return false;
  if (holder.type === 'AssignmentExpression' && holder.right === child && holder.left.type === 'ObjectPattern') {
    for (const prop of holder.left.properties as AstNode[]) {
      const key = prop.type === 'Property' && !prop.computed ? (prop.key.name ?? prop.key.value) : undefined;
      if (typeof key === 'string') s.envReads.push({ name: key, line: s.lineOf(prop), excerpt: s.excerpt(holder) });
      else if (prop.type === 'RestElement') s.envReads.push({ name: '*', line: s.lineOf(prop), excerpt: s.excerpt(holder) });
    }
    return true;
  }
  const calls = (a: AstNode) => a.type === 'CallExpression' && (a.arguments as AstNode[]).indexOf(child) >= 0;
  // `_.pick(process.env, ['HTTP_PROXY', 'HTTPS_PROXY'])`: reads the keys it names.
  const picked = calls(holder) && (holder.arguments as AstNode[])[0] === child ? s.values.resolve((holder.arguments as AstNode[])[1]) : undefined;
  if (picked?.kind === 'array' && /(^|\.)pick$/.test(qualifiedName(s.values.resolve(holder.callee)) ?? (holder.callee.property?.name as string | undefined) ?? '')) {
    for (const item of picked.items) if (item?.kind === 'string' && !item.partial) s.envReads.push({ name: item.value, line: s.lineOf(holder), excerpt: s.excerpt(holder) });
    return true;
  }
  if (calls(holder) && qualifiedName(s.values.resolve(holder.callee)) === 'Object.assign' && (holder.arguments as AstNode[]).indexOf(child) >= 1) {
    return !serialisedAbove(s, ancestors.slice(0, at + 2));
  }
  for (let i = at, n = 0; i >= 0 && n < 4; i--, n++) {
    const a = ancestors[i]!;
    if (a.type === 'Property') return (a.key.name ?? a.key.value) === 'env';
    if (a.type !== 'CallExpression' && a.type !== 'LogicalExpression' && a.type !== 'ConditionalExpression') return false;
  }
  return false;
}

function serialisedAbove(s: FileState, ancestors: AstNode[]): boolean {
  for (let i = ancestors.length - 3, n = 0; i >= 0 && n < 6; i--, n++) {
    const a = ancestors[i]!;
    if (a.type === 'CallExpression') {
      const name = qualifiedName(s.values.resolve(a.callee));
      return name !== undefined && (/^(JSON\.stringify|querystring\.stringify|Buffer\.from|btoa)$/.test(name) || isNetworkCall(name));
    }
    if (FUNCTION_TYPES.has(a.type)) return false;
  }
  return false;
}
