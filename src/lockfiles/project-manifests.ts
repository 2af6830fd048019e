/**
 * The package.json files a lockfile needs beside it: the root's and every workspace's.
 *
 * Some lockfiles do not record which dependencies are direct or dev (yarn.lock, npm v1), and yarn
 * does not list workspace folders at all, so parsers take these manifests as an input. Reading them is
 * kept here, apart from parsing, so parsers stay pure functions over text that tests can call directly.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LockfileError } from '../errors.js';
import type { EdgeKind } from './graph.js';
import { parseJsonStrict } from './npm/json.js';

export interface PackageManifest {
  name?: string;
  version?: string;
  packageManager?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  /** yarn's overrides: `"pkg"`, `"pkg@range"` or `"parent/pkg"` → the range to use instead. */
  resolutions?: Record<string, string>;
}

export interface ProjectManifests {
  /** undefined when the project has no package.json next to its lockfile. */
  root: PackageManifest | undefined;
  /** Workspace manifests by relative path with forward slashes (`packages/core`). */
  workspaces: Map<string, PackageManifest>;
  /** Workspace package.json files that could not be read; the lockfile is still usable without them. */
  problems?: { message: string }[];
}

export const NO_MANIFESTS: ProjectManifests = { root: undefined, workspaces: new Map() };

/** One declared dependency of a manifest, with the kind npm gives it. */
export interface DeclaredDependency {
  name: string;
  spec: string;
  kind: EdgeKind;
}

/**
 * A manifest's dependencies in npm's precedence: a name listed in optionalDependencies is optional even
 * when it also appears in dependencies, and a dev dependency that is also a prod one is prod.
 */
export function declaredDependencies(manifest: PackageManifest | undefined, options: { includeDev: boolean }): DeclaredDependency[] {
  if (!manifest) return [];
  const byName = new Map<string, DeclaredDependency>();
  const add = (deps: unknown, kind: EdgeKind) => {
    if (!isPlainObject(deps)) return;
    for (const [name, spec] of Object.entries(deps)) if (typeof spec === 'string') byName.set(name, { name, spec, kind });
  };
  add(manifest.peerDependencies, 'peer');
  if (options.includeDev) add(manifest.devDependencies, 'dev');
  add(manifest.dependencies, 'prod');
  add(manifest.optionalDependencies, 'optional');
  return [...byName.values()];
}

export function workspacePatterns(manifest: PackageManifest | undefined): string[] {
  const ws = manifest?.workspaces;
  const list = Array.isArray(ws) ? ws : Array.isArray(ws?.packages) ? ws.packages : [];
  return list.filter((p): p is string => typeof p === 'string');
}

/** Does a relative folder path match one of the workspace globs (`packages/*`, `apps/**`, `tools/cli`)? */
export function matchesWorkspacePatterns(relativePath: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    // Every segment of the pattern ends in '/', so the folder path gets one too.
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(`${relativePath}/`)) matched = !negated;
  }
  return matched;
}

function globToRegExp(pattern: string): RegExp {
  const cleaned = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (const segment of cleaned.split('/')) {
    if (segment === '**') {
      source += '(?:[^/]+/)*';
      continue;
    }
    source += segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '/';
  }
  return new RegExp(`^${source}$`);
}

const MAX_WORKSPACE_DEPTH = 6;

/** Reads the root package.json and the package.json of every workspace folder its globs match. */
export async function readProjectManifests(projectDir: string): Promise<ProjectManifests> {
  const root = await readManifest(join(projectDir, 'package.json'));
  const workspaces = new Map<string, PackageManifest>();
  const problems: { message: string }[] = [];
  const patterns = workspacePatterns(root);
  if (patterns.length === 0) return { root, workspaces, problems };
  for (const folder of await listFolders(projectDir, MAX_WORKSPACE_DEPTH)) {
    const rel = relative(projectDir, folder).split(sep).join('/');
    if (!matchesWorkspacePatterns(rel, patterns)) continue;
    // A broken package.json under a broad glob (a test fixture, say) must not stop the whole scan: the
    // root one is fatal, a workspace's is reported and that workspace is walked from the lockfile alone.
    try {
      const manifest = await readManifest(join(folder, 'package.json'));
      if (manifest) workspaces.set(rel, manifest);
    } catch (error) {
      if (!(error instanceof LockfileError)) throw error;
      problems.push({ message: `workspace package.json skipped: ${error.message}` });
    }
  }
  return { root, workspaces, problems };
}

export async function readManifest(path: string): Promise<PackageManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LockfileError(path, `cannot read: ${(error as Error).message}`);
  }
  const value = parseJsonStrict(text, path, 'Fix the package.json.');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LockfileError(path, 'expected a JSON object at the top level of package.json');
  }
  return value as PackageManifest;
}

async function listFolders(dir: string, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = join(dir, entry.name);
    found.push(child, ...(await listFolders(child, depth - 1)));
  }
  return found;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
