/**
 * yarn.lock v1 (yarn classic), read with yarn's own parser (`parseSyml` of @yarnpkg/parsers, which
 * reads v1 files as well as Yarn 2+ ones, so one library reads every yarn.lock).
 *
 * The file is a flat map from descriptors (`name@range`) to resolved entries; an entry's dependencies
 * are descriptors again, so edges are exact lookups. What yarn.lock does not record (which packages
 * the project asked for, dev or not, and the workspace folders) comes from the package.json files.
 */
import { parseSyml } from '@yarnpkg/parsers';
import semver from 'semver';
import { LockfileError } from '../../errors.js';
import { sourceFromResolved, type EdgeKind, type LockEdge, type LockImporter, type LockNode, type LockSource, type LockfileProblem, type ParsedLockfile } from '../graph.js';
import { declaredDependencies, isPlainObject, NO_MANIFESTS, type PackageManifest, type ProjectManifests } from '../project-manifests.js';
import { scanYarnLayout, splitDescriptor } from './layout.js';

// The header test of @yarnpkg/parsers' parseSyml: leading comment lines ending in `# yarn lockfile v1`.
const LEGACY_HEADER = /^(#.*(\r?\n))*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
const FIX_HINT = 'Regenerate it with `yarn install`, or pass another file with --lockfile.';

interface ClassicEntry {
  version?: unknown;
  resolved?: unknown;
  integrity?: unknown;
  dependencies?: unknown;
  optionalDependencies?: unknown;
}

export function parseYarnClassicLockfile(text: string, file: string, project: ProjectManifests = NO_MANIFESTS): ParsedLockfile {
  checkVersion(text, file);
  const layout = scanYarnLayout(text, file, FIX_HINT);
  const object = parseText(text, file);
  const problems: LockfileProblem[] = [];
  const { nodes, nodeIdByDescriptor, entryOfNode } = readEntries(layout.headers, object, file);
  const workspaceIdByName = addWorkspaceNodes(nodes, project);
  const resolveEdge = (from: string, depName: string, range: string, kind: EdgeKind): LockEdge => {
    const to = nodeIdByDescriptor.get(`${depName}@${range}`) ?? workspaceIdByName.get(depName);
    if (to === undefined && kind !== 'optional' && kind !== 'peer') {
      const line = layout.lineOfDescriptor.get(from);
      problems.push({ message: `"${from}" depends on "${depName}@${range}" but yarn.lock has no entry for it`, ...(line !== undefined ? { line } : {}), key: from });
    }
    return { to, name: depName, kind };
  };
  for (const [id, entry] of entryOfNode) {
    const node = nodes.get(id)!;
    const optional = isPlainObject(entry.optionalDependencies) ? entry.optionalDependencies : {};
    for (const [depName, range] of Object.entries(isPlainObject(entry.dependencies) ? entry.dependencies : {})) {
      if (typeof range === 'string' && !(depName in optional)) node.dependencies.push(resolveEdge(id, depName, range, 'prod'));
    }
    for (const [depName, range] of Object.entries(optional)) {
      if (typeof range === 'string') node.dependencies.push(resolveEdge(id, depName, range, 'optional'));
    }
  }
  const importerEdges = (manifest: PackageManifest | undefined, label: string): LockEdge[] =>
    declaredDependencies(manifest, { includeDev: true }).map((dep) => resolveEdge(label, dep.name, dep.spec, dep.kind));
  const importers: LockImporter[] = [{ label: 'root', dependencies: project.root ? importerEdges(project.root, 'root') : topLevelEdges(nodes) }];
  for (const [folder, manifest] of project.workspaces) importers.push({ label: folder, dependencies: importerEdges(manifest, folder) });
  if (!project.root) problems.push({ message: 'package.json not found next to yarn.lock: packages nothing else depends on are treated as direct, dev dependencies are unknown' });
  return { format: 'yarn-classic', importers, nodes, problems };
}

/** Refuses a lockfile version other than v1 (the header comment). */
function checkVersion(text: string, file: string): void {
  const header = /^#\s*yarn lockfile v(\d+)\s*$/m.exec(text.split('\n', 5).join('\n'));
  if (header && header[1] !== '1') {
    const line = text.slice(0, header.index).split('\n').length;
    throw new LockfileError(file, `unsupported yarn lockfile v${header[1]}: expected v1 (or a Yarn 2+ file with __metadata). ${FIX_HINT}`, { line });
  }
}

/** The entries as yarn's own parser reads them; refuses unresolved merge conflicts. */
function parseText(text: string, file: string): Record<string, ClassicEntry> {
  if (/^<{7}(?: |$)/m.test(text) && /^>{7}(?: |$)/m.test(text)) {
    throw new LockfileError(file, `unresolved merge conflict: expected a lockfile without conflict markers. ${FIX_HINT}`);
  }
  try {
    // parseSyml picks its v1 grammar from the header comment; a v1 file without one would go to its YAML reader.
    const v1Text = LEGACY_HEADER.test(text) ? text : `# yarn lockfile v1\n${text}`;
    return parseSyml(v1Text) as Record<string, ClassicEntry>;
  } catch (error) {
    // The line scan catches what we know how to locate; yarn's own line numbers skip blank lines, so they are not repeated.
    const detail = firstLine((error as Error).message).replace(/ \(line \d+, column \d+\)/, '');
    throw new LockfileError(file, `not a valid yarn.lock: ${detail}. ${FIX_HINT}`);
  }
}

/** One node per entry (keyed by its first descriptor), and which node each descriptor resolves to. */
function readEntries(headers: ReturnType<typeof scanYarnLayout>['headers'], object: Record<string, ClassicEntry>, file: string) {
  const nodes = new Map<string, LockNode>();
  const nodeIdByDescriptor = new Map<string, string>();
  const entryOfNode = new Map<string, ClassicEntry>();
  for (const entryHeader of headers) {
    const first = entryHeader.descriptors[0];
    const entry = first === undefined ? undefined : object[first];
    if (first === undefined || !isPlainObject(entry)) continue;
    if (typeof entry.version !== 'string' || entry.version === '') {
      throw new LockfileError(file, `the entry "${entryHeader.raw}" has no version: expected a \`version "x.y.z"\` line. ${FIX_HINT}`, { line: entryHeader.line, key: first });
    }
    const { name: installedName, range } = splitDescriptor(first);
    const alias = /^npm:((?:@[^/@]+\/)?[^@]+)(?:@.*)?$/.exec(range);
    const name = alias ? alias[1]! : installedName;
    nodes.set(first, { id: first, name, version: entry.version, source: sourceOfEntry(entry, name, range), dependencies: [] });
    entryOfNode.set(first, entry);
    for (const descriptor of entryHeader.descriptors) nodeIdByDescriptor.set(descriptor, first);
  }
  return { nodes, nodeIdByDescriptor, entryOfNode };
}

/** Workspaces are not in yarn.lock; they are the folders package.json's "workspaces" globs match. Returns their ids by package name. */
function addWorkspaceNodes(nodes: Map<string, LockNode>, project: ProjectManifests): Map<string, string> {
  const workspaceIdByName = new Map<string, string>();
  for (const [folder, manifest] of project.workspaces) {
    if (typeof manifest.name !== 'string') continue;
    const id = `workspace:${folder}`;
    nodes.set(id, { id, name: manifest.name, version: typeof manifest.version === 'string' ? manifest.version : '', source: { type: 'not-scanned', spec: `workspace:${folder}`, reason: 'workspace' }, dependencies: [] });
    workspaceIdByName.set(manifest.name, id);
  }
  return workspaceIdByName;
}

/** Without package.json, the best account of what the project asked for: entries no other entry depends on. */
function topLevelEdges(nodes: Map<string, LockNode>): LockEdge[] {
  const depended = new Set<string>();
  for (const node of nodes.values()) for (const edge of node.dependencies) if (edge.to !== undefined) depended.add(edge.to);
  return [...nodes.values()]
    .filter((node) => !depended.has(node.id) && !(node.source.type === 'not-scanned' && node.source.reason === 'workspace'))
    .map((node) => ({ to: node.id, name: splitDescriptor(node.id).name, kind: 'prod' as const }));
}

/** The range a descriptor was written with says more than `resolved` for git and file specs (no URL for folders). */
function sourceOfEntry(entry: ClassicEntry, name: string, range: string): LockSource {
  const version = entry.version as string;
  const integrity = typeof entry.integrity === 'string' ? entry.integrity : undefined;
  const resolved = typeof entry.resolved === 'string' && entry.resolved !== '' ? entry.resolved : undefined;
  if (range.startsWith('file:')) return { type: 'not-scanned', spec: range, reason: 'file' };
  if (range.startsWith('link:') || range.startsWith('portal:')) return { type: 'not-scanned', spec: range, reason: 'link' };
  if (looksLikeGitSpec(range)) return { type: 'not-scanned', spec: resolved ?? range, reason: 'git' };
  if (resolved) return sourceFromResolved(resolved, name, version, integrity);
  if (semver.valid(version)) return { type: 'registry', ...(integrity ? { integrity } : {}) };
  return { type: 'not-scanned', spec: range, reason: 'unknown-protocol' };
}

/** Git specs as package.json accepts them, including the `user/repo` GitHub shorthand. */
export function looksLikeGitSpec(range: string): boolean {
  return (
    /^(git\+|git:|git@|github:|gitlab:|bitbucket:|gist:)/i.test(range) ||
    /^[\w.-]+\/[\w.-]+(#.*)?$/.test(range) ||
    /\.git(#.*)?$/i.test(range)
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 200);
}
