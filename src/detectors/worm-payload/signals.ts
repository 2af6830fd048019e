/**
 * Reading one file for a self-publishing engine or registry manipulation. JavaScript is read from
 * the AST (through support/javascript.ts), shell scripts through the install-scripts shell reader,
 * and files that do not parse through token patterns (the evidence says so).
 *
 * A self-publishing engine is "runs npm publish" plus "rewrites its own package.json". What makes
 * it a worm rather than release tooling is structure, measured here: the package *name* is changed
 * (release tools only bump versions), `private` is dropped, values come from randomness, and the
 * publish repeats without bound (loop, timer, self-rescheduling).
 */
import { safeLine } from '../../report/sanitize.js';
import { LiteralGate } from '../../util/literal-gate.js';
import { parseShell, printsOnly, programName, type ShellCommand } from '../../analysis/shell.js';
import {
  assessObfuscation,
  commandOfCall,
  commandText,
  isCommandRunner,
  isNetworkCall,
  searchTokens,
  stringValue,
  type JsAnalysis,
  type JsAstAnalysis,
  type Repetition,
  type StaticValue,
} from '../../analysis/javascript/index.js';

export interface Spot {
  line: number;
  excerpt: string;
  /** Set when the trait was found in another file than the publish call (a local module it imports). */
  file?: string;
}

/** How a file edits package.json, whether or not it also publishes. */
export interface ManifestEdits {
  manifestRewrite: Spot;
  nameChange?: Spot;
  privateChange?: Spot;
  randomValues?: Spot;
  /** Writes an install hook into the manifest it publishes: how a worm rides on other packages' installs. */
  lifecycleInjection?: Spot;
}

export interface SelfPublishing {
  publish: Spot & { how: string };
  manifestRewrite?: Spot;
  nameChange?: Spot;
  privateChange?: Spot;
  randomValues?: Spot;
  lifecycleInjection?: Spot;
  repetition?: Spot & { kind: Repetition | 'shell-loop' | 'token-loop' };
  /** The file is a module with an API (exports), as release tooling is; an engine script exports nothing. */
  exportsApi?: boolean;
  /**
   * A shell release script: bumps its own version with `npm version` and tags or pushes with git
   * (the npm-release.sh that projects ship). An engine rewrites the name or version and never tags.
   */
  releaseScript?: Spot;
  /** `ast`, `shell` or `token-search (<why the parse failed>)`. */
  analysis: string;
}

export interface RegistryManipulation {
  parts: (Spot & { kind: 'account-creation' | 'dist-tags' | 'registry-put' | 'token-read' | 'account-command' })[];
  analysis: string;
}

export interface FileReading {
  selfPublishing?: SelfPublishing;
  manifestEdits?: ManifestEdits;
  registry?: RegistryManipulation;
  obfuscation?: string;
}

const PUBLISH_COMMAND = /(^|[\s;&|(])(npm|pnpm|yarn|bun|…)(\s+(?!publish\b)\S+)*\s+publish\b/;
const PUBLISH_LIBRARY = /^(libnpmpublish|@jsdevtools\/npm-publish|npm-publish)(\.|$)/;
const MANIFEST_WRITERS = /^(fs\.(promises\.)?(writeFile|writeFileSync)|fs-extra\.(writeJson|writeJSON|writeJsonSync|writeJSONSync|outputJson|outputJsonSync|writeFile|writeFileSync|outputFile|outputFileSync)|jsonfile\.(writeFile|writeFileSync)|write-json-file(\..+)?|write-pkg(\..+)?|write-package(\..+)?|write-json(\..+)?)$/;
const MANIFEST_COMMAND = /\bnpm\s+(version|pkg\s+set)\b|\b(sed|perl)\s+-i\b[^|;&]*package\.json|\bjq\b[^|;&]*package\.json|\b(Set-Content|Out-File)\b[^|;&]*package\.json/i;
const NAME_COMMAND = /\bnpm\s+pkg\s+set\s+['"]?name=|\b(sed|perl)\s+-i\b[^|;&]*"?name"?[^|;&]*package\.json|\bjq\b[^|;&]*\.name\s*=|\$\w+\.name\s*=/;
const PRIVATE_COMMAND = /\bnpm\s+pkg\s+(delete|set)\s+['"]?private|\b(sed|jq)\b[^|;&]*private/;
const MANIFEST_ORIGIN = /package[._-]?json|JSON\.parse|readJson|readPackage|readPkg|read-pkg|manifest|pkg/i;
const INSTALL_HOOK_NAMES = new Set(['preinstall', 'install', 'postinstall']);
const HOOK_COMMAND = /\bnpm\s+pkg\s+set\s+['"]?scripts\.(pre|post)?install=/;
const SHELL_RANDOM = /\$RANDOM|%RANDOM%|Get-Random|\bshuf\b|\/dev\/u?random|openssl\s+rand|\buuidgen\b|\bmktemp\s+-u|random\.(randint|choice)/;
const INTERACTIVE_PROMPT = /(^|[\s;&|])read\s+(-[a-z]+\s+)*-[a-z]*p\b|\bselect\s+\w+\s+in\b/m;
const SHELL_LOOP = /\bwhile\s+(true|:|sleep\b|\[\s*(1|true)\s*\]|\(\(\s*1\s*\)\)|\(\s*\$true\s*\)|True\s*:)|\bgoto\s+:?\w+|\bfor\s*\(\s*;\s*;\s*\)|\buntil\s+false\b|\bfor\s*\(\(\s*;\s*;\s*\)\)|\bfor\s+\w+\s+in\s+\$\(seq\s+\d+\s+\d{2,}\)|\{1\.\.\d{2,}\}/;
const ACCOUNT_ENDPOINT = /\/-\/user\/org\.couchdb\.user(\/|:|$)/;
const DIST_TAG_ENDPOINT = /\/-\/package\/.*dist-tags|dist-tags\/?$/;
const REGISTRY_URL = /registry\.(npmjs\.(org|com)|yarnpkg\.com)|npm_config_registry/i;
const ACCOUNT_COMMAND = /\bnpm\s+(adduser|add-user|login|token\s+create|owner\s+add|dist-tag\s+add|access\s+(grant|public|set))\b/;
const SECRET_FILE = /\.npmrc|\.yarnrc\.yml/;
const FS_READ = /^fs\.(promises\.)?(readFile|readFileSync|createReadStream)$/;

const TOKEN_PATTERNS: Record<string, RegExp> = {
  childProcess: /child_process|execa|shelljs|cross-spawn|subprocess|os\.system/,
  publish: /\b(npm|pnpm|yarn)\s+publish\b|\[\s*['"]publish['"]|['"](npm|pnpm|yarn)['"]\s*,\s*['"]publish['"]/,
  manifestWrite: /write(File|FileSync|Json|JSON)\s*\([^)]{0,120}package\.json|open\(\s*['"][^'"]*package\.json['"]\s*,\s*['"]w/,
  nameWrite: /\.name\s*=[^=]|\[\s*['"]name['"]\s*\]\s*=[^=]/,
  privateWrite: /delete\s+[\w.]+\.private\b|\.private\s*=[^=]|\bdel\s+\w+\[\s*['"]private['"]\s*\]|\.pop\(\s*['"]private['"]/,
  random: /Math\.random|randomInt|randomBytes|random\.(randint|choice|random)\b/,
  loop: /while\s*\(\s*(true|1|!0)\s*\)|for\s*\(\s*;\s*;\s*\)|setInterval\s*\(|\bwhile\s+True\s*:/,
  accountEndpoint: /\/-\/user\/org\.couchdb\.user/,
  tokenRead: /\.npmrc|_authToken|NPM_TOKEN/,
};

/**
 * Parsing is the expensive part of a scan (hundreds of thousands of ordinary module files), and
 * every signal this detector reads from an AST needs one of these tokens in the source first:
 * publishing needs the word or a program runner; a runner needs its module's name, or a module
 * name built at run time (a non-literal `require(...)`/`import(...)`); registry manipulation needs
 * its endpoint, registry URL, token or rc-file names; obfuscation needs `_0x` names, `\x`/`\u`
 * escapes, or dynamic code (eval/Function/vm) beside a decoder or a long encoded blob. A file
 * with none of them is skipped without parsing. Spellings are deliberately loose (a decoder name
 * alone lets a file through): a false "maybe" costs one parse, a false "no" a missed engine.
 */
const PARSE_ALWAYS: RegExp[] = [
  /publish/i,
  /registry\.(npmjs|yarnpkg)|npm_config|npm_token|node_auth_token/i,
  /NPM_|npmrc|yarnrc|_authToken|couchdb|dist-tags|adduser|add-user/,
];
const PARSE_WORTHY: RegExp[] = [
  /child_process|child-process|execa|shelljs|cross-spawn|\bzx\b|Bun\.spawn/,
  /\b(require|import)\s*\(\s*(?![\s]*['"][^'"\n]*['"]\s*\))/,
  /_0x[0-9a-fA-F]{3}/,
];
// `global['ev' + 'al']` names eval without the word: a computed member of a global counts too.
const DYNAMIC_CODE_TOKEN = /\beval\b|\bFunction\b|\bvm\b|runIn\w*Context|compileFunction|\b(global|globalThis|window|self)\s*\[/;
const DECODER_TOKEN = /base64|\bhex\b|atob|fromCharCode|unescape|decodeURI|zlib|inflate|gunzip|brotli/i;
const ENCODED_BLOB_CHARS = 1000;
const ENCODED_BLOB = new RegExp(`[A-Za-z0-9+/]{${ENCODED_BLOB_CHARS}}|[0-9a-fA-F]{${ENCODED_BLOB_CHARS}}`);

const ESCAPE = /\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/;
const PARSE_GATE = new LiteralGate([...PARSE_ALWAYS, ...PARSE_WORTHY, DYNAMIC_CODE_TOKEN, DECODER_TOKEN, ESCAPE]);
const DYNAMIC_CODE_AT = PARSE_ALWAYS.length + PARSE_WORTHY.length;
// Comments and template literals are matched whole so their quotes (`don't`) do not pair up with real strings.
const LEXEMES = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:[^`\\]|\\[\s\S])*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;
const ESCAPES = /\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/g;
/**
 * The parse flags string text that is mostly escapes (half or more); unicode tables and regex
 * sources have some. A rough lexer (strings and comments, no regex literals) estimates the share,
 * and half the flag's threshold leaves room for what it gets wrong.
 */
const ESCAPED_SHARE_TO_PARSE = 0.25;

/** False when the source holds none of the tokens any AST signal needs, so parsing it cannot find anything. */
export function mayHoldSignal(source: string): boolean {
  return parseNeed(source) !== 'none';
}

/**
 * `always`: the words of publishing or registry code are there, and token search would misjudge
 * them (release tools publish too; only the AST tells an exported release API from an engine).
 * `worthwhile`: only a runner, a built module name or an obfuscation marker; these can wait for a
 * package's parse budget. `none`: parsing cannot find anything.
 */
export function parseNeed(source: string): 'always' | 'worthwhile' | 'none' {
  // One literal pass rules out most tokens before any pattern runs (util/literal-gate.ts).
  const { matches: has } = PARSE_GATE.reading(source);
  if (PARSE_ALWAYS.some((_, i) => has(i))) return 'always';
  return hintsAtCode(source, has) ? 'worthwhile' : 'none';
}

function hintsAtCode(source: string, has: (i: number) => boolean): boolean {
  if (PARSE_WORTHY.some((_, i) => has(PARSE_ALWAYS.length + i))) return true;
  if (has(DYNAMIC_CODE_AT) && (has(DYNAMIC_CODE_AT + 1) || hasEncodedBlob(source))) return true;
  return has(DYNAMIC_CODE_AT + 2) && escapedShare(source) >= ESCAPED_SHARE_TO_PARSE;
}

/**
 * ENCODED_BLOB over the long lines only: a blob holds no line break, so it lies within one line of
 * 1,000 characters or more, and most files have none. The pattern over a whole file retried its
 * class at every offset of every word and was the dearest of the parse gates.
 */
export function hasEncodedBlob(source: string): boolean {
  for (let start = 0; start < source.length; ) {
    const newline = source.indexOf('\n', start);
    const end = newline === -1 ? source.length : newline;
    if (end - start >= ENCODED_BLOB_CHARS && ENCODED_BLOB.test(source.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

function escapedShare(source: string): number {
  let quoted = 0;
  let escaped = 0;
  for (const [lexeme] of source.matchAll(LEXEMES)) {
    if (lexeme[0] !== "'" && lexeme[0] !== '"') continue;
    quoted += lexeme.length;
    for (const [escape] of lexeme.matchAll(ESCAPES)) escaped += escape.length;
  }
  return quoted === 0 ? 0 : escaped / quoted;
}

/** Reads a JavaScript file (or inline/decoded code). */
export function readJavaScript(analysis: JsAnalysis, source: string): FileReading {
  if (analysis.mode === 'tokens') return readTokens(source, `token-search (${analysis.reason})`);
  const reading: FileReading = {};
  // A file that runs programs may wrap the runner in its own function: run('npm', ['publish']).
  const runsPrograms = analysis.calls.some((c) => isCommandRunner(c.callee));
  const publishes = analysis.calls.flatMap((call) => {
    const command = commandOfCall(call) ?? (runsPrograms && call.callee.startsWith('local:') ? wrappedCommand(call.args) : undefined);
    if (command !== undefined && PUBLISH_COMMAND.test(` ${command}`)) return [{ call, how: safeLine(command, 80) }];
    if (PUBLISH_LIBRARY.test(call.callee)) return [{ call, how: call.callee }];
    return [];
  });
  const registry = registryParts(analysis);
  if (registry.length > 0) reading.registry = { parts: registry, analysis: 'ast' };

  const spot = (line: number, excerpt: string): Spot => ({ line, excerpt });
  const edits = manifestEditsOf(analysis);
  if (edits) reading.manifestEdits = edits;

  if (publishes.length > 0) {
    // Prefer the repeating publish call as the one to show: it is the engine's heart.
    const publish = publishes.find((p) => p.call.repetition !== undefined) ?? publishes[0]!;
    const self: SelfPublishing = { publish: { ...spot(publish.call.line, publish.call.excerpt), how: publish.how }, analysis: 'ast', ...nearEdits(edits, publishes.map((p) => p.call.line)) };
    if (publish.call.repetition !== undefined) self.repetition = { ...spot(publish.call.line, publish.call.excerpt), kind: publish.call.repetition };
    self.exportsApi = analysis.exportsApi;
    reading.selfPublishing = self;
  }
  const obfuscation = assessObfuscation(analysis);
  if (obfuscation.obfuscated) reading.obfuscation = obfuscation.reasons.join('; ');
  return reading;
}

/**
 * A worm's engine is one routine: it rewrites the manifest and publishes within a few hundred lines.
 * In a bundle of many modules (lerna's 6,800-line chunk) a package.json writer, a `.name =` and a
 * publish call thousands of lines apart belong to different modules, so edits that far from every
 * publish call do not count as the engine's; an engine split across files is joined separately.
 */
const MAX_EDIT_TO_PUBLISH_LINES = 500;

function nearEdits(edits: ManifestEdits | undefined, publishLines: number[]): Partial<ManifestEdits> {
  if (!edits) return {};
  const near = (s: Spot | undefined) => s !== undefined && publishLines.some((l) => Math.abs(l - s.line) <= MAX_EDIT_TO_PUBLISH_LINES);
  if (!near(edits.manifestRewrite)) return {};
  const kept: Partial<ManifestEdits> = { manifestRewrite: edits.manifestRewrite };
  for (const key of ['nameChange', 'privateChange', 'randomValues', 'lifecycleInjection'] as const) if (near(edits[key])) kept[key] = edits[key];
  return kept;
}

/** package.json rewrites in a parsed file: the write itself, then which fields it changes and how. */
function manifestEditsOf(analysis: JsAstAnalysis): ManifestEdits | undefined {
  const spot = (line: number, excerpt: string): Spot => ({ line, excerpt });
  const write = analysis.calls.find(
    (c) => (MANIFEST_WRITERS.test(c.callee) && /package\.json$/.test(stringValue(c.args[0]) ?? '')) || MANIFEST_COMMAND.test(commandOfCall(c) ?? ''),
  );
  if (!write) return undefined;
  const edits: ManifestEdits = { manifestRewrite: spot(write.line, write.excerpt) };
  // Field writes count when they target something read as a manifest (or an unbound parameter), never `this` or an Error.
  const onManifest = analysis.propertyWrites.filter(
    (w) => w.object !== 'this' && w.object !== '?' && (w.objectOrigin === undefined || MANIFEST_ORIGIN.test(w.objectOrigin)),
  );
  const name = onManifest.find((w) => w.property === 'name' && w.operation !== 'delete') ?? analysis.calls.find((c) => NAME_COMMAND.test(commandOfCall(c) ?? ''));
  if (name) edits.nameChange = spot(name.line, name.excerpt);
  // Dropping "private" makes it falsy or deletes it; `private = true` or a label string keeps a package out of the registry.
  const priv = onManifest.find((w) => w.property === 'private' && !w.truthy) ?? analysis.calls.find((c) => PRIVATE_COMMAND.test(commandOfCall(c) ?? ''));
  if (priv) edits.privateChange = spot(priv.line, priv.excerpt);
  const random = onManifest.find((w) => (w.property === 'name' || w.property === 'version') && w.randomValue);
  if (random) edits.randomValues = spot(random.line, random.excerpt);
  const hook =
    onManifest.find((w) => INSTALL_HOOK_NAMES.has(w.property) && w.operation !== 'delete') ??
    analysis.calls.find((c) => HOOK_COMMAND.test(commandOfCall(c) ?? ''));
  if (hook) edits.lifecycleInjection = spot(hook.line, hook.excerpt);
  return edits;
}

/** `('npm', ['publish'])` or `('npm publish')` handed to a local wrapper. */
function wrappedCommand(args: (StaticValue | undefined)[]): string | undefined {
  const first = commandText(args[0]);
  if (first === undefined) return undefined;
  return args[1]?.kind === 'array' ? `${first} ${commandText(args[1])}` : first;
}

function registryParts(analysis: JsAnalysis & { mode: 'ast' }): RegistryManipulation['parts'] {
  const parts: RegistryManipulation['parts'] = [];
  const strings = analysis.strings;
  const account = strings.find((s) => ACCOUNT_ENDPOINT.test(s.value));
  if (account) parts.push({ kind: 'account-creation', line: account.line, excerpt: safeLine(account.value, 120) });
  const distTags = strings.find((s) => DIST_TAG_ENDPOINT.test(s.value) && s.value.includes('/-/'));
  if (distTags) parts.push({ kind: 'dist-tags', line: distTags.line, excerpt: safeLine(distTags.value, 120) });
  const put = strings.find((s) => s.value === 'PUT');
  const registryUrl = strings.find((s) => REGISTRY_URL.test(s.value)) ?? analysis.envReads.find((r) => /^npm_config_registry$/i.test(r.name));
  if (put && registryUrl && analysis.calls.some((c) => isNetworkCall(c.callee))) parts.push({ kind: 'registry-put', line: put.line, excerpt: 'PUT to the npm registry' });
  // Reading the file, not naming it: `--userconfig path/.npmrc` handed to npm is not a token read.
  const npmrcRead = analysis.calls.find((c) => FS_READ.test(c.callee) && SECRET_FILE.test(stringValue(c.args[0]) ?? ''));
  const authToken = strings.find((s) => s.value === '_authToken' || /:_authToken/.test(s.value));
  const npmrc = npmrcRead ? { line: npmrcRead.line, value: npmrcRead.excerpt } : authToken;
  const tokenEnv = analysis.envReads.find((r) => /^(NPM_TOKEN|NODE_AUTH_TOKEN|npm_config__authToken)$/i.test(r.name));
  const tokenSpot = npmrc ? { line: npmrc.line, excerpt: safeLine(npmrc.value, 120) } : tokenEnv ? { line: tokenEnv.line, excerpt: tokenEnv.excerpt } : undefined;
  if (tokenSpot) parts.push({ kind: 'token-read', ...tokenSpot });
  const command = analysis.calls.find((c) => ACCOUNT_COMMAND.test(commandOfCall(c) ?? ''));
  if (command) parts.push({ kind: 'account-command', line: command.line, excerpt: command.excerpt });
  return parts;
}

/** Reads a shell script (a `.sh` file or an install hook's command line). */
export function readShell(text: string): FileReading {
  const commands = parseShell(text);
  const reading: FileReading = {};
  const line = (c: ShellCommand): Spot => ({ line: c.line, excerpt: safeLine(c.text, 160) });
  const publish = commands.find((c) => ['npm', 'pnpm', 'yarn', 'bun'].includes(programName(c)) && c.argv.includes('publish'));
  if (publish) {
    const self: SelfPublishing = { publish: { ...line(publish), how: safeLine(publish.text, 80) }, analysis: 'shell' };
    const rewrite = commands.find((c) => MANIFEST_COMMAND.test(c.text) || c.writesTo.some((w) => /package\.json$/.test(w)));
    if (rewrite) self.manifestRewrite = line(rewrite);
    const name = commands.find((c) => NAME_COMMAND.test(c.text));
    if (name) self.nameChange = line(name);
    const priv = commands.find((c) => PRIVATE_COMMAND.test(c.text));
    if (priv) self.privateChange = line(priv);
    const hook = commands.find((c) => HOOK_COMMAND.test(c.text));
    if (hook) self.lifecycleInjection = line(hook);
    const lines = text.split('\n');
    const randomLine = lines.findIndex((l) => SHELL_RANDOM.test(l));
    if (randomLine >= 0 && rewrite) self.randomValues = { line: randomLine + 1, excerpt: safeLine(lines[randomLine]!, 160) };
    // A script that asks its user (`read -p "Ready to release? (y/n)"`) runs at a terminal, never
    // unattended at install: its `while true` is the question repeated, not a publish loop.
    const interactive = INTERACTIVE_PROMPT.test(text);
    // Before the publish (`while true; do … done`) or after it (`goto loop` in batch files).
    const loopLine = interactive ? -1 : lines.findIndex((l) => SHELL_LOOP.test(l));
    if (loopLine >= 0) self.repetition = { line: loopLine + 1, excerpt: safeLine(lines[loopLine]!, 160), kind: 'shell-loop' };
    const bump = commands.find((c) => programName(c) === 'npm' && c.argv[1] === 'version');
    const git = commands.find((c) => programName(c) === 'git' && ['tag', 'push'].includes(c.argv[1] ?? ''));
    if ((bump || interactive) && git && !self.nameChange && !self.randomValues && !self.privateChange && !self.lifecycleInjection) self.releaseScript = line(git);
    reading.selfPublishing = self;
  }
  const parts: RegistryManipulation['parts'] = [];
  const account = commands.find((c) => ACCOUNT_COMMAND.test(c.text));
  // A release script checks who is logged in before it publishes; that is not account abuse.
  if (account && !reading.selfPublishing?.releaseScript) parts.push({ kind: 'account-command', ...line(account) });
  const endpoint = commands.find((c) => ACCOUNT_ENDPOINT.test(c.text));
  if (endpoint) parts.push({ kind: 'account-creation', ...line(endpoint) });
  // `echo "create a .npmrc …"` names a file for the reader; `echo $NPM_TOKEN` prints the token itself.
  const token = commands.find((c) => (!printsOnly(c) && SECRET_FILE.test(c.text)) || /\$\{?NPM_TOKEN|_authToken/.test(c.text));
  if (token) parts.push({ kind: 'token-read', ...line(token) });
  if (parts.length > 0) reading.registry = { parts, analysis: 'shell' };
  return reading;
}

/** Token patterns for files that could not be parsed. */
/** How far from the publish a loop token may be to count as repeating it (token search knows no scopes). */
const TOKEN_LOOP_LINES = 40;

export function readTokens(source: string, analysis: string): FileReading {
  const hits = searchTokens(source, TOKEN_PATTERNS, undefined, 3);
  const first = (token: string): Spot | undefined => {
    const hit = hits.find((h) => h.token === token);
    return hit ? { line: hit.line, excerpt: hit.excerpt } : undefined;
  };
  const reading: FileReading = {};
  const publish = first('publish');
  if (publish && first('childProcess')) {
    const self: SelfPublishing = { publish: { ...publish, how: publish.excerpt }, analysis };
    const rewrite = first('manifestWrite');
    if (rewrite) {
      self.manifestRewrite = rewrite;
      const name = first('nameWrite');
      if (name) self.nameChange = name;
      const priv = first('privateWrite');
      if (priv) self.privateChange = priv;
      const random = first('random');
      if (random) self.randomValues = random;
    }
    // A loop token anywhere in a megabyte of bundle says nothing about the publish: only one near it.
    const loop = hits.find((h) => h.token === 'loop' && Math.abs(h.line - publish.line) <= TOKEN_LOOP_LINES);
    if (loop) self.repetition = { line: loop.line, excerpt: loop.excerpt, kind: 'token-loop' };
    reading.selfPublishing = self;
  }
  const parts: RegistryManipulation['parts'] = [];
  const account = first('accountEndpoint');
  if (account) parts.push({ kind: 'account-creation', ...account });
  const token = first('tokenRead');
  if (token) parts.push({ kind: 'token-read', ...token });
  if (parts.length > 0) reading.registry = { parts, analysis };
  return reading;
}
