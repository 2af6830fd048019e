/**
 * Static analysis of untrusted JavaScript for the code detectors (install-scripts, worm-payload).
 *
 * Nothing here executes package code. A file is parsed with acorn (module first, then script) and
 * walked once; what the detectors care about is recorded as plain data: which functions of which
 * modules are called with which constant arguments, which object properties are written, which
 * `process.env` keys are read, and how repetitive the call site is (loop, timer, recursion).
 *
 * Spam and malware hide the interesting call behind aliases and string building, so values are
 * resolved statically: `const cp = require('child' + '_process'); const { exec: run } = cp;` makes
 * `run(...)` a call of `child_process.exec`. Bindings are tracked per file by name, without scopes:
 * good enough for heuristics, and cheap.
 *
 * Every file is capped (bytes, bracket nesting, AST nodes, wall time). When a file is too large or
 * does not parse, the result says so (`mode: 'tokens'` with a reason) and detectors fall back to
 * their own token patterns through `searchTokens`.
 */
import { parse } from 'acorn';
import * as walk from 'acorn-walk';
import { safeLine } from '../../report/sanitize.js';
import { createLineIndex, type LineIndex } from '../../util/line-index.js';

export interface JsAnalysisLimits {
  /** Files larger than this are not parsed (token search only). */
  maxParseBytes: number;
  /** Token search reads at most this many bytes of a file. */
  maxTokenScanBytes: number;
  /** Bracket nesting deeper than this is not parsed: acorn is recursive and would exhaust the stack. */
  maxNestingDepth: number;
  /** The walk stops after this many AST nodes (the result is marked truncated). */
  maxNodes: number;
  maxMillis: number;
}

export const DEFAULT_JS_LIMITS: JsAnalysisLimits = {
  maxParseBytes: 1024 * 1024,
  maxTokenScanBytes: 8 * 1024 * 1024,
  maxNestingDepth: 400,
  maxNodes: 400_000,
  maxMillis: 1500,
};

/** What an expression is known to be, statically. `partial` strings contain `…` where a part was unknown. */
export type StaticValue =
  | { kind: 'string'; value: string; partial: boolean }
  | { kind: 'module'; name: string }
  | { kind: 'member'; module: string; path: string[] }
  | { kind: 'global'; path: string[] }
  | { kind: 'array'; items: (StaticValue | undefined)[] }
  | { kind: 'bytes'; value: string };

/** How a call site repeats. Bounded loops (for-of over a list, a retry loop) are not repetition. */
export type Repetition = 'unbounded-loop' | 'counted-loop' | 'timer' | 'recursion' | 'called-repeatedly';

export interface JsCall {
  /** Qualified name: `child_process.execSync`, `fs.promises.writeFile`, `eval`, `Math.random`, `execa`. */
  callee: string;
  args: (StaticValue | undefined)[];
  /** An argument's expression contains a decoding call (base64/hex Buffer, atob, fromCharCode, unescape…). */
  decodedArgument: boolean;
  line: number;
  excerpt: string;
  repetition?: Repetition;
  /** Data-flow facts for the behaviour model (src/analysis/behaviour): see `FlowFacts`. */
  flow?: FlowFacts;
}

/**
 * Where a call or read sits in the data flow of its file, by name (scope-less, like the bindings):
 * which identifiers its arguments use, which variable receives its value, which callback parameters
 * receive what it produces, and the named function it is written in.
 */
export interface FlowFacts {
  /** Source offsets [start, end): a source nested inside a sink's arguments flows into it. */
  span: [number, number];
  argNames: string[];
  /** `const x = call()`, `x = call()`, `x.y = call()`, `const x = { a: call() }`: `x`. */
  holder?: string;
  /** Parameters of functions passed as arguments (`readFile(p, (err, data) => …)`: err, data). */
  callbackParams?: string[];
  /** The named function the call is written in; undefined at the top level or in anonymous code. */
  scope?: string;
}

/** `req.write(data)`, `res.on('data', cb)`, `axios.get(u).then(cb)`: a method on a value the resolver does not know. */
export interface JsMethodCall {
  method: string;
  /** Root identifier of the receiver (`req` for `req.write`), when it is one. */
  object?: string;
  /** Qualified callee when the receiver is itself a call (`axios.get` for `axios.get(u).then(…)`). */
  objectCallee?: string;
  line: number;
  excerpt: string;
  flow: FlowFacts;
}

export interface JsPropertyWrite {
  property: string;
  /** Root of the written object: `pkg` for `pkg.name = …` and `{ ...pkg, name }`, `this`, or `?`. */
  object: string;
  /** Source of that root's initialiser (`JSON.parse(fs.readFileSync('package.json'))`), when bound in the file. */
  objectOrigin?: string;
  operation: 'assign' | 'delete' | 'spread-override';
  /** The written value comes from Math.random/crypto random, directly or through local functions/variables. */
  randomValue: boolean;
  line: number;
  excerpt: string;
}

export interface JsEnvRead {
  /**
   * The variable name, or `*` when the whole of `process.env` is used as a value (dumped, serialised,
   * sent), or `*copy` when it is spread into a new object (`{ ...process.env, X: 1 }`): a child
   * environment or a dump, depending on where the copy goes (the behaviour model follows it).
   */
  name: string;
  line: number;
  excerpt: string;
  flow?: FlowFacts;
}

export interface JsStringLiteral {
  value: string;
  line: number;
  /** The variable the literal's expression is assigned to (`const files = ['.aws/credentials']`: files). */
  holder?: string;
}

export interface ObfuscationMetrics {
  codeBytes: number;
  longestLineBytes: number;
  identifierCount: number;
  /** Distinct identifiers shaped like obfuscator output (`_0x3f2a`). */
  hexIdentifierCount: number;
  /** Share of string-literal source characters written as `\xNN`/`\uNNNN` escapes. */
  escapedStringRatio: number;
  /** Longest string literal that is pure base64 or hex. */
  longestEncodedStringBytes: number;
}

export interface JsAstAnalysis {
  mode: 'ast';
  sourceType: 'module' | 'script';
  /** True when a node/time cap stopped the walk early: the lists are incomplete. */
  truncated: boolean;
  nodeCount: number;
  /** The file exports something (ESM export, module.exports, exports.x): it is a module others call. */
  exportsApi: boolean;
  imports: { module: string; line: number }[];
  calls: JsCall[];
  propertyWrites: JsPropertyWrite[];
  envReads: JsEnvRead[];
  strings: JsStringLiteral[];
  metrics: ObfuscationMetrics;
  /** Per variable: the identifiers its assigned values use (`x = a + b` gives x: [a, b]). */
  dataflow: Record<string, string[]>;
  /** Per named function: its parameter names, so a call `send(data)` carries data into `send`. */
  functionParams: Record<string, string[]>;
  /** Names called or handed on as callbacks somewhere in the file: a function not in here is never called. */
  calledNames: string[];
  methodCalls: JsMethodCall[];
}

export interface JsTokenAnalysis {
  mode: 'tokens';
  /** Why the file was not parsed: size, nesting, syntax error (with position), stack. */
  reason: string;
  metrics: Pick<ObfuscationMetrics, 'codeBytes' | 'longestLineBytes'>;
}

export type JsAnalysis = JsAstAnalysis | JsTokenAnalysis;

// acorn's ESTree nodes are walked generically; each field is checked where it is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AstNode = { type: string; start: number; end: number; [key: string]: any };

const GLOBAL_ALIASES = new Set(['globalThis', 'global', 'window', 'self']);
const KNOWN_GLOBALS = new Set([
  'require', 'process', 'Buffer', 'eval', 'Function', 'setInterval', 'setTimeout', 'setImmediate', 'fetch', 'atob',
  'btoa', 'Math', 'String', 'JSON', 'Object', 'crypto', 'module', 'unescape', 'decodeURIComponent', 'Date', 'Reflect',
  ...GLOBAL_ALIASES,
]);
const DECODING_CALLEES = /^(Buffer\.from|atob|String\.fromCharCode|unescape|decodeURIComponent|decodeURI|zlib\.(inflate|gunzip|unzip|brotliDecompress|inflateRaw)(Sync)?)$/;
const RANDOM_CALLEES = /^(Math\.random|crypto\.(randomInt|randomBytes|randomUUID|getRandomValues|webcrypto\.getRandomValues)|uuid\.v[1-7]|nanoid\.nanoid|(@faker-js\/faker|faker|chance|random-words|unique-names-generator)(\..+)?)$/;
const TIMER_CALLEES = new Set(['setInterval', 'timers.setInterval', 'timers.promises.setInterval']);
const LOOP_TYPES = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const ENCODED_STRING = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^(?:[0-9a-fA-F]{2})+$/;
const HEX_IDENTIFIER = /^_0x[0-9a-f]{3,}$/i;
/** Methods on unknown receivers that carry data in or out (sending, streaming, promise callbacks, collecting). */
const FLOW_METHODS = /^(write|end|send|post|put|patch|emit|then|on|once|pipe|json|text|arrayBuffer|buffer|connect|open|push|unshift|append|set|add|concat|assign|sendBeacon|setRequestHeader|request|get|readText|writeText|submit|upload|sendDocument|sendMessage)$/;
const COLLECTING_METHODS = /^(push|unshift|append|set|add|assign|write|concat)$/;

const cache = new WeakMap<object, Map<string, JsAnalysis>>();

/**
 * Analysis of one captured file, memoised per files view so several detectors share one parse. The
 * key includes the parse limits: a detector with a smaller budget must not hand its truncated or
 * token-only reading to one that asked for more (what worm-payload saw used to depend on whether
 * install-scripts ran first).
 */
export function analyzeCachedFile(files: object, path: string, source: string, limits: JsAnalysisLimits = DEFAULT_JS_LIMITS): JsAnalysis {
  let perFiles = cache.get(files);
  if (!perFiles) cache.set(files, (perFiles = new Map()));
  const key = `${limitsKey(limits)}\0${path}`;
  const known = perFiles.get(key);
  if (known) return known;
  const analysis = analyzeJavaScript(source, limits);
  perFiles.set(key, analysis);
  return analysis;
}

function limitsKey(limits: JsAnalysisLimits): string {
  return `${limits.maxParseBytes}/${limits.maxTokenScanBytes}/${limits.maxNestingDepth}/${limits.maxNodes}/${limits.maxMillis}`;
}

export function analyzeJavaScript(source: string, limits: JsAnalysisLimits = DEFAULT_JS_LIMITS): JsAnalysis {
  const codeBytes = Buffer.byteLength(source.length > limits.maxParseBytes ? source.slice(0, limits.maxParseBytes + 1) : source);
  const longestLineBytes = longestLine(source, limits.maxTokenScanBytes);
  const tokenResult = (reason: string): JsTokenAnalysis => ({
    mode: 'tokens',
    reason,
    metrics: { codeBytes: source.length > limits.maxParseBytes ? source.length : codeBytes, longestLineBytes },
  });
  if (source.length > limits.maxParseBytes || codeBytes > limits.maxParseBytes) {
    return tokenResult(`not parsed: ${source.length} characters is over the ${limits.maxParseBytes}-byte parse cap`);
  }
  const depth = bracketNesting(source);
  if (depth > limits.maxNestingDepth) {
    return tokenResult(`not parsed: brackets nest ${depth} deep, over the cap of ${limits.maxNestingDepth}`);
  }
  let program: AstNode | undefined;
  let sourceType: 'module' | 'script' = 'module';
  let firstError: unknown;
  for (const type of ['module', 'script'] as const) {
    try {
      program = parse(source, {
        ecmaVersion: 'latest',
        sourceType: type,
        allowHashBang: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: type === 'script',
      }) as unknown as AstNode;
      sourceType = type;
      break;
    } catch (error) {
      firstError ??= error;
      if (error instanceof RangeError) break; // stack exhausted: the other source type would do the same
    }
  }
  if (!program) {
    const message = firstError instanceof Error ? firstError.message : String(firstError);
    return tokenResult(`parse failed: ${safeLine(message, 120)}`);
  }
  try {
    return new FileAnalyzer(source, program, sourceType, limits).run();
  } catch (error) {
    if (error instanceof RangeError) return tokenResult('walk failed: stack exhausted');
    throw error;
  }
}

/** One hit of a token pattern, for files that could not be parsed (or for non-JS text such as shell scripts). */
export interface TokenHit {
  token: string;
  line: number;
  excerpt: string;
}

/** Runs each pattern over the first `maxBytes` of `text`; at most `maxHitsPerToken` hits per pattern. */
export function searchTokens(
  text: string,
  patterns: Record<string, RegExp>,
  maxBytes = DEFAULT_JS_LIMITS.maxTokenScanBytes,
  maxHitsPerToken = 20,
): TokenHit[] {
  const scanned = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const lines = createLineIndex(scanned);
  const hits: TokenHit[] = [];
  for (const [token, pattern] of Object.entries(patterns)) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    let count = 0;
    for (let m = global.exec(scanned); m && count < maxHitsPerToken; m = global.exec(scanned)) {
      if (m[0].length === 0) global.lastIndex++;
      count++;
      hits.push({ token, line: lines.line(m.index), excerpt: safeLine(m[0], 160) });
    }
  }
  return hits.sort((a, b) => a.line - b.line);
}

/** The string a command-like value stands for: a string, or an argv array joined with spaces. */
export function commandText(value: StaticValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'array') return value.items.map((item) => (item?.kind === 'string' ? item.value : '…')).join(' ');
  return undefined;
}

/** Text of a string-like static value (string or decoded bytes). */
export function stringValue(value: StaticValue | undefined): string | undefined {
  if (value?.kind === 'string' || value?.kind === 'bytes') return value.value;
  return undefined;
}

// ---------------------------------------------------------------------------------------------

class WalkCapReached extends Error {}

interface Binding {
  init: AstNode;
  /** Destructured property: `const { exec } = init` binds `exec` to `init.exec`. */
  property?: string;
}

/** Identifiers and randomness seen inside a function body, a declarator's init or an assigned value. */
interface Dependency {
  directRandom: boolean;
  names: Set<string>;
}

interface CallReference {
  from: string | undefined;
  to: string;
  repetition: Repetition | undefined;
}

class FileAnalyzer {
  private readonly lines: LineIndex;
  private readonly bindings = new Map<string, Binding[]>();
  private readonly importBindings = new Map<string, StaticValue>();
  private readonly mutated = new Set<string>();
  private readonly nameCache = new Map<string, StaticValue | null>();
  private readonly namesInProgress = new Set<string>();
  private readonly resolved = new Map<AstNode, StaticValue | undefined>();
  /** Set while resolving when a result depended on the depth cap or on a name still in progress. */
  private resolutionIncomplete = false;
  private readonly decodingCache = new Map<string, boolean>();
  private exportsApi = false;
  private nodeCount = 0;
  private truncated = false;
  private readonly deadline: number;
  private readonly imports: JsAstAnalysis['imports'] = [];
  private readonly calls: (JsCall & { fn: string | undefined })[] = [];
  private readonly propertyWrites: (JsPropertyWrite & { dependency: Dependency })[] = [];
  private readonly envReads: JsEnvRead[] = [];
  private readonly strings: JsStringLiteral[] = [];
  private readonly dataflow = new Map<string, Set<string>>();
  private readonly functionParams = new Map<string, string[]>();
  private readonly methodCalls: JsMethodCall[] = [];
  private readonly identifiers = new Set<string>();
  private readonly hexIdentifiers = new Set<string>();
  private escapedChars = 0;
  private stringChars = 0;
  private longestEncoded = 0;
  private readonly references: CallReference[] = [];
  private readonly functionDeps = new Map<string, Dependency>();
  private readonly variableDeps = new Map<string, Dependency>();
  /** Nodes whose subtree feeds a Dependency (function bodies, declarator inits, assigned values). */
  private readonly collectors = new Map<AstNode, Dependency>();

  constructor(
    private readonly source: string,
    private readonly program: AstNode,
    private readonly sourceType: 'module' | 'script',
    private readonly limits: JsAnalysisLimits,
  ) {
    this.lines = createLineIndex(source);
    this.deadline = Date.now() + limits.maxMillis;
  }

  run(): JsAstAnalysis {
    // Pass 1 learns every binding, so pass 2 can resolve names used before their declaration.
    this.traverse((node) => this.collectBinding(node));
    this.nodeCount = 0;
    this.traverse((node, ancestors) => this.visit(node, ancestors));
    const repeated = this.repeatedFunctions();
    const random = this.randomNames();
    const isRandom = (dep: Dependency) => dep.directRandom || [...dep.names].some((n) => random.has(n));
    return {
      mode: 'ast',
      sourceType: this.sourceType,
      truncated: this.truncated,
      nodeCount: this.nodeCount,
      exportsApi: this.exportsApi,
      imports: this.imports,
      calls: this.calls.map(({ fn, ...call }) => ({
        ...call,
        repetition: call.repetition ?? (fn !== undefined ? repeated.get(fn) : undefined),
      })),
      propertyWrites: this.propertyWrites.map(({ dependency, ...write }) => ({ ...write, randomValue: isRandom(dependency) })),
      envReads: this.envReads,
      strings: this.strings,
      dataflow: Object.fromEntries([...this.dataflow].map(([name, names]) => [name, [...names]])),
      functionParams: Object.fromEntries(this.functionParams),
      calledNames: [...new Set(this.references.map((r) => r.to))],
      methodCalls: this.methodCalls,
      metrics: {
        codeBytes: Buffer.byteLength(this.source),
        longestLineBytes: longestLine(this.source, this.source.length),
        identifierCount: this.identifiers.size,
        hexIdentifierCount: this.hexIdentifiers.size,
        escapedStringRatio: this.stringChars === 0 ? 0 : this.escapedChars / this.stringChars,
        longestEncodedStringBytes: this.longestEncoded,
      },
    };
  }

  /** Depth-first walk over acorn-walk's base visitors, with ancestors, node and time caps. */
  private traverse(visit: (node: AstNode, ancestors: AstNode[]) => void): void {
    const ancestors: AstNode[] = [];
    const base = walk.base as Record<string, (n: AstNode, st: unknown, c: (n: AstNode, st: unknown, o?: string) => void) => void>;
    const step = (node: AstNode, override?: string) => {
      // Aggregate visitors (`Expression`, `Statement`, …) hand the same node back: pass through without visiting twice.
      if (override !== undefined && override !== node.type) {
        base[override]?.(node, undefined, (child, _state, childOverride) => step(child, childOverride));
        return;
      }
      if (++this.nodeCount > this.limits.maxNodes || (this.nodeCount % 2048 === 0 && Date.now() > this.deadline)) {
        throw new WalkCapReached();
      }
      ancestors.push(node);
      visit(node, ancestors);
      base[node.type]?.(node, undefined, (child, _state, childOverride) => step(child, childOverride));
      ancestors.pop();
    };
    try {
      step(this.program);
    } catch (error) {
      if (!(error instanceof WalkCapReached)) throw error;
      this.truncated = true;
    }
  }

  private collectBinding(node: AstNode): void {
    if (node.type === 'AssignmentExpression' && node.operator !== '=' && node.left.type === 'Identifier') this.mutated.add(node.left.name);
    if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') this.exportsApi = true;
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
      const target = this.source.slice(node.left.start, Math.min(node.left.end, node.left.start + 40));
      if (/^(module\.exports|exports\.)/.test(target)) this.exportsApi = true;
    }
    if (node.type === 'VariableDeclarator' && node.init) this.bindPattern(node.id, node.init);
    else if (node.type === 'AssignmentExpression' && node.operator === '=') this.bindPattern(node.left, node.right);
    else if (node.type === 'ImportDeclaration' && typeof node.source?.value === 'string') {
      const module = normalizeModule(node.source.value);
      for (const spec of node.specifiers as AstNode[]) {
        const value: StaticValue | undefined =
          spec.type === 'ImportSpecifier'
            ? memberOf({ kind: 'module', name: module }, importedName(spec))
            : { kind: 'module', name: module };
        if (value) this.importBindings.set(spec.local.name, value);
      }
    }
  }

  private bindPattern(pattern: AstNode, init: AstNode): void {
    if (pattern.type === 'Identifier') this.addBinding(pattern.name, { init });
    else if (pattern.type === 'ObjectPattern') {
      for (const prop of pattern.properties as AstNode[]) {
        if (prop.type !== 'Property') continue;
        const key = prop.computed ? undefined : (prop.key.name ?? prop.key.value);
        const target = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (typeof key === 'string' && target.type === 'Identifier') this.addBinding(target.name, { init, property: key });
      }
    }
  }

  private addBinding(name: string, binding: Binding): void {
    const list = this.bindings.get(name);
    if (list) {
      if (list.length < 8) list.push(binding);
    } else this.bindings.set(name, [binding]);
  }

  // ---- resolution ----------------------------------------------------------------------------

  /**
   * Memoised per node: a chain like `[].concat(a).concat(b)…` is resolved from every call in it,
   * and each level resolves its object twice (callee and method target), which is exponential in
   * the chain length without a memo (a 5 KB test fixture took seconds). A result that met the depth
   * cap or a name still being resolved depends on where it was asked from, so it is not kept.
   */
  resolve(node: AstNode | null | undefined, depth = 0): StaticValue | undefined {
    if (!node) return undefined;
    if (depth > 48) {
      this.resolutionIncomplete = true;
      return undefined;
    }
    if (this.resolved.has(node)) return this.resolved.get(node);
    const outerIncomplete = this.resolutionIncomplete;
    this.resolutionIncomplete = false;
    const value = this.resolveNode(node, depth);
    if (!this.resolutionIncomplete) this.resolved.set(node, value);
    this.resolutionIncomplete ||= outerIncomplete;
    return value;
  }

  private resolveNode(node: AstNode, depth: number): StaticValue | undefined {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') return { kind: 'string', value: node.value, partial: false };
        if (typeof node.value === 'number' || typeof node.value === 'boolean') return { kind: 'string', value: String(node.value), partial: false };
        return undefined;
      case 'TemplateLiteral': {
        let value = '';
        let partial = false;
        (node.quasis as AstNode[]).forEach((quasi, i) => {
          value += quasi.value.cooked ?? quasi.value.raw;
          const expr = (node.expressions as AstNode[])[i];
          if (expr) {
            const part = stringValue(this.resolve(expr, depth + 1));
            if (part === undefined) partial = true;
            value += part ?? '…';
          }
        });
        return { kind: 'string', value, partial };
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return undefined;
        const left = this.resolve(node.left, depth + 1);
        const right = this.resolve(node.right, depth + 1);
        const l = stringValue(left);
        const r = stringValue(right);
        if (l === undefined && r === undefined) return undefined;
        const partial = l === undefined || r === undefined || isPartial(left) || isPartial(right);
        return { kind: 'string', value: `${l ?? '…'}${r ?? '…'}`, partial };
      }
      case 'Identifier':
        return this.resolveName(node.name, depth);
      case 'MemberExpression': {
        const property = node.computed ? stringValue(this.resolve(node.property, depth + 1)) : node.property.name;
        if (typeof property !== 'string') return undefined;
        const object = this.resolve(node.object, depth + 1);
        // `Object.entries(cp).find(…)[1]`: an item of a known array.
        if (object?.kind === 'array') return /^\d+$/.test(property) ? object.items[Number(property)] : undefined;
        return memberOf(object, property);
      }
      case 'ChainExpression':
      case 'AwaitExpression':
        return this.resolve(node.expression ?? node.argument, depth + 1);
      case 'SequenceExpression':
        return this.resolve((node.expressions as AstNode[]).at(-1), depth + 1);
      case 'LogicalExpression':
        return this.resolve(node.left, depth + 1) ?? this.resolve(node.right, depth + 1);
      case 'ConditionalExpression':
        return this.resolve(node.consequent, depth + 1) ?? this.resolve(node.alternate, depth + 1);
      case 'ArrayExpression':
        return { kind: 'array', items: (node.elements as (AstNode | null)[]).map((e) => (e && e.type !== 'SpreadElement' ? this.resolve(e, depth + 1) : undefined)) };
      case 'ImportExpression': {
        const name = stringValue(this.resolve(node.source, depth + 1));
        return name !== undefined ? { kind: 'module', name: normalizeModule(name) } : undefined;
      }
      case 'CallExpression':
        return this.resolveCall(node, depth);
      case 'NewExpression':
        // `new URL('./package.json', import.meta.url)` names the file its first argument names.
        if (node.callee.type === 'Identifier' && node.callee.name === 'URL') return this.resolve((node.arguments as AstNode[])[0], depth + 1);
        return undefined;
      default:
        return undefined;
    }
  }

  private resolveName(name: string, depth: number): StaticValue | undefined {
    const imported = this.importBindings.get(name);
    if (imported) return imported;
    // `s += chunk` accumulates data at run time: its value is not the initial constant.
    if (this.mutated.has(name)) return undefined;
    const bindings = this.bindings.get(name);
    if (bindings) {
      // Scope-less bindings resolve the same everywhere: resolve each name once. A name met again
      // while it is being resolved (`x = x + 1`, mutual aliases) is unknown, not a loop.
      if (this.nameCache.has(name)) {
        const known = this.nameCache.get(name);
        if (known === null && this.namesInProgress.has(name)) this.resolutionIncomplete = true;
        return known ?? undefined;
      }
      this.namesInProgress.add(name);
      this.nameCache.set(name, null);
      let resolved: StaticValue | undefined;
      for (const binding of bindings) {
        const value = this.resolve(binding.init, depth + 1);
        resolved = binding.property !== undefined ? memberOf(value, binding.property) : value;
        if (resolved) break;
      }
      this.nameCache.set(name, resolved ?? null);
      this.namesInProgress.delete(name);
      return resolved;
    }
    if (name === '__dirname' || name === '__filename') return { kind: 'string', value: '…', partial: true };
    return KNOWN_GLOBALS.has(name) ? { kind: 'global', path: GLOBAL_ALIASES.has(name) ? [] : [name] } : undefined;
  }

  private resolveCall(node: AstNode, depth: number): StaticValue | undefined {
    // `a.b(...)`: the object is resolved once and serves both as callee (`a.b`) and as method
    // target below. Resolving it twice per link doubled the work per link of `x.f().f().f()…`,
    // and past the depth cap (where the memo does not apply) a 60-link chain never finished.
    const plainMethod = node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.property.type === 'Identifier';
    const target = plainMethod ? this.resolve(node.callee.object, depth + 1) : undefined;
    const callee = plainMethod ? memberOf(target, node.callee.property.name as string) : this.resolve(node.callee, depth + 1);
    const name = qualifiedName(callee);
    const args = node.arguments as AstNode[];
    const arg = (i: number) => this.resolve(args[i], depth + 1);
    if (name === 'require' || name === 'module.require' || name === 'process.mainModule.require' || name === 'module.createRequire') {
      const target = stringValue(arg(0));
      return target !== undefined && name !== 'module.createRequire' ? { kind: 'module', name: normalizeModule(target) } : name === 'module.createRequire' ? { kind: 'global', path: ['require'] } : undefined;
    }
    if (name === 'util.promisify' || name === 'promisify') return arg(0);
    // Indirect names for the same function: `Reflect.get(os, 'hostname')`, `fn.bind(thisArg)`.
    if (name === 'Reflect.get') {
      const key = stringValue(arg(1));
      return key !== undefined ? memberOf(arg(0), key) : undefined;
    }
    if (plainMethod && node.callee.property.name === 'bind' && (target?.kind === 'member' || target?.kind === 'global' || target?.kind === 'module')) return target;
    if (plainMethod && /^(find|filter)$/.test(node.callee.property.name as string)) return this.pickedKey(node, depth);
    if (name === 'require.resolve' || name === 'path.normalize' || name === 'url.fileURLToPath' || name === 'fileURLToPath') return arg(0);
    if (name === 'Buffer.from') {
      // `Buffer.from([0x73, 0x70, …])`: bytes written as numbers.
      const list = arg(0);
      if (list?.kind === 'array' && list.items.length > 0 && list.items.length <= 4096 && list.items.every((i) => i?.kind === 'string' && /^\d+$/.test(i.value) && Number(i.value) < 256)) {
        return { kind: 'bytes', value: String.fromCharCode(...list.items.map((i) => Number(stringValue(i)))) };
      }
      const text = stringValue(arg(0));
      const encoding = stringValue(arg(1)) ?? 'utf8';
      if (text === undefined) return undefined;
      if (encoding === 'base64' || encoding === 'hex') return { kind: 'bytes', value: Buffer.from(text, encoding).toString('latin1') };
      return { kind: 'bytes', value: text };
    }
    if (name === 'atob') {
      const text = stringValue(arg(0));
      return text !== undefined ? { kind: 'string', value: Buffer.from(text, 'base64').toString('latin1'), partial: false } : undefined;
    }
    if (name === 'String.fromCharCode') {
      const codes = args.map((a) => (a.type === 'Literal' && typeof a.value === 'number' ? a.value : NaN));
      return codes.every(Number.isFinite) ? { kind: 'string', value: String.fromCharCode(...codes), partial: false } : undefined;
    }
    // Where temp files go matters (download to a temp dir, then run it): keep it visible in paths.
    if (name === 'os.tmpdir' || name === 'os.homedir') return { kind: 'string', value: name === 'os.tmpdir' ? '$TMPDIR' : '~', partial: true };
    if (name === 'path.join' || name === 'path.resolve' || name === 'path.posix.join') {
      const values = args.map((a) => this.resolve(a, depth + 1));
      const parts = values.map((v) => stringValue(v) ?? '…');
      return { kind: 'string', value: parts.join('/'), partial: parts.includes('…') || values.some(isPartial) };
    }
    // Methods on values we know: 'a'.concat(...), [..].join(sep), bytes.toString().
    if (plainMethod) {
      const method = node.callee.property.name as string;
      if (method === 'toString' && target?.kind === 'bytes') return { kind: 'string', value: target.value, partial: false };
      if (method === 'join' && target?.kind === 'array') {
        const sep = args.length > 0 ? stringValue(arg(0)) : ',';
        const parts = target.items.map((i) => stringValue(i));
        if (sep !== undefined && parts.every((p) => p !== undefined)) return { kind: 'string', value: parts.join(sep), partial: false };
      }
      if (method === 'concat' && target?.kind === 'string') {
        const rest = args.map((a) => stringValue(this.resolve(a, depth + 1)));
        return { kind: 'string', value: target.value + rest.map((r) => r ?? '…').join(''), partial: target.partial || rest.includes(undefined) };
      }
    }
    return undefined;
  }

  /**
   * `Object.keys(os).find((k) => k === 'hostname')` is 'hostname'; `Object.entries(cp).find(([k]) => k === 'spawn')`
   * is ['spawn', cp.spawn] (and `.filter` a list of it): a module member picked by comparing its keys with a constant.
   */
  private pickedKey(node: AstNode, depth: number): StaticValue | undefined {
    const source = node.callee.object;
    if (source?.type !== 'CallExpression') return undefined;
    const listing = qualifiedName(this.resolve(source.callee, depth + 1));
    if (listing !== 'Object.keys' && listing !== 'Object.entries') return undefined;
    const fn = (node.arguments as AstNode[])[0];
    if (!fn || !FUNCTION_TYPES.has(fn.type) || fn.body.type !== 'BinaryExpression' || !/^={2,3}$/.test(fn.body.operator)) return undefined;
    const literal = [fn.body.left, fn.body.right].find((n: AstNode) => n.type === 'Literal' && typeof n.value === 'string');
    if (!literal) return undefined;
    const key = literal.value as string;
    const owner = this.resolve((source.arguments as AstNode[])[0], depth + 1);
    const picked: StaticValue = listing === 'Object.keys' ? { kind: 'string', value: key, partial: false } : { kind: 'array', items: [{ kind: 'string', value: key, partial: false }, memberOf(owner, key)] };
    return node.callee.property.name === 'filter' ? { kind: 'array', items: [picked] } : picked;
  }

  // ---- pass 2 --------------------------------------------------------------------------------

  private visit(node: AstNode, ancestors: AstNode[]): void {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const name = functionName(node, ancestors);
        if (name !== undefined) {
          if (!this.functionParams.has(name) && this.functionParams.size < 2000) this.functionParams.set(name, paramNames(node.params as AstNode[]));
          const dep = this.functionDeps.get(name) ?? { directRandom: false, names: new Set<string>() };
          this.functionDeps.set(name, dep);
          this.collectors.set(node, dep);
        }
        break;
      }
      case 'ForOfStatement':
      case 'ForInStatement': {
        // `for (const f of files)`: f holds items of files.
        const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]?.id : node.left;
        if (left) this.recordDataflow(left, node.right);
        break;
      }
      case 'VariableDeclarator':
        if (node.init) this.recordDataflow(node.id, node.init);
        if (node.id.type === 'Identifier' && node.init) {
          const dep = { directRandom: false, names: new Set<string>() };
          this.variableDeps.set(node.id.name, dep);
          this.collectors.set(node.init, dep);
        }
        break;
      case 'CallExpression':
      case 'NewExpression':
      case 'TaggedTemplateExpression': // zx/execa: $`npm publish`
        this.visitCall(node, ancestors);
        break;
      case 'ImportDeclaration':
        if (typeof node.source?.value === 'string') this.imports.push({ module: normalizeModule(node.source.value), line: this.lineOf(node) });
        break;
      case 'ImportExpression': {
        const name = stringValue(this.resolve(node.source));
        if (name !== undefined) this.imports.push({ module: normalizeModule(name), line: this.lineOf(node) });
        break;
      }
      case 'AssignmentExpression':
        this.recordDataflow(node.left, node.right);
        if (node.left.type === 'MemberExpression') this.visitPropertyWrite(node, node.left, 'assign', node.right);
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete' && node.argument.type === 'MemberExpression') this.visitPropertyWrite(node, node.argument, 'delete', undefined);
        break;
      case 'ObjectExpression':
        // `{ ...pkg, name: x }` rewrites fields of a copied object.
        if ((node.properties as AstNode[]).some((p) => p.type === 'SpreadElement')) {
          for (const prop of node.properties as AstNode[]) {
            if (prop.type !== 'Property' || prop.computed) continue;
            const key = prop.key.name ?? prop.key.value;
            const spread = (node.properties as AstNode[]).find((p) => p.type === 'SpreadElement');
            if (typeof key === 'string') this.recordWrite(prop, key, 'spread-override', prop.value, spread?.argument);
          }
        }
        break;
      case 'MemberExpression':
        this.visitEnvRead(node, ancestors);
        break;
      case 'Identifier':
        this.identifiers.add(node.name);
        if (HEX_IDENTIFIER.test(node.name)) this.hexIdentifiers.add(node.name);
        this.feedCollectors(ancestors, (dep) => dep.names.add(node.name));
        break;
      case 'Literal':
        if (typeof node.value === 'string') this.visitString(node, ancestors);
        break;
      case 'TemplateLiteral':
      case 'BinaryExpression': {
        const parent = ancestors[ancestors.length - 2];
        if (node.type === 'BinaryExpression' && (node.operator !== '+' || (parent?.type === 'BinaryExpression' && parent.operator === '+'))) break;
        const value = this.resolve(node);
        if (value?.kind === 'string' && this.strings.length < 5000) this.strings.push({ value: value.value.slice(0, 4096), line: this.lineOf(node) });
        break;
      }
      default:
        break;
    }
  }

  private visitCall(node: AstNode, ancestors: AstNode[]): void {
    if (node.type === 'TaggedTemplateExpression') node = { ...node, callee: node.tag, arguments: [node.quasi] };
    let calleeValue = this.resolve(node.callee);
    let argValues: ((StaticValue | undefined)[]) | undefined;
    // `cp.spawn.call(cp, …)`, `cp.spawn.apply({}, [...])`, `Reflect.apply(cp.spawn, t, [...])` call cp.spawn.
    const viaName = qualifiedName(calleeValue);
    if (viaName !== undefined && (calleeValue?.kind === 'member' || calleeValue?.kind === 'global') && /\.(call|apply)$/.test(viaName) && calleeValue.path.length >= 2) {
      const apply = viaName.endsWith('.apply');
      calleeValue = calleeValue.kind === 'member' ? { ...calleeValue, path: calleeValue.path.slice(0, -1) } : { ...calleeValue, path: calleeValue.path.slice(0, -1) };
      const rest = (node.arguments as AstNode[]).slice(1);
      argValues = apply ? this.spreadArguments(rest[0]) : rest.map((a) => this.resolve(a));
    } else if (viaName === 'Reflect.apply') {
      calleeValue = this.resolve((node.arguments as AstNode[])[0]);
      argValues = this.spreadArguments((node.arguments as AstNode[])[2]);
    }
    const callee = qualifiedName(calleeValue);
    const boundary = this.repetitionContext(ancestors);
    if (callee === undefined) {
      this.visitMethodCall(node, ancestors, boundary.fn);
      if (node.callee.type !== 'Identifier') {
        // Functions handed to other calls run from there: promise.then(loop), retry(main).
        this.addArgumentReferences(node, boundary, false);
        return;
      }
      this.references.push({ from: boundary.fn, to: node.callee.name, repetition: boundary.repetition });
      this.addArgumentReferences(node, boundary, false);
      // Calls of the file's own functions are kept as `local:name`: wrappers like run('npm', ['publish']).
      if (this.calls.length < 5000 && (node.arguments as AstNode[]).length > 0) {
        this.calls.push({
          callee: `local:${node.callee.name}`,
          args: (node.arguments as AstNode[]).map((a) => this.resolve(a)),
          decodedArgument: false,
          line: this.lineOf(node),
          excerpt: this.excerpt(node),
          repetition: boundary.repetition,
          fn: boundary.fn,
          flow: this.flowFacts(node, ancestors, boundary.fn),
        });
      }
      return;
    }
    if (RANDOM_CALLEES.test(callee)) this.feedCollectors(ancestors, (dep) => (dep.directRandom = true));
    const isRequire = calleeValue?.kind === 'global' && callee === 'require';
    if (isRequire) {
      const target = stringValue(this.resolve((node.arguments as AstNode[])[0]));
      if (target !== undefined) this.imports.push({ module: normalizeModule(target), line: this.lineOf(node) });
    }
    this.addArgumentReferences(node, boundary, TIMER_CALLEES.has(callee));
    if (this.calls.length >= 5000) return;
    const args = argValues ?? (node.arguments as AstNode[]).map((a) => this.resolve(a));
    this.calls.push({
      callee,
      args,
      decodedArgument: (node.arguments as AstNode[]).some((a) => this.containsDecoding(a, 0)),
      line: this.lineOf(node),
      excerpt: this.excerpt(node),
      repetition: boundary.repetition,
      fn: boundary.fn,
      flow: this.flowFacts(node, ancestors, boundary.fn),
    });
    // `Object.assign(target, secrets)` collects into target.
    if (callee === 'Object.assign' && (node.arguments as AstNode[])[0]?.type === 'Identifier') {
      const [target, ...rest] = node.arguments as AstNode[];
      for (const r of rest) this.recordDataflow(target!, r);
    }
  }

  private spreadArguments(node: AstNode | undefined): (StaticValue | undefined)[] {
    const value = this.resolve(node);
    return value?.kind === 'array' ? value.items : [];
  }

  private addArgumentReferences(node: AstNode, boundary: { fn: string | undefined; repetition: Repetition | undefined }, timer: boolean): void {
    for (const arg of node.arguments as AstNode[]) {
      if (arg.type === 'Identifier') this.references.push({ from: boundary.fn, to: arg.name, repetition: timer ? 'timer' : boundary.repetition });
    }
  }

  /** Does this expression decode something (directly or through a variable initialised by decoding)? */
  private containsDecoding(node: AstNode, depth: number): boolean {
    if (depth > 6) return false;
    let found = false;
    const visitNode = (n: AstNode) => {
      if (found) return;
      if (n.type === 'CallExpression' || n.type === 'NewExpression') {
        const name = qualifiedName(this.resolve(n.callee));
        if (name !== undefined && DECODING_CALLEES.test(name)) {
          const encoding = stringValue(this.resolve((n.arguments as AstNode[])[1]));
          if (name !== 'Buffer.from' || encoding === 'base64' || encoding === 'hex') found = true;
        }
      } else if (n.type === 'Identifier') {
        const known = this.decodingCache.get(n.name);
        if (known !== undefined) {
          found ||= known;
          return;
        }
        this.decodingCache.set(n.name, false); // while in progress: cycles read as "no"
        let decoded = false;
        // Only a name bound once: minified code reuses short names across scopes, and a scope-less
        // reading would mix them up.
        const bindings = this.bindings.get(n.name) ?? [];
        if (bindings.length === 1 && bindings[0]!.init !== node) decoded = this.containsDecoding(bindings[0]!.init, depth + 1);
        this.decodingCache.set(n.name, decoded);
        found ||= decoded;
      }
    };
    // Only the expression itself: callbacks passed as arguments are code of their own, walked on their own.
    const stack: AstNode[] = [node];
    for (let budget = 2000; stack.length > 0 && budget > 0 && !found; budget--) {
      const n = stack.pop()!;
      visitNode(n);
      for (const value of Object.values(n)) {
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child && typeof child === 'object' && typeof (child as AstNode).type === 'string' && !FUNCTION_TYPES.has((child as AstNode).type)) stack.push(child as AstNode);
        }
      }
    }
    return found;
  }

  private visitPropertyWrite(node: AstNode, member: AstNode, operation: 'assign' | 'delete', value: AstNode | undefined): void {
    const property = member.computed ? stringValue(this.resolve(member.property)) : member.property.name;
    if (typeof property !== 'string') return;
    this.recordWrite(node, property, operation, value, member.object);
  }

  private recordWrite(node: AstNode, property: string, operation: JsPropertyWrite['operation'], value: AstNode | undefined, objectNode: AstNode | undefined): void {
    if (this.propertyWrites.length >= 2000) return;
    const dependency: Dependency = { directRandom: false, names: new Set() };
    if (value) this.collectors.set(value, dependency);
    let root = objectNode;
    while (root && (root.type === 'MemberExpression' || root.type === 'ChainExpression')) root = root.type === 'MemberExpression' ? root.object : root.expression;
    const object = root?.type === 'Identifier' ? (root.name as string) : root?.type === 'ThisExpression' ? 'this' : '?';
    const init = object !== '?' && object !== 'this' ? this.bindings.get(object)?.[0]?.init : undefined;
    this.propertyWrites.push({
      property,
      object,
      ...(init ? { objectOrigin: safeLine(this.source.slice(init.start, Math.min(init.end, init.start + 300)), 200) } : {}),
      operation,
      randomValue: false,
      line: this.lineOf(node),
      excerpt: this.excerpt(node),
      dependency,
    });
  }

  private visitEnvRead(node: AstNode, ancestors: AstNode[]): void {
    const value = this.resolve(node);
    if (value?.kind !== 'global' || value.path[0] !== 'process' || value.path[1] !== 'env') return;
    const parent = ancestors[ancestors.length - 2];
    if (value.path.length >= 3) {
      this.envReads.push({ name: value.path[2]!, line: this.lineOf(node), excerpt: this.excerpt(node), flow: this.flowFacts(node, ancestors, undefined) });
      return;
    }
    // `process.env` itself: reading a key, aliasing or destructuring is not a dump; using it as a value is.
    if (parent?.type === 'MemberExpression' && parent.object === node) return;
    if (parent?.type === 'VariableDeclarator' && parent.init === node) {
      if (parent.id.type === 'ObjectPattern') {
        for (const prop of parent.id.properties as AstNode[]) {
          const key = prop.type === 'Property' && !prop.computed ? (prop.key.name ?? prop.key.value) : undefined;
          const flow = { span: [prop.start, prop.end] as [number, number], argNames: [], ...(prop.type === 'Property' && prop.value.type === 'Identifier' ? { holder: prop.value.name as string } : prop.type === 'RestElement' && prop.argument.type === 'Identifier' ? { holder: prop.argument.name as string } : {}) };
          if (typeof key === 'string') this.envReads.push({ name: key, line: this.lineOf(prop), excerpt: this.excerpt(parent), flow });
          else if (prop.type === 'RestElement') this.envReads.push({ name: '*', line: this.lineOf(prop), excerpt: this.excerpt(parent), flow });
        }
      }
      return;
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier') return;
    // `for (const k in process.env)` / `Object.keys(process.env)` walk every variable: a dump when sent, kept for the flow model.
    // Passing the environment on to a child process is how installers work, not a dump.
    if (parent?.type === 'Property' && (parent.key.name ?? parent.key.value) === 'env' && !this.serialisedAbove(ancestors)) return;
    // `{ ...process.env, X: 1 }` builds a child environment, unless that copy is serialised or sent.
    if (parent?.type === 'SpreadElement' && !this.serialisedAbove(ancestors)) {
      this.envReads.push({ name: '*copy', line: this.lineOf(node), excerpt: this.excerpt(parent), flow: this.flowFacts(node, ancestors, undefined) });
      return;
    }
    if (this.envUsedAsChildEnvironment(node, ancestors)) return;
    this.envReads.push({ name: '*', line: this.lineOf(node), excerpt: this.excerpt(parent ?? node), flow: this.flowFacts(node, ancestors, undefined) });
  }

  // ---- data flow (for the behaviour model) -----------------------------------------------------

  /** Identifiers an expression uses, without descending into functions (their code runs elsewhere). */
  private namesIn(node: AstNode | undefined, max = 24): string[] {
    const names = new Set<string>();
    const stack: AstNode[] = node ? [node] : [];
    for (let budget = 400; stack.length > 0 && budget > 0 && names.size < max; budget--) {
      const n = stack.pop()!;
      if (n.type === 'Identifier') {
        names.add(n.name);
        continue;
      }
      if (FUNCTION_TYPES.has(n.type)) continue;
      for (const [key, value] of Object.entries(n)) {
        if ((key === 'property' && n.type === 'MemberExpression' && !n.computed) || (key === 'key' && n.type === 'Property' && !n.computed)) continue;
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child && typeof child === 'object' && typeof (child as AstNode).type === 'string') stack.push(child as AstNode);
        }
      }
    }
    return [...names];
  }

  private recordDataflow(target: AstNode, value: AstNode): void {
    let root: AstNode | undefined = target;
    while (root && root.type === 'MemberExpression') root = root.object;
    const names = root?.type === 'Identifier' ? [root.name as string] : target.type === 'ObjectPattern' || target.type === 'ArrayPattern' ? paramNames([target]) : [];
    if (names.length === 0 || this.dataflow.size >= 5000) return;
    const used = this.namesIn(value);
    if (used.length === 0) return;
    for (const name of names) {
      const set = this.dataflow.get(name) ?? new Set<string>();
      for (const u of used) if (u !== name && set.size < 64) set.add(u);
      this.dataflow.set(name, set);
    }
  }

  private flowFacts(node: AstNode, ancestors: AstNode[], scope: string | undefined): FlowFacts {
    const args = (node.arguments as AstNode[] | undefined) ?? [];
    const callbackParams = args.filter((a) => FUNCTION_TYPES.has(a.type)).flatMap((f) => paramNames(f.params as AstNode[]));
    const holder = holderOf(ancestors);
    return {
      span: [node.start, node.end],
      argNames: [...new Set(args.flatMap((a) => this.namesIn(a)))].slice(0, 32),
      ...(holder !== undefined ? { holder } : {}),
      ...(callbackParams.length > 0 ? { callbackParams } : {}),
      ...(scope !== undefined ? { scope } : {}),
    };
  }

  private visitMethodCall(node: AstNode, ancestors: AstNode[], scope: string | undefined): void {
    const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
    const method = callee.property.name as string;
    if (!FLOW_METHODS.test(method) || this.methodCalls.length >= 3000) return;
    let receiver: AstNode = callee.object;
    while (receiver.type === 'MemberExpression') receiver = receiver.object;
    const flow = this.flowFacts(node, ancestors, scope);
    // `fetch(u).then(r => r.text()).then(src => …)`: the innermost call the chain starts from.
    let origin: AstNode = receiver;
    let objectCallee: string | undefined;
    for (let hops = 0; origin.type === 'CallExpression' && hops < 8; hops++) {
      objectCallee = qualifiedName(this.resolve(origin.callee));
      if (objectCallee !== undefined || origin.callee.type !== 'MemberExpression') break;
      origin = origin.callee.object;
      while (origin.type === 'MemberExpression') origin = origin.object;
    }
    const object = receiver.type === 'Identifier' ? (receiver.name as string) : undefined;
    this.methodCalls.push({
      method,
      ...(object !== undefined ? { object } : {}),
      ...(objectCallee !== undefined ? { objectCallee } : {}),
      line: this.lineOf(node),
      excerpt: this.excerpt(node),
      flow,
    });
    if (object !== undefined && COLLECTING_METHODS.test(method)) for (const arg of node.arguments as AstNode[]) this.recordDataflow(receiver, arg);
  }

  /**
   * Shapes compilers and installers write that copy or pass the environment without dumping it,
   * seen through `a ?? process.env` / `process.env || {}`:
   *   `({ FORCE_COLOR: a } = process.env || {})`      reads those keys (bundled colour detection)
   *   `Object.assign({}, process.env)`                TypeScript's `{ ...process.env }`: a copy
   *   `spawn(cmd, { env: f(opts.env ?? process.env) })`  the environment handed to a child process
   * A copy that is serialised or sent above is still a dump.
   */
  private envUsedAsChildEnvironment(node: AstNode, ancestors: AstNode[]): boolean {
    let at = ancestors.length - 2;
    while (ancestors[at]?.type === 'LogicalExpression' || ancestors[at]?.type === 'ConditionalExpression') at--;
    const holder = ancestors[at];
    const child = ancestors[at + 1] ?? node;
    if (!holder) return false;
    if (holder.type === 'AssignmentExpression' && holder.right === child && holder.left.type === 'ObjectPattern') {
      for (const prop of holder.left.properties as AstNode[]) {
        const key = prop.type === 'Property' && !prop.computed ? (prop.key.name ?? prop.key.value) : undefined;
        if (typeof key === 'string') this.envReads.push({ name: key, line: this.lineOf(prop), excerpt: this.excerpt(holder) });
        else if (prop.type === 'RestElement') this.envReads.push({ name: '*', line: this.lineOf(prop), excerpt: this.excerpt(holder) });
      }
      return true;
    }
    const calls = (a: AstNode) => a.type === 'CallExpression' && (a.arguments as AstNode[]).indexOf(child) >= 0;
    // `_.pick(process.env, ['HTTP_PROXY', 'HTTPS_PROXY'])`: reads the keys it names.
    const picked = calls(holder) && (holder.arguments as AstNode[])[0] === child ? this.resolve((holder.arguments as AstNode[])[1]) : undefined;
    if (picked?.kind === 'array' && /(^|\.)pick$/.test(qualifiedName(this.resolve(holder.callee)) ?? (holder.callee.property?.name as string | undefined) ?? '')) {
      for (const item of picked.items) if (item?.kind === 'string' && !item.partial) this.envReads.push({ name: item.value, line: this.lineOf(holder), excerpt: this.excerpt(holder) });
      return true;
    }
    if (calls(holder) && qualifiedName(this.resolve(holder.callee)) === 'Object.assign' && (holder.arguments as AstNode[]).indexOf(child) >= 1) {
      return !this.serialisedAbove(ancestors.slice(0, at + 2));
    }
    for (let i = at, n = 0; i >= 0 && n < 4; i--, n++) {
      const a = ancestors[i]!;
      if (a.type === 'Property') return (a.key.name ?? a.key.value) === 'env';
      if (a.type !== 'CallExpression' && a.type !== 'LogicalExpression' && a.type !== 'ConditionalExpression') return false;
    }
    return false;
  }

  private serialisedAbove(ancestors: AstNode[]): boolean {
    for (let i = ancestors.length - 3, n = 0; i >= 0 && n < 6; i--, n++) {
      const a = ancestors[i]!;
      if (a.type === 'CallExpression') {
        const name = qualifiedName(this.resolve(a.callee));
        return name !== undefined && (/^(JSON\.stringify|querystring\.stringify|Buffer\.from|btoa)$/.test(name) || isNetworkCall(name));
      }
      if (FUNCTION_TYPES.has(a.type)) return false;
    }
    return false;
  }

  private visitString(node: AstNode, ancestors: AstNode[]): void {
    const value = node.value as string;
    const raw = (node.raw as string) ?? '';
    this.stringChars += raw.length;
    // Only escapes of printable ASCII hide anything: obfuscators write 'require' as '\x72\x65…', while
    // Unicode tables (identifier ranges, emoji regexes) escape non-ASCII code points nobody could type.
    const escapes = raw.match(/\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/g)?.filter((e) => {
      const code = parseInt(e.slice(2), 16);
      return code >= 0x20 && code < 0x7f;
    });
    if (escapes) this.escapedChars += escapes.reduce((n, e) => n + e.length, 0);
    if (value.length >= 64 && ENCODED_STRING.test(value)) this.longestEncoded = Math.max(this.longestEncoded, value.length);
    if (this.strings.length < 5000) {
      const holder = value.length < 300 ? holderOf(ancestors) : undefined;
      this.strings.push({ value: value.slice(0, 4096), line: this.lineOf(node), ...(holder !== undefined ? { holder } : {}) });
    }
  }

  private feedCollectors(ancestors: AstNode[], feed: (dep: Dependency) => void): void {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const dep = this.collectors.get(ancestors[i]!);
      if (dep) feed(dep);
    }
  }

  /**
   * How the node at the end of `ancestors` repeats on its own, and which named function it belongs to.
   * Anonymous callbacks are transparent (their code runs where they are written), except the callback
   * of setInterval, which repeats. A named function is a boundary: whether it repeats is decided later
   * from who calls it.
   */
  private repetitionContext(ancestors: AstNode[]): { fn: string | undefined; repetition: Repetition | undefined } {
    for (let i = ancestors.length - 2; i >= 0; i--) {
      const node = ancestors[i]!;
      const child = ancestors[i + 1]!;
      if (LOOP_TYPES.has(node.type)) {
        const kind = loopKind(node, child, (n) => qualifiedName(this.resolve(n)));
        if (kind) return { fn: undefined, repetition: kind };
      } else if (FUNCTION_TYPES.has(node.type)) {
        const parent = ancestors[i - 1];
        if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && (parent.arguments as AstNode[]).includes(node)) {
          const callee = qualifiedName(this.resolve(parent.callee));
          if (callee !== undefined && TIMER_CALLEES.has(callee)) return { fn: undefined, repetition: 'timer' };
        }
        const name = functionName(node, ancestors.slice(0, i + 1));
        if (name !== undefined) return { fn: name, repetition: undefined };
      }
    }
    return { fn: undefined, repetition: undefined };
  }

  /** Named functions that run repeatedly: called from a repeating site, from a repeating function, or by themselves. */
  private repeatedFunctions(): Map<string, Repetition> {
    const repeated = new Map<string, Repetition>();
    for (let round = 0, changed = true; changed && round < 20; round++) {
      changed = false;
      for (const ref of this.references) {
        if (repeated.has(ref.to)) continue;
        const kind: Repetition | undefined =
          ref.from === ref.to ? 'recursion' : ref.repetition ?? (ref.from !== undefined && repeated.has(ref.from) ? 'called-repeatedly' : undefined);
        if (kind) {
          repeated.set(ref.to, kind);
          changed = true;
        }
      }
    }
    return repeated;
  }

  /** Functions and variables whose value comes from randomness, directly or through each other. */
  private randomNames(): Set<string> {
    const random = new Set<string>();
    const all = [...this.functionDeps.entries(), ...this.variableDeps.entries()];
    for (let round = 0, changed = true; changed && round < 20; round++) {
      changed = false;
      for (const [name, dep] of all) {
        if (random.has(name)) continue;
        if (dep.directRandom || [...dep.names].some((n) => n !== name && random.has(n))) {
          random.add(name);
          changed = true;
        }
      }
    }
    return random;
  }

  private lineOf(node: AstNode): number {
    return this.lines.line(node.start);
  }

  private excerpt(node: AstNode): string {
    return safeLine(this.source.slice(node.start, Math.min(node.end, node.start + 400)), 160);
  }
}

function loopKind(loop: AstNode, child: AstNode, calleeName: (n: AstNode) => string | undefined): Repetition | undefined {
  if (child !== loop.body) return undefined; // code in the test/update/iterable part is not the repeated body
  if (loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement') return isConstantTruthy(loop.test) ? 'unbounded-loop' : undefined;
  if (loop.type === 'ForStatement') {
    if (!loop.test || isConstantTruthy(loop.test)) return 'unbounded-loop';
    // `for (let i = 0; i < 500; i++)`: a counted batch. Retry loops count to a handful and do not qualify.
    const bound = loop.test.type === 'BinaryExpression' && /^<=?$/.test(loop.test.operator) ? loop.test.right : undefined;
    if (bound?.type === 'Literal' && typeof bound.value === 'number' && bound.value >= 10) return 'counted-loop';
    return undefined;
  }
  if (loop.type === 'ForOfStatement' && loop.right.type === 'CallExpression') {
    const name = calleeName(loop.right.callee);
    if (name !== undefined && TIMER_CALLEES.has(name)) return 'timer';
  }
  return undefined;
}

function isConstantTruthy(test: AstNode): boolean {
  if (test.type === 'Literal') return Boolean(test.value);
  if (test.type === 'UnaryExpression' && test.operator === '!' && test.argument.type === 'Literal') return !test.argument.value;
  return false;
}

function functionName(node: AstNode, ancestors: AstNode[]): string | undefined {
  if (node.id?.name) return node.id.name as string;
  const parent = ancestors[ancestors.length - 2];
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left.name;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition') && !parent.computed) return parent.key.name ?? undefined;
  return undefined;
}

/** Names a parameter list (or a destructuring pattern) binds. */
function paramNames(params: AstNode[]): string[] {
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
function holderOf(ancestors: AstNode[]): string | undefined {
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

function importedName(spec: AstNode): string {
  return (spec.imported?.name ?? spec.imported?.value ?? 'default') as string;
}

function memberOf(value: StaticValue | undefined, property: string): StaticValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'module') {
    // `import cp from 'child_process'` and `require('x').default` are the module itself.
    if (property === 'default') return value;
    return { kind: 'member', module: value.name, path: [property] };
  }
  if (value.kind === 'member') return { kind: 'member', module: value.module, path: [...value.path, property] };
  if (value.kind === 'global') {
    if (value.path.length === 0) return KNOWN_GLOBALS.has(property) ? { kind: 'global', path: GLOBAL_ALIASES.has(property) ? [] : [property] } : { kind: 'global', path: [property] };
    if (value.path.length >= 4) return undefined;
    return { kind: 'global', path: [...value.path, property] };
  }
  return undefined;
}

/** `child_process.exec`, `fs.promises.writeFile`, `eval`, `execa`; undefined for anything unresolved. */
export function qualifiedName(value: StaticValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'module') return value.name;
  if (value.kind === 'member') return [value.module, ...value.path].join('.');
  if (value.kind === 'global') return value.path.length > 0 ? value.path.join('.') : undefined;
  return undefined;
}

function normalizeModule(name: string): string {
  const bare = name.startsWith('node:') ? name.slice(5) : name;
  if (bare === 'fs/promises') return 'fs.promises';
  if (bare === 'timers/promises') return 'timers.promises';
  return bare;
}

function isPartial(value: StaticValue | undefined): boolean {
  return value?.kind === 'string' && value.partial;
}

/** Deepest bracket nesting, counted naively (strings included): only a guard against pathological input. */
function bracketNesting(source: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

function longestLine(source: string, maxChars: number): number {
  let longest = 0;
  let start = 0;
  const end = Math.min(source.length, maxChars);
  for (let i = source.indexOf('\n'); i !== -1 && i < end; i = source.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
  }
  return Math.max(longest, end - start);
}

// ---- shared readings of calls ---------------------------------------------------------------

const COMMAND_RUNNERS = /^(child_process\.(exec|execSync|spawn|spawnSync|execFile|execFileSync|fork)|execa(\.(execa|execaSync|execaCommand|execaCommandSync|command|commandSync|sync|\$))?|cross-spawn(\.sync)?|shelljs\.exec|zx\.\$|child-process-promise\.(exec|spawn)|Bun\.spawn(Sync)?)$/;
const SHELL_STRING_RUNNERS = /^(child_process\.(exec|execSync)|shelljs\.exec|zx\.\$|execa\.(execaCommand|execaCommandSync|command|commandSync|\$)|child-process-promise\.exec)$/;
const NETWORK_CALLEES = /^(https?\.(get|request)|http2\.connect|net\.(connect|createConnection|Socket)|tls\.connect|dns\.(lookup|resolve\w*|promises\.\w+)|dgram\.createSocket|fetch|XMLHttpRequest|WebSocket|ws|(axios|got|node-fetch|request|undici|superagent|needle|phin|ky|cross-fetch|isomorphic-fetch|make-fetch-happen|npm-registry-fetch)(\..+)?)$/;
const DYNAMIC_CODE_CALLEES = /^(eval|Function|vm\.(runInThisContext|runInNewContext|runInContext|Script|compileFunction|SourceTextModule))$/;

/** Calls that run a program: child_process and the libraries that wrap it. */
export function isCommandRunner(callee: string): boolean {
  return COMMAND_RUNNERS.test(callee);
}

/** The command line a runner call executes, as far as it is known: `npm publish --tag …`. */
export function commandOfCall(call: JsCall): string | undefined {
  if (!isCommandRunner(call.callee)) return undefined;
  const first = commandText(call.args[0]);
  if (SHELL_STRING_RUNNERS.test(call.callee)) return first;
  if (call.callee === 'child_process.fork') return first !== undefined ? `node ${first}` : undefined;
  // `spawn('npm', ['publish'])`, `execa('npm', ['publish'])`, `Bun.spawn(['npm', 'publish'])`.
  if (call.args[0]?.kind === 'array') return first;
  const rest = call.args[1]?.kind === 'array' ? commandText(call.args[1]) : undefined;
  if (first === undefined) return rest !== undefined ? `… ${rest}` : undefined;
  return rest !== undefined ? `${first} ${rest}` : first;
}

export function isNetworkCall(callee: string): boolean {
  return NETWORK_CALLEES.test(callee);
}

/** eval, Function, vm.*: code built from data. */
export function isDynamicCodeCall(callee: string): boolean {
  return DYNAMIC_CODE_CALLEES.test(callee);
}

export interface ObfuscationAssessment {
  obfuscated: boolean;
  reasons: string[];
}

/**
 * Obfuscated, not merely minified: minifiers shorten names but keep strings readable and never
 * evaluate decoded text. Obfuscators leave `_0x…` identifiers, escape-encoded strings, and
 * decode-then-eval stages.
 */
export function assessObfuscation(analysis: JsAnalysis): ObfuscationAssessment {
  if (analysis.mode !== 'ast') return { obfuscated: false, reasons: [] };
  const m = analysis.metrics;
  const reasons: string[] = [];
  if (m.hexIdentifierCount >= 8 && m.hexIdentifierCount / Math.max(1, m.identifierCount) >= 0.2) {
    reasons.push(`${m.hexIdentifierCount} of ${m.identifierCount} identifiers shaped like _0x…`);
  }
  if (m.escapedStringRatio >= 0.5 && m.codeBytes >= 200) reasons.push(`${Math.round(m.escapedStringRatio * 100)}% of string text written as \\x/\\u escapes`);
  // `Function('return this')` is a constant idiom, not code built from data.
  const dynamic = analysis.calls.filter((c) => isDynamicCodeCall(c.callee) && (c.decodedArgument || !(c.args.length > 0 && c.args.every((a) => a?.kind === 'string' && !a.partial))));
  if (dynamic.some((c) => c.decodedArgument)) reasons.push('evaluates a decoded string');
  else if (m.longestEncodedStringBytes >= 1000 && dynamic.length > 0) reasons.push(`${m.longestEncodedStringBytes}-character encoded string beside ${dynamic[0]!.callee}()`);
  return { obfuscated: reasons.length > 0, reasons };
}
