/**
 * Reads everything an install runs (hook commands, inline `node -e` code, the files those reach)
 * and collects what it does: downloads, pipes into shells, decoded payloads, secret reads, host
 * fingerprinting, temp-file execution, obfuscation. index.ts turns the collection into weighted
 * findings; combinations (secrets + network) are judged there, once for the whole install path.
 */
import type { Evidence } from '../types.js';
import type { PackageFiles } from '../../package-files/types.js';
import { safeLine } from '../../report/sanitize.js';
import {
  analyzeCachedFile,
  analyzeJavaScript,
  assessObfuscation,
  commandOfCall,
  isCommandRunner,
  isDynamicCodeCall,
  isNetworkCall,
  searchTokens,
  stringValue,
  type JsAnalysis,
  type JsAstAnalysis,
} from '../../analysis/javascript/index.js';
import {
  INTERPRETERS,
  destroyedRoot,
  fetchOutputs,
  inlineCode,
  isFetch,
  parseShell,
  printsOnly,
  programName,
  scriptTarget,
  sendsData,
  type ShellCommand,
} from '../../analysis/shell.js';
import { localImports, resolvePackageFile } from '../../analysis/lifecycle.js';
import { fileBehaviour } from '../../analysis/behaviour/model.js';
import { MINER_COMMAND } from '../../analysis/behaviour/patterns.js';

/** Where a signal was seen: a script field or a file line. */
export interface Place {
  hook: string;
  file?: string;
  line?: number;
}

export interface Sighting {
  place: Place;
  excerpt: string;
  what: string;
}

/** Credentials that publish to npm: no installer needs them. */
const PUBLISH_CREDENTIAL = /^(NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|npm_config_(_|\/\/).*auth.*)$/i;
export const SECRET_ENV_NAME = /(TOKEN|SECRET|PASSW|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|_AUTH|AUTH_)/i;
export const SECRET_PATH = /(\.npmrc|\.yarnrc|\.ssh\b|id_rsa|id_ed25519|\.aws\/credentials|\.git-credentials|\.bash_history|\.zsh_history|\.docker\/config\.json|\.kube\/config|\.netrc|Login Data|Local State|\.config\/gcloud|\/etc\/passwd|\/etc\/shadow)/;
const FS_READ = /^fs\.(promises\.)?(readFile|readFileSync|createReadStream|readdir|readdirSync)$/;
const FS_WRITE = /^fs\.(promises\.)?(writeFile|writeFileSync|createWriteStream|copyFile|copyFileSync|rename|renameSync)$/;
const HOST_INFO_CALLS = /^os\.(hostname|userInfo|networkInterfaces)$/;
const HOST_INFO_COMMANDS = new Set(['hostname', 'whoami', 'id', 'uname', 'ipconfig', 'ifconfig']);
const HOST_INFO_VARIABLES = /\$\{?(USER|USERNAME|HOSTNAME|LOGNAME)\b|%(USERNAME|COMPUTERNAME|USERDOMAIN)%/;
const SECRET_VARIABLES = /\$\{?([A-Z0-9_]*(TOKEN|SECRET|PASSW|API_?KEY|ACCESS_?KEY|CREDENTIAL)[A-Z0-9_]*)\}?|%([A-Z0-9_]*(TOKEN|SECRET|PASSWORD|KEY))%/;
const TEMP_PATH = /(^|[\s"'=])(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\$TMPDIR|\$\{TMPDIR\}|%TEMP%|%TMP%|\$env:TEMP)/i;
const BASE64_BLOB = /[A-Za-z0-9+/]{120,}={0,2}/;
/** Programs that resolve a name they are given: the name travels to that domain's DNS server. */
const DNS_PROGRAMS = new Set(['nslookup', 'dig', 'host', 'ping', 'drill', 'resolve-dnsname']);
/**
 * Deleting or overwriting the user's or the machine's files: `rm -rf ~`, `rm -rf /*`, `$HOME`,
 * Windows `rd /s /q C:\` or `%USERPROFILE%`, formatting a disk. Cleaning a build folder names a
 * folder inside the package, never one of these roots.
 */
const EXECUTORS = new Set([...INTERPRETERS, 'chmod', 'start-process', 'start', 'invoke-item', 'open', 'xdg-open', 'rundll32', 'msiexec', 'wscript', 'cscript', 'nohup']);

/**
 * `uname -m`, `-s`, `-p` name the platform and architecture, which every binary installer (esbuild,
 * chromedriver, sharp) must know to pick its download; only `-n` / `-a` print the machine's name,
 * which is what a dependency-confusion probe sends home.
 */
function unameShowsHostname(args: readonly string[]): boolean {
  return args.some((a) => a === '--all' || a === '--nodename' || /^-[a-zA-Z]*[an]/.test(a));
}

/**
 * AI coding agents, and the flags that turn their permission prompts off. The Nx "s1ngularity"
 * compromise (Aug 2025) ran `claude --dangerously-skip-permissions`, `gemini --yolo` and
 * `q --trust-all-tools` from a postinstall hook with a prompt asking them to find wallets and keys:
 * the agent does the searching, so no file path or pattern of the search is in the package. No
 * package's install needs an agent that acts without asking.
 */
const AI_AGENTS = new Set(['claude', 'gemini', 'codex', 'cursor-agent', 'q', 'copilot', 'amp', 'opencode', 'aider', 'qwen', 'goose', 'crush', 'kiro-cli']);
const UNATTENDED_AGENT_FLAG = /^(--dangerously-skip-permissions|--dangerously-bypass-approvals-and-sandbox|--yolo|--full-auto|--trust-all-tools|--allow-all-tools|(--permission-mode=?)?bypassPermissions|--approval-mode=yolo)$/;

/** Tokens searched in files that could not be parsed; each feeds the same collection as the AST reading. */
const TOKEN_PATTERNS: Record<string, RegExp> = {
  decodedEval: /\b(eval|Function)\s*\(\s*(atob|Buffer\.from|unescape|String\.fromCharCode)/,
  network: /\brequire\(\s*['"](node:)?(https?|net|dns|tls|dgram)['"]\s*\)|\bfetch\s*\(\s*['"`]https?:/,
  envDump: /JSON\.stringify\(\s*process\.env\s*\)|Object\.(keys|entries|values)\(\s*process\.env\s*\)/,
  secretPath: /\.npmrc|\.ssh\/|id_rsa|\.aws\/credentials|\.git-credentials/,
  shellPipe: /\b(curl|wget)\b[^\n'"`]{0,200}\|\s*(ba|z|da)?sh\b/,
  hostInfo: /\bos\.(hostname|userInfo|networkInterfaces)\s*\(/,
};

export class InstallPathAssessment {
  readonly pipeToShell: Sighting[] = [];
  readonly downloadExecute: Sighting[] = [];
  readonly shellDownloads: Sighting[] = [];
  readonly encodedPayloads: Sighting[] = [];
  readonly networkUses: Sighting[] = [];
  readonly dataSends: Sighting[] = [];
  readonly secretReads: Sighting[] = [];
  readonly envDumps: Sighting[] = [];
  /**
   * One named token in the environment (GITHUB_TOKEN, …): binary installers read one to authenticate
   * their download. Two or more different ones, a dump, a credentials file, or the npm publish token
   * itself are what stealers read (`secretReads`).
   */
  readonly tokenEnvReads: Sighting[] = [];
  readonly hostInfo: Sighting[] = [];
  /**
   * Host identity proven to reach the network: in JavaScript a flow the behaviour model followed from
   * the read to a request (variables, object literals, JSON.stringify, string building); in a shell
   * line the host value written into the fetch's own arguments. Reading the user name for a file
   * name and separately posting platform details (scarf's analytics) is not one of these.
   */
  readonly hostSends: Sighting[] = [];
  readonly obfuscatedFiles: Sighting[] = [];
  readonly dynamicCode: Sighting[] = [];
  /** An AI coding agent run with its permission checks off (`gemini --yolo`, `claude --dangerously-skip-permissions`). */
  readonly agentRuns: Sighting[] = [];
  /** A cryptocurrency miner started (MINER_COMMAND). */
  readonly minerRuns: Sighting[] = [];
  /** Packages installed globally (`npm install -g x`): outside the project and its lockfile. */
  readonly globalInstalls: Sighting[] = [];
  /** The user's or the machine's files deleted wholesale (DESTRUCTIVE_TARGET). */
  readonly destructive: Sighting[] = [];
  readonly unparsedFiles: Sighting[] = [];
  private readonly visited = new Set<string>();

  constructor(
    private readonly files: PackageFiles | undefined,
    private readonly maxFiles: number,
    /** Wall-clock budget for the whole install path; files reached after it are listed as unread. */
    private readonly maxMillis = 5000,
  ) {}

  private readonly started = Date.now();

  /** A hook's command line (or a shell file, or a command string a JS file executes). */
  shell(script: string, place: Place, depth = 0): void {
    if (depth > 3) return;
    const commands = parseShell(script);
    const lines = script.split('\n');
    const downloaded = new Map<string, Sighting>();
    for (const command of commands) {
      const at: Place = { ...place, ...(place.file !== undefined && place.line !== undefined ? { line: place.line + command.line - 1 } : {}) };
      // The whole line, not the pipeline stage: `sh` alone hides the `curl … |` a reviewer needs to see.
      const excerpt = lineExcerpt(lines[command.line - 1] ?? command.text, command.text);
      const sight = (what: string): Sighting => ({ place: at, excerpt, what });
      const program = programName(command);
      if (isFetch(command)) this.fetchCommand(command, commands, program, sight, downloaded);
      else if (DNS_PROGRAMS.has(program)) this.lookupCommand(command, commands, program, sight);
      this.interpreterCommand(command, commands, program, sight);
      this.downloadRun(command, program, downloaded);
      this.inlineCommand(command, program, at, sight, depth);
      this.commandMarkers(command, program, sight);
      this.packageScript(command, place);
    }
  }

  /**
   * A script of the package's own that a command runs (`bash preinstall.sh`, `./setup.sh`,
   * `exec('node lib/install.js')`, `preinstall.bat`): read in turn, like a hook's target. Install
   * commands run in the package's folder, so the path is taken from the package root.
   */
  private packageScript(command: ShellCommand, place: Place): void {
    if (!this.files) return;
    const first = command.argv[0] ?? '';
    const target = scriptTarget(command) ?? (/\.(sh|bash|bat|cmd)$/i.test(first) ? first : undefined);
    const path = target !== undefined ? resolvePackageFile(this.files, target) : undefined;
    if (path !== undefined) this.file(path, { hook: place.hook });
  }

  /** curl/wget and kin: a download (what it writes, for a later run), data or host details sent. */
  private fetchCommand(command: ShellCommand, commands: readonly ShellCommand[], program: string, sight: (what: string) => Sighting, downloaded: Map<string, Sighting>): void {
    this.shellDownloads.push(sight(program));
    this.networkUses.push(sight(program));
    if (sendsData(command)) this.dataSends.push(sight(program));
    const sent = hostInfoSent(command, commands);
    if (sent !== undefined) this.hostSends.push(sight(sent));
    for (const output of fetchOutputs(command)) downloaded.set(output, sight(output));
  }

  /**
   * nslookup/dig/ping of a name: the name itself is sent, to whoever runs that domain's DNS. With
   * `$(whoami).$(hostname).x.oast.live` in it, the lookup is the request a probe reports home with.
   */
  private lookupCommand(command: ShellCommand, commands: readonly ShellCommand[], program: string, sight: (what: string) => Sighting): void {
    const sent = hostInfoSent(command, commands);
    if (sent === undefined) return;
    this.networkUses.push(sight(program));
    this.hostSends.push(sight(`${sent.replace(/ in the request$/, '')} in a ${program} lookup`));
  }

  /** A shell fed what a fetch downloaded (piped or substituted) or what base64 decoded. */
  private interpreterCommand(command: ShellCommand, commands: readonly ShellCommand[], program: string, sight: (what: string) => Sighting): void {
    if (INTERPRETERS.has(program) && pipedFromFetch(command)) this.pipeToShell.push(sight(program));
    if (INTERPRETERS.has(program) && command.argv.slice(1).some((a) => /\$\(|`|<\(/.test(a)) && commands.some((c) => c.substituted && isFetch(c) && command.text.includes(c.text))) {
      this.pipeToShell.push(sight(program));
    }
    if ((program === 'powershell' || program === 'pwsh') && /\b(iex|invoke-expression)\b/i.test(command.text) && isFetch(command)) this.pipeToShell.push(sight('PowerShell Invoke-Expression'));
    if (INTERPRETERS.has(program) && pipedFromDecoder(command)) this.encodedPayloads.push(sight('base64-decoded text piped into a shell'));
  }

  /** A downloaded file run later in the same script (directly, through an interpreter, chmod or Start-Process). */
  private downloadRun(command: ShellCommand, program: string, downloaded: ReadonlyMap<string, Sighting>): void {
    const runs = EXECUTORS.has(program) ? command.argv.slice(1) : [command.argv[0], scriptTarget(command)];
    for (const run of runs) {
      // `curl -o x` then `chmod +x ./x; ./x`: one file, written with or without `./`.
      const download = run !== undefined ? (downloaded.get(run) ?? downloaded.get(run.replace(/^\.\//, '')) ?? downloaded.get(`./${run}`)) : undefined;
      if (download && !this.downloadExecute.some((s) => s.excerpt === download.excerpt && s.what === run)) this.downloadExecute.push({ ...download, what: run! });
    }
  }

  /** Code given on the command line (`node -e`, `sh -c`, `python -c`, `powershell -Command`): read in turn. */
  private inlineCommand(command: ShellCommand, program: string, at: Place, sight: (what: string) => Sighting, depth: number): void {
    const inline = inlineCode(command);
    if (inline?.language === 'javascript') this.javascript(analyzeJavaScript(inline.code), inline.code, { ...at }, depth + 1);
    else if (inline?.language === 'shell') this.shell(inline.code, at, depth + 1);
    else if (inline) {
      if (['powershell', 'pwsh', 'cmd'].includes(program)) this.shell(inline.code, at, depth + 1);
      if (/b64decode|FromBase64String|-enc(odedcommand)?\b|base64\s+-d/i.test(command.text)) this.encodedPayloads.push(sight(`${program} runs encoded code`));
      if (/urllib|requests\.|socket\.|Net\.WebClient|http\.client|LWP::|Net::HTTP|open-uri/i.test(inline.code)) this.networkUses.push(sight(program));
    }
  }

  /** Encoded blobs, secrets named, the environment printed, the host identified. */
  private commandMarkers(command: ShellCommand, program: string, sight: (what: string) => Sighting): void {
    if (BASE64_BLOB.test(command.text) && !isFetch(command)) this.encodedPayloads.push(sight('long base64 text in the command'));
    // `echo "… create a .npmrc …"` names a file for the reader; `echo $NPM_TOKEN` prints the secret.
    const secret = SECRET_VARIABLES.exec(command.text) ?? (printsOnly(command) ? null : SECRET_PATH.exec(command.text));
    if (secret) this.secretReads.push(sight(secret[0]));
    if (program === 'env' || program === 'printenv' || (program === 'set' && command.argv.length === 1)) this.envDumps.push(sight(program));
    const unattended = AI_AGENTS.has(program) ? command.argv.find((a) => UNATTENDED_AGENT_FLAG.test(a)) : undefined;
    if (unattended !== undefined) this.agentRuns.push(sight(`${program} ${unattended}`));
    const wiped = destroyedRoot(command);
    if (wiped !== undefined) this.destructive.push(sight(`${program} ${wiped}`));
    const miner = MINER_COMMAND.exec(command.text);
    if (miner) this.minerRuns.push(sight(safeLine(miner[0].trim(), 60)));
    const installed = globalInstall(program, command.argv);
    if (installed !== undefined) this.globalInstalls.push(sight(safeLine(`${program} ${installed}`, 80)));
    const identifiesHost = identifiesHostCommand(command);
    if (identifiesHost || HOST_INFO_VARIABLES.test(command.text)) this.hostInfo.push(sight(identifiesHost ? program : 'user/host variable'));
  }

  /** A package file an install hook reaches (followed by index.ts from the hook's targets). */
  file(path: string, place: Place): void {
    if (!this.files || this.visited.has(path)) return;
    if (this.visited.size >= this.maxFiles || Date.now() - this.started > this.maxMillis) {
      this.unparsedFiles.push({ place: { ...place, file: path }, excerpt: '', what: `not read: ${this.maxFiles}-file or ${this.maxMillis} ms budget of the install path used up` });
      this.visited.add(path);
      return;
    }
    this.visited.add(path);
    const text = this.files.readText(path);
    if (text === undefined) {
      this.unparsedFiles.push({ place: { ...place, file: path }, excerpt: '', what: 'text not captured (binary or over the size cap)' });
      return;
    }
    // Inline-code nesting starts afresh in every file; how deep the import chain is does not matter.
    if (isShellText(path, text)) {
      this.shell(text, { ...place, file: path, line: 1 });
      return;
    }
    const analysis = analyzeCachedFile(this.files, path, text);
    this.javascript(analysis, text, { ...place, file: path }, 0);
    for (const next of localImports(this.files, path, analysis)) this.file(next, place);
  }

  /** What a piece of JavaScript does (a file, `node -e` code, or a decoded eval payload). */
  javascript(analysis: JsAnalysis, source: string, place: Place, depth: number): void {
    const at = (line: number, excerpt: string, what: string): Sighting => ({
      place: place.file !== undefined ? { ...place, line } : place,
      excerpt: place.file !== undefined ? excerpt : safeLine(source, 160),
      what,
    });
    if (analysis.mode === 'tokens') {
      this.unparsedFiles.push({ place, excerpt: '', what: analysis.reason });
      this.tokenSightings(source, analysis.reason, at);
      return;
    }
    const hostReadsBefore = this.hostInfo.length;
    this.callSightings(analysis, place, depth, at);
    for (const read of analysis.envReads) {
      if (read.name === '*') this.envDumps.push(at(read.line, read.excerpt, 'process.env'));
      else if (PUBLISH_CREDENTIAL.test(read.name)) this.secretReads.push(at(read.line, read.excerpt, `process.env.${read.name}`));
      else if (SECRET_ENV_NAME.test(read.name) && !/^npm_(package|lifecycle)_/i.test(read.name)) this.tokenEnvReads.push(at(read.line, read.excerpt, read.name));
    }
    this.agentSightings(analysis, at);
    // A credential file named in a string is read only by a file that reads files: linking the
    // project's .npmrc for a nested npm install (full-icu) names it without reading it.
    const readsFiles = analysis.calls.some((c) => FS_READ.test(c.callee));
    for (const s of readsFiles ? analysis.strings : []) {
      if (SECRET_PATH.test(s.value) && /\.npmrc|id_rsa|credentials|\.ssh\//.test(s.value) && !this.secretReads.some((r) => r.place.line === s.line)) {
        this.secretReads.push(at(s.line, safeLine(s.value, 120), s.value.match(SECRET_PATH)![0]));
      }
    }
    // Only a file that reads host details pays for the flow model.
    if (this.hostInfo.length > hostReadsBefore) {
      for (const flow of fileBehaviour(analysis).exfiltration) {
        if (flow.source.kind !== 'host-identity' || flow.ownService) continue;
        this.hostSends.push(at(flow.source.line, flow.source.excerpt, `${flow.source.what} sent by ${flow.sink.what}`));
      }
    }
    const obfuscation = assessObfuscation(analysis);
    if (obfuscation.obfuscated) this.obfuscatedFiles.push({ place, excerpt: '', what: obfuscation.reasons.join('; ') });
  }

  /**
   * An agent run from JavaScript: its command line is usually assembled (`spawnSync(bin, args)` over
   * a table of agents), so the agent's name and an unattended flag written as strings of a file that
   * runs commands stand for the run.
   */
  private agentSightings(analysis: JsAstAnalysis, at: (line: number, excerpt: string, what: string) => Sighting): void {
    const flag = analysis.strings.find((s) => UNATTENDED_AGENT_FLAG.test(s.value));
    const agent = flag ? analysis.strings.find((s) => AI_AGENTS.has(s.value)) : undefined;
    if (!flag || !agent || !analysis.calls.some((c) => isCommandRunner(c.callee))) return;
    this.agentRuns.push(at(flag.line, safeLine(flag.value, 120), `${agent.value} ${flag.value}`));
  }

  /** Code that could not be parsed: its token hits, each into the list its token stands for. */
  private tokenSightings(source: string, reason: string, at: (line: number, excerpt: string, what: string) => Sighting): void {
    const lists: Record<string, Sighting[]> = {
      decodedEval: this.encodedPayloads,
      network: this.networkUses,
      envDump: this.envDumps,
      secretPath: this.secretReads,
      shellPipe: this.pipeToShell,
      hostInfo: this.hostInfo,
    };
    for (const hit of searchTokens(source, TOKEN_PATTERNS)) lists[hit.token]?.push(at(hit.line, hit.excerpt, `${hit.token} (token search: ${reason})`));
  }

  /** Each call: the network, host details, secret files read, commands run (and temp files they run), code evaluated. */
  private callSightings(analysis: JsAstAnalysis, place: Place, depth: number, at: (line: number, excerpt: string, what: string) => Sighting): void {
    const tempWrites: string[] = [];
    for (const call of analysis.calls) {
      if (isNetworkCall(call.callee)) this.networkUses.push(at(call.line, call.excerpt, call.callee));
      if (HOST_INFO_CALLS.test(call.callee)) this.hostInfo.push(at(call.line, call.excerpt, call.callee));
      const firstArg = stringValue(call.args[0]);
      if (FS_READ.test(call.callee) && firstArg !== undefined && SECRET_PATH.test(firstArg)) this.secretReads.push(at(call.line, call.excerpt, firstArg));
      if (FS_WRITE.test(call.callee) && firstArg !== undefined && TEMP_PATH.test(` ${firstArg}`)) tempWrites.push(firstArg);
      const command = commandOfCall(call);
      if (command !== undefined) {
        this.shell(command, place.file !== undefined ? { ...place, line: call.line } : place, depth + 1);
        if (tempWrites.some((w) => command.includes(w)) || (TEMP_PATH.test(` ${command}`) && tempWrites.length > 0)) {
          this.downloadExecute.push(at(call.line, call.excerpt, 'a file written to the temp directory'));
        }
      }
      if (isDynamicCodeCall(call.callee)) {
        if (call.decodedArgument) this.encodedPayloads.push(at(call.line, call.excerpt, `${call.callee}() of a decoded string`));
        else if (call.args.length > 0 && call.args.every((a) => a?.kind !== 'string' || a.partial)) this.dynamicCode.push(at(call.line, call.excerpt, `${call.callee}()`));
        const payload = stringValue(call.args.at(-1));
        if (payload !== undefined && depth < 4) this.javascript(analyzeJavaScript(payload), payload, place, depth + 1);
      }
    }
  }
}


function identifiesHostCommand(command: ShellCommand): boolean {
  const program = programName(command);
  return HOST_INFO_COMMANDS.has(program) && !(program === 'uname' && !unameShowsHostname(command.argv.slice(1)));
}

/**
 * What host detail a fetch carries out: `$USER`/`%COMPUTERNAME%` or a `$(hostname)` substitution in
 * its arguments (not in the file it writes to), or `hostname | curl --data @-`.
 */
function hostInfoSent(command: ShellCommand, commands: readonly ShellCommand[]): string | undefined {
  const outputs = new Set(fetchOutputs(command));
  const args = command.argv.slice(1).filter((a) => !outputs.has(a));
  const variable = args.map((a) => HOST_INFO_VARIABLES.exec(a)?.[0]).find((v) => v !== undefined);
  if (variable !== undefined) return `${variable} in the request`;
  const substituted = commands.find((c) => c !== command && c.substituted && identifiesHostCommand(c) && args.some((a) => a.includes(c.text)));
  if (substituted) return `output of ${programName(substituted)} in the request`;
  for (let c = command.pipedFrom, n = 0; c && n < 8; c = c.pipedFrom, n++) {
    if (identifiesHostCommand(c) && sendsData(command)) return `output of ${programName(c)} piped into the request`;
  }
  return undefined;
}

function pipedFromFetch(command: ShellCommand): boolean {
  for (let c = command.pipedFrom, n = 0; c && n < 8; c = c.pipedFrom, n++) if (isFetch(c)) return true;
  return false;
}

function pipedFromDecoder(command: ShellCommand): boolean {
  for (let c = command.pipedFrom, n = 0; c && n < 8; c = c.pipedFrom, n++) {
    const program = programName(c);
    if ((program === 'base64' && c.argv.some((a) => /^(-d|--decode|-D)$/.test(a))) || (program === 'xxd' && c.argv.includes('-r'))) return true;
  }
  return false;
}

function isShellText(path: string, text: string): boolean {
  // Batch files are read as command lines too: their downloads and runs are written the same way.
  if (/\.(sh|bash|zsh|bat|cmd)$/i.test(path)) return true;
  return /^#!.*\b(ba|z|da)?sh\b/.test(text) && !/^#!.*\bnode\b/.test(text);
}

/** `|| true`, `|| exit 0`, try/catch around a require, an existence test first: the author expects the target may be absent. */
/**
 * `npm install -g x`, `pnpm add -g x`, `yarn global add x`, `bun add -g x`: what the hook installs for
 * the whole machine, or undefined. The package's own install belongs to the project and its lockfile;
 * a global one is a program the user never chose, with install scripts of its own (Clinejection, 2026).
 */
function globalInstall(program: string, argv: string[]): string | undefined {
  const args = argv.slice(1);
  const global = args.includes('-g') || args.includes('--global') || (program === 'yarn' && args[0] === 'global');
  const verb = args.find((a) => !a.startsWith('-') && a !== 'global');
  if (!/^(?:npm|pnpm|yarn|bun|cnpm)$/.test(program) || !global || !/^(?:install|i|add)$/.test(verb ?? '')) return undefined;
  const packages = args.filter((a) => !a.startsWith('-') && a !== 'global' && a !== verb);
  return packages.length > 0 ? `${verb} -g ${packages.join(' ')}` : undefined;
}

export function isGuarded(script: string): boolean {
  // `|| :` is the shell's no-op: a word boundary never follows the colon, so it is matched on its own.
  return /\|\|\s*(?:(?:true|exit\s+0|echo)\b|:(?![\w:]))|\btry\s*\{|\bcatch\b|\b(test|\[)\s+-[ef]\s|\bif\s+exist\b|existsSync/i.test(script);
}

const MAX_EXCERPT_CHARS = 200;

/** A sanitized line, capped; a long line is cut around the command so the offending part stays in view. */
export function lineExcerpt(line: string, command: string): string {
  const flat = safeLine(line, Number.MAX_SAFE_INTEGER);
  if (flat.length <= MAX_EXCERPT_CHARS) return flat;
  const at = flat.indexOf(safeLine(command, Number.MAX_SAFE_INTEGER));
  if (at < 0) return safeLine(flat, MAX_EXCERPT_CHARS);
  const start = Math.max(0, Math.min(at - 40, flat.length - (MAX_EXCERPT_CHARS - 1)));
  return safeLine(`${start > 0 ? '…' : ''}${flat.slice(start)}`, MAX_EXCERPT_CHARS);
}

export function evidenceOf(s: Sighting, extra: Evidence = {}): Evidence {
  const evidence: Evidence = { ...extra };
  if (s.place.file !== undefined) evidence.file = s.place.file;
  else evidence.field = `scripts.${s.place.hook}`;
  if (s.place.line !== undefined) evidence.line = s.place.line;
  if (s.excerpt) evidence.excerpt = s.excerpt;
  return evidence;
}
