/**
 * Parsing under caps: a file is parsed with acorn (module first, then script) only when it is under
 * the byte and bracket-nesting caps; otherwise, or when it does not parse, the result says why
 * (`mode: 'tokens'`) and detectors fall back to `searchTokens`. Parses are shared between detectors
 * through a cache keyed by the files view, the path and the limits.
 */
import { lazyModule } from '../../util/lazy-module.js';
import { safeLine } from '../../report/sanitize.js';
import { createLineIndex } from '../../util/line-index.js';
import { LiteralGate } from '../../util/literal-gate.js';
import { analyzeProgram } from './file-analyzer.js';
import { longestLine } from './obfuscation.js';
import { DEFAULT_JS_LIMITS, type AstNode, type JsAnalysis, type JsAnalysisLimits, type JsTokenAnalysis } from './types.js';

// Parsing is about a fifth of a cold scan's detector-thread CPU, but no other parser here is faster:
// over 34.5 MB of real package code, module then script as below, acorn 8.19 ran at 13 MB/s,
// meriyah 7.4 at 12 MB/s and oxc-parser 0.160 (native, its AST handed back to JavaScript) at 10 MB/s
// (2026-12-06).
const acorn = lazyModule<typeof import('acorn')>('acorn');

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
  const key = `${limitsKey(limits, source)}\0${path}`;
  const known = perFiles.get(key);
  if (known) return known;
  const analysis = analyzeJavaScript(source, limits);
  perFiles.set(key, analysis);
  return analysis;
}

/**
 * The parse cap matters only to a file over it: a file within every detector's cap reads alike
 * under each, so it is parsed once (worm-payload, the behaviour model and install-scripts ask with
 * three caps, and parsed most files three times).
 */
function limitsKey(limits: JsAnalysisLimits, source: string): string {
  const cap = source.length <= limits.maxParseBytes && Buffer.byteLength(source) <= limits.maxParseBytes ? 'fits' : limits.maxParseBytes;
  return `${cap}/${limits.maxTokenScanBytes}/${limits.maxNestingDepth}/${limits.maxNodes}/${limits.maxMillis}`;
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
      program = acorn().parse(source, {
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
    return analyzeProgram(source, program, sourceType, limits);
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
  const entries = Object.entries(patterns);
  const possible = gateOf(entries.map(([, pattern]) => pattern)).candidates(scanned);
  if (!possible.includes(true)) return [];
  const lines = createLineIndex(scanned);
  const hits: TokenHit[] = [];
  entries.forEach(([token, pattern], index) => {
    if (!possible[index]) return;
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    let count = 0;
    for (let m = global.exec(scanned); m && count < maxHitsPerToken; m = global.exec(scanned)) {
      if (m[0].length === 0) global.lastIndex++;
      count++;
      hits.push({ token, line: lines.line(m.index), excerpt: safeLine(m[0], 160) });
    }
  });
  return hits.sort((a, b) => a.line - b.line);
}

const gates = new Map<string, LiteralGate>();

/**
 * The literal prefilter of a pattern set (util/literal-gate.ts): most files match none of a token
 * search's patterns, and one pass over the literals rules them out before any pattern runs.
 */
function gateOf(patterns: RegExp[]): LiteralGate {
  const key = patterns.map((p) => `${p.flags}/${p.source}`).join('\n');
  let gate = gates.get(key);
  if (!gate) {
    gate = new LiteralGate(patterns);
    // Pattern sets are the callers' constants; the bound only guards against a caller building new ones.
    if (gates.size >= 64) gates.clear();
    gates.set(key, gate);
  }
  return gate;
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
