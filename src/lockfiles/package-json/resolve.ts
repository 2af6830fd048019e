/**
 * No lockfile: resolve package.json ranges against the registry the way npm would, so there is still
 * a tree to audit. The report must say the tree is resolved, not locked (format
 * `package-json-resolved`): a later `npm install` may pick other versions.
 *
 * npm's choice for a range (npm-pick-manifest): the `latest` dist-tag when it satisfies the range,
 * otherwise the highest satisfying version; a bare tag (`next`) names its version. Deprecated
 * versions are not avoided here: an audit should see what a plain install would most likely get.
 * One version per name@range is resolved, every package is fetched once, and a name that cannot be
 * resolved is recorded as a problem, never thrown.
 */
import { resolve } from 'node:path';
import semver from 'semver';
import type { Packument, PackumentVersion } from '../../facts/npm-types.js';
import { buildDependencyGraph, type DependencyGraph, type EdgeKind, type LockEdge, type LockImporter, type LockNode, type LockfileProblem, type NotScannedReason } from '../graph.js';
import { declaredDependencies, readProjectManifests, type PackageManifest, type ProjectManifests } from '../project-manifests.js';

export interface ResolveOptions {
  /** Packuments fetched at once; the registry client has its own limits too. Default 8. */
  concurrency?: number;
  /** Resolve devDependencies of the root and the workspaces (npm installs them). Default true. */
  includeDev?: boolean;
  /** Already-read manifests (tests, or the CLI when it read them); read from `dir` otherwise. */
  project?: ProjectManifests;
}

export type FetchPackument = (name: string) => Promise<Packument>;

const DEFAULT_CONCURRENCY = 8;

/** Reads `dir`/package.json (and its workspaces) and resolves the whole tree through `fetchPackument`. */
export async function resolveFromPackageJson(dir: string, fetchPackument: FetchPackument, options: ResolveOptions = {}): Promise<DependencyGraph> {
  const project = options.project ?? (await readProjectManifests(dir));
  const resolver = new TreeResolver(fetchPackument, options.concurrency ?? DEFAULT_CONCURRENCY);
  const includeDev = options.includeDev ?? true;
  const workspaceNames = new Map<string, string>(); // package name → workspace label
  for (const [label, manifest] of project.workspaces) if (manifest.name) workspaceNames.set(manifest.name, label);

  const importers: LockImporter[] = [];
  const importerManifests: [string, PackageManifest | undefined][] = [['root', project.root], ...project.workspaces];
  for (const [label, manifest] of importerManifests) {
    const dependencies = declaredDependencies(manifest, { includeDev })
      // npm does not install a project's own peers; they are what its consumers must bring.
      .filter((dep) => dep.kind !== 'peer')
      .map((dep) => resolver.edge(dep.name, dep.spec, dep.kind, workspaceNames));
    importers.push({ label, dependencies: await Promise.all(dependencies) });
  }
  await resolver.settle();
  return buildDependencyGraph(
    { format: 'package-json-resolved', importers, nodes: resolver.nodes, problems: resolver.problems },
    resolve(dir, 'package.json'),
  );
}

class TreeResolver {
  readonly nodes = new Map<string, LockNode>();
  readonly problems: LockfileProblem[] = [];
  private readonly packuments = new Map<string, Promise<Packument | undefined>>();
  private readonly resolutions = new Map<string, Promise<string | undefined>>();
  /** Expansions of nodes still running; they add more while we wait, so settle() loops. */
  private readonly pending: Promise<void>[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly fetchPackument: FetchPackument,
    private readonly concurrency: number,
  ) {}

  async edge(name: string, spec: string, kind: EdgeKind, workspaceNames: Map<string, string>): Promise<LockEdge> {
    // A workspace's dependency on a sibling is satisfied by the sibling itself: not fetched.
    if (spec.startsWith('workspace:') || (workspaceNames.has(name) && !spec.startsWith('npm:'))) {
      return { to: this.localNode(name, spec, 'workspace'), name, kind };
    }
    return { to: await this.resolveSpec(name, spec), name, kind };
  }

  async settle(): Promise<void> {
    for (let i = 0; i < this.pending.length; i++) await this.pending[i];
  }

  /** name@spec → node id, memoised so each range is resolved once and cycles end at the memo. */
  private resolveSpec(name: string, spec: string): Promise<string | undefined> {
    const key = `${name}\0${spec}`;
    let promise = this.resolutions.get(key);
    if (!promise) {
      promise = this.resolveUncached(name, spec);
      this.resolutions.set(key, promise);
    }
    return promise;
  }

  private async resolveUncached(name: string, spec: string): Promise<string | undefined> {
    const local = localReason(spec);
    if (local) return this.localNode(name, spec, local);
    let realName = name;
    let range = spec.trim();
    if (range.startsWith('npm:')) {
      const target = range.slice(4);
      const at = target.indexOf('@', target.startsWith('@') ? 1 : 0);
      realName = at === -1 ? target : target.slice(0, at);
      range = at === -1 ? '' : target.slice(at + 1);
    }
    const packument = await this.packument(realName);
    if (!packument) return undefined;
    const version = pickVersion(packument, range);
    if (!version) {
      this.problems.push({ message: `no version of ${realName} matches "${range}" on the registry; it and its dependencies are not audited`, key: name });
      return undefined;
    }
    const id = `${realName}@${version}`;
    if (!this.nodes.has(id)) {
      const node: LockNode = { id, name: realName, version, source: { type: 'registry' }, dependencies: [] };
      const manifest = packument.versions[version];
      const integrity = manifest?.dist?.integrity;
      const tarball = manifest?.dist?.tarball;
      node.source = { type: 'registry', ...(integrity ? { integrity } : {}), ...(tarball ? { resolved: tarball } : {}) };
      this.nodes.set(id, node);
      // Children are resolved apart from this call so that a cycle never waits on itself.
      this.pending.push(this.expand(node, manifest));
    }
    return id;
  }

  private async expand(node: LockNode, manifest: PackumentVersion | undefined): Promise<void> {
    if (!manifest) return;
    const declared = dependenciesOf(manifest);
    node.dependencies = await Promise.all(declared.map(async ({ name, spec, kind }) => ({ to: await this.resolveSpec(name, spec), name, kind })));
  }

  private localNode(name: string, spec: string, reason: NotScannedReason): string {
    const id = `${reason}:${name}@${spec}`;
    if (!this.nodes.has(id)) this.nodes.set(id, { id, name, version: spec, source: { type: 'not-scanned', spec, reason }, dependencies: [] });
    return id;
  }

  private packument(name: string): Promise<Packument | undefined> {
    let promise = this.packuments.get(name);
    if (!promise) {
      promise = this.limited(() => this.fetchPackument(name)).then(
        (packument) => {
          if (packument && typeof packument === 'object' && packument.versions && typeof packument.versions === 'object') return packument;
          this.problems.push({ message: `the registry answered for ${name} without versions; it is not audited`, key: name });
          return undefined;
        },
        (error: unknown) => {
          this.problems.push({ message: `cannot fetch ${name} from the registry (${(error as Error)?.message ?? String(error)}); it and its dependencies are not audited`, key: name });
          return undefined;
        },
      );
      this.packuments.set(name, promise);
    }
    return promise;
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((release) => this.waiting.push(release));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * What npm installs for a dependency: its prod and optional dependencies, and (npm ≥ 7) its peers
 * unless marked optional. An optional dependency also listed in dependencies stays optional, as in npm.
 */
function dependenciesOf(manifest: PackumentVersion): { name: string; spec: string; kind: EdgeKind }[] {
  const peerMeta = isRecord(manifest.peerDependenciesMeta) ? manifest.peerDependenciesMeta : {};
  const peers: Record<string, string> = {};
  for (const [name, spec] of Object.entries(isRecord(manifest.peerDependencies) ? manifest.peerDependencies : {})) {
    const meta = peerMeta[name];
    if (!(isRecord(meta) && meta.optional === true)) peers[name] = spec;
  }
  return declaredDependencies({ dependencies: manifest.dependencies, optionalDependencies: manifest.optionalDependencies, peerDependencies: peers }, { includeDev: false });
}

/** npm-pick-manifest's rule: the `latest` tag if it satisfies, else the highest satisfying version. */
export function pickVersion(packument: Packument, rawRange: string): string | undefined {
  const tags = packument['dist-tags'] ?? {};
  const versions = Object.keys(packument.versions).filter((v) => semver.valid(v) !== null);
  const range = rawRange === '' || rawRange === 'latest' ? '*' : rawRange;
  const tagged = tags[rawRange];
  if (tagged !== undefined && packument.versions[tagged]) return tagged;
  if (semver.validRange(range, { loose: true }) === null) return undefined;
  const latest = tags.latest;
  if (latest !== undefined && packument.versions[latest] && semver.satisfies(latest, range, { loose: true })) return latest;
  return semver.maxSatisfying(versions, range, { loose: true }) ?? undefined;
}

/** Specs npm does not look up on the registry. */
function localReason(spec: string): NotScannedReason | undefined {
  if (spec.startsWith('file:') || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.startsWith('~/')) return 'file';
  if (spec.startsWith('link:')) return 'link';
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[\w-]+\/[\w.-]+(#.*)?$/.test(spec)) return 'git';
  if (/^https?:\/\//.test(spec)) return 'remote-tarball';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

