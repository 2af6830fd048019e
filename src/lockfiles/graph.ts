/**
 * The one graph type every lockfile parser produces.
 *
 * Parsers only describe what the lockfile says (importers, nodes, edges); `buildDependencyGraph`
 * derives everything else (direct/dev/optional flags, paths from the root, dedupe by name@version)
 * in one place, so all formats agree on what "dev-only" or "a path" means.
 */

export type LockfileFormat =
  | 'npm-lock-v1'
  | 'npm-lock-v2'
  | 'npm-lock-v3'
  | 'yarn-classic'
  | 'yarn-berry'
  | 'pnpm-v5'
  | 'pnpm-v6'
  | 'pnpm-v9'
  | 'bun-text'
  | 'package-json-resolved'
  | 'specs-resolved';

/** How one package depends on another. `peer` edges are followed like prod edges for reachability. */
export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer';

export interface LockEdge {
  /** Node id of the target, or undefined when the lockfile names a dependency it does not lock. */
  to: string | undefined;
  /** The name under which the dependent requires it (an alias name when aliased). */
  name: string;
  kind: EdgeKind;
}

/** Where a node's bytes come from. Only `registry` nodes are fetched and audited. */
export type LockSource =
  | { type: 'registry'; resolved?: string; integrity?: string }
  | { type: 'not-scanned'; spec: string; reason: NotScannedReason };

export type NotScannedReason = 'workspace' | 'link' | 'file' | 'git' | 'remote-tarball' | 'unknown-protocol' | 'bundled';

export interface LockNode {
  /** Parser-chosen unique id (a node_modules path, a yarn key, a pnpm snapshot key, ...). */
  id: string;
  /** Real registry name (for `npm:` aliases, the target package, not the alias). */
  name: string;
  version: string;
  source: LockSource;
  dependencies: LockEdge[];
  /** Shipped inside its parent's tarball (npm `inBundle`): not fetched on its own. */
  bundled?: boolean;
  /** 1-based line of the node's entry in the lockfile (set by readLockfile, see entry-lines.ts). */
  line?: number;
}

/** The project root or one workspace: where dependency paths start. */
export interface LockImporter {
  /** `root` for the project root, the workspace's relative path (e.g. `packages/core`) otherwise. */
  label: string;
  dependencies: LockEdge[];
}

/** A problem met while parsing that did not stop the parse: the entry it concerns is reported, not dropped silently. */
export interface LockfileProblem {
  message: string;
  line?: number;
  key?: string;
  /** `newer-version`: the lockfile's version is newer than spamcheck knows and was read with the latest known shape. */
  kind?: 'newer-version';
}

/** The problem recorded when a lockfile of a newer version is read best-effort with the shape of `readAs`. */
export function newerVersionProblem(version: unknown, readAs: string, line?: number): LockfileProblem {
  return {
    kind: 'newer-version',
    message: `lockfileVersion ${JSON.stringify(version)} is newer than spamcheck knows; read as ${readAs}, whose shape it has. Packages the new version records differently may be missed — upgrade spamcheck`,
    key: 'lockfileVersion',
    ...(line !== undefined ? { line } : {}),
  };
}

export interface ParsedLockfile {
  format: LockfileFormat;
  importers: LockImporter[];
  nodes: Map<string, LockNode>;
  problems: LockfileProblem[];
}

export interface LockedPackage {
  name: string;
  version: string;
  /** Alias names the tree uses for this package (`my-lodash` for `npm:lodash@…`). */
  aliases: string[];
  direct: boolean;
  /** Reachable only through dev edges from importers. */
  dev: boolean;
  /** Reachable only through optional edges (or under an optional edge). */
  optional: boolean;
  /** Reachable only through peer edges (npm's `--omit peer` leaves these out). */
  peer: boolean;
  bundled: boolean;
  /** 1-based line of the package's entry in the lockfile, when known (SARIF locations, annotations). */
  line?: number;
  /** Shortest paths from an importer: ["root", "a", "b"]. At least one. */
  paths: string[][];
  integrity?: string;
  resolved?: string;
}

export interface NotScannedEntry {
  name: string;
  spec: string;
  reason: NotScannedReason;
}

export interface DependencyGraph {
  format: LockfileFormat;
  /** Absolute path of the lockfile read (or package.json for a resolved tree). */
  lockfile: string;
  packages: LockedPackage[];
  notScanned: NotScannedEntry[];
  problems: LockfileProblem[];
}

/** How many distinct paths we keep per package: enough to explain, bounded for huge trees. */
export const MAX_PATHS_PER_PACKAGE = 3;

interface Reach {
  prod: boolean;
  nonOptional: boolean;
  nonPeer: boolean;
  direct: boolean;
  paths: string[][];
}

/**
 * Walks from every importer breadth-first, so the first paths found are the shortest.
 * A package is dev when no path reaches it through prod/peer/optional edges of importers;
 * optional when every path crosses an optional edge.
 */
export function buildDependencyGraph(parsed: ParsedLockfile, lockfile: string, maxPaths = MAX_PATHS_PER_PACKAGE): DependencyGraph {
  const { reach, aliasesById } = walkFromImporters(parsed, maxPaths);
  const byKey = new Map<string, LockedPackage>();
  const notScanned = new Map<string, NotScannedEntry>();
  for (const node of parsed.nodes.values()) {
    if (node.source.type === 'not-scanned') {
      if (node.source.reason === 'workspace') continue; // workspaces are importers, not dependencies
      const key = `${node.name}\0${node.source.spec}`;
      if (!notScanned.has(key)) notScanned.set(key, { name: node.name, spec: node.source.spec, reason: node.source.reason });
      continue;
    }
    const reached: Reach = reach.get(node.id) ?? { prod: false, nonOptional: false, nonPeer: false, direct: false, paths: [] };
    const aliases = [...(aliasesById.get(node.id) ?? [])];
    const key = `${node.name}@${node.version}`;
    const existing = byKey.get(key);
    if (existing) mergeCopy(existing, node, node.source, reached, aliases, maxPaths);
    else byKey.set(key, lockedPackage(node, node.source, reached, aliases));
  }
  const packages = [...byKey.values()].sort(compareByNameThenVersion);
  for (const p of packages) p.paths.sort((a, b) => a.length - b.length);
  return {
    format: parsed.format,
    lockfile,
    packages,
    notScanned: [...notScanned.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.spec, b.spec)),
    problems: [...parsed.problems, ...unreachedProblem(packages)],
  };
}

/** One step of the walk: a node reached along `path`, with what every edge on the way allowed. */
interface Step {
  id: string;
  prod: boolean;
  nonOptional: boolean;
  nonPeer: boolean;
  path: string[];
  /** name@version of each package on `path`: the cycle check (names alone repeat when foo@1 depends on foo@2). */
  keys: string[];
}

/** What each node id is reached as (prod, non-optional, non-peer, direct, shortest paths), and the names it is aliased under. */
function walkFromImporters(parsed: ParsedLockfile, maxPaths: number): { reach: Map<string, Reach>; aliasesById: Map<string, Set<string>> } {
  const reach = new Map<string, Reach>();
  const aliasesById = new Map<string, Set<string>>();
  const queue: Step[] = [];
  // Nodes are revisited only when a visit adds something new (prod-ness, non-optional-ness or a path),
  // so the walk terminates on cyclic graphs.
  const enqueue = (edge: LockEdge, from: Omit<Step, 'id'>, isDirect: boolean) => {
    const node = edge.to === undefined ? undefined : parsed.nodes.get(edge.to);
    if (!node) return;
    if (edge.name !== node.name) {
      let set = aliasesById.get(node.id);
      if (!set) aliasesById.set(node.id, (set = new Set()));
      set.add(edge.name);
    }
    const path = [...from.path, edge.name === node.name ? node.name : `${edge.name} (npm:${node.name})`];
    const key = `${node.name}@${node.version}`;
    let r = reach.get(node.id);
    let changed = false;
    if (!r) {
      reach.set(node.id, (r = { prod: false, nonOptional: false, nonPeer: false, direct: false, paths: [] }));
      changed = true;
    }
    if (isDirect) r.direct = true;
    if (raise(r, from)) changed = true;
    if (r.paths.length < maxPaths && !from.keys.includes(key)) {
      r.paths.push(path);
      changed = true;
    }
    if (changed) queue.push({ id: node.id, prod: from.prod, nonOptional: from.nonOptional, nonPeer: from.nonPeer, path, keys: [...from.keys, key] });
  };
  for (const importer of parsed.importers) {
    for (const edge of importer.dependencies) {
      enqueue(edge, { path: [importer.label], keys: [], prod: edge.kind !== 'dev', nonOptional: edge.kind !== 'optional', nonPeer: edge.kind !== 'peer' }, true);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const step = queue[i]!;
    // Cycles: do not extend a path through a node already on it.
    if (step.path.length > 64) continue;
    for (const edge of parsed.nodes.get(step.id)!.dependencies) {
      enqueue(edge, { path: step.path, keys: step.keys, prod: step.prod, nonOptional: step.nonOptional && edge.kind !== 'optional', nonPeer: step.nonPeer && edge.kind !== 'peer' }, false);
    }
  }
  return { reach, aliasesById };
}

/** Raises the flags of `r` to what this visit allows; whether any rose. */
function raise(r: Reach, by: { prod: boolean; nonOptional: boolean; nonPeer: boolean }): boolean {
  const rose = (by.prod && !r.prod) || (by.nonOptional && !r.nonOptional) || (by.nonPeer && !r.nonPeer);
  r.prod ||= by.prod;
  r.nonOptional ||= by.nonOptional;
  r.nonPeer ||= by.nonPeer;
  return rose;
}

type RegistrySource = Extract<LockSource, { type: 'registry' }>;

function lockedPackage(node: LockNode, source: RegistrySource, reached: Reach, aliases: string[]): LockedPackage {
  return {
    name: node.name,
    version: node.version,
    aliases,
    direct: reached.direct,
    dev: !reached.prod,
    optional: !reached.nonOptional,
    peer: !reached.nonPeer,
    bundled: node.bundled === true,
    ...(node.line !== undefined ? { line: node.line } : {}),
    paths: reached.paths.length > 0 ? reached.paths : [[node.name]],
    ...(source.integrity ? { integrity: source.integrity } : {}),
    ...(source.resolved ? { resolved: source.resolved } : {}),
  };
}

/** A second node of the same name@version (another place in node_modules): one package, reached either way. */
function mergeCopy(existing: LockedPackage, node: LockNode, source: RegistrySource, reached: Reach, aliases: string[], maxPaths: number): void {
  existing.direct ||= reached.direct;
  existing.dev &&= !reached.prod;
  existing.optional &&= !reached.nonOptional;
  existing.peer &&= !reached.nonPeer;
  if (node.line !== undefined && (existing.line === undefined || node.line < existing.line)) existing.line = node.line;
  existing.bundled &&= node.bundled === true;
  for (const a of aliases) if (!existing.aliases.includes(a)) existing.aliases.push(a);
  for (const p of reached.paths) {
    if (existing.paths.length >= maxPaths) break;
    existing.paths.push(p);
  }
  existing.integrity ??= source.integrity;
  existing.resolved ??= source.resolved;
}

/**
 * Locked but unreachable (extraneous entries, or a dependency list the parser could not follow):
 * still audited, but their path is only their name, so say why.
 */
function unreachedProblem(packages: readonly LockedPackage[]): LockfileProblem[] {
  const unreached = packages.filter((p) => p.paths.length === 1 && p.paths[0]!.length === 1 && p.paths[0]![0] === p.name);
  if (unreached.length === 0) return [];
  const sample = unreached.slice(0, 5).map((p) => `${p.name}@${p.version}`).join(', ');
  return [{ message: `${unreached.length} locked package${unreached.length === 1 ? ' is' : 's are'} not reachable from the project or any workspace (${sample}${unreached.length > 5 ? ', …' : ''}); they are audited anyway` }];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareByNameThenVersion(a: { name: string; version: string }, b: { name: string; version: string }): number {
  return cmp(a.name, b.name) || cmp(a.version, b.version);
}

/**
 * Where a lockfile's `resolved` URL (or a version written as a spec) says the bytes come from.
 * Registry tarballs are recognised by their URL shape (`…/<name>/-/<basename>-<version>.tgz`),
 * which npm, yarn and every npm-compatible registry use, so private registries count as registries too;
 * anything else fetched over http is a remote tarball that the registry audit would not cover.
 */
export function sourceFromResolved(resolved: string, name: string, version: string, integrity?: string): LockSource {
  const spec = resolved;
  if (/^file:/i.test(resolved)) return { type: 'not-scanned', spec, reason: 'file' };
  if (/^link:/i.test(resolved)) return { type: 'not-scanned', spec, reason: 'link' };
  if (/^(git\+|git:|git@|github:|gitlab:|bitbucket:|gist:)/i.test(resolved) || /^https?:\/\/codeload\.github\.com\//i.test(resolved)) {
    return { type: 'not-scanned', spec, reason: 'git' };
  }
  if (/^https?:\/\//i.test(resolved)) {
    const withoutHash = resolved.replace(/[#?].*$/, '');
    const basename = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
    const registryTail = `/-/${basename}-${version}.tgz`;
    // The scope may be URL-encoded (`@scope%2fname`) by some registries; compare decoded.
    let decoded = withoutHash;
    try {
      decoded = decodeURIComponent(withoutHash);
    } catch {
      // keep the raw URL: a malformed escape simply fails the registry test below
    }
    if (decoded.endsWith(registryTail) && decoded.includes(`/${name}/-/`)) {
      return { type: 'registry', resolved, ...(integrity ? { integrity } : {}) };
    }
    return { type: 'not-scanned', spec, reason: 'remote-tarball' };
  }
  return { type: 'not-scanned', spec, reason: 'unknown-protocol' };
}

/** Converts a character offset into a 1-based line and column, for error messages. */
export function lineAndColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
