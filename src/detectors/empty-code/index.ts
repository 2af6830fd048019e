/**
 * empty-code: packages that ship nothing of use. Three signals from the tarball inventory:
 *   no-code        only packaging files (package.json, README, LICENSE, lockfiles, a picture)
 *   entry-missing  main/module/browser/bin/exports name files the tarball does not have
 *   trivial-code   all the code there is fits a "does nothing" shape (hello world, `exports = {}`)
 * Legitimate code-less packages are recognised by structure: declaration files (types-only), data
 * or config files (JSON/CSS/fonts, tsconfig bases), sources in other languages, or runtime
 * dependencies that are the package's whole job (meta-packages).
 */
import { z } from 'zod';
import type { DetectorFinding, UnavailableSignal } from '../types.js';
import { definePackageDetector } from '../types.js';
import type { PackumentVersion } from '../../facts/npm-types.js';
import { safeLine } from '../../report/sanitize.js';
import { compactJavaScript, isScriptPath, readmeHead } from '../../analysis/text.js';
import { type Inventory, resolvesToFile, takeInventory } from '../../analysis/inventory.js';
import type { PackageFiles } from '../../package-files/types.js';
import { classifyTrivialCode, type TrivialShape } from './trivial-shapes.js';
import { longestBurst, publishTimeline } from '../../analysis/timeline.js';

/**
 * Weights. no-code alone is medium: a dependency with nothing in it cannot be doing its job.
 * A constant-returning function is only low on its own, because `noop`-style utilities exist.
 */
export const WEIGHTS = {
  noCode: 45,
  noCodeDependenciesOnly: 5,
  /** No code, and the manifest says so on purpose: a download counter or placeholder of a real project. */
  noCodeDeclared: 10,
  entryAllMissing: 20,
  entrySomeMissing: 5,
  trivialNothingUsable: 40,
  /** Raised to trivialNothingUsable when the manifest is untouched `npm init` output. */
  trivialConstantFunction: 15,
  /** Trivial code in a manifest with the project's description and repository (a download counter). */
  trivialOwnProject: 10,
  /** Nothing usable, pushed as a burst of versions: bulk junk with no business in a dependency tree. */
  bulkEmpty: 10,
} as const;

const options = z.object({
  /** Above this much code (comments and whitespace stripped) a package is never called trivial. */
  maxTrivialCodeBytes: z.number().int().positive().default(512),
  /** Data/config files at least this large make a code-less package a data or config package. */
  minDataBytes: z.number().int().nonnegative().default(64),
  /** At least this many pictures make a package an icon/image set rather than a README decoration. */
  minImageFiles: z.number().int().positive().default(5),
  /** Declaration files at least this large make a package "types first", where a stub .js is normal. */
  minTypesBytes: z.number().int().nonnegative().default(200),
  /** Versions in one burst (each within `bulkBurstGapSeconds` of the previous) that make an empty package bulk. */
  bulkBurstMinVersions: z.number().int().min(2).default(10),
  bulkBurstGapSeconds: z.number().positive().default(120),
});

export const emptyCode = definePackageDetector({
  meta: {
    id: 'empty-code',
    description: 'Packages with no code, missing entry points, or only trivial code (hello world, empty exports).',
    needs: ['files'],
    // The bytes are judged in `summarize` (tarball stage, cached with the verdict); the publish burst
    // of bulkEmpty reads the packument's times, which change without the tarball changing.
    derivedFrom: 'registry',
    messages: {
      noCode: 'ships no code, types or data: only {fileCount} packaging file(s) ({bytes} bytes)',
      noCodeDependenciesOnly: 'ships no code; its only content is {dependencyCount} runtime dependenc(y/ies)',
      noCodeDeclared: 'ships no code on purpose ({intent}): {fileCount} packaging file(s), {bytes} bytes',
      entryMissing: '{field} names "{target}", which is not in the tarball',
      entriesMissing: '{missingCount} of {declaredCount} declared entry points are not in the tarball (first: {field} → "{target}")',
      trivialCode: 'all of its code is trivial ({shape}): {codeBytes} bytes in {codeLines} line(s) across {fileCount} file(s)',
      bulkEmpty: 'nothing usable, published as {count} versions within {seconds} s: bulk-pushed junk, not a dependency anyone needs',
    },
    options,
  },
  summarize(facts, o): ContentJudgement {
    const files = facts.files;
    if (!files) return { findings: [], unavailable: [{ signal: 'package contents', reason: 'the tarball was not read' }] };
    const manifest = facts.manifest ?? {};
    const inventory = takeInventory(files);
    const unavailable: UnavailableSignal[] = [];
    if (inventory.partial) unavailable.push({ signal: 'entry points', reason: 'the tarball listing is partial (a size or count cap was hit)' });
    const findings = [
      inventory.partial ? undefined : noCodeFinding(inventory, manifest, o, files),
      inventory.partial ? undefined : entryFinding(files, inventory, manifest, o),
      trivialFinding(files, inventory, manifest, o),
    ].filter((f): f is DetectorFinding => f !== undefined);
    return { findings, unavailable };
  },
  detect({ facts, options: o, now, summary }) {
    const content = summary ?? { findings: [], unavailable: [{ signal: 'package contents', reason: 'the tarball was not read' }] };
    const findings = [...content.findings];
    const bulk = bulkEmptyFinding(findings, facts.packument, now, o);
    if (bulk) findings.push(bulk);
    return { findings, unavailable: content.unavailable };
  },
});

/** What the package's bytes say (every finding but the publish burst). */
interface ContentJudgement {
  findings: DetectorFinding[];
  unavailable: UnavailableSignal[];
}

type Manifest = Record<string, unknown>;
type Options = z.output<typeof options>;

/** No code at all: only packaging files, or only runtime dependencies (a meta-package). */
function noCodeFinding(inventory: Inventory, manifest: Manifest, o: Options, contents: PackageFiles): DetectorFinding | undefined {
  const { code, types, data, image, packaging } = inventory.byRole;
  const hasSubstance =
    code.paths.length > 0 || types.paths.length > 0 || inventory.byRole['other-source'].paths.length > 0 || data.bytes >= o.minDataBytes || image.paths.length >= o.minImageFiles;
  if (hasSubstance || entryIsData(contents, manifest)) return undefined;
  const runtimeDependencies = Object.keys(recordOf(manifest.dependencies));
  if (runtimeDependencies.length > 0) {
    return {
      messageId: 'noCodeDependenciesOnly',
      data: { dependencyCount: runtimeDependencies.length },
      weight: WEIGHTS.noCodeDependenciesOnly,
      evidence: { field: 'dependencies', dependencies: runtimeDependencies.slice(0, 20).map((d) => safeLine(d, 100)) },
    };
  }
  const allPaths = [...packaging.paths, ...data.paths, ...image.paths];
  const bytes = packaging.bytes + data.bytes + image.bytes;
  const files = allPaths.slice(0, 20).map((p) => safeLine(p, 120));
  const intent = declaredCodeless(manifest) ?? tombstone(manifest, contents);
  if (intent) {
    return { messageId: 'noCodeDeclared', data: { intent, fileCount: allPaths.length, bytes }, weight: WEIGHTS.noCodeDeclared, evidence: { field: 'files', files, fileCount: allPaths.length, bytes, intent } };
  }
  const typesField = typeof manifest.types === 'string' || typeof manifest.typings === 'string';
  return {
    messageId: 'noCode',
    data: { fileCount: allPaths.length, bytes },
    weight: WEIGHTS.noCode,
    evidence: { files, fileCount: allPaths.length, bytes, npmInitDefaults: hasNpmInitDefaults(manifest), ...(typesField ? { typesField: true } : {}) },
  };
}

/** main/module/browser/bin/exports naming files the tarball does not have. */
function entryFinding(files: PackageFiles, inventory: Inventory, manifest: Manifest, o: Options): DetectorFinding | undefined {
  const present = new Set(files.entries.filter((e) => e.type === 'file').map((e) => e.path));
  const entries = declaredEntries(manifest);
  const missing = entries.filter((e) => !resolvesToFile(e.target, present));
  const first = missing[0];
  if (!first) return undefined;
  const allMissing = missing.length === entries.length;
  // Types-first packages often keep a stale `main`; that says little about spam. A retired
  // package (tombstone) kept the `main` of the code it no longer ships.
  const typesFirst = inventory.byRole.types.bytes >= o.minTypesBytes || (allMissing && tombstone(manifest, files) !== undefined);
  return {
    messageId: missing.length > 1 ? 'entriesMissing' : 'entryMissing',
    data: { field: first.field, target: safeLine(first.target, 120), missingCount: missing.length, declaredCount: entries.length },
    weight: allMissing && !typesFirst ? WEIGHTS.entryAllMissing : WEIGHTS.entrySomeMissing,
    evidence: {
      field: first.field,
      excerpt: safeLine(first.target, 120),
      missing: missing.slice(0, 20).map((e) => `${safeLine(e.field, 60)}: ${safeLine(e.target, 120)}`),
      declaredEntries: entries.length,
      missingEntries: missing.length,
    },
  };
}

/**
 * The package's entry is a JSON list or table it ships (`"main": "index.json"` holding
 * `["normal","italic","oblique"]`): a small data package, whatever its size. An empty `{}` or `[]`
 * is no data.
 */
function entryIsData(files: PackageFiles, manifest: Manifest): boolean {
  const main = typeof manifest.main === 'string' ? manifest.main.replace(/^\.\//, '') : undefined;
  if (main === undefined || !/\.json$/i.test(main)) return false;
  try {
    const value: unknown = JSON.parse(files.readText(main) ?? '');
    return typeof value === 'object' && value !== null && Object.keys(value).length >= 2;
  } catch {
    return false;
  }
}

/** All the code there is fits a "does nothing" shape, in a package that is not types or data first. */
function trivialFinding(files: PackageFiles, inventory: Inventory, manifest: Manifest, o: Options): DetectorFinding | undefined {
  const { code, types, data } = inventory.byRole;
  const trivial = judgeTrivialCode(code.paths, (p) => files.readText(p), o.maxTrivialCodeBytes);
  if (!trivial || types.bytes >= o.minTypesBytes || data.bytes >= 4 * 1024) return undefined;
  // A constant function alone could be a deliberate `noop` utility; left in an untouched
  // `npm init` manifest (no description, the default failing test) it is a practice package.
  const npmInit = hasNpmInitDefaults(manifest);
  const nothingUsable = trivial.shape !== 'constant-function' || npmInit;
  // A project's own counter or placeholder (@swc/counter logs one line on purpose) carries the
  // project's metadata; the bulk-empty families keep npm init's blanks.
  const ownProject = !npmInit && hasProjectMetadata(manifest);
  return {
    messageId: 'trivialCode',
    data: { shape: trivial.shape, codeBytes: trivial.codeBytes, codeLines: trivial.codeLines, fileCount: trivial.files.length },
    weight: ownProject ? WEIGHTS.trivialOwnProject : nothingUsable ? WEIGHTS.trivialNothingUsable : WEIGHTS.trivialConstantFunction,
    evidence: {
      ...(ownProject ? { projectMetadata: true } : {}),
      file: trivial.files[0],
      line: 1,
      excerpt: safeLine(trivial.excerpt, 160),
      codeBytes: trivial.codeBytes,
      codeLines: trivial.codeLines,
      files: trivial.files.map((f) => safeLine(f, 120)),
      shape: trivial.shape,
      npmInitDefaults: npmInit,
    },
  };
}

/**
 * An empty or do-nothing package (full-weight noCode or trivialCode) whose versions came as a burst:
 * dozens of bumps of nothing within minutes. Alone, a first-time publisher's test package with a
 * handful of versions stays at medium; bulk pushing is what makes it junk in someone's tree. Only a
 * trustworthy `time` (analysis/timeline.ts) is read: thin mirrors' sync times say nothing.
 */
function bulkEmptyFinding(findings: DetectorFinding[], packument: Parameters<typeof publishTimeline>[0], now: Date, o: z.output<typeof options>): DetectorFinding | undefined {
  const empty = findings.some((f) => (f.messageId === 'noCode' && f.weight >= WEIGHTS.noCode) || (f.messageId === 'trivialCode' && f.weight >= WEIGHTS.trivialNothingUsable));
  if (!empty) return undefined;
  const timeline = publishTimeline(packument, now);
  if (!timeline.ok) return undefined;
  const burst = longestBurst(timeline.events, o.bulkBurstGapSeconds * 1000);
  if (burst.length < o.bulkBurstMinVersions) return undefined;
  const seconds = Math.round((burst[burst.length - 1]!.publishedAtMs - burst[0]!.publishedAtMs) / 1000);
  return {
    messageId: 'bulkEmpty',
    data: { count: burst.length, seconds },
    weight: WEIGHTS.bulkEmpty,
    evidence: { field: 'time', burstVersions: burst.length, burstSeconds: seconds, first: burst[0]!.version, last: burst[burst.length - 1]!.version },
  };
}

interface TrivialSummary {
  shape: TrivialShape;
  files: string[];
  codeBytes: number;
  codeLines: number;
  excerpt: string;
}

/** Every code file must be readable JavaScript of a trivial shape, and all of it small. */
function judgeTrivialCode(codePaths: string[], readText: (p: string) => string | undefined, maxBytes: number): TrivialSummary | undefined {
  if (codePaths.length === 0 || !codePaths.every(isScriptPath)) return undefined;
  const rank: TrivialShape[] = ['empty', 'log-only', 'empty-export', 'constant-function'];
  let shape: TrivialShape = 'empty';
  let codeBytes = 0;
  let codeLines = 0;
  let excerpt = '';
  for (const path of codePaths) {
    const text = readText(path);
    if (text === undefined) return undefined;
    const compact = compactJavaScript(text);
    codeBytes += Buffer.byteLength(compact);
    if (codeBytes > maxBytes) return undefined;
    codeLines += text.split('\n').filter((l) => compactJavaScript(l) !== '').length;
    const verdict = classifyTrivialCode(text);
    if (verdict.shape === undefined) return undefined;
    if (rank.indexOf(verdict.shape) > rank.indexOf(shape)) shape = verdict.shape;
    if (excerpt === '' && compact !== '') excerpt = compact;
  }
  return { shape, files: codePaths, codeBytes, codeLines, excerpt };
}

interface DeclaredEntry {
  field: string;
  target: string;
}

/** Paths the manifest promises: main, module, browser (string form), bin, and every exports target. */
function declaredEntries(manifest: Record<string, unknown>): DeclaredEntry[] {
  const out: DeclaredEntry[] = [];
  for (const field of ['main', 'module', 'browser'] as const) {
    const value = manifest[field];
    if (typeof value === 'string' && value.trim() !== '') out.push({ field, target: value.trim() });
  }
  const bin = manifest.bin;
  if (typeof bin === 'string' && bin.trim() !== '') out.push({ field: 'bin', target: bin.trim() });
  else for (const [name, target] of Object.entries(recordOf(bin))) if (typeof target === 'string') out.push({ field: `bin.${name}`, target });
  collectExportTargets(manifest.exports, 'exports', out);
  // The same path named by several fields is one promise.
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = e.target.replace(/^\.\//, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function collectExportTargets(value: unknown, field: string, out: DeclaredEntry[]): void {
  if (typeof value === 'string') {
    // Patterns (`./*`) name a family of files, not one file; skip rather than guess.
    // Folder mappings (`"./": "./"`, deprecated) name a directory, not one file.
    if (!value.includes('*') && value.startsWith('./') && !value.endsWith('/')) out.push({ field, target: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectExportTargets(v, `${field}[${i}]`, out));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('*') || key.endsWith('/')) continue;
      // Type targets describe code; a missing .d.ts is a packaging slip, not an empty package.
      if (key === 'types' || key === 'typings') continue;
      collectExportTargets(v, `${field}["${key}"]`, out);
    }
  }
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** What `npm init -y` writes and nobody edited: the default failing test script and no description. */
/**
 * A manifest that publishes nothing on purpose: `"files": []` excludes every file but the packaging
 * ones, and only a maintainer who wants an empty tarball writes it (download counters such as
 * @mui/core-downloads-tracker, name placeholders of a real project). \`npm init\` never writes it, and
 * the bulk-empty families keep npm init's defaults, so this does not reach them: a manifest with
 * npm init's empty description and failing test is never taken at its word.
 */
function declaredCodeless(manifest: Record<string, unknown>): string | undefined {
  if (hasNpmInitDefaults(manifest) || !hasProjectMetadata(manifest)) return undefined;
  if (Array.isArray(manifest.files) && manifest.files.length === 0) return 'its manifest lists "files": [] and names a repository';
  return undefined;
}

/**
 * A retired name that says so: deprecated, renamed or merged into another package, a placeholder
 * kept for its owner, or npm's own security holding package (the registry took the name from a
 * package it removed, usually malware, and left this empty one). Maintainers empty such packages on
 * purpose and write why in the README's first lines or the description; bulk junk writes nothing.
 */
function tombstone(manifest: Record<string, unknown>, files: PackageFiles): string | undefined {
  const repository = JSON.stringify(manifest.repository ?? '');
  const head = readmeHead(files, 600);
  if (/npm\/security-holder/i.test(repository) || /^#\s*security holding package/im.test(head)) {
    return "npm's security holding package: npm removed the package that held this name (usually malware) and keeps it empty; depend on something else";
  }
  const description = typeof manifest.description === 'string' ? manifest.description : '';
  const said = TOMBSTONE.exec(description) ?? TOMBSTONE.exec(head);
  return said ? `it says it is retired: "${safeLine(said[0], 60)}"` : undefined;
}

const TOMBSTONE = /\b(deprecated|renamed to|has (been )?(moved|renamed)|moved to|given a new name|no longer (maintained|supported|needed|in use)|(inlined|merged) into|placeholder|dummy package|name is reserved|reserved name)\b/i;

/** A description and a repository: what a real project's package.json carries and npm init leaves blank. */
function hasProjectMetadata(manifest: Record<string, unknown>): boolean {
  const description = typeof manifest.description === 'string' ? manifest.description.trim() : '';
  return description !== '' && manifest.repository !== undefined && manifest.repository !== '';
}

function hasNpmInitDefaults(manifest: Record<string, unknown>): boolean {
  const test = recordOf(manifest.scripts).test;
  const description = typeof manifest.description === 'string' ? manifest.description.trim() : '';
  return typeof test === 'string' && /no test specified/.test(test) && description === '';
}

/**
 * Whether the scan must download the tarball to judge this package for empty/trivial/boilerplate
 * code. Registries that give `dist.fileCount` and `dist.unpackedSize` let a clearly substantial
 * package skip it; when either is absent (thin mirrors) the answer is always yes: never guess.
 * Thresholds sit above the largest scaffolds we see (a create-next-app template with its fonts is
 * ~15 files and ~150 kB), so a skipped package cannot be one of the families this detector targets.
 */
export function needsTarball(versionMeta: PackumentVersion | undefined, minFileCount = 40, minUnpackedBytes = 512 * 1024): boolean {
  const fileCount = versionMeta?.dist?.fileCount;
  const unpackedSize = versionMeta?.dist?.unpackedSize;
  if (typeof fileCount !== 'number' || typeof unpackedSize !== 'number') return true;
  return !(fileCount >= minFileCount && unpackedSize >= minUnpackedBytes);
}

