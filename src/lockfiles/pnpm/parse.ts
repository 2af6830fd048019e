/**
 * pnpm-lock.yaml (lockfileVersion 5.x, 6.0 and 9.0) → ParsedLockfile.
 *
 * What pnpm records, and what we make of it:
 * - `importers` (or, in single-project 5.x/6.0 files, top-level `dependencies`/`devDependencies`/
 *   `optionalDependencies`) are the root and the workspaces; each maps a dependency name to a ref.
 * - A ref names a package entry (`packages` in 5.x/6.0, `snapshots` in 9.0) in the generation's
 *   spelling (see keys.ts); `link:` refs point at folders (workspaces or linked dirs) and have no entry.
 * - 9.0 records no dev flag per package: graph.ts derives it from the importers' devDependencies,
 *   as it does for every format, so the flags pnpm 5.x/6.0 write (`dev: true`) are not read at all.
 * - Entries whose resolution is a directory, a git repo or a non-registry tarball become not-scanned
 *   nodes; their own dependencies are still walked, since pnpm installs those from the registry.
 * Structural damage (bad YAML, unknown version, an importer dependency without a version) throws a
 * LockfileError with the line; a dangling reference is recorded as a problem and the rest goes on.
 */
import path from 'node:path';
import semver from 'semver';
import { lazyModule } from '../../util/lazy-module.js';
import { LockfileError } from '../../errors.js';
import { newerVersionProblem, type EdgeKind, type LockEdge, type LockImporter, type LockNode, type LockSource, type LockfileProblem, type ParsedLockfile } from '../graph.js';
import { dialectFor, type PnpmDialect } from './keys.js';
import { declaredDependencies, NO_MANIFESTS, type ProjectManifests } from '../project-manifests.js';

const yaml = lazyModule<typeof import('js-yaml')>('js-yaml');

const SUPPORTED = 'lockfileVersion 5.x, 6.0 or 9.0';
const IMPORTER_SECTIONS: [section: string, kind: EdgeKind][] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
];
const PACKAGE_SECTIONS: [section: string, kind: EdgeKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
];
/** Hosts whose tarball URLs are git snapshots rather than published packages. */
const GIT_TARBALL_HOSTS = /^https?:\/\/(codeload\.github\.com|gitlab\.com|bitbucket\.org)\//;

type Yaml = Record<string, unknown>;

/**
 * Parses the text of a pnpm-lock.yaml. `file` is used only in messages. Pure: reads nothing else,
 * because pnpm's lockfile already names every workspace and every dependency kind.
 */
export function parsePnpmLockfile(text: string, file: string, project: ProjectManifests = NO_MANIFESTS): ParsedLockfile {
  let root: unknown;
  try {
    // js-yaml for the data: several times faster than the yaml package on large lockfiles. CORE_SCHEMA
    // (YAML 1.2 scalars, no timestamps) and its default rejection of duplicate keys match pnpm's writer.
    root = loadLockfileDocument(text, file);
  } catch (error) {
    if (!(error instanceof yaml().YAMLException)) throw new LockfileError(file, `cannot read the YAML: ${(error as Error).message}`);
    throw new LockfileError(file, `invalid YAML: ${error.reason}. Expected a pnpm-lock.yaml as pnpm writes it; run \`pnpm install\` to rewrite it.`, {
      line: error.mark.line + 1,
      column: error.mark.column + 1,
    });
  }
  const lineOf = keyLineFinder(text);
  if (!isRecord(root)) throw new LockfileError(file, `expected a YAML mapping with lockfileVersion at the top; this is not a pnpm-lock.yaml.`, { line: 1 });
  if (!('lockfileVersion' in root)) throw new LockfileError(file, `missing lockfileVersion; expected ${SUPPORTED}.`, { line: 1 });
  const newer = !dialectFor(root.lockfileVersion) && isNewerPnpmVersion(root.lockfileVersion) && isRecord(root.importers);
  // A newer major version with v9's top-level shape (importers, packages, snapshots) is read as 9.0, with a warning.
  const dialect = newer ? dialectFor('9.0') : dialectFor(root.lockfileVersion);
  if (!dialect) {
    throw new LockfileError(file, `unknown lockfileVersion ${JSON.stringify(root.lockfileVersion)}; expected ${SUPPORTED}. Upgrade spamcheck or regenerate the lockfile with a supported pnpm.`, {
      line: lineOf('lockfileVersion'),
    });
  }
  const parsed = new PnpmReader(file, root, dialect, lineOf).read();
  if (isRecord(root.settings) && root.settings.excludeLinksFromLockfile === true) addExcludedLinks(parsed, project);
  if (newer) parsed.problems.unshift(newerVersionProblem(root.lockfileVersion, "lockfileVersion '9.0'", lineOf('lockfileVersion')));
  return parsed;
}

/**
 * With `excludeLinksFromLockfile`, pnpm leaves `link:` dependencies out of the lockfile; they are
 * still installed, so they are taken from the importers' package.json and listed as not scanned.
 */
function addExcludedLinks(parsed: ParsedLockfile, project: ProjectManifests): void {
  for (const importer of parsed.importers) {
    const manifest = importer.label === 'root' ? project.root : project.workspaces.get(importer.label);
    for (const dep of declaredDependencies(manifest, { includeDev: true })) {
      if (!dep.spec.startsWith('link:') || importer.dependencies.some((e) => e.name === dep.name)) continue;
      const id = `${importer.label}>${dep.name}@${dep.spec}`;
      parsed.nodes.set(id, { id, name: dep.name, version: dep.spec, source: { type: 'not-scanned', spec: dep.spec, reason: 'link' }, dependencies: [] });
      importer.dependencies.push({ to: id, name: dep.name, kind: dep.kind });
    }
  }
}

function isNewerPnpmVersion(version: unknown): boolean {
  const match = /^(\d+)\.\d+$/.exec(String(version));
  return match !== null && Number(match[1]) > 9;
}

/**
 * Newer pnpm releases may put a small document (the package manager's own dependencies) before the
 * project's, separated by `---`.
 */
function loadLockfileDocument(text: string, file: string): unknown {
  const documents = yaml().loadAll(text, null, { schema: yaml().CORE_SCHEMA, filename: file });
  if (documents.length <= 1) return documents[0];
  // The package manager's document comes first, so the project's is the last one that looks like a lockfile.
  return documents.findLast((doc) => isRecord(doc) && ('importers' in doc || 'packages' in doc)) ?? documents[documents.length - 1];
}

class PnpmReader {
  private readonly nodes = new Map<string, LockNode>();
  private readonly problems: LockfileProblem[] = [];
  /** 9.0 keeps resolutions in `packages` (keyed without peer suffixes) and the graph in `snapshots`. */
  private readonly entries: Yaml;
  private readonly metadata: Yaml;
  private readonly importerPaths: Set<string>;

  constructor(
    private readonly file: string,
    private readonly root: Yaml,
    private readonly dialect: PnpmDialect,
    private readonly lineOf: (...keys: string[]) => number | undefined,
  ) {
    const packages = this.section(root, 'packages', []);
    this.metadata = packages;
    this.entries = dialect.format === 'pnpm-v9' ? this.section(root, 'snapshots', []) : packages;
    this.importerPaths = new Set(Object.keys(this.importerSections()));
  }

  read(): ParsedLockfile {
    // Nodes first, so importer edges and package edges can check that their targets exist.
    for (const [key, entry] of Object.entries(this.entries)) this.addNode(key, entry);
    for (const node of this.nodes.values()) node.dependencies = this.packageEdges(node.id);
    const importers: LockImporter[] = [];
    for (const [importerPath, importer] of Object.entries(this.importerSections())) {
      importers.push({ label: importerPath === '.' ? 'root' : importerPath, dependencies: this.importerEdges(importerPath, importer) });
    }
    return { format: this.dialect.format, importers, nodes: this.nodes, problems: this.problems };
  }

  /** `importers`, or the single project spelled at the top level in 5.x/6.0 files without workspaces. */
  private importerSections(): Record<string, Yaml> {
    if ('importers' in this.root) {
      const importers = this.section(this.root, 'importers', []);
      const result: Record<string, Yaml> = {};
      for (const [importerPath, value] of Object.entries(importers)) {
        result[importerPath] = isRecord(value) ? value : this.fail(`expected a mapping for importer "${importerPath}"`, ['importers', importerPath]);
      }
      return result;
    }
    return { '.': this.root };
  }

  private addNode(key: string, entry: unknown): void {
    if (!isRecord(entry) && entry !== null) {
      this.problems.push({ message: `entry "${key}" is not a mapping; skipped`, key, ...this.lineProp(key) });
      return;
    }
    const body = entry ?? {};
    const meta = this.metadataFor(key, body);
    const parsedKey = this.dialect.parseKey(key);
    const name = parsedKey?.name ?? stringField(meta, 'name') ?? stringField(body, 'name');
    // Non-registry 6.0 entries (`file:dir`) may carry a name but no version: their key is their spec.
    const version = stringField(meta, 'version') ?? stringField(body, 'version') ?? parsedKey?.version ?? (name ? key : undefined);
    if (!name || !version) {
      throw new LockfileError(this.file, `package entry "${key}" has no name and version; expected a key like ${exampleKey(this.dialect)} or name:/version: fields.`, {
        line: this.lineOf(this.entriesSection(), key),
        key,
      });
    }
    const line = this.lineOf(this.entriesSection(), key);
    this.nodes.set(key, { id: key, name, version, source: this.sourceOf(key, version, parsedKey?.version, meta), dependencies: [], ...(line !== undefined ? { line } : {}) });
  }

  private entriesSection(): string {
    return this.dialect.format === 'pnpm-v9' ? 'snapshots' : 'packages';
  }

  /** The entry holding `resolution`: the snapshot's base package in 9.0, the entry itself before. */
  private metadataFor(key: string, body: Yaml): Yaml {
    if (this.dialect.format !== 'pnpm-v9') return body;
    const baseKey = key.replace(/\(.*$/, '');
    const meta = this.metadata[baseKey] ?? this.metadata[key];
    return isRecord(meta) ? meta : {};
  }

  private sourceOf(key: string, version: string, keyVersion: string | undefined, meta: Yaml): LockSource {
    const resolution = isRecord(meta.resolution) ? meta.resolution : {};
    const tarball = stringField(resolution, 'tarball');
    const integrity = stringField(resolution, 'integrity');
    // 9.0 keys carry the spec after the name (`local@file:local`); older non-registry keys are the spec.
    const spec = this.dialect.format === 'pnpm-v9' ? (keyVersion ?? version) : key;
    if (resolution.type === 'directory' || typeof resolution.directory === 'string' || tarball?.startsWith('file:') || spec.startsWith('file:')) {
      return { type: 'not-scanned', spec, reason: 'file' };
    }
    if (resolution.type === 'git' || typeof resolution.repo === 'string' || (tarball && GIT_TARBALL_HOSTS.test(tarball))) {
      return { type: 'not-scanned', spec: gitSpec(resolution) ?? tarball ?? spec, reason: 'git' };
    }
    // A registry package is spelled name@semver; anything else with a tarball is a URL dependency.
    // (The key decides: a 9.0 URL entry may also carry the package.json version in its metadata.)
    const isRegistryKey = keyVersion !== undefined && semver.valid(keyVersion) !== null;
    if (!isRegistryKey) {
      if (tarball) return { type: 'not-scanned', spec: tarball, reason: 'remote-tarball' };
      return { type: 'not-scanned', spec, reason: 'unknown-protocol' };
    }
    return { type: 'registry', ...(tarball ? { resolved: tarball } : {}), ...(integrity ? { integrity } : {}) };
  }

  private packageEdges(key: string): LockEdge[] {
    const entry = this.entries[key];
    if (!isRecord(entry)) return [];
    const edges: LockEdge[] = [];
    for (const [section, kind] of PACKAGE_SECTIONS) {
      for (const [name, ref] of Object.entries(this.section(entry, section, [this.entriesSection(), key]))) {
        edges.push(this.edge(name, ref, kind, undefined, key));
      }
    }
    return edges;
  }

  private importerEdges(importerPath: string, importer: Yaml): LockEdge[] {
    const edges: LockEdge[] = [];
    const at = importerPath === '.' && !('importers' in this.root) ? [] : ['importers', importerPath];
    for (const [section, kind] of IMPORTER_SECTIONS) {
      for (const [name, value] of Object.entries(this.section(importer, section, at))) {
        // 6.0 and 9.0 write `{ specifier, version }`; 5.x writes the ref alone (specifiers live apart).
        const ref = isRecord(value) ? value.version : value;
        if (typeof ref !== 'string' && typeof ref !== 'number') {
          throw new LockfileError(this.file, `dependency "${name}" of importer "${importerPath}" has no version; expected \`version: <resolved version>\`. Run \`pnpm install\` to repair the lockfile.`, {
            line: this.lineOf(...at, section, name),
            key: name,
          });
        }
        edges.push(this.edge(name, String(ref), kind, importerPath, undefined));
      }
    }
    return edges;
  }

  /** Resolves a ref to a node id, creating nodes for `link:` targets, which have no entry of their own. */
  private edge(name: string, ref: unknown, kind: EdgeKind, fromImporter: string | undefined, fromKey: string | undefined): LockEdge {
    const refText = typeof ref === 'string' || typeof ref === 'number' ? String(ref) : '';
    if (refText.startsWith('link:')) return { to: this.linkNode(name, refText, fromImporter ?? '.'), name, kind };
    for (const candidate of refText ? this.dialect.candidateKeys(name, refText) : []) {
      if (this.nodes.has(candidate)) return { to: candidate, name, kind };
    }
    const where = fromKey ?? `importer ${fromImporter}`;
    this.problems.push({
      message: `${where} depends on ${name}@${refText || '(no version)'}, which the lockfile does not list; it will not be audited`,
      key: name,
      ...(fromKey ? this.lineProp(fromKey) : {}),
    });
    return { to: undefined, name, kind };
  }

  private linkNode(name: string, ref: string, fromImporter: string): string {
    const target = path.posix.normalize(path.posix.join(fromImporter, ref.slice('link:'.length)));
    const isWorkspace = this.importerPaths.has(target);
    const id = `link:${target}`;
    if (!this.nodes.has(id)) {
      this.nodes.set(id, { id, name, version: ref, source: { type: 'not-scanned', spec: ref, reason: isWorkspace ? 'workspace' : 'link' }, dependencies: [] });
    }
    return id;
  }

  /** A sub-mapping that may be absent; anything else where a mapping belongs is structural damage. */
  private section(parent: Yaml, key: string, at: string[]): Yaml {
    const value = parent[key];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) return this.fail(`expected a mapping under "${key}"`, [...at, key]);
    return value;
  }

  private fail(what: string, keys: string[]): never {
    throw new LockfileError(this.file, `${what}. Run \`pnpm install\` to rewrite the lockfile.`, { line: this.lineOf(...keys), key: keys.join(' > ') });
  }

  private lineProp(key: string): { line?: number } {
    const line = this.lineOf(this.entriesSection(), key);
    return line === undefined ? {} : { line };
  }
}

function gitSpec(resolution: Yaml): string | undefined {
  const repo = stringField(resolution, 'repo');
  if (!repo) return undefined;
  const commit = stringField(resolution, 'commit');
  return commit ? `${repo}#${commit}` : repo;
}

function exampleKey(dialect: PnpmDialect): string {
  return dialect.format === 'pnpm-v5' ? '/name/1.0.0' : dialect.format === 'pnpm-v6' ? '/name@1.0.0' : 'name@1.0.0';
}

/**
 * Line numbers are only needed for messages, and js-yaml keeps no positions, so a key's line is found
 * by reading the block layout pnpm writes (one key per line, nested by indentation), and only when a
 * message asks for a line. A path it cannot follow gives the line of the deepest key it found.
 */
function keyLineFinder(text: string): (...keys: string[]) => number | undefined {
  let lines: string[] | undefined;
  let firstLine = 0;
  // Every package entry asks for its line: reading its block from the top each time was quadratic
  // (a 5,000-package lockfile took 7-9 s). Each block's keys are read once, on the first question.
  const blocks = new Map<string, Map<string, KeyLine>>();
  return (...keys) => {
    if (!lines) {
      lines = text.split(/\r?\n/);
      firstLine = lockfileDocumentStart(lines);
    }
    let line: number | undefined;
    let from = firstLine;
    let parentIndent = -1;
    for (const key of keys) {
      const blockKey = `${from}:${parentIndent}`;
      let block = blocks.get(blockKey);
      if (!block) blocks.set(blockKey, (block = childKeys(lines, from, parentIndent)));
      const found = block.get(key);
      if (!found) return line;
      line = found.index + 1;
      from = found.index + 1;
      parentIndent = found.indent;
    }
    return line;
  };
}

/** Same choice as loadLockfileDocument: the last `---` document that has importers or packages. */
function lockfileDocumentStart(lines: string[]): number {
  let start = 0;
  let chosen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^---\s*$/.test(lines[i]!)) start = i + 1;
    else if (/^(importers|packages):/.test(lines[i]!)) chosen = start;
  }
  return chosen;
}

const KEY_LINE = /^( *)('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s#'"][^#]*?)\s*:(?:\s|$)/;

interface KeyLine {
  index: number;
  indent: number;
}

/** The keys of the block after `from` under the key at `parentIndent`, each with its first line. */
function childKeys(lines: string[], from: number, parentIndent: number): Map<string, KeyLine> {
  const keys = new Map<string, KeyLine>();
  let childIndent: number | undefined;
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    if (/^---\s*$/.test(text) && parentIndent < 0) break;
    const indent = text.length - text.trimStart().length;
    if (indent <= parentIndent) break;
    childIndent ??= indent;
    if (indent !== childIndent) continue;
    const match = KEY_LINE.exec(text);
    const key = match ? unquoteKey(match[2]!) : undefined;
    if (key !== undefined && !keys.has(key)) keys.set(key, { index: i, indent });
  }
  return keys;
}

function unquoteKey(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

function isRecord(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Yaml, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
