/**
 * bun.lock (the text lockfile of bun ≥ 1.2) → ParsedLockfile; bun.lockb (binary) → a clear refusal.
 *
 * bun.lock is JSONC with trailing commas. Its shape:
 *   workspaces: { "": {name, dependencies, devDependencies, …}, "packages/core": {…} }   ranges, not versions
 *   packages:   { "<install path>": ["name@version", registry, info, integrity], … }
 * The install path mirrors node_modules: "is-odd/is-number" is is-number nested under is-odd, and
 * "my-ms" → ["ms@2.1.2", …] is an alias (only visible by comparing key and first element). So a
 * dependency is resolved the way Node resolves `require`: nearest enclosing install path first.
 * Non-registry entries are spelled by their first element: `name@workspace:path`, `name@file:dir`,
 * `name@link:…`, `name@github:o/r#sha`, `name@git+…`, `name@https://…tgz` — not scanned, with reason.
 */
import { parse, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import semver from 'semver';
import { LockfileError } from '../../errors.js';
import { newerVersionProblem, type EdgeKind, type LockEdge, type LockImporter, type LockNode, type LockSource, type LockfileProblem, type NotScannedReason, type ParsedLockfile } from '../graph.js';
import { splitNameAtVersion } from '../pnpm/keys.js';
import { createLineIndex, type LineIndex } from '../../util/line-index.js';

const SUPPORTED_VERSIONS = new Set([0, 1]);
const WORKSPACE_SECTIONS: [section: string, kind: EdgeKind][] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];
const PACKAGE_SECTIONS: [section: string, kind: EdgeKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

/** bun.lockb starts with this shebang line followed by `bun-lockfile-format-v0`. */
const BINARY_LOCKFILE_MAGIC = '#!/usr/bin/env bun';

/** The error for a binary bun.lockb: we cannot read it, and bun can write the text format instead. */
export function binaryBunLockfileError(file: string): LockfileError {
  return new LockfileError(
    file,
    'this is a binary bun.lockb, which spamcheck cannot read. Run `bun install --save-text-lockfile` to write a text bun.lock next to it, then run spamcheck again (or pass --lockfile bun.lock).',
  );
}

type Json = Record<string, unknown>;

/**
 * Parses the text of a bun.lock. `file` is used only in messages. Pure: bun.lock lists the
 * workspaces and their declared dependencies itself, so no package.json is read.
 */
export function parseBunLockfile(text: string, file: string): ParsedLockfile {
  if (text.startsWith(BINARY_LOCKFILE_MAGIC) || text.includes('\u0000')) throw binaryBunLockfileError(file);
  const lines = createLineIndex(text);
  const keyOffsets = scanKeys(text, file, lines);
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const firstError = errors[0];
  if (firstError) {
    const pos = lines.position(firstError.offset);
    throw new LockfileError(file, `invalid bun.lock: ${printParseErrorCode(firstError.error)}. Expected JSON with optional trailing commas, as bun writes it; run \`bun install\` to rewrite it.`, pos);
  }
  if (!isRecord(root)) throw new LockfileError(file, 'expected a JSON object with lockfileVersion, workspaces and packages; this is not a bun.lock.', { line: 1 });
  const lineOfKey = (path: string) => {
    const offset = keyOffsets.get(path);
    return offset === undefined ? undefined : lines.position(offset).line;
  };
  // A newer integer version with the known shape (workspaces and packages objects) is read as 1, with a warning.
  const version = root.lockfileVersion;
  const newer = typeof version === 'number' && Number.isInteger(version) && version > 1 && isRecord(root.workspaces) && isRecord(root.packages);
  if (newer) {
    const parsed = new BunReader(file, root, lineOfKey).read();
    parsed.problems.unshift(newerVersionProblem(version, 'lockfileVersion 1', lineOfKey('lockfileVersion')));
    return parsed;
  }
  if (!SUPPORTED_VERSIONS.has(root.lockfileVersion as number)) {
    throw new LockfileError(file, `unknown lockfileVersion ${JSON.stringify(root.lockfileVersion ?? null)}; expected 0 or 1 (bun 1.2+). Upgrade spamcheck or regenerate bun.lock with a supported bun.`, {
      line: lineOfKey('lockfileVersion') ?? 1,
    });
  }
  return new BunReader(file, root, lineOfKey).read();
}

class BunReader {
  private readonly nodes = new Map<string, LockNode>();
  private readonly problems: LockfileProblem[] = [];
  private readonly packages: Json;
  private readonly workspaces: Json;

  constructor(
    private readonly file: string,
    root: Json,
    private readonly lineOfKey: (path: string) => number | undefined,
  ) {
    this.packages = this.object(root.packages, 'packages');
    this.workspaces = this.object(root.workspaces, 'workspaces');
  }

  read(): ParsedLockfile {
    const infos = new Map<string, Json>();
    for (const [key, entry] of Object.entries(this.packages)) {
      const info = this.addNode(key, entry);
      if (info) infos.set(key, info);
    }
    for (const [key, info] of infos) {
      this.nodes.get(key)!.dependencies = this.edges(info, PACKAGE_SECTIONS, installPathSegments(key), key);
    }
    const importers: LockImporter[] = [];
    for (const [workspacePath, workspace] of Object.entries(this.workspaces)) {
      if (!isRecord(workspace)) {
        this.problems.push({ message: `workspace "${workspacePath}" is not an object; skipped`, key: workspacePath, ...this.line(`workspaces/${workspacePath}`) });
        continue;
      }
      // A workspace's own nested installs live under its package name (`@scope/app/debug`).
      const scope = workspacePath === '' || typeof workspace.name !== 'string' ? [] : [workspace.name];
      importers.push({ label: workspacePath === '' ? 'root' : workspacePath, dependencies: this.edges(workspace, WORKSPACE_SECTIONS, scope, undefined) });
    }
    return { format: 'bun-text', importers, nodes: this.nodes, problems: this.problems };
  }

  /** Adds the node for one `packages` entry and returns its info object (dependencies) if any. */
  private addNode(key: string, entry: unknown): Json | undefined {
    const where = { key, ...this.line(`packages/${key}`) };
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      throw new LockfileError(this.file, `package "${key}" must be an array starting with "name@version"; run \`bun install\` to rewrite bun.lock.`, where);
    }
    const ident = splitNameAtVersion(entry[0]);
    if (!ident) {
      throw new LockfileError(this.file, `package "${key}" has no version in "${entry[0]}"; expected "name@version". Run \`bun install\` to rewrite bun.lock.`, where);
    }
    const source = sourceOf(ident.version, entry);
    if (source.type === 'not-scanned' && source.reason === 'unknown-protocol') {
      this.problems.push({ message: `package "${key}" has an unrecognised spec "${ident.version}"; it is listed as not scanned`, ...where });
    }
    this.nodes.set(key, { id: key, name: ident.name, version: ident.version, source, dependencies: [] });
    // Registry entries keep their info third (after the registry URL); the others right after the ident.
    const info = source.type === 'registry' ? entry[2] : entry[1];
    return isRecord(info) ? info : undefined;
  }

  private edges(declaring: Json, sections: [string, EdgeKind][], scope: string[], fromKey: string | undefined): LockEdge[] {
    const optionalPeers = new Set(Array.isArray(declaring.optionalPeers) ? declaring.optionalPeers.filter((p) => typeof p === 'string') : []);
    const edges: LockEdge[] = [];
    for (const [section, kind] of sections) {
      const deps = declaring[section];
      if (!isRecord(deps)) continue;
      for (const name of Object.keys(deps)) {
        const to = this.resolve(scope, name);
        // Peers that bun did not install (optional or left to the consumer) are not part of the tree.
        if (to === undefined && kind === 'peer') continue;
        if (to === undefined && !optionalPeers.has(name)) {
          this.problems.push({
            message: `${fromKey ?? 'a workspace'} depends on ${name}, which bun.lock does not list; it will not be audited`,
            key: name,
            ...(fromKey ? this.line(`packages/${fromKey}`) : {}),
          });
        }
        edges.push({ to, name, kind });
      }
    }
    return edges;
  }

  /** Node's lookup: `a/b/dep`, then `a/dep`, then `dep`. */
  private resolve(scope: string[], name: string): string | undefined {
    for (let depth = scope.length; depth >= 0; depth--) {
      const key = [...scope.slice(0, depth), name].join('/');
      if (this.nodes.has(key)) return key;
    }
    return undefined;
  }

  private object(value: unknown, section: string): Json {
    if (value === undefined) return {};
    if (!isRecord(value)) throw new LockfileError(this.file, `"${section}" must be an object; run \`bun install\` to rewrite bun.lock.`, { ...this.line(section), key: section });
    return value;
  }

  private line(path: string): { line?: number } {
    const line = this.lineOfKey(path);
    return line === undefined ? {} : { line };
  }
}

function sourceOf(spec: string, entry: unknown[]): LockSource {
  if (semver.valid(spec) !== null) {
    const integrity = typeof entry[3] === 'string' && entry[3] ? entry[3] : undefined;
    const registry = typeof entry[1] === 'string' && entry[1] ? entry[1] : undefined;
    return { type: 'registry', ...(integrity ? { integrity } : {}), ...(registry ? { resolved: registry } : {}) };
  }
  return { type: 'not-scanned', spec, reason: reasonFor(spec) };
}

function reasonFor(spec: string): NotScannedReason {
  if (spec.startsWith('workspace:')) return 'workspace';
  if (spec.startsWith('link:')) return 'link';
  if (spec.startsWith('file:')) return 'file';
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec) || /^https?:\/\/.*\.git(#|$)/.test(spec)) return 'git';
  if (/^https?:\/\//.test(spec)) return 'remote-tarball';
  return 'unknown-protocol';
}

/** Splits an install path into package names: `@a/b/c/@d/e` → [`@a/b`, `c`, `@d/e`]. */
function installPathSegments(key: string): string[] {
  const parts = key.split('/');
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('@') && i + 1 < parts.length) names.push(`${part}/${parts[++i]}`);
    else names.push(part);
  }
  return names;
}

/**
 * Records where every key of `packages` and `workspaces` sits (for messages) and rejects duplicate
 * keys, which JSON parsers silently collapse to the last one — hiding an entry.
 */
function scanKeys(text: string, file: string, lines: LineIndex): Map<string, number> {
  const offsets = new Map<string, number>();
  const stack: { path: string; keys: Set<string> }[] = [];
  let pendingKey: string | undefined;
  visit(
    text,
    {
      onObjectBegin() {
        const parent = stack[stack.length - 1];
        const path = parent === undefined ? '' : parent.path === '' ? (pendingKey ?? '') : `${parent.path}/${pendingKey ?? ''}`;
        stack.push({ path, keys: new Set() });
        pendingKey = undefined;
      },
      onObjectEnd() {
        stack.pop();
      },
      onArrayBegin() {
        // Arrays hold no keys we track; their objects get a path nobody looks up.
        stack.push({ path: '\u0000', keys: new Set() });
      },
      onArrayEnd() {
        stack.pop();
      },
      onObjectProperty(property, offset) {
        const current = stack[stack.length - 1];
        if (!current) return;
        if (current.keys.has(property)) {
          throw new LockfileError(file, `duplicate key "${property}"; each key may appear once. Run \`bun install\` to rewrite bun.lock.`, { ...lines.position(offset), key: property });
        }
        current.keys.add(property);
        pendingKey = property;
        if (stack.length <= 2) offsets.set(current.path === '' ? property : `${current.path}/${property}`, offset);
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return offsets;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
