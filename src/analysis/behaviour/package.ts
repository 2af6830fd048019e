/**
 * The behaviour of a whole package: every JavaScript file it ships, read within a budget, with the
 * context each finding is weighed by: which files an install hook runs, which files the entry points
 * (main, exports, bin) load, and whether the code sits at load time or in a function nobody calls.
 *
 * Read once per package and shared by the behaviour detectors (exfiltration, remote-code,
 * obfuscated-code, browser-payload) through a WeakMap on the files view.
 *
 * Budget: files cheap to rule out (none of the tokens any signal needs) are not parsed; the rest are
 * parsed smallest first up to `maxParseBytesPerPackage`; files past the budget, over the parse cap or
 * kept only as a prefix by the tarball reader are token-searched, and the result says so.
 */
import type { PackageFacts } from '../../facts/types.js';
import type { PackageFiles } from '../../package-files/types.js';
import { installReachableFiles, isJavaScriptPath, resolvePackageFile, type InstallHook } from '../lifecycle.js';
import { analyzeCachedFile, analyzeJavaScript, DEFAULT_JS_LIMITS, isDynamicCodeCall, isWorkerEval, searchTokens, unpackPacker, type JsAnalysis, type JsAnalysisLimits, type JsAstAnalysis, type TokenHit } from '../javascript/index.js';
import { LiteralGate } from '../../util/literal-gate.js';
import { browserPayload, type BrowserPayload } from './browser.js';
import { balanceSweep, mayHoldSweep, SWEEP_HINT, type BalanceSweep } from './sweep.js';
import { hiddenMailCopy, MAIL_COPY_HINT, type MailCopy } from './mail-copy.js';
import { fileBehaviour, usableNames, type FileBehaviour, type Sink } from './model.js';
import { exportCalled, importedHarvests, importedSends, sendingExports } from './cross-file.js';
import { harvestingExports } from './harvest.js';
import { hiddenVocabulary, obfuscationOf, type ObfuscationFinding } from './obfuscation.js';
import { classifyDestination, CREDENTIAL_PATHS, DROPPER_COMMANDS, type Destination } from './patterns.js';

export interface BehaviourBudget {
  maxFiles: number;
  maxTotalBytes: number;
  maxParseBytes: number;
  maxParseBytesPerPackage: number;
  maxMillis: number;
}

/**
 * Malware files are small; the big files of big packages (bundles, minified builds) are where the
 * time goes, so they are token-searched past these caps. Measured on ethers and axios: parsing every
 * candidate took 13–19 s per package on a loaded machine; with these caps a few seconds.
 */
export const DEFAULT_BEHAVIOUR_BUDGET: BehaviourBudget = {
  maxFiles: 600,
  maxTotalBytes: 24 * 1024 * 1024,
  maxParseBytes: 512 * 1024,
  maxParseBytesPerPackage: 1024 * 1024,
  maxMillis: 3000,
};

export type Reach = 'install' | 'load' | 'entry-function' | 'dormant' | 'test' | 'other';

export interface FileReading {
  path: string;
  analysis: 'ast' | string;
  behaviour?: FileBehaviour;
  obfuscation?: ObfuscationFinding;
  browser?: BrowserPayload;
  /** Token search of an unparsed file: sensitive paths, dropper commands and suspicious destinations by line. */
  tokens?: { sources: TokenHit[]; droppers: TokenHit[]; destinations: (Destination & { line: number })[]; persistence: TokenHit[] };
  installHook?: InstallHook;
  /** Loaded by an entry point (main/exports/bin) or one of its local imports. */
  entry: boolean;
  /** Loaded by a `require` or `import` of the package (main/module/browser/exports), not only by a bin. */
  library?: true;
  /** Loaded only by a bin: its top level runs when the user runs the command (see reachOf). */
  binOnly?: true;
  codeBytes: number;
  /** Longest pure base64/hex string literal of a parsed file. */
  longestEncodedBytes?: number;
  /** The code the file keeps in a string reaches the network or runs a command: what it calls first. */
  hiddenStage?: string;
  /** A share of a balance the file reads, transferred to an address it hard-codes (sweep.ts). */
  sweep?: BalanceSweep;
  /** A blind copy of the mail the file sends, to an address it hard-codes (mail-copy.ts). */
  mailCopy?: MailCopy;
}

export interface PackageBehaviour {
  files: FileReading[];
  unread: { signal: string; reason: string }[];
}

const SOURCE_HINT = /process(\.env|\[\s*['"`]env)|\b(?:Deno|Bun)\.env\b|[([,]\s*(?:(?:window|self|globalThis)\.)?(?:local|session)Storage\s*[,)\]]|\.\.\.\s*(?:(?:window|self|globalThis)\.)?(?:local|session)Storage\b|['"`/\\]\.env\b|\bseed\b|mnemonic|privateKey|secretKey|document\.cookie|\.npmrc|\.ssh|\.aws|credentials|mcp(?:_config)?\.json|\.claude\.json|claude_desktop_config|oauth_creds|\.codex[/\\]auth|passwd|_history|hostname|userInfo|networkInterfaces|clipboard|leveldb|Local Storage|Login Data|wallet|keystore|TOKEN|whoami|Cookies/;
const SINK_HINT = /\b(https?|net|dns|dgram|tls|http2)['"]|fetch\s*\(|\b(?:globalThis|window|self|global)\.fetch\b|XMLHttpRequest|WebSocket|socket\.io|axios|(?:\$|jQuery)\.(?:ajax|post|get)\b|new\s+Image\b|\bgot\b|node-fetch|request|needle|superagent|nodemailer|sendMail|curl|wget|sendBeacon|powershell|Invoke-WebRequest|DownloadString|\biwr\b|mshta|certutil|new\s+[A-Z][\w$]*\(\s*['"`](https?|wss?):/;
// `Function.constructor` and a function literal's `.constructor` are Function under another name.
const EXEC_HINT = /\beval\b|\brequire\(\s*[A-Za-z_$]|\bimport\(\s*([A-Za-z_$]|['"`]data:)|\bFunction\s*\(|\bFunction\s*\.\s*(?:prototype\s*\.\s*)?constructor|\}\s*\)\s*\.\s*constructor\b|\bvm['".]|child_process|execSync|execFile|spawn|\._compile\b/;
const DECODE_HINT = /base64|atob|fromCharCode|\bunescape\(|\\x[0-9a-fA-F]{2}|_0x[0-9a-f]{3}|inflate|gunzip|\bpng|jimp|Buffer\.from\([^()]{0,200},\s*['"`]hex['"`]/;
const BROWSER_HINT = /ethereum|eth_sendTransaction|XMLHttpRequest\.prototype|clipboard|\bfetch\s*=[^=]|0x[a-fA-F0-9]{40}/;
const PERSIST_HINT = /\.github\/workflows|\.bashrc|\.zshrc|crontab|systemd[/\\]+user|\/etc\/systemd|\.config[/\\]+autostart|Programs[/\\]+Startup|Start Menu|CurrentVersion\\+Run|authorized_keys|ld\.so\.preload|sudoers|LaunchAgents|trufflehog|gitleaks|dangerously-skip-permissions|['"`/\\]\.claude\b|claude_desktop_config|\.cursor['"`/\\]|\.gemini['"`/\\]|mcp_config\.json|mcp\.json|discord_desktop_core|app\.asar|\.app\/Contents\/|Local[/\\]+Programs|Program Files|copilot-instructions|\.cursor['"`/\\,\s]+rules|\.(?:cursor|windsurf|cline)rules|CLAUDE\.md|AGENTS\.md|\.pth['"`]/;
/** A function name hidden by pieces, a reflective lookup or bytes (javascript/disguise.ts): matters beside an exec. */
const DISGUISE_HINT = /\[\s*['"`][^'"`\]\n]{0,40}['"`]\s*\+|\[\s*['"`][^'"`\n]{0,20}['"`]\s*,\s*['"`][^'"`\n]{0,20}['"`][^\]\n]{0,80}\]\s*\.join\(|Reflect\.get\(|getOwnPropertyDescriptor\(|getOwnPropertyNames\(|Object\.(?:keys|entries)\([^()\n]{0,80}\)\s*\.\s*(?:find|filter)\(|Buffer\.from\(\s*\[/;
/** Code that starts a node program of its own (runProgramReach): the started file's reach comes from here. */
const RUN_SCRIPT_HINT = /process\.execPath|\bfork\(|['"`]node(?:js)?['"`\s]/;
/** A folder listed in a file that also deletes or writes files: a walk that may destroy what it finds (wiper.ts). */
const WALK_HINT = /\breaddir/;
/** Two installed packages' folders written out near each other (`'node_modules/vue/dist', 'node_modules/react/cjs'`): a list to delete, beside a delete. */
const LISTED_PACKAGES = /['"`](?:\.\/)?node_modules\/[^'"`\n]{1,100}['"`][^;]{0,200}?['"`](?:\.\/)?node_modules\//;
/** A command that deletes recursively or formats a disk: matters beside an exec (wiper.ts's command wipes). */
const DESTROY_COMMAND = /\brm\s+-[a-zA-Z]*[rR]|\b(?:del|rd|rmdir)\s+\/[sSqQfF]|Remove-Item\b[^\n]{0,80}-Recurse|\bformat\s+[A-Za-z]:|\bmkfs\b/;
const DESTROY_HINT = /\b(?:unlink|rmSync|rmdir|truncate|writeFile)|\brm\(/;
/** Eight invisible characters in a row (variation selectors, tags, zero-width): a hidden payload's start. Non-ASCII, so no literal gate: run only beside code execution. */
const INVISIBLE_RUN = /[\uFE00-\uFE0F\u200B-\u200D\u2060-\u2064\u3164\uFFA0]{8}|(?:\uDB40[\uDC00-\uDDEF]){8}/;
const PAGE_DATA = /document\.cookie|(?:local|session)Storage/;
/**
 * Split stealers are small modules; a big file's imports are a library's own structure. Only files
 * up to this size are halves of a split flow, which keeps the import search off bundles.
 */
const MAX_SPLIT_FILE_CHARS = 64 * 1024;
/** Secrets a split stealer hands to a sending module of its own: key material, credential files, the whole environment, CI tokens. */
const STOLEN_ELSEWHERE_HINT = /\b(?:seed|seedPhrase|mnemonic|privateKey|secretKey|private_key|secret_key)\b|\.npmrc|\.ssh\/|\.aws\/|Login Data|Local Storage|leveldb|\bprocess\.env\s*[),}]|\.\.\.process\.env\b|Deno\.env\.toObject|\bprocess\.env\.\w*(?:TOKEN|SECRET|API_KEY|PASSWORD)\b/;
/** A local module required or imported (`./queue`, `../lib/send.js`). */
const LOCAL_IMPORT = /(?:require\s*\(|\bfrom\s*|import\s*\(|^import\s*)\s*['"](\.{1,2}\/[^'"\n]+)['"]/m;

/** The local files a file's text imports, by a regex rather than a parse: cheap, and a miss only loses a link. */
function localImportsOf(files: PackageFiles, path: string, text: string): string[] {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const found: string[] = [];
  for (const m of text.slice(0, 2_000_000).matchAll(new RegExp(LOCAL_IMPORT.source, 'gm'))) {
    const next = resolvePackageFile(files, m[1]!, dir);
    if (next !== undefined && !found.includes(next)) found.push(next);
  }
  return found;
}
const HINTS = new LiteralGate([SOURCE_HINT, EXEC_HINT, SINK_HINT, DECODE_HINT, BROWSER_HINT, PERSIST_HINT, /_0x[0-9a-f]{4}/, DISGUISE_HINT, RUN_SCRIPT_HINT, WALK_HINT, SWEEP_HINT, MAIL_COPY_HINT, /node_modules\//]);

/**
 * Files with none of the tokens any signal needs are not worth a parse: a source beside a sink, code
 * run beside a sink, a decoder or a source, browser overrides, persistence, obfuscator names. The
 * sink and decoder searches matter only beside a source or an exec, so most files skip them; so does
 * a hidden function name (`cp['sp' + 'awn']`) and a node program started (`fork('./x.js')`), which
 * only matter beside an exec.
 */
export function needsParse(text: string): boolean {
  return parseNeed(text).parse;
}

/**
 * Whether a file is worth a parse, and whether it is half of a flow that may be split between files
 * (cross-file.ts): it holds a secret worth stealing (key material, a credential file, the whole
 * environment, a CI token) and imports local modules. Such a file is parsed with the local modules
 * it imports that make requests.
 */
function parseNeed(text: string): { parse: boolean; halves: SplitHalf[] } {
  // One literal pass rules out most hints first (util/literal-gate.ts); the logic is the same.
  const { matches: hint } = HINTS.reading(text);
  const source = hint(0);
  const small = text.length <= MAX_SPLIT_FILE_CHARS;
  const holdsSecret = source && small && STOLEN_ELSEWHERE_HINT.test(text) && LOCAL_IMPORT.test(text);
  const handsHome = small && HOME_FOLDER.test(text) && LOCAL_IMPORT.test(text);
  const halves: SplitHalf[] = [...(holdsSecret ? ['holds-secret' as const] : []), ...(handsHome ? ['hands-home' as const] : [])];
  return { parse: parseHints(text, hint), halves };
}

/** The home folder handed on (`collect(os.homedir())`): to a local module that may walk it (harvest.ts). */
const HOME_FOLDER = /\bhomedir\(\)|process\.env\.(?:HOME|USERPROFILE)\b/;
/** A local module that lists folders and reads files: a walk worth parsing beside the file that hands it the home folder. */
const walksAndReads = (text: string) => /\breaddir/.test(text) && /\breadFile/.test(text);

function parseHints(text: string, hint: (i: number) => boolean): boolean {
  const source = hint(0);
  const exec = hint(1);
  if (source || exec) {
    const sink = hint(2);
    if (source && sink) return true;
    // The page's data sent by a request whose name is decoded or built (`self[rot13('srgpu')](u)`).
    if (source && (hint(3) || hint(7)) && PAGE_DATA.test(text)) return true;
    if (exec && (sink || source || hint(3) || hint(7) || hint(8) || INVISIBLE_RUN.test(text) || DESTROY_COMMAND.test(text) || DETACHED_START.test(text))) return true;
  }
  return hint(4) || hint(5) || hint(6) || standaloneHints(text, hint);
}

/** Signals that need no source or exec beside them: a destructive walk, a balance sweep, a hidden mail copy. */
function standaloneHints(text: string, hint: (i: number) => boolean): boolean {
  return ((hint(9) || (hint(12) && LISTED_PACKAGES.test(text))) && DESTROY_HINT.test(text)) || (hint(10) && mayHoldSweep(text)) || (hint(11) && hiddenMailCopy(text) !== undefined);
}

/** A program started to outlive its starter (remote-code's backgroundProgram). */
const DETACHED_START = /\bdetached\s*:\s*(?:true|!0)/;

type SplitHalf = 'holds-secret' | 'hands-home';

const readings = new WeakMap<object, PackageBehaviour>();

export function packageBehaviour(facts: PackageFacts, budget: BehaviourBudget = DEFAULT_BEHAVIOUR_BUDGET): PackageBehaviour | undefined {
  const files = facts.files;
  if (!files) return undefined;
  const known = readings.get(files);
  if (known) return known;
  const result = readPackage(facts, budget);
  readings.set(files, result);
  return result;
}

function readPackage(facts: PackageFacts, budget: BehaviourBudget): PackageBehaviour {
  const files = facts.files!;
  const unread: PackageBehaviour['unread'] = [];
  const reading: PackageReading = {
    files,
    budget,
    truncated: new Set(files.limits.filter((l) => l.kind === 'file-too-large' && l.path !== undefined).map((l) => l.path!)),
    reachable: installReachableFiles(facts),
    entries: entryFiles(facts),
    libraryEntries: entryFiles(facts, 80, false),
    limits: { ...DEFAULT_JS_LIMITS, maxParseBytes: budget.maxParseBytes },
    started: Date.now(),
    parsedBytes: 0,
    overBudget: 0,
  };
  const { candidates, skipped } = codeCandidates(reading);
  if (skipped > 0) unread.push({ signal: 'behaviour', reason: `${skipped} code files not read: the file or byte cap was reached` });
  const out = candidates.sort((a, b) => a[1].length - b[1].length).flatMap(([path, text]) => readCandidate(reading, path, text));
  if (reading.overBudget > 0) unread.push({ signal: 'behaviour flows', reason: `${reading.overBudget} code files token-searched, not parsed: the package's ${budget.maxParseBytesPerPackage}-byte parse budget went to its smaller files` });
  linkSplitSends(reading, out);
  runProgramReach(out, files);
  const order = new Map(files.textPaths().map((p, i) => [p, i]));
  out.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  return { files: out, unread };
}

/**
 * A file the package runs as a program of its own (`fork('./worker.js')`,
 * `spawn(process.execPath, [path.join(__dirname, 'worker.js')], { detached: true })`,
 * `exec('node lib/run.js')`) runs when the code that starts it runs: at install, or when an entry
 * point loads. Without this a payload moved into a detached child process read as code nothing
 * loads. Followed over chains of such starts, a few steps deep.
 */
function runProgramReach(readings: FileReading[], files: PackageFiles): void {
  const byPath = new Map(readings.map((r) => [r.path, r]));
  for (let round = 0; round < 3; round++) {
    let changed = false;
    for (const starter of readings) {
      for (const sink of starter.behaviour?.sinks ?? []) {
        const script = sink.kind === 'command' && sink.target !== undefined ? nodeScript(sink.target) : undefined;
        const started = script !== undefined ? byPath.get(resolveStarted(files, starter.path, script) ?? copiedFrom(files, starter, sink) ?? '') : undefined;
        if (!started || started === starter) continue;
        const reach = reachOf(starter, sink.flow?.scope);
        if (reach === 'install' && started.installHook === undefined) {
          started.installHook = starter.installHook;
          changed = true;
        } else if (reach === 'load' && (!started.entry || started.binOnly)) {
          started.entry = true;
          delete started.binOnly;
          changed = true;
        } else if (reach === 'entry-function' && starter.binOnly && !started.entry) {
          // Started by a command the user runs (a bin's launcher): runs when the user runs it.
          started.entry = true;
          started.binOnly = true;
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}

/**
 * A file that calls another file's function which sends what it is handed (`addToQueue(secretKey)`,
 * cross-file.ts) is read again with those calls as requests of its own. Only parsed files on both sides.
 */
function linkSplitSends(reading: PackageReading, out: FileReading[]): void {
  const parsed = new Map<string, JsAstAnalysis>();
  for (const r of out) {
    const text = r.behaviour !== undefined ? reading.files.readText(r.path) : undefined;
    const analysis = text !== undefined ? analyzeCachedFile(reading.files, r.path, text, reading.limits) : undefined;
    if (analysis?.mode === 'ast') parsed.set(r.path, analysis);
  }
  const byPath = new Map(out.map((r) => [r.path, r]));
  for (const r of out) {
    const analysis = parsed.get(r.path);
    if (!analysis || !analysis.calls.some((c) => /^\.\.?\//.test(c.callee))) continue;
    const dir = r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : '';
    const moduleAt = (specifier: string) => {
      const path = resolvePackageFile(reading.files, specifier, dir);
      return path !== undefined && path !== r.path && parsed.has(path) ? path : undefined;
    };
    const sinks = importedSends(analysis, (specifier) => {
      const path = moduleAt(specifier);
      return path !== undefined ? { path, sends: sendingExports(parsed.get(path)!) } : undefined;
    });
    const sources = importedHarvests(analysis, (specifier) => {
      const path = moduleAt(specifier);
      return path !== undefined ? { path, harvests: harvestingExports(parsed.get(path)!, usableNames(parsed.get(path)!)) } : undefined;
    });
    if (sinks.length > 0 || sources.length > 0) r.behaviour = fileBehaviour(analysis, sinks, sources);
    markCalledExports(analysis, r, (specifier) => {
      const path = moduleAt(specifier);
      return path !== undefined ? { analysis: parsed.get(path)!, reading: byPath.get(path)! } : undefined;
    });
  }
  wakeDormantExports(reading, parsed, byPath);
}

/** Importers not parsed for their own sake (no hint of their own) are read only this far, and only this many. */
const MAX_IMPORTER_CHARS = 64 * 1024;
const MAX_IMPORTERS = 20;

/**
 * A file whose flow sits in an export nothing in its file calls: the package's other files that
 * import it and were not parsed (an entry with nothing suspicious of its own) are parsed now, to see
 * whether they call that export (`setImmediate(() => require('./lib/metrics')())` in a mutex's acquire()).
 */
function wakeDormantExports(reading: PackageReading, parsed: Map<string, JsAstAnalysis>, byPath: Map<string, FileReading>): void {
  const dormant = new Set([...parsed].filter(([path, a]) => hasDormantExportFlow(byPath.get(path)!, a)).map(([path]) => path));
  if (dormant.size === 0) return;
  let read = 0;
  for (const path of reading.files.textPaths()) {
    if (read >= MAX_IMPORTERS || parsed.has(path) || !isCode(path, reading.files)) continue;
    const text = reading.files.readText(path)!;
    if (text.length > MAX_IMPORTER_CHARS || !localImportsOf(reading.files, path, text).some((p) => dormant.has(p))) continue;
    read++;
    const analysis = analyzeCachedFile(reading.files, path, text, reading.limits);
    if (analysis.mode !== 'ast') continue;
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    markCalledExports(analysis, { ...readingBase(reading, path, text), analysis: 'ast' }, (specifier) => {
      const target = resolvePackageFile(reading.files, specifier, dir);
      return target !== undefined && dormant.has(target) ? { analysis: parsed.get(target)!, reading: byPath.get(target)! } : undefined;
    });
  }
}

/**
 * The reading has a flow, payload, wipe or persistence write inside an exported function its own
 * file never calls, or in a function such an export calls (`prime()` → `writeAsar(asar, …)`).
 */
function hasDormantExportFlow(r: FileReading, analysis: JsAstAnalysis): boolean {
  const b = r.behaviour;
  if (!b || b.uncalled.size === 0) return false;
  const dormant = Object.values(analysis.exportedFunctions ?? {}).flatMap((f) => (f.local !== undefined && b.uncalled.has(f.local) ? [f.local] : []));
  if (dormant.length === 0) return false;
  const persistence = b.persistence.map((p) => b.sinks.find((s) => s.line === p.line)?.flow?.scope);
  const scopes = [...b.exfiltration.map((f) => f.sink.flow?.scope), ...b.remoteCode.map((x) => x.sink.flow?.scope), ...b.wipes.map((w) => w.scope), ...persistence];
  const reached = calledFrom(analysis, dormant);
  return scopes.some((scope) => scope !== undefined && reached.has(scope));
}

/** `starts` and the functions of the file they call, directly or through each other (at most 500). */
function calledFrom(analysis: JsAstAnalysis, starts: string[]): Set<string> {
  const reached = new Set<string>();
  const queue = [...starts];
  for (let name = queue.pop(); name !== undefined && reached.size < 500; name = queue.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    for (const c of analysis.calls) if (c.flow?.scope === name && c.callee.startsWith('local:')) queue.push(c.callee.slice(6));
  }
  return reached;
}

/**
 * An export another file of the package calls (`require('./lib/metrics')()`) is not dormant: it runs
 * when that call runs. Without this a payload moved into a module's default export, called lazily by
 * the entry (`acquire()` of a mutex library), read as a function nothing calls.
 */
function markCalledExports(analysis: JsAstAnalysis, importer: FileReading, moduleAt: (specifier: string) => { analysis: JsAstAnalysis; reading: FileReading } | undefined): void {
  for (const call of analysis.calls) {
    if (!/^\.\.?\//.test(call.callee)) continue;
    // Called where the importer's own code runs at load (its top level, a callback it hands a
    // framework's hook there, `extendEnvironment((hre) => usage(hre))`): the export runs at load too.
    const atLoad = call.flow?.deferred !== true && reachOf(importer, call.flow?.scope) === 'load';
    exportCalled(call.callee, (specifier, name) => {
      const target = moduleAt(specifier);
      const local = target?.analysis.exportedFunctions?.[name === 'default' ? '' : name]?.local;
      if (local !== undefined) target!.reading.behaviour?.uncalled.delete(local);
      if (local !== undefined && atLoad) runsAtLoad(target!.analysis, target!.reading, local);
      return target !== undefined;
    });
  }
}

/** `local` and the functions of its file it calls, directly or through each other, run at load: the file is loaded by then. */
function runsAtLoad(analysis: JsAstAnalysis, reading: FileReading, local: string): void {
  const loadCalled = reading.behaviour?.loadCalled;
  if (!loadCalled) return;
  reading.entry = true;
  reading.library = true;
  delete reading.binOnly;
  for (const name of calledFrom(analysis, [local])) if (loadCalled.size < 500) loadCalled.add(name);
}

/**
 * The package file a started script was copied from: `fs.copyFileSync(path.join(__dirname, 'x.js'),
 * target)` then `spawn(process.execPath, [target], { detached: true })` runs x.js from wherever it was
 * put (@kodane/patch-manager, 2025, deployed its drainer into a hidden cache folder this way). The
 * copy is made in the same function and hands on a variable the start uses.
 */
function copiedFrom(files: PackageFiles, starter: FileReading, start: Sink): string | undefined {
  const handed = new Set((start.flow?.argNames ?? []).filter((n) => !PATH_HELPERS.has(n)));
  for (const copy of starter.behaviour?.sinks ?? []) {
    const source = copy.from ?? copy.target;
    if (copy.kind !== 'write' || !COPY_CALL.test(copy.what) || source === undefined || copy.flow?.scope !== start.flow?.scope) continue;
    if (!copy.flow?.argNames.some((n) => handed.has(n))) continue;
    const from = resolveStarted(files, starter.path, source);
    if (from !== undefined) return from;
  }
  return undefined;
}

const COPY_CALL = /\b(?:copyFileSync|copyFile|cpSync|cp)\(\)$/;
/** Names every path expression uses, which link nothing. */
const PATH_HELPERS = new Set(['path', '__dirname', '__filename', 'process', 'os', 'fs', 'require']);

/** The script a command line hands to node (`node x.js`, `… …/x.js` for process.execPath), if it is a JavaScript file. */
function nodeScript(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (!/^(?:node|nodejs|bun|deno|…|\S*[/\\](?:node|bun)(?:\.exe)?)$/.test(words[0] ?? '')) return undefined;
  const script = words.slice(1).find((w) => !w.startsWith('-') && w !== 'run');
  return script !== undefined && /\.[cm]?js$/.test(script) ? script : undefined;
}

/** `…/worker.js` (path.join(__dirname, …)) from the starting file's folder; a plain relative path from there or from the package root. */
function resolveStarted(files: PackageFiles, from: string, script: string): string | undefined {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const relative = script.replace(/^…\//, '').replace(/^\.\//, '');
  if (relative.includes('…')) return undefined;
  return resolvePackageFile(files, relative, dir) ?? resolvePackageFile(files, relative);
}

/** One package's reading in progress: what it knows of the files, and the budget spent so far. */
interface PackageReading {
  files: PackageFiles;
  budget: BehaviourBudget;
  /** Files the tarball reader kept only a prefix of: token-searched, never parsed. */
  truncated: Set<string>;
  reachable: Map<string, InstallHook>;
  entries: Set<string>;
  /** Entry files a `require`/`import` of the package loads (main, module, browser, exports), bins left out. */
  libraryEntries: Set<string>;
  limits: JsAnalysisLimits;
  started: number;
  parsedBytes: number;
  overBudget: number;
}

/** Code files worth reading (a token a flow needs, or run at install), under the file and byte caps; how many the caps left out. */
function codeCandidates({ files, budget, reachable, entries }: PackageReading): { candidates: [string, string][]; skipped: number } {
  const typescript = runsTypeScript(entries);
  const candidates: [string, string][] = [];
  const halves: [string, string, SplitHalf[]][] = [];
  let bytes = 0;
  let skipped = 0;
  for (const path of files.textPaths()) {
    if (!isCode(path, files, typescript || reachable.has(path))) continue;
    const text = files.readText(path)!;
    if (candidates.length >= budget.maxFiles || bytes + text.length > budget.maxTotalBytes) {
      skipped++;
      continue;
    }
    bytes += text.length;
    const need = parseNeed(text);
    if (need.parse || reachable.has(path)) candidates.push([path, text]);
    if (need.halves.length > 0) halves.push([path, text, need.halves]);
  }
  return { candidates: [...candidates, ...splitFlows(files, halves, candidates)], skipped };
}

/**
 * A file holding a secret and the local modules it imports that make requests: both halves are
 * parsed, so a flow split between them is seen (cross-file.ts). Those already parsed are not added again.
 */
function splitFlows(files: PackageFiles, halves: [string, string, SplitHalf[]][], parsed: [string, string][]): [string, string][] {
  const added = new Map<string, string>();
  const known = new Set(parsed.map(([path]) => path));
  const sends = new Map<string, boolean>();
  const sendsRequests = (p: string) => {
    let known = sends.get(p);
    if (known === undefined) {
      const text = isCode(p, files) ? files.readText(p) : undefined;
      known = text !== undefined && text.length <= MAX_SPLIT_FILE_CHARS && HINTS.reading(text).matches(2);
      sends.set(p, known);
    }
    return known;
  };
  const walks = (p: string) => {
    const text = isCode(p, files) ? files.readText(p) : undefined;
    return text !== undefined && text.length <= MAX_SPLIT_FILE_CHARS && walksAndReads(text);
  };
  for (const [path, text, kinds] of halves) {
    const imports = localImportsOf(files, path, text);
    // The home folder handed to a walk: the walk and whatever sends are partners; without a walk, none.
    const walkers = kinds.includes('hands-home') ? imports.filter(walks) : [];
    const partners = kinds.includes('holds-secret') || walkers.length > 0 ? [...new Set([...walkers, ...imports.filter(sendsRequests)])] : [];
    if (partners.length === 0) continue;
    if (!known.has(path)) added.set(path, text);
    for (const p of partners) if (!known.has(p)) added.set(p, files.readText(p)!);
  }
  return [...added];
}

/** What a file's reading starts from: its path and size, and what runs it (install hook, entry, library or bin). */
function readingBase(reading: PackageReading, path: string, text: string): Omit<FileReading, 'analysis'> {
  const entry = reading.entries.has(path);
  const runs = reading.libraryEntries.has(path) ? { library: true as const } : entry ? { binOnly: true as const } : {};
  const mailCopy = hiddenMailCopy(text);
  return { path, entry, ...runs, codeBytes: text.length, ...(reading.reachable.has(path) ? { installHook: reading.reachable.get(path)! } : {}), ...(mailCopy ? { mailCopy } : {}) };
}

/** One file's readings: parsed within the budget (plus code it keeps in a string), token-searched otherwise, saying why. */
function readCandidate(reading: PackageReading, path: string, text: string): FileReading[] {
  const { budget, truncated, reachable } = reading;
  const base = readingBase(reading, path, text);
  const tooLate = Date.now() - reading.started > budget.maxMillis;
  const parseIt = !truncated.has(path) && !tooLate && text.length <= budget.maxParseBytes && (reading.parsedBytes + text.length <= budget.maxParseBytesPerPackage || reachable.has(path));
  if (!parseIt) {
    if (!truncated.has(path) && text.length <= budget.maxParseBytes) reading.overBudget++;
    const why = truncated.has(path) ? `only the first ${text.length} characters of a larger file were kept` : text.length > budget.maxParseBytes ? `${text.length} characters is over the ${budget.maxParseBytes}-byte parse cap` : tooLate ? 'the package time cap was reached' : 'the package parse budget was spent';
    return [{ ...base, analysis: `token-search (${why})`, tokens: tokenReading(text) }];
  }
  reading.parsedBytes += text.length;
  const analysis: JsAnalysis = analyzeCachedFile(reading.files, path, text, reading.limits);
  if (analysis.mode !== 'ast') return [{ ...base, analysis: `token-search (${analysis.reason})`, tokens: tokenReading(text) }];
  const obfuscation = obfuscationOf(analysis, text);
  const file: FileReading = { ...base, longestEncodedBytes: analysis.metrics.longestEncodedStringBytes, analysis: analysis.truncated ? 'ast (walk stopped at a cap: partial)' : 'ast', behaviour: fileBehaviour(analysis), ...(obfuscation ? { obfuscation } : {}), ...walletReadings(analysis, text) };
  const packed = obfuscation?.reasons.some((r) => r.includes('packer')) ? unpackPacker(text) : undefined;
  const payload = packed ?? decodedPayload(analysis, obfuscation !== undefined);
  if (payload === undefined) return [file];
  const inner = analyzeJavaScript(payload, { ...reading.limits, maxParseBytes: 512 * 1024, maxMillis: 500 });
  if (inner.mode !== 'ast') return [file];
  const innerBrowser = browserPayload(inner, payload);
  const innerBehaviour = fileBehaviour(inner);
  const acts = innerBehaviour.sinks.find((k) => k.kind === 'network' || k.kind === 'command');
  if (acts) file.hiddenStage = acts.what;
  return [file, { ...base, path: `${path} (decoded string)`, codeBytes: payload.length, analysis: 'ast of code kept in a string literal', behaviour: innerBehaviour, ...(obfuscation ? { obfuscation: { ...obfuscation, vocabulary: [...new Set([...obfuscation.vocabulary, ...hiddenVocabulary(inner.strings), ...hiddenVocabulary([{ value: payload }])])] } } : {}), ...(innerBrowser ? { browser: innerBrowser } : {}) }];
}

/** What the file does to the page's requests and to wallets: overrides, approvals, balance sweeps. */
function walletReadings(analysis: JsAstAnalysis, text: string): Pick<FileReading, 'browser' | 'sweep'> {
  const browser = BROWSER_HINT.test(text) ? browserPayload(analysis, text) : undefined;
  const sweep = SWEEP_HINT.test(text) ? balanceSweep(analysis, text) : undefined;
  return { ...(browser ? { browser } : {}), ...(sweep ? { sweep } : {}) };
}

/**
 * Code kept as string data and run with eval/Function/vm (escaped, split or encoded so no token shows):
 * the longest string literals that parse as code are read as one more file. One level, 512 KiB.
 */
function decodedPayload(analysis: JsAstAnalysis, obfuscated: boolean): string | undefined {
  const runsStrings = analysis.calls.some((c) => /^(eval|Function|vm\.\w+)$/.test(c.callee) && !(c.args.length > 0 && c.args.every((a) => a?.kind === 'string' && !a.partial && a.value.length < 40)));
  // What a code sink is handed, when the reader folded it to one string (char codes, a decoded table).
  const run = analysis.calls.filter((c) => isDynamicCodeCall(c.callee) || isWorkerEval(c)).flatMap((c) => c.args.flatMap((a) => (a?.kind === 'string' && !a.partial ? [a.value] : [])));
  if (!runsStrings && !obfuscated && run.length === 0) return undefined;
  const kept = runsStrings || obfuscated ? analysis.strings.map((s) => s.value) : [];
  const codeLike = [...new Set([...kept, ...run])].filter((s) => s.length >= 200 && /[;{}()]/.test(s) && /\b(function|var|let|const|=>|require|window|return)\b/.test(s));
  if (codeLike.length === 0) return undefined;
  const text = codeLike.join('\n');
  return text.length > 512 * 1024 ? undefined : text;
}

const TYPESCRIPT_PATH = /\.[cm]?tsx?$/;

/**
 * A package whose entry points are TypeScript files runs them as they are (Bun, Deno, tsx): its
 * TypeScript is its code. Elsewhere `.ts` files are sources beside the JavaScript that runs.
 * Acorn reads TypeScript without type syntax; a file with types is token-searched, and says so.
 */
function runsTypeScript(entries: Set<string>): boolean {
  return [...entries].some((p) => TYPESCRIPT_PATH.test(p) && !/\.d\.[cm]?ts$/.test(p));
}

/**
 * Whether a captured file is code: JavaScript by name, or an extensionless script whose shebang
 * names node. Decided from the name first, so type declarations, data and docs are never decoded.
 */
function isCode(path: string, files: PackageFiles, runsTypeScript = false): boolean {
  if (/\.d\.[cm]?ts$/.test(path)) return false;
  if (isJavaScriptPath(path) || (runsTypeScript && TYPESCRIPT_PATH.test(path))) return files.readText(path) !== undefined;
  if (/\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/') + 1))) return false;
  const text = files.readText(path);
  return text !== undefined && /^#!.*\bnode\b/.test(text);
}

const TOKEN_SOURCES = Object.fromEntries(CREDENTIAL_PATHS.map(([pattern], i) => [`source${i}`, pattern]));

function tokenReading(text: string): NonNullable<FileReading['tokens']> {
  const sources = searchTokens(text, { ...TOKEN_SOURCES, env: /JSON\.stringify\(\s*process\.env\s*\)/ }, undefined, 3);
  const droppers = searchTokens(text, Object.fromEntries(DROPPER_COMMANDS.map(([pattern, what]) => [what, pattern])), undefined, 3);
  const urls = searchTokens(text, { url: /\b(https?|wss?):\/\/[^\s'"`)]+/ }, undefined, 200);
  const destinations = urls.flatMap((hit) => {
    const d = classifyDestination(hit.excerpt);
    return d ? [{ ...d, line: hit.line }] : [];
  });
  const persistence = searchTokens(text, { workflow: /\.github\/workflows\/[\w.-]+\.ya?ml/, scanner: /\b(trufflehog|gitleaks)\b|--dangerously-skip-permissions|--trust-all-tools/ }, undefined, 3);
  return { sources, droppers, destinations, persistence };
}

/** The files the package's entry points load: main, exports targets, bin, and their local imports. */
export function entryFiles(facts: PackageFacts, maxFiles = 80, bins = true): Set<string> {
  const files = facts.files;
  const manifest = facts.manifest ?? (facts.versionMeta as Record<string, unknown> | undefined) ?? {};
  const found = new Set<string>();
  if (!files) return found;
  const starts: string[] = [];
  if (typeof manifest.main === 'string') starts.push(manifest.main);
  else starts.push('index.js');
  if (typeof manifest.browser === 'string') starts.push(manifest.browser);
  if (typeof manifest.module === 'string') starts.push(manifest.module);
  const bin = bins ? manifest.bin : undefined;
  if (typeof bin === 'string') starts.push(bin);
  else if (bin && typeof bin === 'object') for (const v of Object.values(bin)) if (typeof v === 'string') starts.push(v);
  collectStrings(manifest.exports, starts, 0);
  const queue = starts.flatMap((s) => {
    const p = resolvePackageFile(files, s.replace(/^\.\//, ''));
    return p ? [p] : [];
  });
  while (queue.length > 0 && found.size < maxFiles) {
    const path = queue.shift()!;
    if (found.has(path)) continue;
    found.add(path);
    const text = files.readText(path);
    if (text === undefined || !isJavaScriptPath(path)) continue;
    // A regex, not a parse: entry chains of big packages run to dozens of files, and a missed import only lowers a weight.
    queue.push(...localImportsOf(files, path, text));
  }
  return found;
}

function collectStrings(value: unknown, out: string[], depth: number): void {
  if (depth > 6 || out.length > 40) return;
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}

/** Where a spot in a file runs: at install, at load time of an entry point, in a function, or never called. */
export function reachOf(file: FileReading, scope: string | undefined): Reach {
  const dormant = scope !== undefined && file.behaviour?.uncalled.has(scope) === true;
  if (file.installHook !== undefined) return dormant ? 'dormant' : 'install';
  if (dormant) return 'dormant';
  // A function the top level of a file `require` loads calls (`main()` at the end of it) runs at load
  // too. A bin's `main()` runs when the user runs the command: that is its job, and stays a function.
  // Only a bin loads a file (`bin` names it, the package's main and exports do not): its top level runs
  // when the user runs the command, asked for like a function call, not on every `require`.
  if (file.entry) return (scope === undefined && (file.library === true || !file.binOnly)) || (file.library === true && file.behaviour?.loadCalled.has(scope ?? '') === true) ? 'load' : 'entry-function';
  // A test the package ships and nothing loads (cdxgen's *.poku.js writing a fake .claude/settings.json):
  // a test runner runs it in the package's own repository, not an install in a user's project.
  return TEST_PATH.test(file.path) ? 'test' : 'other';
}

const TEST_PATH = /(?:^|\/)(?:test|tests|__tests__|__mocks__|spec|specs|e2e)\/|\.(?:test|spec|poku|e2e)\.[cm]?[jt]sx?$/i;
