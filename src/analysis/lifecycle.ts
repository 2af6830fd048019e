/**
 * What a registry install runs: the preinstall/install/postinstall scripts (npm runs `prepare` only
 * for git and local installs, so it is not an install hook here), plus the implicit
 * `node-gyp rebuild` npm adds when the package ships binding.gyp and defines neither install nor
 * preinstall. Also: which package files those scripts reach, following `node file.js` and local
 * require/import chains. worm-payload uses the same reading to decide install-time reachability.
 */
import type { PackageFacts } from '../facts/types.js';
import type { PackageFiles } from '../package-files/types.js';
import { analyzeCachedFile, type JsAnalysis } from './javascript/index.js';
import { inlineCode, packagePath, parseShell, programName, scriptTarget, type ShellCommand } from './shell.js';

export const INSTALL_HOOKS = ['preinstall', 'install', 'postinstall'] as const;
export type InstallHook = (typeof INSTALL_HOOKS)[number];

export interface InstallScript {
  hook: InstallHook;
  command: string;
  /** True for the `node-gyp rebuild` npm adds itself for binding.gyp, and for the commands binding.gyp runs. */
  implicit: boolean;
  /** `binding.gyp` for a command node-gyp runs while it reads that file (`<!(node index.js)`). */
  from?: 'binding.gyp';
}

/** The install hooks of the locked version, or undefined when neither the tarball's nor the packument's manifest is known. */
export function installScripts(facts: PackageFacts): InstallScript[] | undefined {
  const manifest = facts.manifest ?? (facts.versionMeta as Record<string, unknown> | undefined);
  if (!manifest) return undefined;
  const scripts = isStringRecord(manifest.scripts) ? manifest.scripts : {};
  const result: InstallScript[] = [];
  for (const hook of INSTALL_HOOKS) {
    const command = scripts[hook];
    if (typeof command === 'string' && command.trim() !== '') result.push({ hook, command, implicit: false });
  }
  const hasGyp = facts.files ? facts.files.entries.some((e) => e.path === 'binding.gyp') : facts.versionMeta?.gypfile === true;
  if (hasGyp && scripts.install === undefined && scripts.preinstall === undefined) {
    result.push({ hook: 'install', command: 'node-gyp rebuild', implicit: true });
  }
  const gypRuns = result.find((s) => parseShell(s.command).some((c) => programName(c) === 'node-gyp'));
  if (gypRuns && facts.files) result.push(...gypCommands(facts.files).map((command) => ({ hook: gypRuns.hook, command, implicit: true, from: 'binding.gyp' as const })));
  return result;
}

/**
 * The commands binding.gyp has node-gyp run while it configures the build: `<!(cmd)` and `<!@(cmd)`
 * expansions run at install, before anything is compiled (the Miasma variant started its stealer as
 * `<!(node index.js …)`). The ordinary ones ask node or pkg-config for include paths
 * (`<!(node -p "require('node-addon-api').include")`) and start nothing of the package's: kept are
 * those that run one of the package's files, download, or start a shell.
 */
function gypCommands(files: PackageFiles): string[] {
  const text = files.readText('binding.gyp');
  if (text === undefined) return [];
  const found: string[] = [];
  for (const m of text.slice(0, 200_000).matchAll(/<!@?\(([^)\n]{1,500})\)/g)) {
    const command = m[1]!.trim();
    const runs = parseShell(command).some((c) => {
      const target = scriptTarget(c);
      return (target !== undefined && resolvePackageFile(files, target) !== undefined) || /^(curl|wget|sh|bash|zsh|powershell|pwsh|cmd|iwr|invoke-webrequest)$/i.test(programName(c));
    });
    if (runs && !found.includes(command)) found.push(command);
    if (found.length >= 10) break;
  }
  return found;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const JS_EXTENSIONS = ['', '.js', '.cjs', '.mjs', '/index.js', '/index.cjs', '/index.mjs'];

/** The inventory path a script or require target names, trying Node's extensions; undefined when absent. */
export function resolvePackageFile(files: PackageFiles, target: string, fromDir = ''): string | undefined {
  const joined = packagePath(fromDir ? `${fromDir}/${target}` : target);
  if (joined === undefined) return undefined;
  const paths = filePaths(files);
  for (const ext of JS_EXTENSIONS) {
    if (paths.has(joined + ext)) return joined + ext;
  }
  return undefined;
}

const filePathSets = new WeakMap<PackageFiles, Set<string>>();

/**
 * The paths of a package's files, built once per package: entry chains resolve an import per
 * `require`, and building the set per call was quadratic in a big package's files.
 */
function filePaths(files: PackageFiles): Set<string> {
  let paths = filePathSets.get(files);
  if (!paths) {
    paths = new Set(files.entries.filter((e) => e.type === 'file' || e.type === 'symlink' || e.type === 'hardlink').map((e) => e.path));
    filePathSets.set(files, paths);
  }
  return paths;
}

export function isJavaScriptPath(path: string): boolean {
  return /\.(c|m)?jsx?$/i.test(path);
}

/** Local (`./`, `../`) modules a parsed file imports, as inventory paths. */
export function localImports(files: PackageFiles, path: string, analysis: JsAnalysis): string[] {
  if (analysis.mode !== 'ast') return [];
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const found: string[] = [];
  for (const { module } of analysis.imports) {
    if (!module.startsWith('./') && !module.startsWith('../')) continue;
    const resolved = resolvePackageFile(files, module, dir);
    // `require('../package.json')` loads data: read as code it only "failed to parse".
    if (resolved !== undefined && /\.json$/i.test(resolved)) continue;
    if (resolved && !found.includes(resolved)) found.push(resolved);
  }
  return found;
}

/** A target of a script command, with whether it exists. */
export interface ScriptTarget {
  hook: InstallHook;
  command: ShellCommand;
  target: string;
  /** Inventory path, or undefined when the file is not in the tarball. */
  path: string | undefined;
}

/** Files that `node x.js` / `sh x.sh` / `./x` in the install scripts name (inline `node -e "require('../detectors/install-scripts/x')"` included). */
export function scriptTargets(files: PackageFiles, scripts: InstallScript[]): ScriptTarget[] {
  const targets: ScriptTarget[] = [];
  for (const script of scripts) {
    for (const command of parseShell(script.command)) {
      const target = scriptTarget(command);
      if (target !== undefined) {
        targets.push({ hook: script.hook, command, target, path: resolvePackageFile(files, target) });
        continue;
      }
      const inline = inlineCode(command);
      if (inline?.language === 'javascript') {
        for (const m of inline.code.matchAll(/require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
          const module = m[1] ?? m[2]!;
          targets.push({ hook: script.hook, command, target: module, path: resolvePackageFile(files, module) });
        }
      }
    }
  }
  return targets;
}

/**
 * Every package file an install hook can reach: script targets, then their local imports, breadth
 * first, at most `maxFiles`. Keyed by path, valued by the hook that reaches it.
 */
export function installReachableFiles(facts: PackageFacts, maxFiles = 40): Map<string, InstallHook> {
  const reached = new Map<string, InstallHook>();
  const files = facts.files;
  const scripts = installScripts(facts);
  if (!files || !scripts) return reached;
  const queue: [string, InstallHook][] = [];
  for (const t of scriptTargets(files, scripts)) if (t.path !== undefined) queue.push([t.path, t.hook]);
  while (queue.length > 0 && reached.size < maxFiles) {
    const [path, hook] = queue.shift()!;
    if (reached.has(path)) continue;
    reached.set(path, hook);
    const text = files.readText(path);
    if (text === undefined || !isJavaScriptPath(path)) continue;
    for (const next of localImports(files, path, analyzeCachedFile(files, path, text))) queue.push([next, hook]);
  }
  return reached;
}

/** Programs that build native code at install: the ordinary reason for an install hook. */
const NATIVE_BUILD_PROGRAMS = new Set(['node-gyp', 'prebuild-install', 'node-pre-gyp', 'cmake-js', 'node-gyp-build', 'prebuild', 'prebuildify', 'electron-rebuild', 'node-gyp-build-optional-packages', 'neon']);
/** Commands that only print or exit. */
const HARMLESS_PROGRAMS = new Set(['echo', 'exit', 'true', ':', 'printf']);

/** A script whose commands are all native-build tools or harmless messages. */
export function isNativeBuild(script: string): boolean {
  const commands = parseShell(script);
  return commands.length > 0 && commands.every((c) => NATIVE_BUILD_PROGRAMS.has(programName(c)) || HARMLESS_PROGRAMS.has(programName(c)))
    && commands.some((c) => NATIVE_BUILD_PROGRAMS.has(programName(c)));
}
