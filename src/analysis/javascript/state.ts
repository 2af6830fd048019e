/**
 * The state of one file's walk, shared by the files of the analyser as an explicit object: the walk
 * (file-analyzer.ts), calls and writes, environment reads, data flow, repetition and the obfuscation
 * measures each record into it through free functions that take it as their first argument.
 */
import { safeLine } from '../../report/sanitize.js';
import { createLineIndex, type LineIndex } from '../../util/line-index.js';
import { readBundledModules, StaticValues } from './static-values.js';
import { readStringTables } from './string-table.js';
import { readConstantTables, readHelpers } from './fold.js';
import type { AstNode, ExportedFunction, JsAnalysisLimits, JsAssignment, JsAstAnalysis, JsCall, JsEnvRead, JsMethodCall, JsPropertyWrite, JsStringLiteral, Repetition } from './types.js';

/** Identifiers and randomness seen inside a function body, a declarator's init or an assigned value. */
export interface Dependency {
  directRandom: boolean;
  names: Set<string>;
}

export interface CallReference {
  from: string | undefined;
  to: string;
  repetition: Repetition | undefined;
  /** A call in a setInterval callback that the file's top level set going: it runs at load too. */
  timerAtTop?: true;
}

export class FileState {
  readonly lines: LineIndex;
  /** Bindings and resolution: `values.resolve(node)` is what an expression is known to be. */
  readonly values = new StaticValues();
  readonly decodingCache = new Map<string, boolean>();
  exportsApi = false;
  nodeCount = 0;
  truncated = false;
  readonly deadline: number;
  readonly imports: JsAstAnalysis['imports'] = [];
  readonly calls: (JsCall & { fn: string | undefined })[] = [];
  readonly propertyWrites: (JsPropertyWrite & { dependency: Dependency })[] = [];
  readonly envReads: JsEnvRead[] = [];
  readonly pageReads: JsEnvRead[] = [];
  readonly xorHolders = new Set<string>();
  readonly strings: JsStringLiteral[] = [];
  readonly dataflow = new Map<string, Set<string>>();
  readonly keyedDataflow = new Map<string, Set<string>>();
  /** Each variable's assignments and declarations (the first few): where, and from which names. */
  readonly assignments = new Map<string, JsAssignment[]>();
  readonly functionParams = new Map<string, string[]>();
  /** Functions whose parameters are all plain names, so the i-th argument lands in the i-th name. */
  readonly positionalFunctions = new Set<string>();
  /** Where each named function of `functionParams` is written: its parameters exist only there. */
  readonly functionSpans = new Map<string, [number, number]>();
  readonly methodCalls: JsMethodCall[] = [];
  /** Exports by name: a function written in place, or the name of one of the file's functions (exports.ts). */
  readonly exported = new Map<string, ExportedFunction | string>();
  readonly identifiers = new Set<string>();
  readonly hexIdentifiers = new Set<string>();
  escapedChars = 0;
  stringChars = 0;
  longestEncoded = 0;
  longestInvisible = 0;
  readonly references: CallReference[] = [];
  /** Names of functions defined as methods or object properties (`send() {…}`, `{ send: function () {…} }`). */
  readonly methodNames = new Set<string>();
  /** Method calls (`x.send()`) by property name, from where: calls of the file's methods when the name is one. */
  readonly memberCallRefs: CallReference[] = [];
  readonly functionDeps = new Map<string, Dependency>();
  readonly variableDeps = new Map<string, Dependency>();
  /** Nodes whose subtree feeds a Dependency (function bodies, declarator inits, assigned values). */
  readonly collectors = new Map<AstNode, Dependency>();

  constructor(
    readonly source: string,
    readonly program: AstNode,
    readonly sourceType: 'module' | 'script',
    readonly limits: JsAnalysisLimits,
  ) {
    this.lines = createLineIndex(source);
    readBundledModules(source, this.values.bundledModules);
    // javascript-obfuscator's string array (top-level functions only, a bounded look at each).
    this.values.stringTables = readStringTables(program);
    this.values.helpers = readHelpers(program);
    // Tables matter only to a helper that may read them.
    if (this.values.helpers.size > 0) this.values.constantTables = readConstantTables(program);
    this.deadline = Date.now() + limits.maxMillis;
  }

  /**
   * Collectors among the nodes the walk is inside, innermost last: kept as the walk enters and
   * leaves them, so an identifier feeds them without looking its ancestors up one by one.
   */
  readonly openCollectors: Dependency[] = [];

  /**
   * Adds a name to every collector the walk is inside. A loop, not a callback: it runs for every
   * identifier of every parsed file, and a closure per identifier was the walk's largest allocation.
   */
  feedName(name: string): void {
    for (let i = this.openCollectors.length - 1; i >= 0; i--) this.openCollectors[i]!.names.add(name);
  }

  /** Marks every collector the walk is inside as holding a random value. */
  feedRandom(): void {
    for (let i = this.openCollectors.length - 1; i >= 0; i--) this.openCollectors[i]!.directRandom = true;
  }

  lineOf(node: AstNode): number {
    return this.lines.line(node.start);
  }

  excerpt(node: AstNode): string {
    return safeLine(this.source.slice(node.start, Math.min(node.end, node.start + 400)), 160);
  }
}
