/**
 * Reads of `process.env`: single keys, and the whole environment used as a value. Handing the
 * environment to a child process or copying it (`{ ...process.env, X: 1 }`) is how installers work;
 * serialising or sending it is a dump. The copy is kept as `*copy` so the behaviour model can follow it.
 */
import { isNetworkCall } from './callees.js';
import { flowFacts } from './data-flow.js';
import type { FileState } from './state.js';
import { qualifiedName, stringValue } from './static-values.js';
import { FUNCTION_TYPES, type AstNode } from './types.js';

export function visitEnvRead(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  const value = s.values.resolve(node);
  const parent = ancestors[ancestors.length - 2];
  const env = environmentOf(value);
  if (env === 'deno') return denoEnvRead(s, node, ancestors);
  if (env !== 'node' || value?.kind !== 'global') return;
  if (value.path.length >= 3) {
    s.envReads.push({ name: value.path[2]!, line: s.lineOf(node), excerpt: s.excerpt(node), flow: flowFacts(node, ancestors, undefined) });
    return;
  }
  // `process.env` itself: reading a key, aliasing or destructuring is not a dump; using it as a value is.
  if (parent?.type === 'MemberExpression' && parent.object === node) return listedKeyReads(s, parent, ancestors.slice(0, -1));
  // `typeof process.env === 'object' && process.env !== null`: a check that the environment exists, not a use of it.
  if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return;
  if (parent?.type === 'BinaryExpression' && /^[!=]==?$/.test(parent.operator as string)) return;
  if (parent?.type === 'VariableDeclarator' && parent.init === node) {
    if (parent.id.type === 'ObjectPattern') destructuredReads(s, parent, parent.id, true);
    return;
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier') return;
  if (aliased(ancestors)) return;
  wholeEnvironmentUse(s, node, ancestors, parent);
}

/** `process.env…` and Bun's `Bun.env…` (the same object) are node's; `Deno.env` itself is Deno's. */
function environmentOf(value: ReturnType<FileState['values']['resolve']>): 'node' | 'deno' | undefined {
  if (value?.kind !== 'global' || value.path[1] !== 'env') return undefined;
  if (value.path[0] === 'Deno') return value.path.length === 2 ? 'deno' : undefined;
  return value.path[0] === 'process' || value.path[0] === 'Bun' ? 'node' : undefined;
}

/** Deno's environment is read through methods: `Deno.env.get('TOKEN')` is one variable, `Deno.env.toObject()` all of them. */
function denoEnvRead(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  const member = ancestors[ancestors.length - 2];
  const call = ancestors[ancestors.length - 3];
  if (member?.type !== 'MemberExpression' || member.object !== node || member.computed || call?.type !== 'CallExpression' || call.callee !== member) return;
  const method = member.property.name as string;
  const name = method === 'toObject' ? '*' : method === 'get' ? stringValue(s.values.resolve((call.arguments as AstNode[])[0])) : undefined;
  if (name !== undefined) s.envReads.push({ name, line: s.lineOf(call), excerpt: s.excerpt(call), flow: flowFacts(call, ancestors.slice(0, -2), undefined) });
}

/**
 * A parameter defaulted to the environment: `(cmd, env = process.env) => …`, or the older
 * `env = env || process.env`. Like `const env = process.env`, where that name goes is what counts.
 */
function aliased(ancestors: AstNode[]): boolean {
  const node = ancestors[ancestors.length - 1]!;
  const parent = ancestors[ancestors.length - 2];
  if (parent?.type === 'AssignmentPattern') return parent.right === node && parent.left.type === 'Identifier';
  const assignment = ancestors[ancestors.length - 3];
  return (
    parent?.type === 'LogicalExpression' && parent.right === node && parent.left.type === 'Identifier' &&
    assignment?.type === 'AssignmentExpression' && assignment.right === parent && assignment.left.type === 'Identifier' && assignment.left.name === parent.left.name
  );
}

/** `process.env` used as a value: handed to a child process, copied, filtered by a prefix, or dumped. */
function wholeEnvironmentUse(s: FileState, node: AstNode, ancestors: AstNode[], parent: AstNode | undefined): void {
  // `for (const k in process.env)` / `Object.keys(process.env)` walk every variable: a dump when sent, kept for the flow model.
  // Passing the environment on to a child process is how installers work, not a dump.
  if (parent?.type === 'Property' && (parent.key.name ?? parent.key.value) === 'env' && !serialisedAbove(s, ancestors)) return;
  // `{ ...process.env, X: 1 }` builds a child environment, unless that copy is serialised or sent.
  if (parent?.type === 'SpreadElement' && !serialisedAbove(s, ancestors)) {
    // Written straight into an `env` option (`x('nuxi', [], { nodeOptions: { env: { ...process.env } } })`),
    // or as one branch of it (`env: extra ? { ...process.env, ...extra } : process.env`): a child's environment.
    let at = ancestors.length - 4;
    while (ancestors[at]?.type === 'ConditionalExpression' || ancestors[at]?.type === 'LogicalExpression') at--;
    const holder = ancestors[at];
    if (holder?.type === 'Property' && (holder.key.name ?? holder.key.value) === 'env') return;
    s.envReads.push({ name: '*copy', line: s.lineOf(node), excerpt: s.excerpt(parent), flow: flowFacts(node, ancestors, undefined) });
    return;
  }
  if (envUsedAsChildEnvironment(s, node, ancestors)) return;
  const prefix = prefixFilter(s, node, parent) ?? keysFilteredByPrefix(s, node, ancestors) ?? prefixPatternHanded(s, node, parent);
  if (prefix !== undefined) {
    s.envReads.push({ name: `${prefix}*`, line: s.lineOf(node), excerpt: s.excerpt(parent ?? node), flow: flowFacts(node, ancestors, undefined) });
    return;
  }
  s.envReads.push({ name: '*', line: s.lineOf(node), excerpt: s.excerpt(parent ?? node), flow: flowFacts(node, ancestors, undefined) });
}

/**
 * Shapes compilers and installers write that copy or pass the environment without dumping it,
 * seen through `a ?? process.env` / `process.env || {}`:
 *   `({ FORCE_COLOR: a } = process.env || {})`      reads those keys (bundled colour detection)
 *   `Object.assign({}, process.env)`                TypeScript's `{ ...process.env }`: a copy (esbuild's `__spreadValues` too)
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
    destructuredReads(s, holder, holder.left, false);
    return true;
  }
  const calls = (a: AstNode) => a.type === 'CallExpression' && (a.arguments as AstNode[]).indexOf(child) >= 0;
  if (calls(holder) && pickedKeys(s, holder, child)) return true;
  if (calls(holder) && namedKeyLookup(s, holder, child, ancestors.slice(0, at + 1))) return true;
  if (calls(holder) && copiesObject(s, holder) && (holder.arguments as AstNode[]).indexOf(child) >= 1) {
    return !serialisedAbove(s, ancestors.slice(0, at + 2));
  }
  for (let i = at, n = 0; i >= 0 && n < 4; i--, n++) {
    const a = ancestors[i]!;
    // `{ env: process.env }` is a child's environment, unless the object is serialised: then it is sent.
    if (a.type === 'Property') return (a.key.name ?? a.key.value) === 'env' && !serialisedAbove(s, ancestors);
    if (a.type !== 'CallExpression' && a.type !== 'LogicalExpression' && a.type !== 'ConditionalExpression') return false;
  }
  return false;
}

/** Compilers' spread helpers, each `Object.assign` under another name: esbuild, TypeScript, Babel. */
const SPREAD_HELPERS = /^(?:__spreadValues|__spreadProps|__assign|_objectSpread2?|_extends)$/;

/** `Object.assign(target, …)` or a compiler's helper for `{ ...a }` (`__spreadValues({}, process.env)`). */
function copiesObject(s: FileState, call: AstNode): boolean {
  if (qualifiedName(s.values.resolve(call.callee)) === 'Object.assign') return true;
  const word = call.callee.type === 'Identifier' ? call.callee.name : call.callee.type === 'MemberExpression' && !call.callee.computed ? call.callee.property.name : undefined;
  return typeof word === 'string' && SPREAD_HELPERS.test(word);
}

/**
 * `const { A, B, ...rest } = process.env` (or assigned to a pattern): reads of those keys, the rest
 * element a read of the whole environment. `withFlow`: declarations keep where each value goes.
 */
function destructuredReads(s: FileState, statement: AstNode, pattern: AstNode, withFlow: boolean): void {
  for (const prop of pattern.properties as AstNode[]) {
    const key = prop.type === 'Property' && !prop.computed ? (prop.key.name ?? prop.key.value) : undefined;
    if (typeof key !== 'string' && prop.type !== 'RestElement') continue;
    const flow = withFlow ? { flow: { span: [prop.start, prop.end] as [number, number], argNames: [], ...holderOf(prop) } } : {};
    s.envReads.push({ name: typeof key === 'string' ? key : '*', line: s.lineOf(prop), excerpt: s.excerpt(statement), ...flow });
  }
}

/** The variable a destructured property lands in, when it is a plain name. */
function holderOf(prop: AstNode): { holder?: string } {
  if (prop.type === 'Property' && prop.value.type === 'Identifier') return { holder: prop.value.name as string };
  if (prop.type === 'RestElement' && prop.argument.type === 'Identifier') return { holder: prop.argument.name as string };
  return {};
}

/** `_.pick(process.env, ['HTTP_PROXY', 'HTTPS_PROXY'])`: reads of the keys it names; false when the call is no such pick. */
function pickedKeys(s: FileState, call: AstNode, child: AstNode): boolean {
  const picked = (call.arguments as AstNode[])[0] === child ? s.values.resolve((call.arguments as AstNode[])[1]) : undefined;
  if (picked?.kind !== 'array' || !/(^|\.)pick$/.test(qualifiedName(s.values.resolve(call.callee)) ?? (call.callee.property?.name as string | undefined) ?? '')) return false;
  for (const item of picked.items) if (item?.kind === 'string' && !item.partial) s.envReads.push({ name: item.value, line: s.lineOf(call), excerpt: s.excerpt(call) });
  return true;
}

/**
 * `readEnvVar(process.env, 'OLLAMA_API_KEY')`, `getEnv(process.env, 'HOME', fallback)`: the
 * environment handed to a lookup helper beside the one variable name it looks up is a read of that
 * variable (SDKs write this where `process` may not exist); false when no such name is beside it.
 */
function namedKeyLookup(s: FileState, call: AstNode, child: AstNode, ancestors: AstNode[]): boolean {
  const args = call.arguments as AstNode[];
  if (args.length > 3 || isNetworkCall(qualifiedName(s.values.resolve(call.callee)) ?? '')) return false;
  const names = args.filter((a) => a !== child).map((a) => stringValue(s.values.resolve(a)));
  const key = names.find((n) => n !== undefined && /^[A-Z_][A-Z0-9_]{1,63}$/.test(n) && !/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(n));
  if (key === undefined) return false;
  s.envReads.push({ name: key, line: s.lineOf(call), excerpt: s.excerpt(call), flow: flowFacts(call, ancestors, undefined) });
  return true;
}

/** Prefixes that name credential stores: filtering the environment by one of these is a secret read. */
const CREDENTIAL_PREFIX = /^(AWS|AZURE|GCP|GOOGLE|GITHUB|GH|GITLAB|NPM|NODE_AUTH|ACTIONS|CI|SSH|DOCKER|HEROKU|VERCEL|NETLIFY|SLACK|DISCORD|OPENAI|ANTHROPIC)(_|$)|TOKEN|SECRET|KEY|PASS|AUTH|CRED/i;
const PREFIX_TEST = /^[A-Za-z_$][\w$]*\.startsWith\(\s*['"`]([A-Za-z][A-Za-z0-9_]{2,})['"`]\s*\)\s*$|^\/\^([A-Za-z][A-Za-z0-9_]{2,})\/[a-z]*\.test\(\s*[A-Za-z_$][\w$]*\s*\)$/;

/**
 * `_.pickBy(process.env, (v, k) => k.startsWith('CYPRESS_'))`: a tool collecting its own settings by
 * its prefix reads those variables, not the environment. The predicate is inline or a local binding
 * whose whole body is a short prefix test; a credential-store prefix (`AWS_`, `GITHUB_`) stays a dump.
 */
function prefixFilter(s: FileState, node: AstNode, parent: AstNode | undefined): string | undefined {
  if (parent?.type !== 'CallExpression' || (parent.arguments as AstNode[])[0] !== node) return undefined;
  const method = qualifiedName(s.values.resolve(parent.callee)) ?? (parent.callee.property?.name as string | undefined) ?? '';
  if (!/(^|\.)pickBy$/.test(method)) return undefined;
  const test = predicateTest(s, (parent.arguments as AstNode[])[1]);
  // The predicate is the prefix test and nothing else (`|| /TOKEN/.test(k)` would widen it).
  if (test?.type !== 'CallExpression' || test.end - test.start > 120) return undefined;
  const match = PREFIX_TEST.exec(s.source.slice(test.start, test.end));
  const prefix = match?.[1] ?? match?.[2];
  return prefix !== undefined && !CREDENTIAL_PREFIX.test(prefix) ? prefix : undefined;
}

/**
 * `Object.keys(process.env).filter((key) => /^debug_/i.test(key))`: the names under one prefix,
 * how the debug module reads its DEBUG_* settings (bundled into many packages), as pickBy does.
 */
function keysFilteredByPrefix(s: FileState, node: AstNode, ancestors: AstNode[]): string | undefined {
  const keys = ancestors[ancestors.length - 2];
  const member = ancestors[ancestors.length - 3];
  const filter = ancestors[ancestors.length - 4];
  if (keys?.type !== 'CallExpression' || (keys.arguments as AstNode[])[0] !== node || !/^Object\.(keys|entries)$/.test(qualifiedName(s.values.resolve(keys.callee)) ?? '')) return undefined;
  if (member?.type !== 'MemberExpression' || member.object !== keys || member.property.name !== 'filter' || filter?.type !== 'CallExpression' || filter.callee !== member) return undefined;
  const test = predicateTest(s, (filter.arguments as AstNode[])[0]);
  if (test?.type !== 'CallExpression' || test.end - test.start > 120) return undefined;
  const match = PREFIX_TEST.exec(s.source.slice(test.start, test.end));
  const prefix = match?.[1] ?? match?.[2];
  return prefix !== undefined && !CREDENTIAL_PREFIX.test(prefix) ? prefix : undefined;
}

/**
 * `getKeysMatchingPattern(process.env, /^cypress_/i)`, the pattern also through one binding
 * (`const pattern = /^cypress_/i`): the environment handed to a helper with an anchored prefix
 * pattern, which picks the variables under that prefix (browserstack-cypress-cli's CYPRESS_*).
 */
function prefixPatternHanded(s: FileState, node: AstNode, parent: AstNode | undefined): string | undefined {
  if (parent?.type !== 'CallExpression' || (parent.arguments as AstNode[])[0] !== node) return undefined;
  let pattern: AstNode | undefined = (parent.arguments as AstNode[])[1];
  if (pattern?.type === 'Identifier') {
    const bindings = s.values.bindings.get(pattern.name as string);
    pattern = bindings?.length === 1 && bindings[0]!.property === undefined ? bindings[0]!.init : undefined;
  }
  const source = pattern?.type === 'Literal' ? (pattern.regex as { pattern: string } | undefined)?.pattern : undefined;
  const prefix = source !== undefined ? /^\^([A-Za-z][A-Za-z0-9_]{2,})$/.exec(source)?.[1] : undefined;
  return prefix !== undefined && !CREDENTIAL_PREFIX.test(prefix) ? `${prefix}` : undefined;
}

/** The expression a predicate returns: inline, or a local binding's (`const isOwn = (v, k) => …`), when it is one expression. */
function predicateTest(s: FileState, predicate: AstNode | undefined): AstNode | undefined {
  if (predicate?.type === 'Identifier') {
    const bindings = s.values.bindings.get(predicate.name as string);
    predicate = bindings?.length === 1 && bindings[0]!.property === undefined ? bindings[0]!.init : undefined;
  }
  if (!predicate || !FUNCTION_TYPES.has(predicate.type)) return undefined;
  const body: AstNode = predicate.body;
  if (body.type !== 'BlockStatement') return body;
  const statements = body.body as AstNode[];
  return statements.length === 1 && statements[0]!.type === 'ReturnStatement' ? statements[0]!.argument : undefined;
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

/** Array methods whose callback's first parameter is each item in turn. */
const ITEM_CALLBACK = /^(?:filter|map|forEach|some|every|find|findIndex|flatMap)$/;
/** Methods that keep a list's items, seen through when the list is chained (`[…].filter(f).map(g)`). */
const KEEPS_ITEMS = /^(?:filter|slice|sort|reverse|concat)$/;
const MAX_LISTED_KEYS = 32;

/**
 * `process.env[k]` where `k` walks a list of names written in the file: a read of each of those
 * variables. `['PRIVATE_KEY', 'MNEMONIC'].filter((k) => process.env[k])` and `for (const k of
 * NAMES) … process.env[k]` read exactly those secrets (a Flashbots look-alike, 2026); a key the
 * file does not list stays unknown, as before.
 */
function listedKeyReads(s: FileState, member: AstNode, ancestors: AstNode[]): void {
  if (!member.computed || member.property.type !== 'Identifier') return;
  const names = listWalkedBy(s, member.property.name as string, ancestors);
  if (!names) return;
  for (const name of names.slice(0, MAX_LISTED_KEYS)) s.envReads.push({ name, line: s.lineOf(member), excerpt: s.excerpt(member), flow: flowFacts(member, ancestors, undefined) });
}

/** The names a loop variable or an item callback's parameter takes, when they are a literal list of variable names. */
function listWalkedBy(s: FileState, name: string, ancestors: AstNode[]): string[] | undefined {
  for (let i = ancestors.length - 1; i > 0; i--) {
    const a = ancestors[i]!;
    if (a.type === 'ForOfStatement' && loopBinds(a.left, name)) return variableNames(s, a.right);
    if (!FUNCTION_TYPES.has(a.type)) continue;
    const params = a.params as AstNode[];
    if (!params.some((p) => p.type === 'Identifier' && p.name === name)) continue;
    if (params[0]?.type !== 'Identifier' || params[0].name !== name) return undefined;
    const call = ancestors[i - 1];
    if (call?.type !== 'CallExpression' || (call.arguments as AstNode[])[0] !== a || call.callee.type !== 'MemberExpression') return undefined;
    if (!ITEM_CALLBACK.test((call.callee.property.name as string | undefined) ?? '')) return undefined;
    return variableNames(s, listBase(call.callee.object));
  }
  return undefined;
}

function loopBinds(left: AstNode, name: string): boolean {
  const id = left.type === 'VariableDeclaration' ? (left.declarations as AstNode[])[0]?.id : left;
  return id?.type === 'Identifier' && id.name === name;
}

/** `[…].filter(f)` is still that list's items. */
function listBase(node: AstNode): AstNode {
  let base = node;
  while (base.type === 'CallExpression' && base.callee.type === 'MemberExpression' && KEEPS_ITEMS.test((base.callee.property.name as string | undefined) ?? '')) base = base.callee.object;
  return base;
}

function variableNames(s: FileState, list: AstNode): string[] | undefined {
  const value = s.values.resolve(list);
  if (value?.kind !== 'array' || value.items.length === 0) return undefined;
  const names = value.items.map((item) => stringValue(item));
  return names.every((n): n is string => n !== undefined && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(n)) ? names : undefined;
}
