/**
 * package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
 *
 * v2 and v3 list every installed folder in `packages`, keyed by its path (`node_modules/a/node_modules/b`).
 * v1 nests the same tree in `dependencies`. Both are turned into nodes whose id is that node_modules path,
 * so one resolver serves both: a dependency is found by walking up the folders exactly as Node's
 * `require` does, which is how npm itself decides which copy a package gets.
 */
import semver from 'semver';
import { LockfileError } from '../../errors.js';
import { newerVersionProblem, sourceFromResolved, type EdgeKind, type LockEdge, type LockImporter, type LockNode, type LockSource, type LockfileProblem, type ParsedLockfile } from '../graph.js';
import { declaredDependencies, isPlainObject, matchesWorkspacePatterns, NO_MANIFESTS, workspacePatterns, type PackageManifest, type ProjectManifests } from '../project-manifests.js';
import { parseJsonStrict, positionOfJsonPath } from './json.js';

const FIX_HINT = 'Regenerate it with `npm install --package-lock-only`, or pass another file with --lockfile.';

type Entry = Record<string, unknown>;

export function parseNpmLockfile(text: string, file: string, project: ProjectManifests = NO_MANIFESTS): ParsedLockfile {
  const lock = parseJsonStrict(text, file, FIX_HINT);
  if (!isPlainObject(lock)) throw new LockfileError(file, `expected a JSON object at the top level. ${FIX_HINT}`, { line: 1 });
  const version = lock.lockfileVersion;
  const fail = (detail: string, path: (string | number)[]) => new LockfileError(file, detail, { ...positionOfJsonPath(text, path), key: path.join('.') });

  if (version === 2 || version === 3) {
    if (isPlainObject(lock.packages)) return parsePackagesSection(lock.packages, version, project, fail);
    // A v2 file written by a tool that kept only the legacy section still has a readable tree.
    if (version === 2 && isPlainObject(lock.dependencies)) return parseLegacyDependencies(lock.dependencies, 'npm-lock-v2', project, fail);
    throw fail(`lockfileVersion ${version} needs a "packages" object. ${FIX_HINT}`, ['lockfileVersion']);
  }
  if (version === 1) {
    const deps = lock.dependencies ?? {};
    if (!isPlainObject(deps)) throw fail(`expected "dependencies" to be an object. ${FIX_HINT}`, ['dependencies']);
    return parseLegacyDependencies(deps, 'npm-lock-v1', project, fail);
  }
  // A newer integer version that still has v3's shape (a "packages" object) is read as v3, with a warning.
  if (typeof version === 'number' && Number.isInteger(version) && version > 3 && isPlainObject(lock.packages)) {
    const parsed = parsePackagesSection(lock.packages, 3, project, fail);
    parsed.problems.unshift(newerVersionProblem(version, 'lockfileVersion 3', positionOfJsonPath(text, ['lockfileVersion']).line));
    return parsed;
  }
  const shown = version === undefined ? 'missing' : JSON.stringify(version);
  throw fail(`unsupported lockfileVersion ${shown}: expected 1, 2 or 3. ${FIX_HINT}`, version === undefined ? [] : ['lockfileVersion']);
}

type Fail = (detail: string, path: (string | number)[]) => LockfileError;

// ---------------------------------------------------------------------------------------------
// v2 / v3: the flat `packages` map

const NODE_MODULES_SEGMENT = /(^|\/)node_modules\//;

function parsePackagesSection(packages: Entry, version: 2 | 3, project: ProjectManifests, fail: Fail): ParsedLockfile {
  const problems: LockfileProblem[] = [];
  const nodes = new Map<string, LockNode>();
  const rootEntry = isPlainObject(packages['']) ? packages[''] : {};
  // npm copies the root's `workspaces` globs into the lockfile's root entry; older files may only have them in package.json.
  const patternsInLock = workspacePatterns(rootEntry as PackageManifest);
  const patterns = patternsInLock.length > 0 ? patternsInLock : workspacePatterns(project.root);

  const linkTargets = linkTargetsOf(packages, fail);
  const resolve = (from: string, name: string): string | undefined => {
    const found = resolveInstalled(from, name, (candidate) => candidate in packages && candidate !== '');
    if (found === undefined) return undefined;
    return linkTargets.get(found) ?? found;
  };

  const edgesOf = (location: string, entry: Entry, includeDev: boolean): LockEdge[] => {
    const edges: LockEdge[] = [];
    // Lockfile entries carry the same dependency fields as package.json.
    for (const dep of declaredDependencies(entry as PackageManifest, { includeDev })) {
      const to = resolve(location, dep.name);
      if (to === undefined && dep.kind !== 'optional' && dep.kind !== 'peer') {
        problems.push({ message: `"${location || 'root'}" depends on "${dep.name}" but the lockfile does not install it`, key: `packages.${location}` });
      }
      edges.push({ to: to !== undefined && (to in packages || nodes.has(to)) ? to : undefined, name: dep.name, kind: dep.kind });
    }
    return edges;
  };

  const importers: LockImporter[] = [{ label: 'root', dependencies: [] }];
  const pendingEdges: { node: LockNode; entry: Entry; includeDev: boolean }[] = [];

  for (const [location, raw] of Object.entries(packages)) {
    if (location === '' || linkTargets.has(location)) continue;
    const entry = raw as Entry;
    if (NODE_MODULES_SEGMENT.test(location)) {
      const node = installedNode(location, entry, packages, fail);
      nodes.set(location, node);
      pendingEdges.push({ node, entry, includeDev: false });
      continue;
    }
    // A folder of the project: a workspace, or the target of a `file:` directory dependency.
    const node = projectFolderNode(location, entry, patterns);
    nodes.set(location, node);
    if (node.source.type === 'not-scanned' && node.source.reason === 'workspace') importers.push({ label: location, dependencies: [] });
    else pendingEdges.push({ node, entry, includeDev: false });
  }

  // Links whose target folder the lockfile does not describe (a `file:` folder outside the project, say):
  // keep them as not-scanned nodes so they show in the report.
  for (const [location, target] of linkTargets) {
    if (nodes.has(target)) continue;
    nodes.set(target, { id: target, name: nameFromLocation(location), version: '', source: { type: 'not-scanned', spec: `file:${target}`, reason: 'link' }, dependencies: [] });
  }

  for (const { node, entry, includeDev } of pendingEdges) node.dependencies = edgesOf(node.id, entry, includeDev);
  // A lockfile without its root entry (hand-trimmed, or written by another tool) still has package.json beside it.
  importers[0]!.dependencies = edgesOf('', isPlainObject(packages['']) ? rootEntry : ((project.root ?? {}) as Entry), true);
  for (const importer of importers.slice(1)) {
    importer.dependencies = edgesOf(importer.label, packages[importer.label] as Entry, true);
  }
  return { format: version === 2 ? 'npm-lock-v2' : 'npm-lock-v3', importers, nodes, problems };
}

/** Links (`node_modules/x` → `packages/x`) are not installed folders; edges that reach one are redirected to its target. */
function linkTargetsOf(packages: Entry, fail: Fail): Map<string, string> {
  const linkTargets = new Map<string, string>();
  for (const [location, raw] of Object.entries(packages)) {
    if (location === '') continue;
    if (!isPlainObject(raw)) throw fail(`expected the entry for "${location}" to be an object. ${FIX_HINT}`, ['packages', location]);
    if (raw.link === true) {
      if (typeof raw.resolved !== 'string') throw fail(`the link "${location}" has no "resolved" target folder. ${FIX_HINT}`, ['packages', location]);
      linkTargets.set(location, raw.resolved);
    }
  }
  return linkTargets;
}

/** An installed package (a `node_modules/` location): audited, unless it ships inside its bundler's tarball. */
function installedNode(location: string, entry: Entry, packages: Entry, fail: Fail): LockNode {
  const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : nameFromLocation(location);
  if (typeof entry.version !== 'string' || entry.version === '') {
    throw fail(`the entry "${location}" has no "version": expected every installed package to record its version. ${FIX_HINT}`, ['packages', location]);
  }
  return {
    id: location,
    name,
    version: entry.version,
    source: sourceOf(entry, name, entry.version),
    dependencies: [],
    ...(entry.inBundle === true && isBundledInPackage(location, packages) ? { bundled: true } : {}),
  };
}

/** A folder of the project: a workspace (an importer) or the target of a `file:` directory dependency (not scanned). */
function projectFolderNode(location: string, entry: Entry, workspaceGlobs: string[]): LockNode {
  const isWorkspace = matchesWorkspacePatterns(location, workspaceGlobs);
  return {
    id: location,
    name: typeof entry.name === 'string' ? entry.name : (location.split('/').pop() ?? location),
    version: typeof entry.version === 'string' ? entry.version : '',
    source: isWorkspace ? { type: 'not-scanned', spec: `workspace:${location}`, reason: 'workspace' } : { type: 'not-scanned', spec: `file:${location}`, reason: 'link' },
    dependencies: [],
  };
}

/**
 * A bundled dependency only ships inside a tarball when the package that bundles it came from one.
 * The bundler is the nearest ancestor folder not itself marked inBundle; when that is the project root or
 * a workspace (npm/cli bundles its own deps), npm installs the whole subtree from the registry.
 */
function isBundledInPackage(location: string, packages: Entry): boolean {
  let parent = parentLocation(location);
  for (let entry = packages[parent]; parent !== '' && isPlainObject(entry) && entry.inBundle === true; entry = packages[parent]) {
    parent = parentLocation(parent);
  }
  return parent !== '' && NODE_MODULES_SEGMENT.test(parent) && parent in packages;
}

function parentLocation(location: string): string {
  return location.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '');
}

function sourceOf(entry: Entry, name: string, version: string): LockSource {
  const integrity = typeof entry.integrity === 'string' ? entry.integrity : undefined;
  if (typeof entry.resolved === 'string' && entry.resolved !== '') return sourceFromResolved(entry.resolved, name, version, integrity);
  // Without `resolved` (npm's omit-lockfile-registry-resolved, or bundled deps), a semver version means the registry.
  if (semver.valid(version)) return { type: 'registry', ...(integrity ? { integrity } : {}) };
  return sourceFromResolved(version, name, version, integrity);
}

/** `node_modules/@scope/name` and `a/node_modules/b` → the package folder's name. */
function nameFromLocation(location: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(location);
  return match?.[1] ?? location.split('/').pop() ?? location;
}

/**
 * Node's module lookup: from a package folder, try `<dir>/node_modules/<name>` for the folder and each
 * ancestor, skipping folders that are themselves named node_modules.
 */
export function resolveInstalled(from: string, name: string, exists: (location: string) => boolean): string | undefined {
  let dir = from;
  for (;;) {
    if (!dir.endsWith('node_modules') || dir === '') {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (exists(candidate)) return candidate;
    }
    if (dir === '') return undefined;
    const slash = dir.lastIndexOf('/');
    dir = slash === -1 ? '' : dir.slice(0, slash);
  }
}

// ---------------------------------------------------------------------------------------------
// v1: the nested `dependencies` tree

function parseLegacyDependencies(dependencies: Entry, format: 'npm-lock-v1' | 'npm-lock-v2', project: ProjectManifests, fail: Fail): ParsedLockfile {
  const problems: LockfileProblem[] = [];
  const nodes = new Map<string, LockNode>();
  const entries = new Map<string, Entry>();

  const visit = (deps: Entry, parentId: string, jsonPath: string[]) => {
    for (const [key, raw] of Object.entries(deps)) {
      const path = [...jsonPath, key];
      if (!isPlainObject(raw)) throw fail(`expected the entry for "${key}" to be an object. ${FIX_HINT}`, path);
      const id = parentId === '' ? `node_modules/${key}` : `${parentId}/node_modules/${key}`;
      if (typeof raw.version !== 'string' || raw.version === '') {
        throw fail(`the entry "${key}" has no "version": expected every installed package to record its version. ${FIX_HINT}`, path);
      }
      let name = key;
      let version = raw.version;
      const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(version);
      if (alias) {
        name = alias[1]!;
        version = alias[2]!;
      }
      // npm 6 symlinks `file:` folders and extracts `file:` tarballs; only the folders are links.
      const isFolderLink = version.startsWith('file:') && !/\.(tgz|tar\.gz|tar)$/i.test(version);
      nodes.set(id, {
        id,
        name,
        version,
        source: isFolderLink ? { type: 'not-scanned', spec: version, reason: 'link' } : sourceOf(raw, name, version),
        dependencies: [],
        ...(raw.bundled === true && parentId !== '' ? { bundled: true } : {}),
      });
      entries.set(id, raw);
      if (raw.dependencies !== undefined) {
        if (!isPlainObject(raw.dependencies)) {
          problems.push({ message: `"dependencies" of "${key}" is not an object; its nested packages were skipped`, key: path.join('.') });
        } else {
          visit(raw.dependencies, id, [...path, 'dependencies']);
        }
      }
    }
  };
  visit(dependencies, '', ['dependencies']);

  const exists = (location: string) => nodes.has(location);
  // v1 `requires` does not say which dependencies are optional; npm's own `optional` flag on the target does.
  const kindOfTarget = (id: string | undefined): EdgeKind => (id !== undefined && entries.get(id)?.optional === true ? 'optional' : 'prod');
  for (const [id, entry] of entries) {
    const requires = isPlainObject(entry.requires) ? entry.requires : {};
    const node = nodes.get(id)!;
    for (const depName of Object.keys(requires)) {
      const to = resolveInstalled(id, depName, exists);
      if (to === undefined) problems.push({ message: `"${id}" requires "${depName}" but the lockfile does not install it`, key: id });
      node.dependencies.push({ to, name: depName, kind: kindOfTarget(to) });
    }
  }

  const rootEdges: LockEdge[] = [];
  if (project.root) {
    for (const dep of declaredDependencies(project.root, { includeDev: true })) {
      const to = resolveInstalled('', dep.name, exists);
      rootEdges.push({ to, name: dep.name, kind: dep.kind });
    }
  } else {
    // Without package.json the top level is the best account of what the project asked for; npm's flags give the kind.
    problems.push({ message: 'package.json not found next to the lockfile: every top-level package is treated as a direct dependency' });
    for (const [id, entry] of entries) {
      if (id.indexOf('/node_modules/') !== -1) continue;
      const kind: EdgeKind = entry.dev === true ? 'dev' : entry.optional === true ? 'optional' : 'prod';
      rootEdges.push({ to: id, name: id.slice('node_modules/'.length), kind });
    }
  }
  return { format, importers: [{ label: 'root', dependencies: rootEdges }], nodes, problems };
}
