/**
 * yarn.lock of Yarn 2+ ("berry", recognised by its `__metadata` entry), read with yarn's own
 * `parseSyml` from @yarnpkg/parsers.
 *
 * Each entry is keyed by the descriptors that resolve to it and records its `resolution` (a locator:
 * `name@protocol:reference`). The protocol says where the bytes come from: `npm:` is the registry,
 * `workspace:` is a project folder (an importer), `patch:` is another entry with a patch applied (audited
 * as that base package), and file/link/git/url protocols are not scanned.
 */
import { parseSyml } from '@yarnpkg/parsers';
import { LockfileError } from '../../errors.js';
import type { EdgeKind, LockEdge, LockImporter, LockNode, LockSource, LockfileProblem, ParsedLockfile } from '../graph.js';
import { isPlainObject, NO_MANIFESTS, type PackageManifest, type ProjectManifests } from '../project-manifests.js';
import { scanYarnLayout, splitDescriptor } from '../yarn-classic/layout.js';
import { looksLikeGitSpec } from '../yarn-classic/parse.js';

const FIX_HINT = 'Regenerate it with `yarn install`, or pass another file with --lockfile.';

/** __metadata.version values written by Yarn 2.0 (4) through Yarn 4.x (10). */
const SUPPORTED_METADATA_VERSIONS = { min: 3, max: 10 };

type Entry = Record<string, unknown>;

interface ParsedEntry {
  id: string;
  entry: Entry;
  line: number;
  descriptors: string[];
}

export function parseYarnBerryLockfile(text: string, file: string, project: ProjectManifests = NO_MANIFESTS): ParsedLockfile {
  const layout = scanYarnLayout(text, file, FIX_HINT);
  const data = parseText(text, file);
  checkMetadata(data, file, layout.lineOfDescriptor.get('__metadata'));
  const problems: LockfileProblem[] = [];
  const entries = readEntries(layout.headers, data, file, problems);
  const { nodes, workspaceEntries, redirect } = buildNodes(entries, project);
  const resolver = new DependencyResolver(entries, redirect, resolutionOverrides(project.root), problems);
  for (const parsed of entries) {
    const node = nodes.get(parsed.id);
    if (!node || (node.source.type === 'not-scanned' && node.source.reason === 'workspace')) continue;
    node.dependencies = resolver.edgesOf(parsed, optionalByMeta(parsed.entry));
  }
  const importers: LockImporter[] = workspaceEntries.map(({ label, parsed, manifest }) => ({ label, dependencies: resolver.edgesOf(parsed, workspaceKind(parsed.entry, manifest)) }));
  if (!importers.some((i) => i.label === 'root')) {
    problems.push({ message: 'yarn.lock has no entry for the root workspace (`name@workspace:.`); no direct dependencies are known' });
    importers.unshift({ label: 'root', dependencies: [] });
  }
  return { format: 'yarn-berry', importers, nodes, problems };
}

function parseText(text: string, file: string): Record<string, unknown> {
  try {
    return parseSyml(text);
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    throw new LockfileError(file, `not a valid yarn.lock: ${reason}. ${FIX_HINT}`, mark?.line !== undefined ? { line: mark.line + 1, column: (mark.column ?? 0) + 1 } : undefined);
  }
}

/** Every entry but __metadata, in file order, with its resolution (the node id) and the descriptors that resolve to it. */
function readEntries(headers: ReturnType<typeof scanYarnLayout>['headers'], data: Record<string, unknown>, file: string, problems: LockfileProblem[]): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  for (const header of headers) {
    const key = header.descriptors.join(', ');
    if (key === '__metadata') continue;
    const entry = data[key] ?? data[header.raw];
    if (!isPlainObject(entry)) throw new LockfileError(file, `the entry "${key}" is not a mapping: expected indented fields under it. ${FIX_HINT}`, { line: header.line, key });
    if (typeof entry.version !== 'string' || entry.version === '') {
      throw new LockfileError(file, `the entry "${key}" has no version: expected a \`version: x.y.z\` field. ${FIX_HINT}`, { line: header.line, key });
    }
    let resolution = entry.resolution;
    if (typeof resolution !== 'string' || !resolution.includes('@', 1)) {
      problems.push({ message: `the entry "${key}" has no resolution; its first descriptor stands in for it`, line: header.line, key });
      resolution = header.descriptors[0]!;
    }
    entries.push({ id: resolution as string, entry, line: header.line, descriptors: header.descriptors });
  }
  return entries;
}

interface WorkspaceEntry {
  label: string;
  parsed: ParsedEntry;
  manifest: PackageManifest | undefined;
}

/**
 * One node per resolution. Workspaces become importers (their manifests say which dependencies are
 * dev); a patched package is audited as its base, so `redirect` sends the patch's id to the base
 * entry when the lockfile has it.
 */
function buildNodes(entries: readonly ParsedEntry[], project: ProjectManifests): { nodes: Map<string, LockNode>; workspaceEntries: WorkspaceEntry[]; redirect: Map<string, string> } {
  const nodes = new Map<string, LockNode>();
  const workspaceEntries: WorkspaceEntry[] = [];
  const patchBaseOf = new Map<string, string>();
  for (const parsed of entries) {
    const { name, range: reference } = splitDescriptor(parsed.id);
    const version = parsed.entry.version as string;
    if (reference.startsWith('workspace:')) {
      const folder = reference.slice('workspace:'.length);
      const label = folder === '.' || folder === '' ? 'root' : folder;
      nodes.set(parsed.id, { id: parsed.id, name, version, source: { type: 'not-scanned', spec: reference, reason: 'workspace' }, dependencies: [] });
      workspaceEntries.push({ label, parsed, manifest: label === 'root' ? project.root : project.workspaces.get(folder) });
      continue;
    }
    if (reference.startsWith('patch:')) {
      // `patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::…` → the base locator `resolve@npm:1.22.8`.
      patchBaseOf.set(parsed.id, safeDecode(reference.slice('patch:'.length).split('#')[0]!));
    }
    nodes.set(parsed.id, { id: parsed.id, name, version, source: sourceOfReference(reference, parsed.descriptors), dependencies: [], line: parsed.line });
  }
  const redirect = new Map<string, string>();
  for (const [patchId, base] of patchBaseOf) {
    if (nodes.has(base)) {
      redirect.set(patchId, base);
      nodes.delete(patchId);
    }
  }
  return { nodes, workspaceEntries, redirect };
}

/** Finds the entry each written dependency range resolves to, as yarn would, and makes the edges. */
class DependencyResolver {
  private readonly byDescriptor = new Map<string, string>();
  /** file:/link: descriptors carry `::locator=<dependent>`; dependents write them without it. */
  private readonly byBareDescriptor = new Map<string, { id: string; locator: string }[]>();

  constructor(
    entries: readonly ParsedEntry[],
    redirect: ReadonlyMap<string, string>,
    private readonly overrides: Override[],
    private readonly problems: LockfileProblem[],
  ) {
    for (const parsed of entries) {
      const id = redirect.get(parsed.id) ?? parsed.id;
      for (const descriptor of parsed.descriptors) {
        this.byDescriptor.set(descriptor, id);
        const [bare, params] = descriptor.split('::');
        if (params === undefined) continue;
        const list = this.byBareDescriptor.get(bare!) ?? [];
        list.push({ id, locator: new URLSearchParams(params).get('locator') ?? '' });
        this.byBareDescriptor.set(bare!, list);
      }
    }
  }

  edgesOf(parsed: ParsedEntry, kindOf: (depName: string) => EdgeKind): LockEdge[] {
    const edges: LockEdge[] = [];
    const deps = isPlainObject(parsed.entry.dependencies) ? parsed.entry.dependencies : {};
    for (const [depName, range] of Object.entries(deps)) {
      if (typeof range !== 'string') continue;
      const to = this.lookup(parsed.id, depName, range);
      const kind = kindOf(depName);
      if (to === undefined && kind !== 'optional') {
        this.problems.push({ message: `"${parsed.id}" depends on "${depName}@${range}" but yarn.lock has no entry for it`, line: parsed.line, key: parsed.id });
      }
      edges.push({ to, name: depName, kind });
    }
    return edges;
  }

  private lookup(from: string, depName: string, writtenRange: string): string | undefined {
    // With root `resolutions`, yarn locks the replacement range while dependents keep the range they wrote.
    const range = this.overrides.length > 0 ? (overrideFor(this.overrides, splitDescriptor(from).name, depName, writtenRange) ?? writtenRange) : writtenRange;
    const exact = this.byDescriptor.get(`${depName}@${range}`);
    if (exact !== undefined) return exact;
    // Older lockfiles write dependency ranges without the default `npm:` protocol.
    if (!/^[a-z]+:/i.test(range)) {
      const withNpm = this.byDescriptor.get(`${depName}@npm:${range}`);
      if (withNpm !== undefined) return withNpm;
    }
    const candidates = this.byBareDescriptor.get(`${depName}@${range}`) ?? [];
    return (candidates.find((c) => c.locator === from) ?? candidates[0])?.id;
  }
}

function optionalByMeta(entry: Entry): (depName: string) => EdgeKind {
  return (depName) => {
    const meta = isPlainObject(entry.dependenciesMeta) ? entry.dependenciesMeta[depName] : undefined;
    return isPlainObject(meta) && (meta.optional === true || meta.optional === 'true') ? 'optional' : 'prod';
  };
}

/** Berry merges a workspace's dev dependencies into `dependencies`; its package.json says which are dev. */
function workspaceKind(entry: Entry, manifest: PackageManifest | undefined): (depName: string) => EdgeKind {
  const fromMeta = optionalByMeta(entry);
  return (depName) => {
    if (!manifest) return fromMeta(depName);
    if (has(manifest.optionalDependencies, depName)) return 'optional';
    if (has(manifest.dependencies, depName)) return 'prod';
    if (has(manifest.devDependencies, depName)) return 'dev';
    if (has(manifest.peerDependencies, depName)) return 'peer';
    return fromMeta(depName);
  };
}

interface Override {
  parent?: string;
  name: string;
  range?: string;
  replacement: string;
}

/** Parses the root manifest's `resolutions` keys: `name`, `name@range`, `parent/name`, `parent@range/name@range`. */
function resolutionOverrides(manifest: PackageManifest | undefined): Override[] {
  const overrides: Override[] = [];
  if (!isPlainObject(manifest?.resolutions)) return overrides;
  for (const [key, replacement] of Object.entries(manifest.resolutions)) {
    if (typeof replacement !== 'string') continue;
    const parts: string[] = [];
    for (const token of key.split('/')) {
      const last = parts[parts.length - 1];
      // `@scope` and `name` are one package pattern: glue a bare scope to the token after it.
      if (last !== undefined && /^@[^@/]+$/.test(last)) parts[parts.length - 1] = `${last}/${token}`;
      else parts.push(token);
    }
    const target = splitDescriptor(parts[parts.length - 1]!);
    const parent = parts.length > 1 ? splitDescriptor(parts[0]!).name : undefined;
    overrides.push({ name: target.name, replacement, ...(target.range ? { range: target.range } : {}), ...(parent ? { parent } : {}) });
  }
  return overrides;
}

function overrideFor(overrides: Override[], parentName: string, depName: string, range: string): string | undefined {
  const sameRange = (a: string, b: string) => a.replace(/^npm:/, '') === b.replace(/^npm:/, '');
  let best: { score: number; replacement: string } | undefined;
  for (const o of overrides) {
    if (o.name !== depName) continue;
    if (o.parent !== undefined && o.parent !== parentName) continue;
    if (o.range !== undefined && !sameRange(o.range, range)) continue;
    const score = (o.parent !== undefined ? 2 : 0) + (o.range !== undefined ? 1 : 0);
    if (!best || score > best.score) best = { score, replacement: o.replacement };
  }
  return best?.replacement;
}

function checkMetadata(data: Record<string, unknown>, file: string, line: number | undefined): void {
  const metadata = data.__metadata;
  const version = isPlainObject(metadata) ? Number(metadata.version) : NaN;
  if (!Number.isInteger(version) || version < SUPPORTED_METADATA_VERSIONS.min || version > SUPPORTED_METADATA_VERSIONS.max) {
    const shown = isPlainObject(metadata) && metadata.version !== undefined ? String(metadata.version) : 'missing';
    throw new LockfileError(
      file,
      `unsupported yarn lockfile __metadata.version ${shown}: expected ${SUPPORTED_METADATA_VERSIONS.min} to ${SUPPORTED_METADATA_VERSIONS.max} (Yarn 2 to 4). ${FIX_HINT}`,
      { ...(line !== undefined ? { line } : {}), key: '__metadata.version' },
    );
  }
}

/** Where a resolution's reference says the bytes come from. */
function sourceOfReference(reference: string, descriptors: string[]): LockSource {
  // The range the project wrote (`file:./local-thing`), without yarn's `::locator=` bookkeeping.
  const written = splitDescriptor(descriptors[0] ?? '').range.split('::')[0]!;
  if (reference.startsWith('npm:')) return { type: 'registry' };
  if (reference.startsWith('patch:')) {
    const base = splitDescriptor(safeDecode(reference.slice('patch:'.length).split('#')[0]!)).range;
    return base.startsWith('npm:') ? { type: 'registry' } : sourceOfReference(base, descriptors);
  }
  if (reference.startsWith('file:')) return { type: 'not-scanned', spec: written.startsWith('file:') ? written : reference.split('#')[0]!, reason: 'file' };
  if (reference.startsWith('link:') || reference.startsWith('portal:')) return { type: 'not-scanned', spec: written || reference, reason: 'link' };
  if (/#commit=/.test(reference) || looksLikeGitSpec(reference)) return { type: 'not-scanned', spec: reference, reason: 'git' };
  if (/^https?:/i.test(reference)) return { type: 'not-scanned', spec: reference, reason: 'remote-tarball' };
  return { type: 'not-scanned', spec: reference, reason: 'unknown-protocol' };
}

function has(deps: unknown, name: string): boolean {
  return isPlainObject(deps) && typeof deps[name] === 'string';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
