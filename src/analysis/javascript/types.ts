/**
 * The data the JavaScript analyser hands to detectors, and the caps it runs under. Only types and
 * constants: every other file of the analyser imports from here, so this one imports nothing.
 */
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
  /** The function's name is hidden in the callee (escapes, a decoder, pieces, a reflective lookup): see disguise.ts. */
  disguise?: string;
  /** For a network call given an options object (`{ host, path }`): the URL it names, when the host is known. */
  requestUrl?: string;
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
  /** `const { data } = await call()`: the names a destructuring pattern takes the value apart into. */
  destructured?: string[];
  /** Names the arguments use only as `name.KEY` (`fetch(u, { proxy: env.HTTPS_PROXY })`: env). */
  keyedNames?: string[];
  /** Parameters of functions passed as arguments (`readFile(p, (err, data) => …)`: err, data). */
  callbackParams?: string[];
  /** The named function the call is written in; undefined at the top level or in anonymous code. */
  scope?: string;
  /** In a function that runs only when called later (assigned, exported, a method), not a callback handed to a call. */
  deferred?: true;
  /**
   * `f(a, b, 'x')`, a plain call whose arguments are all names or literals: the name at each
   * position (null for a literal), so a local function's i-th parameter receives only the i-th value.
   */
  positional?: (string | null)[];
}

/** `req.write(data)`, `res.on('data', cb)`, `axios.get(u).then(cb)`: a method on a value the resolver does not know. */
export interface JsMethodCall {
  method: string;
  /** Root identifier of the receiver (`req` for `req.write`), when it is one. */
  object?: string;
  /** Qualified callee when the receiver is itself a call (`axios.get` for `axios.get(u).then(…)`). */
  objectCallee?: string;
  /** Names a computed receiver is built from, for iteration methods (`toHex(data).match(re).forEach(…)`: toHex, data). */
  receiverNames?: string[];
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
  /** The written value is a truthy constant (`true`, a non-empty string or template, a non-zero number). */
  truthy?: true;
  /** For an image's `src` (a beacon: `new Image().src = url + data`): the names the written URL uses. */
  flow?: FlowFacts;
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
  /** Distinct identifiers of one or two characters. */
  shortIdentifierCount: number;
  /** Share of string-literal source characters written as `\xNN`/`\uNNNN` escapes. */
  escapedStringRatio: number;
  /** Longest string literal that is pure base64 or hex. */
  longestEncodedStringBytes: number;
  /** Longest run of invisible characters (variation selectors, tags, zero-width) in one string literal. */
  longestInvisibleRun: number;
}

/** Assignments kept per name: enough to see which lie inside a given function (a name with more is left unjudged). */
export const ASSIGNMENTS_KEPT = 16;

/** One assignment to a variable: where (source offset), the names its value uses, and whether it declares the variable there. */
export interface JsAssignment {
  at: number;
  from: string[];
  declares?: true;
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
  /**
   * Names that receive values computed with XOR (`out += String.fromCharCode(c ^ k)`,
   * `bytes[i] = bytes[i] ^ key.charCodeAt(i % n)`, `x ^= k`): a cipher written by hand.
   */
  xorHolders: string[];
  /** The page's cookies (`cookie`) and whole stores (`localStorage`, `sessionStorage`) used as values: see page-reads.ts. */
  pageReads: JsEnvRead[];
  strings: JsStringLiteral[];
  metrics: ObfuscationMetrics;
  /** Per variable: the identifiers its assigned values use (`x = a + b` gives x: [a, b]). */
  dataflow: Record<string, string[]>;
  /** Per variable: the names of `dataflow` it took only one named key of (`proxy = env.HTTPS_PROXY`: env). */
  keyedDataflow: Record<string, string[]>;
  /**
   * Per variable: its assignments and declarations (at most ASSIGNMENTS_KEPT, data-flow.ts), so a
   * function's own variable or parameter is told apart from another of the same name elsewhere.
   */
  assignments: Record<string, JsAssignment[]>;
  /** Per named function: its parameter names, so a call `send(data)` carries data into `send`. */
  functionParams: Record<string, string[]>;
  /** Functions of `functionParams` whose parameters are all plain names (no patterns, defaults or rest). */
  positionalFunctions: string[];
  /** Source offsets of each function of `functionParams`: its parameter names mean it only inside. */
  functionSpans: Record<string, [number, number]>;
  /** Functions the file exports, by the name other files call them with (`''`: the module itself). See exports.ts. */
  exportedFunctions: Record<string, ExportedFunction>;
  /** Names called or handed on as callbacks somewhere in the file: a function not in here is never called. */
  calledNames: string[];
  /** Named functions the top level calls, directly or through each other: they run at load. */
  loadCalled: string[];
  methodCalls: JsMethodCall[];
}

/** An exported function: its parameter names and where it is written (they mean it only there). */
export interface ExportedFunction {
  params: string[];
  span: [number, number];
  /** The function's own name in the file (`module.exports = function collect()`, `exports.x = collect`), when it has one. */
  local?: string;
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
export type AstNode = { type: string; start: number; end: number; [key: string]: any };

/** Function nodes: their code runs where they are called, so several readings stop at them. */
export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
