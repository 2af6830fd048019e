/**
 * Harvests: a function that lists a folder, calls itself for the folders inside, and reads every
 * file it finds, started on the user's home folder (or the root, a drive). Stealers that take
 * "everything that looks like a secret" walk the home folder with a list of name patterns loaded
 * from a file of their own (logger-daemon-regex's secret_filename_patterns.json, 2026): no path in the
 * code names a credential file, so only the walk shows what is read. The contents it returns are a
 * source like a credential file.
 *
 * The walk and its start are often in two files (`collect(os.homedir())` in an agent, `collect(home)`
 * exported by lib/scan.js): an export that runs a walk on its parameter is summarised, and its call
 * from another file with the home folder is the source there. Build tools walk and read too, but
 * folders their caller names or the project's (`$CWD/src`): a fixed root in the user's files is what
 * no library has a reason to start from.
 */
import type { FlowFacts, JsAstAnalysis, JsCall } from '../javascript/index.js';
import { stringValue } from '../javascript/static-values.js';
import { FOLDER_LISTS, normalizeRoot, USER_ROOT } from './wiper.js';
import { within } from './spans.js';

/** A source of the behaviour model (model.ts's Source, written out here so the model can import this file). */
export interface HarvestSource {
  kind: 'credential-file';
  what: string;
  line: number;
  excerpt: string;
  flow?: FlowFacts;
}

/** Calls that read a file's contents (not its existence or size). */
const READS_CONTENT = /^fs\.(?:readFileSync|readFile|promises\.readFile|createReadStream)$|^fs-extra\.(?:readFile|readFileSync|readJson|readJsonSync)$/;

/** Named functions that list a folder, call themselves and read the files they find: name → the reading call. */
export function harvesters(analysis: JsAstAnalysis, usable: (name: string) => boolean): Map<string, JsCall> {
  const found = new Map<string, JsCall>();
  if (!analysis.calls.some((c) => FOLDER_LISTS.test(c.callee))) return found;
  const byScope = new Map<string, JsCall[]>();
  for (const call of analysis.calls) {
    const scope = call.flow?.scope;
    if (scope !== undefined) byScope.set(scope, [...(byScope.get(scope) ?? []), call]);
  }
  for (const [fn, calls] of byScope) {
    if (!usable(fn) || !calls.some((c) => FOLDER_LISTS.test(c.callee)) || !calls.some((c) => c.callee === `local:${fn}`)) continue;
    const read = calls.find((c) => READS_CONTENT.test(c.callee));
    if (read) found.set(fn, read);
  }
  return found;
}

/** The home folder, the root or a drive, as the resolver writes a call's first argument; undefined otherwise. */
export function userRootOf(call: JsCall): string | undefined {
  const root = normalizeRoot(stringValue(call.args[0]));
  return root !== undefined && USER_ROOT.test(root) ? root : undefined;
}

/** A harvester of this file started on the user's files: what it reads is a source. */
export function harvestSources(analysis: JsAstAnalysis, usable: (name: string) => boolean): HarvestSource[] {
  const walks = harvesters(analysis, usable);
  const sources: HarvestSource[] = [];
  for (const [fn, read] of walks) {
    const start = analysis.calls.find((c) => c.callee === `local:${fn}` && c.flow?.scope !== fn && userRootOf(c) !== undefined);
    if (!start) continue;
    sources.push({ kind: 'credential-file', what: `every file under ${userRootOf(start)} (${fn}() lists folders, calls itself and reads each file, started at line ${start.line})`, line: read.line, excerpt: read.excerpt, ...(read.flow ? { flow: read.flow } : {}) });
  }
  return sources.slice(0, 5);
}

/** Exports of one file that run a harvester on what they are handed: export name → the harvester. */
export function harvestingExports(analysis: JsAstAnalysis, usable: (name: string) => boolean): Map<string, string> {
  const walks = harvesters(analysis, usable);
  const found = new Map<string, string>();
  if (walks.size === 0) return found;
  for (const [name, fn] of Object.entries(analysis.exportedFunctions ?? {})) {
    if (fn.params.length === 0) continue;
    const walker = fn.local !== undefined && walks.has(fn.local) ? fn.local : [...walks.keys()].find((w) => analysis.calls.some((c) => c.callee === `local:${w}` && c.flow !== undefined && within(c.flow.span, fn.span)));
    if (walker !== undefined) found.set(name, walker);
  }
  return found;
}
