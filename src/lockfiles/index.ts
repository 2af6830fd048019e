/**
 * Lockfile stage entry points: which lockfile a project uses, and reading it into a DependencyGraph.
 *
 * Each format registers one parser in PARSERS; everything else (discovery, reading the file and the
 * package.json files, building the graph) is shared, so adding a format is one folder plus one line.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LockfileError } from '../errors.js';
import { buildDependencyGraph, type DependencyGraph, type ParsedLockfile } from './graph.js';
import { binaryBunLockfileError, parseBunLockfile } from './bun/parse.js';
import { parseNpmLockfile } from './npm/parse.js';
import { annotateEntryLines } from './entry-lines.js';
import { readProjectManifests, type ProjectManifests } from './project-manifests.js';

export type LockfileKind = 'npm-shrinkwrap' | 'npm' | 'yarn' | 'pnpm' | 'bun' | 'bun-binary';

export interface LockfileLocation {
  path: string;
  kind: LockfileKind;
}

/** What a parser gets: the lockfile text and the project's package.json files (root and workspaces). */
export interface LockfileInput {
  text: string;
  /** Absolute path, for error messages. */
  file: string;
  projectDir: string;
  project: ProjectManifests;
}

export type LockfileParser = (input: LockfileInput) => ParsedLockfile | Promise<ParsedLockfile>;

/**
 * One line per format. A kind without a parser yet is reported as unsupported rather than misread.
 * The yarn and pnpm parsers (and their YAML/SYML libraries, ~0.1 s to load) are imported when such a
 * lockfile is read, not on every start.
 */
const PARSERS: Partial<Record<LockfileKind, LockfileParser>> = {
  'npm-shrinkwrap': ({ text, file, project }) => parseNpmLockfile(text, file, project),
  npm: ({ text, file, project }) => parseNpmLockfile(text, file, project),
  // One file name, two formats: Yarn 2+ files start with a __metadata entry.
  yarn: async ({ text, file, project }) =>
    YARN_BERRY_MARKER.test(text)
      ? (await import('./yarn-berry/parse.js')).parseYarnBerryLockfile(text, file, project)
      : (await import('./yarn-classic/parse.js')).parseYarnClassicLockfile(text, file, project),
  pnpm: async ({ text, file, project }) => (await import('./pnpm/parse.js')).parsePnpmLockfile(text, file, project),
  bun: ({ text, file }) => parseBunLockfile(text, file),
  'bun-binary': ({ file }) => {
    throw binaryBunLockfileError(file);
  },
};

const YARN_BERRY_MARKER = /^__metadata:/m;

/**
 * File names in the order we pick them when package.json does not name a package manager.
 * npm documents that npm-shrinkwrap.json wins over package-lock.json; across tools there is no
 * official order, so we follow the one used by package-manager-detector (what `ni` and most tools do):
 * the newer, more specific tools first, since their lockfile next to a stale package-lock.json is the live one.
 */
const LOCKFILE_NAMES: readonly { file: string; kind: LockfileKind }[] = [
  { file: 'bun.lock', kind: 'bun' },
  { file: 'bun.lockb', kind: 'bun-binary' },
  { file: 'pnpm-lock.yaml', kind: 'pnpm' },
  { file: 'yarn.lock', kind: 'yarn' },
  { file: 'npm-shrinkwrap.json', kind: 'npm-shrinkwrap' },
  { file: 'package-lock.json', kind: 'npm' },
];

/** The lockfile kinds each `packageManager` tool writes, best first. */
const KINDS_BY_MANAGER: Record<string, LockfileKind[]> = {
  npm: ['npm-shrinkwrap', 'npm'],
  yarn: ['yarn'],
  pnpm: ['pnpm'],
  bun: ['bun', 'bun-binary'],
};

export function lockfileKindOf(path: string): LockfileKind | undefined {
  return LOCKFILE_NAMES.find((entry) => entry.file === basename(path))?.kind;
}

/** Which lockfile a directory uses, by the package managers' own precedence (packageManager field of package.json first, then a documented order); `ignored` lists the others found. */
export function findLockfile(dir: string): { chosen: LockfileLocation | undefined; ignored: LockfileLocation[] } {
  const present: LockfileLocation[] = LOCKFILE_NAMES.filter((entry) => existsSync(join(dir, entry.file))).map((entry) => ({
    path: join(dir, entry.file),
    kind: entry.kind,
  }));
  const manager = packageManagerOf(dir);
  const preferred = manager ? (KINDS_BY_MANAGER[manager] ?? []) : [];
  const chosen = preferred.map((kind) => present.find((p) => p.kind === kind)).find((p) => p !== undefined) ?? present[0];
  return { chosen, ignored: present.filter((p) => p !== chosen) };
}

/** `"packageManager": "pnpm@9.1.0+sha…"` → `pnpm`. Read synchronously and leniently: a bad package.json is reported later, by readLockfile. */
function packageManagerOf(dir: string): string | undefined {
  try {
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    const manifest = JSON.parse(text) as { packageManager?: unknown };
    if (typeof manifest.packageManager !== 'string') return undefined;
    return /^([a-z]+)@/.exec(manifest.packageManager)?.[1];
  } catch {
    return undefined;
  }
}

/** Reads and parses one lockfile (and the package.json files it needs: root, workspaces). Throws LockfileError. */
export interface ReadOptions {
  /** Paths kept per package (default MAX_PATHS_PER_PACKAGE); `spamcheck explain` asks for more. */
  maxPathsPerPackage?: number;
}

export async function readLockfile(location: LockfileLocation, options: ReadOptions = {}): Promise<DependencyGraph> {
  const file = resolve(location.path);
  const parser = PARSERS[location.kind];
  if (!parser) throw new LockfileError(file, `${location.kind} lockfiles are not supported yet. Pass another lockfile with --lockfile.`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, expected a lockfile' : `cannot read: ${(error as Error).message}`;
    throw new LockfileError(file, `${detail}. Check the path, or pass another file with --lockfile.`);
  }
  return graphFromText(location, text, options);
}

/** Parses lockfile text as if it were at `location` (the project's package.json files are read from its folder). */
export async function graphFromText(location: LockfileLocation, text: string, options: ReadOptions = {}): Promise<DependencyGraph> {
  const file = resolve(location.path);
  const parser = PARSERS[location.kind];
  if (!parser) throw new LockfileError(file, `${location.kind} lockfiles are not supported yet. Pass another lockfile with --lockfile.`);
  const projectDir = dirname(file);
  const project = await readProjectManifests(projectDir);
  const parsed = await parser({ text, file, projectDir, project });
  if (project.problems?.length) parsed.problems.push(...project.problems);
  annotateEntryLines(parsed.format, text, parsed.nodes);
  return buildDependencyGraph(parsed, file, options.maxPathsPerPackage);
}
