/**
 * The walk over one parsed file. Pass 1 learns every binding, pass 2 visits each node and hands it
 * to the reading it concerns (calls and writes, environment reads, data flow, strings); repetition
 * and randomness are settled at the end. Capped by AST nodes and wall time; a capped walk is marked
 * truncated.
 */
import { visitCall, visitDynamicImport, visitPropertyWrite, visitSpreadOverrides } from './calls-and-writes.js';
import { holderOf, recordDataflow, paramNames } from './data-flow.js';
import { visitEnvRead } from './env-reads.js';
import { exportedFunctions, recordExport } from './exports.js';
import { visitPageRead } from './page-reads.js';
import { HEX_IDENTIFIER, longestLine, visitString } from './obfuscation.js';
import { longestInvisibleRun } from './invisible.js';
import { functionName, randomNames, repeatedFunctions, usesRandom } from './repetition.js';
import { type CallReference, FileState, type Dependency } from './state.js';
import { importedName, memberOf, normalizeModule, requireWrapper, stringValue } from './static-values.js';
import { FUNCTION_TYPES, type AstNode, type JsAnalysisLimits, type JsAstAnalysis, type StaticValue } from './types.js';
import { forEachChild } from './walk.js';

class WalkCapReached extends Error {}

/** Walks a parsed program and returns what it found; throws RangeError when the stack runs out. */
export function analyzeProgram(source: string, program: AstNode, sourceType: 'module' | 'script', limits: JsAnalysisLimits): JsAstAnalysis {
  return run(new FileState(source, program, sourceType, limits));
}

function run(s: FileState): JsAstAnalysis {
  // Pass 1 learns every binding, so pass 2 can resolve names used before their declaration.
  capped(s, () => bindingStep(s.program, s));
  s.nodeCount = 0;
  traverse(s, (node, ancestors) => visit(s, node, ancestors));
  const repeated = repeatedFunctions(s);
  const random = randomNames(s);
  const isRandom = (dep: Dependency) => dep.directRandom || usesRandom(dep.names, random);
  const loadCalled = calledAtLoad(callGraph(s));
  return {
    mode: 'ast',
    sourceType: s.sourceType,
    truncated: s.truncated,
    nodeCount: s.nodeCount,
    exportsApi: s.exportsApi,
    imports: s.imports,
    calls: s.calls.map(({ fn, ...call }) => ({
      ...call,
      repetition: call.repetition ?? (fn !== undefined ? repeated.get(fn) : undefined),
    })),
    propertyWrites: s.propertyWrites.map(({ dependency, ...write }) => ({ ...write, randomValue: isRandom(dependency) })),
    envReads: s.envReads,
    pageReads: s.pageReads,
    xorHolders: [...s.xorHolders],
    strings: s.strings,
    dataflow: Object.fromEntries([...s.dataflow].map(([name, names]) => [name, [...names]])),
    keyedDataflow: Object.fromEntries([...s.keyedDataflow].map(([name, names]) => [name, [...names]])),
    assignments: Object.fromEntries(s.assignments),
    functionParams: Object.fromEntries(s.functionParams),
    positionalFunctions: [...s.positionalFunctions],
    functionSpans: Object.fromEntries(s.functionSpans),
    exportedFunctions: exportedFunctions(s),
    // Methods count as called only when the top level reaches them: `this.x()` inside a class that
    // nothing starts says nothing of whether x runs (patchright's agent generator, a CLI command).
    calledNames: [...new Set([...s.references.map((r) => r.to), ...loadCalled])],
    loadCalled: [...loadCalled],
    methodCalls: s.methodCalls,
    metrics: {
      codeBytes: Buffer.byteLength(s.source),
      longestLineBytes: longestLine(s.source, s.source.length),
      identifierCount: s.identifiers.size,
      hexIdentifierCount: s.hexIdentifiers.size,
      shortIdentifierCount: countShort(s.identifiers),
      escapedStringRatio: s.stringChars === 0 ? 0 : s.escapedChars / s.stringChars,
      longestEncodedStringBytes: s.longestEncoded,
      longestInvisibleRun: s.longestInvisible,
    },
  };
}

/** One walk in progress, handed to `step` as its state. */
interface Walk {
  s: FileState;
  visit: (node: AstNode, ancestors: AstNode[]) => void;
  ancestors: AstNode[];
}

/**
 * Depth-first walk in acorn-walk's order (walk.ts), with ancestors, node and time caps. `step` is a
 * module function fed the walk as its state, not a closure made per walk: each new closure was
 * optimised again.
 */
function traverse(s: FileState, visit: (node: AstNode, ancestors: AstNode[]) => void): void {
  const w: Walk = { s, visit, ancestors: [] };
  s.openCollectors.length = 0;
  capped(s, () => step(s.program, w));
}

/** Runs a walk; a walk stopped by the node or time cap leaves the file marked truncated. */
function capped(s: FileState, walk: () => void): void {
  try {
    walk();
  } catch (error) {
    if (!(error instanceof WalkCapReached)) throw error;
    s.truncated = true;
  }
}

/** Counts a node against the caps; throws WalkCapReached past them. */
function count(s: FileState): void {
  if (++s.nodeCount > s.limits.maxNodes || (s.nodeCount % 2048 === 0 && Date.now() > s.deadline)) {
    throw new WalkCapReached();
  }
}

/**
 * Pass 1 needs neither ancestors nor collectors: a walk of its own, without the ancestor stack and
 * the two collector lookups per node that `step` makes.
 */
function bindingStep(node: AstNode, s: FileState): void {
  count(s);
  collectBinding(s, node);
  forEachChild(node, s, bindingStep);
}

function step(node: AstNode, w: Walk): void {
  const { s, ancestors } = w;
  count(s);
  ancestors.push(node);
  // A node is made a collector by its parent's visit (a declarator's init, an assigned value) or by
  // its own (a named function, which replaces the first): open before the visit, so a collector
  // that is itself an identifier or a call feeds itself, and switched if the visit replaced it.
  // Each lookup hashes the node, once per node of every parsed file: a node's own visit can make
  // it a collector only when it is a function or when the visit added a collector.
  const collectors = s.collectors.size;
  const before = collectors === 0 ? undefined : s.collectors.get(node);
  if (before) s.openCollectors.push(before);
  w.visit(node, ancestors);
  const after = s.collectors.size !== collectors || FUNCTION_TYPES.has(node.type) ? s.collectors.get(node) : before;
  if (after !== before) {
    if (before) s.openCollectors[s.openCollectors.length - 1] = after!;
    else s.openCollectors.push(after!);
  }
  forEachChild(node, w, step);
  if (after) s.openCollectors.pop();
  ancestors.pop();
}

/** Array methods that change the array in place: `bytes.push(b)` fills a table the literal shows empty. */
const ARRAY_CHANGERS = new Set(['push', 'unshift', 'splice', 'fill', 'reverse', 'sort', 'copyWithin', 'shift', 'pop']);

/** `table[j] = table[j] ^ key…`, `bytes.push(b)`: the array whose elements are written, so its literal no longer says what a decoder gets. */
function arrayChanged(node: AstNode): string | undefined {
  const written = node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : undefined;
  if (written?.type === 'MemberExpression' && written.computed && written.property.type !== 'Literal' && written.object.type === 'Identifier') return written.object.name as string;
  const changer = node.type === 'CallExpression' && node.callee.type === 'MemberExpression' ? node.callee : undefined;
  return changer?.object.type === 'Identifier' && changer.property.type === 'Identifier' && ARRAY_CHANGERS.has(changer.property.name as string) ? (changer.object.name as string) : undefined;
}

function collectBinding(s: FileState, node: AstNode): void {
  if (node.type === 'AssignmentExpression' && node.operator !== '=' && node.left.type === 'Identifier') s.values.mutated.add(node.left.name);
  const changed = arrayChanged(node);
  if (changed !== undefined) s.values.elementsWritten.add(changed);
  if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') s.exportsApi = true;
  if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
    const target = s.source.slice(node.left.start, Math.min(node.left.end, node.left.start + 40));
    if (/^(module\.exports|exports\.)/.test(target)) s.exportsApi = true;
  }
  recordExport(s, node);
  if (node.type === 'VariableDeclarator' && node.init) s.values.bindPattern(node.id, node.init);
  // Declarations are bound only as require under another name: a local `function fetch(url)` must not hide the global.
  else if (node.type === 'FunctionDeclaration' && node.id && requireWrapper(node)) s.values.bindPattern(node.id, node);
  else if (node.type === 'AssignmentExpression' && node.operator === '=') s.values.bindPattern(node.left, node.right);
  else if (node.type === 'ImportDeclaration' && typeof node.source?.value === 'string') {
    const module = normalizeModule(node.source.value);
    for (const spec of node.specifiers as AstNode[]) {
      const value: StaticValue | undefined =
        spec.type === 'ImportSpecifier'
          ? memberOf({ kind: 'module', name: module }, importedName(spec))
          : { kind: 'module', name: module };
      if (value) s.values.importBindings.set(spec.local.name, value);
    }
  }
}

/** `import('child_process').then((cp) => cp.exec(…))`: the callback's first parameter is the module. */
function bindImportedModule(s: FileState, node: AstNode): void {
  const callee = node.callee;
  if (node.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || callee.computed || callee.property.name !== 'then') return;
  const loaded = s.values.resolve(callee.object);
  const [callback] = node.arguments as AstNode[];
  if (loaded?.kind !== 'module' || !callback || !FUNCTION_TYPES.has(callback.type)) return;
  const [param] = callback.params as AstNode[];
  if (param) s.values.bindPattern(param, callee.object);
}

/** Calls between the file's named functions, a method called by `obj.name()` as much as a function by `name()`. */
function callGraph(s: FileState): CallReference[] {
  return [...s.references, ...s.memberCallRefs.filter((r) => s.methodNames.has(r.to))];
}

/**
 * Functions the file's top level calls, directly or through each other: they run when the file is
 * loaded (`function main() {…} main();`, `new Telemetry().collect().send()`), as the top level does.
 */
function calledAtLoad(references: CallReference[]): Set<string> {
  const atLoad = new Set<string>();
  for (let round = 0, changed = true; changed && round < 20; round++) {
    changed = false;
    for (const r of references) {
      // A timer's callback has no enclosing function on record (repetition.ts): it counts when the top level set it.
      const fromTop = r.from === undefined && (r.repetition !== 'timer' || r.timerAtTop === true);
      if (atLoad.has(r.to) || !(fromTop || (r.from !== undefined && atLoad.has(r.from)))) continue;
      atLoad.add(r.to);
      changed = true;
    }
  }
  return atLoad;
}

/** A named function's parameters, span and dependencies; a method's name is kept apart (see callGraph). */
function recordFunction(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  const name = functionName(node, ancestors);
  if (name === undefined) return;
  if (!s.functionParams.has(name) && s.functionParams.size < 2000) {
    s.functionParams.set(name, paramNames(node.params as AstNode[]));
    if ((node.params as AstNode[]).every((p) => p.type === 'Identifier')) s.positionalFunctions.add(name);
    s.functionSpans.set(name, [node.start as number, node.end as number]);
  }
  const parent = ancestors[ancestors.length - 2];
  if (parent && !node.id && (parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition')) s.methodNames.add(name);
  const dep = s.functionDeps.get(name) ?? { directRandom: false, names: new Set<string>() };
  s.functionDeps.set(name, dep);
  s.collectors.set(node, dep);
}

function visit(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      recordFunction(s, node, ancestors);
      break;
    case 'ForOfStatement':
    case 'ForInStatement': {
      // `for (const f of files)`: f holds items of files.
      const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]?.id : node.left;
      if (left) recordDataflow(s, left, node.right);
      break;
    }
    case 'VariableDeclarator':
      if (node.init) recordDataflow(s, node.id, node.init, true);
      if (node.id.type === 'Identifier' && node.init) {
        const dep = { directRandom: false, names: new Set<string>() };
        s.variableDeps.set(node.id.name, dep);
        s.collectors.set(node.init, dep);
      }
      break;
    case 'CallExpression':
    case 'NewExpression':
    case 'TaggedTemplateExpression': // zx/execa: $`npm publish`
      bindImportedModule(s, node);
      visitCall(s, node, ancestors);
      break;
    case 'ImportDeclaration':
      if (typeof node.source?.value === 'string') s.imports.push({ module: normalizeModule(node.source.value), line: s.lineOf(node) });
      break;
    case 'ImportExpression': {
      const specifier = s.values.resolve(node.source);
      const name = stringValue(specifier);
      if (name !== undefined) s.imports.push({ module: normalizeModule(name), line: s.lineOf(node) });
      if (name === undefined || (specifier?.kind === 'string' && specifier.partial)) visitDynamicImport(s, node, ancestors);
      break;
    }
    case 'AssignmentExpression':
      if (node.operator === '^=') recordXor(s, ancestors);
      recordDataflow(s, node.left, node.right);
      if (node.left.type === 'MemberExpression') visitPropertyWrite(s, node, node.left, 'assign', node.right);
      break;
    case 'UnaryExpression':
      if (node.operator === 'delete' && node.argument.type === 'MemberExpression') visitPropertyWrite(s, node, node.argument, 'delete', undefined);
      break;
    case 'ObjectExpression':
      visitSpreadOverrides(s, node);
      break;
    case 'MemberExpression':
      visitEnvRead(s, node, ancestors);
      visitPageRead(s, node, ancestors);
      break;
    case 'Identifier':
      if (node.name === 'localStorage' || node.name === 'sessionStorage') visitPageRead(s, node, ancestors);
      s.identifiers.add(node.name);
      if (HEX_IDENTIFIER.test(node.name)) s.hexIdentifiers.add(node.name);
      s.feedName(node.name);
      break;
    case 'Literal':
      if (typeof node.value === 'string') visitString(s, node, ancestors);
      break;
    case 'TemplateLiteral':
    case 'BinaryExpression':
      visitBuiltString(s, node, ancestors);
      break;
    default:
      break;
  }
}

/** A template literal or a `+` chain: the string it builds, kept like a literal; an XOR's holder. */
function visitBuiltString(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  // A payload in invisible characters may sit in a template literal as well as in a quoted string (os-info-checker-es6, 2025).
  if (node.type === 'TemplateLiteral') for (const q of node.quasis as AstNode[]) s.longestInvisible = Math.max(s.longestInvisible, longestInvisibleRun((q.value.cooked as string | null) ?? ''));
  if (node.operator === '^') recordXor(s, ancestors);
  const parent = ancestors[ancestors.length - 2];
  if (node.type === 'BinaryExpression' && (node.operator !== '+' || (parent?.type === 'BinaryExpression' && parent.operator === '+'))) return;
  const value = s.values.resolve(node);
  if (value?.kind === 'string' && s.strings.length < 5000) s.strings.push({ value: value.value.slice(0, 4096), line: s.lineOf(node) });
}

/** The name an XOR's value lands in (see JsAstAnalysis.xorHolders); hashing code has many, hence the cap. */
function recordXor(s: FileState, ancestors: AstNode[]): void {
  const holder = s.xorHolders.size < 50 ? holderOf(ancestors) : undefined;
  if (holder !== undefined) s.xorHolders.add(holder);
}

/** Distinct names of one or two characters: what a minifier leaves, wrapped into short lines or not. */
function countShort(names: ReadonlySet<string>): number {
  let n = 0;
  for (const name of names) if (name.length <= 2) n++;
  return n;
}
