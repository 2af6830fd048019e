/**
 * Shared readings of calls: which qualified callees run programs, reach the network or build code
 * from data. Several detectors and the behaviour model ask the same questions of `JsCall`s.
 */
import { commandText } from './static-values.js';
import type { JsCall } from './types.js';

const COMMAND_RUNNERS = /^(child_process\.(exec|execSync|spawn|spawnSync|execFile|execFileSync|fork)|execa(\.(execa|execaSync|execaCommand|execaCommandSync|command|commandSync|sync|\$))?|cross-spawn(\.sync)?|shelljs\.exec|zx\.\$|child-process-promise\.(exec|spawn)|Bun\.spawn(Sync)?|[Bb]un\.\$|Deno\.(run|Command))$/;
const SHELL_STRING_RUNNERS = /^(child_process\.(exec|execSync)|shelljs\.exec|zx\.\$|[Bb]un\.\$|execa\.(execaCommand|execaCommandSync|command|commandSync|\$)|child-process-promise\.exec)$/;
const NETWORK_CALLEES = /^(https?\.(get|request)|http2\.connect|net\.(connect|createConnection|Socket)|tls\.connect|dns\.(lookup|resolve\w*|promises\.\w+)|dgram\.createSocket|fetch|XMLHttpRequest|WebSocket|ws|socket\.io-client(\.(io|connect|default))?|(axios|got|node-fetch|request|undici|superagent|needle|phin|ky|cross-fetch|isomorphic-fetch|make-fetch-happen|npm-registry-fetch)(\..+)?)$/;
const DYNAMIC_CODE_CALLEES = /^(eval|Function|vm\.(runInThisContext|runInNewContext|runInContext|Script|compileFunction|SourceTextModule)|module\.(prototype\.|Module\.(prototype\.)?)?_compile)$/;

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

/** eval, Function, vm.*, Node's `Module#_compile`: code built from data. */
export function isDynamicCodeCall(callee: string): boolean {
  return DYNAMIC_CODE_CALLEES.test(callee);
}

/** `new Worker(code, { eval: true })`: a worker thread started from a string of code, not a file. */
export function isWorkerEval(call: JsCall): boolean {
  return call.callee === 'worker_threads.Worker' && /\beval\s*:\s*(?:true|!0)\b/.test(call.excerpt);
}
