/**
 * Flows that cross files. A stealer split in two keeps the secret in one file and the request in
 * another: `require('./queue').addToQueue(secretKey)` in index.js, and in queue.js an exported
 * `addToQueue(value)` that posts `value` to a host. Read alone, neither file has a flow.
 *
 * Each file that exports functions is summarised once: which exports send what they are handed
 * (a parameter reaching a request inside the function, or inside a local helper it hands it to).
 * A call of such an export from another file of the package is then a request of the calling file,
 * with the sender's destination and host, and the caller's sources and key names are followed into
 * it as into any request (model.ts). One step across files: a chain of forwarding modules is not
 * followed. The other way round (an export returning a secret it read, sent by its caller) is not
 * followed: in real packages such values are configuration and paths far more often than theft
 * (renovate's getEnv(), a socket path built from the user name), and the sweeps flagged them. The
 * one exception is an export that walks the folder it is handed and reads every file, called with
 * the home folder (importedHarvests, harvest.ts): no configuration is read that way.
 */
import type { JsAstAnalysis, ExportedFunction, FlowFacts } from '../javascript/index.js';
import { feeds, findSinks, own, taint, usableNames, within, type Sink, type Source } from './model.js';
import { userRootOf } from './harvest.js';

/** Exports of one file that send their arguments: export name → the request they make, and which arguments reach it. */
export type SendingExports = Map<string, { sink: Sink; sent: number[] }>;

const summaries = new WeakMap<JsAstAnalysis, SendingExports>();

export function sendingExports(analysis: JsAstAnalysis): SendingExports {
  const known = summaries.get(analysis);
  if (known) return known;
  const found: SendingExports = new Map();
  const exported = Object.entries(analysis.exportedFunctions ?? {});
  const requests = exported.length > 0 ? findSinks(analysis).filter((s) => (s.kind === 'network' || s.kind === 'dns') && s.flow !== undefined) : [];
  if (requests.length > 0) {
    for (const [name, fn] of exported) {
      const sink = sentParameter(analysis, fn.params, fn, requests);
      if (!sink) continue;
      // Which parameters reach it: a JWT helper sends the claims it is handed, never the key it signs with.
      const sent = fn.params.length === 1 ? [0] : fn.params.flatMap((p, i) => (sentParameter(analysis, [p], fn, requests) ? [i] : []));
      found.set(name, { sink, sent });
    }
  }
  summaries.set(analysis, found);
  return found;
}

/** The request an exported function's parameters reach, if one does. */
function sentParameter(analysis: JsAstAnalysis, params: string[], fn: ExportedFunction, requests: Sink[]): Sink | undefined {
  if (params.length === 0) return undefined;
  const tainted = taint(analysis, params, usableNames(analysis));
  // Parameter names are followed by name, so a request elsewhere in the file that uses the same names
  // proves nothing: the request is inside the function, or in a local helper the function itself calls
  // with those values (`normalizeRegistry(registry)` returning its argument sends nothing).
  const handedTo = new Set(analysis.calls.filter((c) => c.callee.startsWith('local:') && c.flow !== undefined && within(c.flow.span, fn.span) && c.flow.argNames.some((n) => tainted.has(n))).map((c) => c.callee.slice(6)));
  const flushers = batchFlushers(analysis, fn, tainted);
  return requests.find((sink) => {
    const scope = sink.flow!.scope;
    const inside = within(sink.flow!.span, fn.span) || (scope !== undefined && ((handedTo.has(scope) && (own(analysis.functionParams, scope) ?? []).some((p) => tainted.has(p))) || flushers.has(scope)));
    return inside && feeds(undefined, sink, tainted, analysis) !== undefined;
  });
}

/**
 * A batching sender: the export pushes what it is handed into a module-level queue and sets a timer
 * (or calls a function) that sends the queue later (`queue.push({ d: material }); setTimeout(flush,
 * 1500)`, telemetry.js of a backdoored wallet SDK). The functions the export calls or hands on, when
 * a collection it wrote the parameters into is what they send.
 */
function batchFlushers(analysis: JsAstAnalysis, fn: ExportedFunction, tainted: Set<string>): Set<string> {
  const collected = analysis.methodCalls.some((m) => m.object !== undefined && /^(push|unshift|set|add|append)$/.test(m.method) && within(m.flow.span, fn.span) && m.flow.argNames.some((n) => tainted.has(n)));
  if (!collected) return new Set();
  const named = new Set(Object.keys(analysis.functionParams));
  return new Set(analysis.calls.filter((c) => c.flow !== undefined && within(c.flow.span, fn.span)).flatMap((c) => [...(c.callee.startsWith('local:') ? [c.callee.slice(6)] : []), ...c.flow!.argNames]).filter((n) => named.has(n)));
}

/**
 * The calls of `analysis` that hand values to another file's sending export, as requests of this
 * file. `exportsOf` resolves a local module specifier from this file to that file's sending exports
 * (undefined when it is not a parsed file of the package).
 */
export function importedSends(analysis: JsAstAnalysis, exportsOf: (specifier: string) => { path: string; sends: SendingExports } | undefined): Sink[] {
  const sinks: Sink[] = [];
  for (const call of analysis.calls) {
    if (!call.flow || call.flow.argNames.length === 0 || !/^\.\.?\//.test(call.callee)) continue;
    const target = sendingTarget(call.callee, exportsOf);
    if (!target) continue;
    const { path, name, sink, sent } = target;
    const argNames = sentNames(call.flow, sent);
    if (argNames.length === 0) continue;
    sinks.push({
      ...sink,
      what: `${name === '' ? 'the function' : `${name}()`} of ${path}, which sends with ${sink.what} (line ${sink.line})`,
      line: call.line,
      excerpt: call.excerpt,
      flow: { ...call.flow, argNames, ...senderScope(analysis, call.flow.scope, name) },
    });
    if (sinks.length >= 50) break;
  }
  return sinks;
}

/** The names the caller hands to the parameters that reach the request; all its names when the arguments are not plain names. */
function sentNames(flow: FlowFacts, sent: number[]): string[] {
  if (flow.positional === undefined) return flow.argNames;
  return [...new Set(sent.flatMap((i) => (flow.positional![i] ? [flow.positional![i]!] : [])))];
}

/**
 * Where the request runs, as for a request inside a local helper: the helper is called, so the
 * request runs when the code calling it does, or as a function of the entry when that code is a
 * function nobody in the file calls (a class's constructor, a method the package's users call).
 * At the top level, or in a function the top level calls, it runs at load.
 */
function senderScope(analysis: JsAstAnalysis, scope: string | undefined, name: string): { scope?: string } {
  if (scope === undefined || analysis.loadCalled.includes(scope) || analysis.calledNames.includes(scope)) return scope === undefined ? {} : { scope };
  return { scope: `${scope} → ${name === '' ? 'export' : name}` };
}

/** The sending export a call of a local module reaches (exportCalled), with its file. */
function sendingTarget(callee: string, exportsOf: Parameters<typeof importedSends>[1]): { path: string; name: string; sink: Sink; sent: number[] } | undefined {
  let found: { path: string; name: string; sink: Sink; sent: number[] } | undefined;
  exportCalled(callee, (specifier, name) => {
    const module = exportsOf(specifier);
    const sending = module?.sends.get(name === 'default' ? '' : name);
    if (module && sending) found = { path: module.path, name, ...sending };
    return found !== undefined;
  });
  return found;
}

/**
 * Each way to read a call of a local module as (module specifier, export name), in order, until
 * `take` accepts one: `./queue.addToQueue` is export `addToQueue` of `./queue`, `./queue.js.addToQueue`
 * of `./queue.js`, and `./send` called itself is the module's own export `''`.
 */
export function exportCalled(callee: string, take: (specifier: string, name: string) => boolean): void {
  const tail = callee.lastIndexOf('/');
  const splits = [callee.length];
  for (let i = callee.indexOf('.', tail); i > tail && i >= 0; i = callee.indexOf('.', i + 1)) splits.push(i);
  for (const at of splits) if (take(callee.slice(0, at), at === callee.length ? '' : callee.slice(at + 1))) return;
}

/**
 * The calls of `analysis` that run another file's harvesting export on the user's files, as sources
 * of this file. `exportsOf` resolves a local module specifier to that file's harvesting exports.
 */
export function importedHarvests(analysis: JsAstAnalysis, exportsOf: (specifier: string) => { path: string; harvests: Map<string, string> } | undefined): Source[] {
  const sources: Source[] = [];
  for (const call of analysis.calls) {
    if (!/^\.\.?\//.test(call.callee)) continue;
    const root = userRootOf(call);
    if (root === undefined) continue;
    exportCalled(call.callee, (specifier, name) => {
      const module = exportsOf(specifier);
      const walker = module?.harvests.get(name === 'default' ? '' : name);
      if (!module || walker === undefined) return false;
      sources.push({ kind: 'credential-file', what: `every file under ${root} (${name === '' ? 'the function' : `${name}()`} of ${module.path}, whose ${walker}() lists folders, calls itself and reads each file)`, line: call.line, excerpt: call.excerpt, ...(call.flow ? { flow: call.flow } : {}) });
      return true;
    });
    if (sources.length >= 5) break;
  }
  return sources;
}
