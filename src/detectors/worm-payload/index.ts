/**
 * worm-payload: code that publishes packages by itself (the IndonesianFoods engine: rewrite
 * package.json with a new name and version, `npm publish`, repeat), code that manipulates the
 * registry (creates accounts, PUTs to it, moves dist-tags, reads .npmrc tokens), and obfuscation
 * around either. Every JavaScript and shell file of the tarball is read (within caps), not only the
 * ones an install script runs; when an install hook does reach such a file, the finding escalates.
 */
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { installReachableFiles, installScripts, isJavaScriptPath, localImports } from '../../analysis/lifecycle.js';
import type { PackageFiles } from '../../package-files/types.js';
import { definePackageDetector, type DetectorFinding, type Evidence, type UnavailableSignal } from '../types.js';
import { analyzeCachedFile, DEFAULT_JS_LIMITS, type JsAnalysisLimits } from '../../analysis/javascript/index.js';
import { parseNeed, readJavaScript, readShell, readTokens, type FileReading, type SelfPublishing, type Spot } from './signals.js';

const options = z.object({
  /** "Runs npm publish and rewrites package.json": release tools do this too, so it stays low alone. */
  publishAndRewriteWeight: z.number().default(30),
  /** Publish + version rewrite inside an exported API, with no worm trait: release tooling. */
  releaseApiWeight: z.number().default(8),
  /** Runs npm publish without touching package.json. */
  publishOnlyWeight: z.number().default(5),
  /** Release tools bump versions; only an engine renames the package it publishes. */
  nameChangeWeight: z.number().default(25),
  privateChangeWeight: z.number().default(10),
  randomValuesWeight: z.number().default(15),
  /** Writes preinstall/install/postinstall into the manifest it publishes (propagation through installs). */
  lifecycleInjectionWeight: z.number().default(25),
  /** Publishing in a loop without bound, on a timer, or rescheduling itself. */
  repetitionWeight: z.number().default(30),
  /** Per registry-manipulation part; the sum is capped by `registryManipulationMaxWeight`. */
  registryPartWeight: z.number().default(15),
  registryManipulationMaxWeight: z.number().default(40),
  /** Obfuscation around an engine or registry code. */
  obfuscationAmplifierWeight: z.number().default(15),
  /** Obfuscated code in a package with almost no other code. */
  packedCodeWeight: z.number().default(20),
  obfuscationAloneWeight: z.number().default(5),
  /** Other JavaScript below this size makes a package "otherwise tiny". */
  tinyPackageCodeBytes: z.number().default(4096),
  /** An install hook reaches an engine or registry code: it runs on every install. */
  installTimeWeight: z.number().default(40),
  /**
   * Engines are small scripts; bigger files (bundles) are token-searched instead of parsed, which
   * keeps a scan of hundreds of real packages fast. Files an install hook runs are parsed in full by
   * install-scripts, and that parse is shared.
   */
  maxParseBytes: z.number().int().positive().default(256 * 1024),
  /**
   * Per package, bytes of code parsed when nothing but a runner, a built module name or an
   * obfuscation marker asks for it (files naming publish or the registry are always parsed).
   * Smallest files first: engines are small scripts; the big files of big packages past the budget
   * are the ones left unparsed (and reported as such). Spam packages are far below 512 KiB.
   */
  maxHintParseBytesPerPackage: z.number().int().nonnegative().default(512 * 1024),
  maxFiles: z.number().int().positive().default(400),
  maxTotalBytes: z.number().int().positive().default(16 * 1024 * 1024),
  maxMillis: z.number().int().positive().default(5000),
});

type Options = z.output<typeof options>;

export default definePackageDetector({
  meta: {
    id: 'worm-payload',
    description: 'Finds self-publishing code (npm publish plus package.json rewrites, repeated), registry manipulation and obfuscation in every code file.',
    needs: ['files'],
    messages: {
      selfPublishing: '{file} publishes packages by itself: {traits}',
      publishCommand: '{file} runs `{how}`',
      registryManipulation: '{file} manipulates the npm registry: {parts}',
      obfuscatedPayload: '{file} hides this code behind obfuscation: {reasons}',
      packedCode: '{file} is obfuscated code in an otherwise tiny package: {reasons}',
      obfuscatedCode: '{file} looks obfuscated: {reasons}',
      installTimeExecution: '{hook} runs {file} at install time, so the code above runs on every install',
    },
    options,
  },
  detect({ facts, options: o }) {
    const files = facts.files;
    if (!files) return { findings: [], unavailable: [{ signal: 'worm-payload', reason: 'the tarball was not read' }] };
    const limits = { ...DEFAULT_JS_LIMITS, maxParseBytes: o.maxParseBytes };
    // The tarball reader keeps only the first bytes of a very large file: a prefix of a bundle does
    // not parse (or parses into something else), so it is token-searched, and the evidence says so.
    const truncated = new Set(files.limits.filter((l) => l.kind === 'file-too-large' && l.path !== undefined).map((l) => l.path!));
    const { readings, unavailable } = readPackageCode(files, o, limits, truncated);
    // Install hooks are shell too: `"postinstall": "npm publish"` publishes from every install.
    const hookReadings = new Map<string, FileReading>();
    for (const script of installScripts(facts) ?? []) hookReadings.set(script.from === 'binding.gyp' ? `binding.gyp (${script.hook})` : `scripts.${script.hook}`, readShell(script.command));
    joinSplitEngines(readings, importNeighbours(files, readings, limits, truncated));

    const findings: DetectorFinding[] = [];
    const flagged = new Set<string>();
    const all = [...readings, ...hookReadings];
    selfPublishingFinding(all, o, findings, flagged);
    registryFinding(all, o, findings, flagged);
    obfuscationFinding(files, readings, o, findings, flagged);
    installTimeFinding(installReachableFiles(facts), o, findings, flagged);
    return { findings, ...(unavailable.length > 0 ? { unavailable } : {}) };
  },
});

/**
 * Reads every code file under the file, byte and time caps. JavaScript holding none of the tokens
 * any signal needs is not parsed unless an engine turns up; files parsed only on a hint share a
 * per-package budget, smallest first.
 */
function readPackageCode(files: PackageFiles, o: Options, limits: JsAnalysisLimits, truncated: Set<string>): { readings: Map<string, FileReading>; unavailable: UnavailableSignal[] } {
  const unavailable: UnavailableSignal[] = [];
  const readings = new Map<string, FileReading>();
  const readJs = (path: string, text: string): FileReading =>
    truncated.has(path) ? readTokens(text, `token-search (only the first ${text.length} characters of a larger file were kept)`) : readJavaScript(analyzeCachedFile(files, path, text, limits), text);
  const unparsed: [string, string][] = [];
  const hinted: [string, string][] = [];
  const started = Date.now();
  let bytes = 0;
  let read = 0;
  let skipped = 0;
  for (const path of files.textPaths()) {
    // The name decides first, so type declarations, JSON and docs are never decoded.
    const named = kindByName(path);
    const text = named === undefined ? undefined : files.readText(path);
    if (text === undefined) continue;
    const kind = named === 'script' ? scriptKind(text) : named;
    if (kind === undefined) continue;
    if (read >= o.maxFiles || bytes + text.length > o.maxTotalBytes || Date.now() - started > o.maxMillis) {
      skipped++;
      continue;
    }
    read++;
    bytes += text.length;
    const need = kind === 'javascript' && !truncated.has(path) ? parseNeed(text) : 'always';
    if (need === 'none') unparsed.push([path, text]);
    else if (need === 'worthwhile') hinted.push([path, text]);
    else readings.set(path, kind === 'shell' ? readShell(text) : kind === 'tokens' ? readTokens(text, 'token-search (not JavaScript)') : readJs(path, text));
  }
  const overBudget = readHinted(hinted, o, readings, readJs);
  // An engine may keep its package.json rewrite in a module without any of those tokens
  // (`pkg.name = …; fs.writeFileSync(file, …)`): once a file publishes, every file is read as before.
  const late = [...unparsed, ...overBudget];
  if (late.length > 0 && [...readings.values()].some((r) => r.selfPublishing)) {
    for (const [path, text] of late) readings.set(path, readJs(path, text));
  } else if (overBudget.length > 0) {
    const overBytes = overBudget.reduce((n, [, text]) => n + text.length, 0);
    unavailable.push({
      signal: 'obfuscation and built commands',
      reason: `${overBudget.length} larger code files (${overBytes} bytes) not parsed: the package's ${o.maxHintParseBytesPerPackage}-byte parse budget went to its smaller files`,
    });
  }
  if (skipped > 0) unavailable.push({ signal: 'code files', reason: `${skipped} code files not read: file, byte or time cap reached after ${read} files` });
  for (const limit of files.limits) {
    if (limit.kind === 'file-too-large' && limit.path !== undefined && /\.(c|m)?js$|\.sh$/i.test(limit.path)) {
      unavailable.push({ signal: `code in ${safeLine(limit.path, 80)}`, reason: safeLine(limit.message, 120) });
    }
  }
  return { readings: inInventoryOrder(files, readings), unavailable };
}

/** Parses hinted files smallest first within the package's budget; returns those over it. */
function readHinted(hinted: [string, string][], o: Options, readings: Map<string, FileReading>, readJs: (path: string, text: string) => FileReading): [string, string][] {
  let hintBytes = 0;
  const overBudget: [string, string][] = [];
  for (const [path, text] of hinted.sort((a, b) => a[1].length - b[1].length)) {
    if (hintBytes + text.length > o.maxHintParseBytesPerPackage) {
      overBudget.push([path, text]);
      continue;
    }
    hintBytes += text.length;
    readings.set(path, readJs(path, text));
  }
  return overBudget;
}

/** Back in inventory order, so "the first obfuscated file" and ties between engines do not depend on reading order. */
function inInventoryOrder(files: PackageFiles, readings: Map<string, FileReading>): Map<string, FileReading> {
  const ordered = new Map<string, FileReading>();
  for (const path of files.textPaths()) {
    const reading = readings.get(path);
    if (reading) ordered.set(path, reading);
  }
  return ordered;
}

/** An engine split in two (the loop publishes, a module it imports rewrites package.json) is one engine. */
function joinSplitEngines(readings: Map<string, FileReading>, neighbours: Map<string, string[]>): void {
  for (const [path, reading] of readings) {
    const self = reading.selfPublishing;
    if (!self || self.manifestRewrite) continue;
    for (const other of neighbours.get(path) ?? []) {
      const edits = readings.get(other)?.manifestEdits;
      if (!edits) continue;
      const from = (spot: Spot | undefined) => (spot ? { ...spot, file: other } : undefined);
      reading.selfPublishing = {
        ...self,
        manifestRewrite: from(edits.manifestRewrite)!,
        ...(edits.nameChange ? { nameChange: from(edits.nameChange)! } : {}),
        ...(edits.privateChange ? { privateChange: from(edits.privateChange)! } : {}),
        ...(edits.randomValues ? { randomValues: from(edits.randomValues)! } : {}),
        ...(edits.lifecycleInjection ? { lifecycleInjection: from(edits.lifecycleInjection)! } : {}),
      };
      break;
    }
  }
}

/** Self-publishing: report the strongest file, count the others. Engines, and any hook that publishes, escalate when an install runs them. */
function selfPublishingFinding(all: [string, FileReading][], o: Options, findings: DetectorFinding[], flagged: Set<string>): void {
  const engines = all
    .filter(([, r]) => r.selfPublishing)
    .map(([path, r]) => ({ path, self: r.selfPublishing!, obfuscation: r.obfuscation, weight: selfPublishingWeight(r.selfPublishing!, o) }))
    .sort((a, b) => b.weight - a.weight);
  const strongest = engines[0];
  if (strongest) {
    const traits = traitList(strongest.self);
    const worm = strongest.self.manifestRewrite !== undefined;
    findings.push({
      messageId: worm ? 'selfPublishing' : 'publishCommand',
      data: worm ? { file: strongest.path, traits: traits.join(', ') } : { file: strongest.path, how: strongest.self.publish.how },
      weight: strongest.weight,
      evidence: engineEvidence(strongest.path, strongest.self, engines.length),
    });
  }
  for (const e of engines) if (e.self.manifestRewrite || e.self.repetition || e.path.startsWith('scripts.')) flagged.add(e.path);
}

const PUBLISHING_CLIENT_PARTS = new Set(['token-read', 'registry-put', 'dist-tags']);

/** Registry manipulation: the file with the most kinds of it. */
function registryFinding(all: [string, FileReading][], o: Options, findings: DetectorFinding[], flagged: Set<string>): void {
  const registry = all
    .filter(([, r]) => r.registry)
    .map(([path, r]) => ({ path, parts: r.registry!.parts, analysis: r.registry!.analysis }))
    .sort((a, b) => b.parts.length - a.parts.length);
  const top = registry[0];
  if (!top) return;
  const kinds = [...new Set(top.parts.map((p) => p.kind))];
  const first = top.parts[0]!;
  // A token read, a PUT to the registry and dist-tag edits are what every publishing client does
  // (lerna, libnpmpublish bundled into CLIs); without an engine that rewrites what it publishes, or
  // an account made or switched, they weigh as one part.
  const clientOnly = kinds.every((k) => PUBLISHING_CLIENT_PARTS.has(k)) && !findings.some((f) => f.messageId === 'selfPublishing');
  findings.push({
    messageId: 'registryManipulation',
    data: { file: top.path, parts: kinds.join(', ') },
    weight: clientOnly ? o.registryPartWeight : Math.min(o.registryManipulationMaxWeight, kinds.length * o.registryPartWeight),
    evidence: {
      ...where(top.path, first.line),
      excerpt: first.excerpt,
      analysis: top.analysis,
      parts: top.parts.map((p) => ({ kind: p.kind, line: p.line, excerpt: p.excerpt })),
      files: registry.length,
    },
  });
  flagged.add(top.path);
}

/** Obfuscation: an amplifier on flagged files, a signal of its own in a package with little else. */
function obfuscationFinding(files: PackageFiles, readings: Map<string, FileReading>, o: Options, findings: DetectorFinding[], flagged: Set<string>): void {
  const obfuscated = [...readings].filter(([, r]) => r.obfuscation !== undefined);
  const amplified = obfuscated.find(([path]) => flagged.has(path));
  if (amplified) {
    findings.push({ messageId: 'obfuscatedPayload', data: { file: amplified[0], reasons: amplified[1].obfuscation! }, weight: o.obfuscationAmplifierWeight, evidence: { file: amplified[0] } });
    return;
  }
  if (!obfuscated[0]) return;
  const [path, r] = obfuscated[0];
  const otherCodeBytes = files.textPaths()
    .filter((p) => p !== path && /\.(c|m)?jsx?$/i.test(p))
    .reduce((n, p) => n + (files.readText(p)?.length ?? 0), 0);
  const tiny = otherCodeBytes < o.tinyPackageCodeBytes;
  findings.push({
    messageId: tiny ? 'packedCode' : 'obfuscatedCode',
    data: { file: path, reasons: r.obfuscation! },
    weight: tiny ? o.packedCodeWeight : o.obfuscationAloneWeight,
    evidence: { file: path, otherCodeBytes, obfuscatedFiles: obfuscated.length },
  });
}

/** Install-time reachability turns a dormant engine into one that runs on every install. */
function installTimeFinding(reachable: Map<string, string>, o: Options, findings: DetectorFinding[], flagged: Set<string>): void {
  const atInstall = [...flagged].map((path) => ({ path, hook: path.startsWith('scripts.') ? path.slice('scripts.'.length) : reachable.get(path) })).find((x) => x.hook !== undefined);
  if (!atInstall) return;
  findings.push({
    messageId: 'installTimeExecution',
    data: { hook: atInstall.hook!, file: atInstall.path },
    weight: o.installTimeWeight,
    evidence: atInstall.path.startsWith('scripts.') ? { field: atInstall.path } : { file: atInstall.path, field: `scripts.${atInstall.hook}` },
  });
}

/** For each read JavaScript file, the local modules it imports and the ones importing it. */
function importNeighbours(files: PackageFiles, readings: Map<string, FileReading>, limits: JsAnalysisLimits, truncated: Set<string>): Map<string, string[]> {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    neighbours.set(a, list);
  };
  for (const path of readings.keys()) {
    const text = files.readText(path);
    // Same limits as the reading above (a cache hit); a truncated prefix was token-searched, not parsed, and has no imports to follow.
    if (text === undefined || !isJavaScriptPath(path) || truncated.has(path)) continue;
    for (const imported of localImports(files, path, analyzeCachedFile(files, path, text, limits))) {
      link(path, imported);
      link(imported, path);
    }
  }
  return neighbours;
}

function selfPublishingWeight(self: SelfPublishing, o: Options): number {
  if (!self.manifestRewrite) return o.publishOnlyWeight + (self.repetition ? o.repetitionWeight : 0);
  const wormTraits = self.nameChange || self.privateChange || self.randomValues || self.repetition || self.lifecycleInjection;
  // A release API (exported, bumps the version once, keeps the name): what release tooling looks like.
  if (!wormTraits && (self.exportsApi || self.releaseScript)) return o.releaseApiWeight;
  return Math.min(
    100,
    o.publishAndRewriteWeight +
    (self.nameChange ? o.nameChangeWeight : 0) +
    (self.privateChange ? o.privateChangeWeight : 0) +
    (self.randomValues ? o.randomValuesWeight : 0) +
    (self.lifecycleInjection ? o.lifecycleInjectionWeight : 0) +
    (self.repetition ? o.repetitionWeight : 0),
  );
}

function traitList(self: SelfPublishing): string[] {
  const traits = ['runs npm publish', 'rewrites package.json'];
  if (self.nameChange) traits.push('changes the package name');
  if (self.privateChange) traits.push('drops "private"');
  if (self.randomValues) traits.push('random name/version');
  if (self.lifecycleInjection) traits.push('injects an install hook');
  if (self.exportsApi && !self.nameChange && !self.randomValues && !self.repetition && !self.lifecycleInjection) traits.push('inside an exported release API');
  if (self.releaseScript && !self.repetition) traits.push('a release script (npm version, then git tag/push)');
  if (self.repetition) traits.push(`repeats (${self.repetition.kind})`);
  return traits;
}

function engineEvidence(path: string, self: SelfPublishing, files: number): Evidence {
  const spot = (s: Spot | undefined) => (s ? { ...(s.file !== undefined ? { file: s.file } : {}), line: s.line, excerpt: s.excerpt } : null);
  return {
    ...where(path, self.publish.line),
    excerpt: self.publish.excerpt,
    analysis: self.analysis,
    manifestRewrite: spot(self.manifestRewrite),
    nameChange: spot(self.nameChange),
    privateChange: spot(self.privateChange),
    randomValues: spot(self.randomValues),
    lifecycleInjection: spot(self.lifecycleInjection),
    repetition: self.repetition ? { kind: self.repetition.kind, line: self.repetition.line, excerpt: self.repetition.excerpt } : null,
    files,
  };
}

function where(path: string, line: number): Evidence {
  return path.startsWith('scripts.') ? { field: path } : { file: path, line };
}

type CodeKind = 'javascript' | 'shell' | 'tokens';

/**
 * How a file is read, from its name alone; 'script' for an extensionless file, whose shebang
 * decides (scriptKind). Undefined for anything else: text captured for other detectors (type
 * declarations, JSON, Markdown), a fifth of a tree's text, is then never decoded here.
 */
function kindByName(path: string): CodeKind | 'script' | undefined {
  if (/\.(c|m)?jsx?$/i.test(path)) return 'javascript';
  // Batch and PowerShell files read line by line like shell: `npm publish` lines, loops, random, package.json writes.
  if (/\.(sh|bash|zsh|bat|cmd|ps1)$/i.test(path)) return 'shell';
  if (/\.py$/i.test(path)) return 'tokens';
  if (/\.(c|m)?ts$/i.test(path) && !path.endsWith('.d.ts')) return 'javascript'; // parsed if plain, token search if typed
  if (!/\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/') + 1))) return 'script';
  return undefined;
}

/** An extensionless file's kind, by the interpreter its shebang names. */
function scriptKind(text: string): CodeKind | undefined {
  if (/^#!.*\bnode\b/.test(text)) return 'javascript';
  if (/^#!.*\b(ba|z|da)?sh\b/.test(text)) return 'shell';
  return undefined;
}

