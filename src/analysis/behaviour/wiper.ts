/**
 * Wipers: code that walks directories and destroys what it finds, rooted where the user's files are.
 * node-ipc 10.1.1 (peacenotwar, 2022) walked `./`, `../`, `../../` and the desktop and wrote a heart
 * over every file for machines in Russia or Belarus; later protestware and sabotage packages do the
 * same with `unlink`/`rm`. The shape is a function that lists a folder (`readdir`), calls itself for
 * sub-folders, and overwrites each file with a constant or deletes it, started on the home folder,
 * the file system's root or the working folder's parents. rimraf and its kin walk and delete too,
 * but a folder their caller names, never a fixed one of the user's; a cache cleaner's fixed root is
 * its own folder (`~/.cache/tool`), which does not count.
 */
import type { FlowFacts, JsAstAnalysis, JsCall } from '../javascript/index.js';
import { stringValue } from '../javascript/static-values.js';
import { destroyedRoot, parseShell } from '../shell.js';
import { within } from './spans.js';

/** Where a walk is started (a Spot of model.ts, written out here so the model can import this file). */
export interface Wipe {
  line: number;
  excerpt: string;
  what: string;
  /** The fixed folder the walk starts from, as the resolver writes it (`~`, `/`, `$CWD/../..`). */
  root: string;
  /** The named function the walk is started from, if any (for its reach). */
  scope?: string;
  /** The file asks an IP geolocation service where the machine is: damage aimed at a country. */
  geoGated: boolean;
  /** The file compares today with a fixed date: a time bomb. */
  timeGated?: true;
  /** Started by a message that arrives on a connection (`ws.on('message', …)`): a kill switch someone else pulls. */
  remoteTriggered?: true;
  /** The walk or command starts in the working folder (`$CWD/src`, `rm -rf *`): the user's project when the project's code runs it, the package's own folder at install or in its tests. */
  project?: true;
}

/** The programs `destroyedRoot` reads: a literal naming none of them is no command worth parsing. */
const DESTROY_WORD = /\b(?:rm|rd|rmdir|del|remove-item|shred|format|mkfs)\b/i;
/** Calls that list a folder's entries (harvest.ts reads walks too). */
export const FOLDER_LISTS = /^fs\.(readdirSync|readdir|promises\.readdir)$/;
const DELETES = /^(fs\.(unlinkSync|unlink|rmSync|rm|rmdirSync|rmdir|truncateSync|truncate|promises\.(unlink|rm|truncate))|(fs-extra|rimraf)\.\w+)$/;
const WRITES = /^fs\.(writeFileSync|writeFile|promises\.writeFile)$/;
/** The user's files: home (and its desktop and documents), the root, a drive, or two or more folders above the working one. */
export const USER_ROOT = /^(~|\$HOME|\/|\/home|\/Users|[A-Za-z]:[\\/]?|~[\\/](Desktop|Documents|OneDrive)|\$CWD([\\/]\.\.){2,})[\\/]*$/;
/** The working folder or a folder inside it, named in full (`$CWD`, `$CWD/src`). */
const PROJECT_ROOT = /^\$CWD(?:[\\/](?!\.\.)[^\\/…]+)*$/;
const GEOLOCATION = /\b(ipgeolocation\.io|ip-api\.com|ipinfo\.io|ipapi\.co|geolocation-db\.com|freegeoip\.\w+|ip2location\.\w+|extreme-ip-lookup\.com|ipwhois\.app|ipwho\.is|geoplugin\.net)\b/i;

/** What the whole file says about when a wipe fires: after asking where the machine is, or on a fixed day. */
function gatesOf(analysis: JsAstAnalysis): Pick<Wipe, 'geoGated' | 'timeGated'> {
  return { geoGated: analysis.strings.some((s) => GEOLOCATION.test(s.value)), ...(timeGated(analysis) ? { timeGated: true as const } : {}) };
}

/** `usable`: whether a function name can be followed (minified code reuses short names in every scope). */
export function findWipes(analysis: JsAstAnalysis, usable: (name: string) => boolean): Wipe[] {
  const byScope = new Map<string, JsCall[]>();
  for (const call of analysis.calls) {
    const scope = call.flow?.scope;
    if (scope !== undefined) byScope.set(scope, [...(byScope.get(scope) ?? []), call]);
  }
  const gates = gatesOf(analysis);
  const wipes: Wipe[] = [];
  for (const [fn, calls] of byScope) {
    if (!usable(fn)) continue;
    const destroy = walksAndDestroys(fn, calls);
    if (!destroy) continue;
    const walks = calls.some((c) => c.callee === `local:${fn}`);
    for (const start of analysis.calls) {
      if (start.callee !== `local:${fn}` || start.flow?.scope === fn) continue;
      const wipe = wipeStarted(analysis, { fn, destroy, walks }, start);
      if (wipe) wipes.push({ ...wipe, ...gates });
    }
  }
  return wipes.slice(0, 5);
}

/** The wipe a call of the destroying function `fn` starts, when its root is the user's files or project. */
function wipeStarted(analysis: JsAstAnalysis, destroyer: { fn: string; destroy: JsCall; walks: boolean }, start: JsCall): Omit<Wipe, 'geoGated' | 'timeGated'> | undefined {
  const { fn, destroy, walks } = destroyer;
  const root = normalizeRoot(stringValue(start.args[0]));
  const project = root !== undefined && projectWipe(root, destroy);
  if (root === undefined || !(USER_ROOT.test(root) || project)) return undefined;
  const remote = triggeredRemotely(analysis, start);
  // Without the walk, entries deleted whole from the working folder are also what a pruner does to
  // what it keeps there (a CLI removing its stale skills): only a command from a connection makes it a wipe.
  if (!walks && !USER_ROOT.test(root) && !remote) return undefined;
  const how = walks ? 'which lists folders and calls itself' : 'which deletes each entry of a folder whole';
  const what = `${WRITES.test(destroy.callee) ? 'overwrites' : 'deletes'} every file under ${root} (${destroy.callee}() in ${fn}, ${how})`;
  return { line: start.line, excerpt: start.excerpt, what, root, ...(start.flow?.scope !== undefined ? { scope: start.flow.scope } : {}), ...(remote ? { remoteTriggered: true as const } : {}), ...(project ? { project: true as const } : {}) };
}

/**
 * Whether a call runs inside a handler of messages arriving on a connection: written in the
 * `.on('message' | 'data', …)` call, or a named function handed to it.
 */
function onMessage(analysis: JsAstAnalysis, call: { flow?: FlowFacts }): boolean {
  const span = call.flow?.span;
  return analysis.methodCalls.some(
    (m) => /^(?:on|once|addEventListener)$/.test(m.method) && MESSAGE_EVENT.test(m.excerpt) && ((span !== undefined && within(span, m.flow.span)) || (call.flow?.scope !== undefined && m.flow.argNames.includes(call.flow.scope))),
  );
}

const MESSAGE_EVENT = /^[^(]{0,80}\(\s*['"`](?:message|data)['"`]/;

/** A web server's handler: its first two parameters are the request and the response. */
const REQUEST = /^req(?:uest)?$/;
const RESPONSE = /^res(?:ponse|p)?$/;
const handles = (params: readonly string[] | undefined) => params !== undefined && REQUEST.test(params[0] ?? '') && RESPONSE.test(params[1] ?? '');

/**
 * Whether a call runs when someone sends the server a request or a connection a message: inside a
 * `(req, res)` handler or an `.on('message')` one, itself or through the local function it sits in,
 * called from there (express-api-sync's hidden route, 2025, ran `rm -rf *` on a POST).
 */
function triggeredRemotely(analysis: JsAstAnalysis, call: { flow?: FlowFacts }): boolean {
  if (onMessage(analysis, call) || inRequestHandler(analysis, call.flow?.span)) return true;
  const scope = call.flow?.scope;
  if (scope === undefined) return false;
  return analysis.calls.some((c) => c.callee === `local:${scope}` && c.flow?.scope !== scope && (onMessage(analysis, c) || inRequestHandler(analysis, c.flow?.span)));
}

function inRequestHandler(analysis: JsAstAnalysis, span: [number, number] | undefined): boolean {
  if (span === undefined) return false;
  if (analysis.methodCalls.some((m) => handles(m.flow.callbackParams) && within(span, m.flow.span))) return true;
  return Object.entries(analysis.functionSpans).some(([name, fn]) => within(span, fn) && handles(Object.hasOwn(analysis.functionParams, name) ? analysis.functionParams[name] : undefined));
}

/**
 * The file compares the clock with a fixed day: `new Date(2025, 5, 19)` or `new Date('2025-06-19')`
 * beside `new Date()` or `Date.now()`. Sabotage waits for a day so the package ships clean releases first.
 */
function timeGated(analysis: JsAstAnalysis): boolean {
  const dates = analysis.calls.filter((c) => c.callee === 'Date' || c.callee === 'Date.parse' || c.callee === 'Date.UTC');
  const now = dates.some((c) => c.callee === 'Date' && c.args.length === 0) || analysis.calls.some((c) => c.callee === 'Date.now');
  const fixed = dates.some((c) => c.args.length > 0 && c.args.every((a) => a?.kind === 'string' && !a.partial) && /^(?:19|20)\d\d(?:$|-\d\d)/.test(stringValue(c.args[0]) ?? ''));
  // Or today's date as text compared with days written out (`day >= '2026-06-19'`, windows of them).
  const days = analysis.strings.filter((s) => /^20\d\d-[01]\d-[0-3]\d$/.test(s.value)).length;
  return now && (fixed || days >= 2);
}

/**
 * A walk in the working folder that destroys the project: every file overwritten with a constant, or
 * the folder itself or its sources deleted. Build tools delete their own output (`$CWD/dist`, a cache).
 */
function projectWipe(root: string, destroy: JsCall): boolean {
  if (!PROJECT_ROOT.test(root)) return false;
  return WRITES.test(destroy.callee) || /^\$CWD(?:[\\/](?:src|source|app|lib|pages|components))?$/.test(root);
}

/**
 * A function that lists a folder, calls itself, and deletes or overwrites with a constant: its
 * destroying call. Or one that lists a folder and deletes each entry whole (`fs.rmSync(entry,
 * { recursive: true })`, fs-extra's remove, rimraf): the same wipe without the walk written out
 * (xlsx-to-json-lh, 2025, on a WebSocket command).
 */
function walksAndDestroys(fn: string, calls: JsCall[]): JsCall | undefined {
  if (!calls.some((c) => FOLDER_LISTS.test(c.callee))) return undefined;
  if (!calls.some((c) => c.callee === `local:${fn}`)) return calls.find(deletesTree);
  return calls.find((c) => DELETES.test(c.callee) || (WRITES.test(c.callee) && c.args[1]?.kind === 'string' && !c.args[1].partial));
}

/** A delete that takes a whole folder with it. */
function deletesTree(c: JsCall): boolean {
  return DELETES.test(c.callee) && (/^(fs-extra|rimraf)\./.test(c.callee) || /\brecursive\s*:\s*(?:true|!0)\b/.test(c.excerpt));
}

/** `process.cwd() + '/../../../'` and `path.join(os.homedir())` as one spelling: no trailing separators, no `.` steps. */
export function normalizeRoot(root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  return root.replace(/[\\/]\.(?=[\\/]|$)/g, '').replace(/([^\\/])[\\/]+$/, '$1') || root;
}

/** An installed package's folder (`node_modules/vue/dist`), or the project's own sources. */
const OTHER_PACKAGE = /^(?:\.\/)?node_modules[/\\](?:@[\w-][\w.-]*[/\\])?[\w-][\w.-]*(?:[/\\]|$)/;
const PROJECT_SOURCES = /^(?:\.\/)?(?:src|source|app|lib|pages|components)\/?$/;

/**
 * Folders deleted whole from a list the file writes out: other installed packages' code
 * (`node_modules/vue/dist`, `node_modules/react/cjs`) and the project's `src` (a Vite plugin's time
 * bomb, 2025). A build tool cleans its own output; nothing deletes other packages and the user's
 * sources but sabotage. `for (const rel of targets) fs.rmSync(path.join(root, rel), { recursive: true })`.
 */
export function listedWipes(analysis: JsAstAnalysis): Wipe[] {
  const wipes: Wipe[] = [];
  for (const call of analysis.calls) {
    if (!deletesTree(call) || !call.flow) continue;
    const lists = call.flow.argNames.flatMap((name) => (Object.hasOwn(analysis.dataflow, name) ? analysis.dataflow[name]! : []));
    const targets = analysis.strings.filter((s) => s.holder !== undefined && lists.includes(s.holder)).map((s) => s.value);
    const others = targets.filter((t) => OTHER_PACKAGE.test(t)).length;
    if (others < 2 || !targets.some((t) => PROJECT_SOURCES.test(t))) continue;
    const what = `deletes ${others} other installed packages' folders and the project's sources (${call.callee}() over ${targets.slice(0, 3).join(', ')}, …)`;
    wipes.push({ line: call.line, excerpt: call.excerpt, what, root: '$CWD', ...(call.flow.scope !== undefined ? { scope: call.flow.scope } : {}), ...gatesOf(analysis), project: true });
    break;
  }
  return wipes;
}

/**
 * A command the code runs that deletes the user's files: `exec('rm -rf ~/*')`, `del /s /q C:\\`,
 * or `rm -rf *` in the working folder, which is the user's project when the project's code runs it
 * (express-api-sync ran that on a request to a hidden route). Commands are the model's command sinks.
 */
export function commandWipes(analysis: JsAstAnalysis, commands: { target?: string; line: number; excerpt: string; flow?: FlowFacts }[]): Wipe[] {
  const gates = gatesOf(analysis);
  const wipes: Wipe[] = [];
  // A command built elsewhere (`exec(wipeCommand())`, a platform's pick of two) is one of the file's
  // destructive literals when the file has any: the runner whose text is unknown runs it.
  const literals = commands.some((c) => c.target === undefined) ? analysis.strings.filter((s) => s.value.length < 200 && DESTROY_WORD.test(s.value)).map((s) => s.value) : [];
  for (const sink of commands) {
    const texts = sink.target !== undefined ? [sink.target] : literals;
    for (const command of texts.flatMap((text) => parseShell(text, 2000))) {
      const root = destroyedRoot(command, true);
      if (root === undefined) continue;
      const project = root === '*' || root.startsWith('.');
      wipes.push({ line: sink.line, excerpt: sink.excerpt, what: `deletes ${project ? 'everything in the working folder' : `everything under ${root}`} (\`${command.text.slice(0, 80)}\`)`, root, ...(sink.flow?.scope !== undefined ? { scope: sink.flow.scope } : {}), ...gates, ...(project ? { project: true as const } : {}), ...(triggeredRemotely(analysis, sink) ? { remoteTriggered: true as const } : {}) });
      break;
    }
    if (wipes.length >= 5) break;
  }
  return wipes;
}
