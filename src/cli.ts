/**
 * argv → options → scan() → reporter → exit code. Nothing else lives here.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, exitCodeFor } from './report/exit-codes.js';
import { SpamcheckError } from './errors.js';
import { findLockfile, lockfileKindOf, readLockfile } from './lockfiles/index.js';
import { DEFAULT_CONCURRENCY, FAIL_ON_VALUES, OMIT_VALUES, type FailOn, type ScanOptionsInput, mergeOptions } from './options.js';
import type { OmitKind } from './config/schema.js';
import { loadConfig } from './config/load.js';
import { FORMAT_NAMES, type FormatName, REPORTERS } from './reporters/index.js';
import { renderMarkdown } from './reporters/markdown.js';
import { renderAnnotations } from './reporters/annotations.js';
import { renderExplain } from './reporters/explain.js';
import { splitPackageSpec } from './report/policy.js';
import type { Report } from './report/schema.js';
import { safeLine } from './report/sanitize.js';
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseDuration } from './detectors/release-age/index.js';
import { createProgressPrinter } from './reporters/progress.js';
import { renderTreeJson, renderTreeText } from './reporters/tree.js';
import { assertProjectDir, scan, type ScanProgress } from './scan.js';
import { limitHeapGrowthFor } from './util/heap-growth.js';
import { TOOL_VERSION } from './version.js';
import { readIndexSummary } from './analysis/reference-index/index.js';
import { detectors } from './detectors/index.js';
import { UsageError } from './errors.js';
import { loadNpmConfig, toPacoteOptions } from './registry/npm-config.js';
import { spamcheckDataDir } from './facts/known-malicious.js';
import { DEFAULT_OSV_NPM_EXPORT } from './facts/known-malicious-update.js';
import { DownloadError } from './registry/download.js';

const EXIT_CODES_HELP = `
Exit codes:
  0    nothing at or above --fail-on, and every package was audited
  1    at least one package at or above --fail-on
  2    the scan could not run (bad arguments or config, no or unreadable lockfile)
  3    some packages could not be audited (registry or network errors) and nothing
       reached --fail-on; use --allow-incomplete to exit 0 instead
  130  interrupted (Ctrl-C), whatever was found before; what was done so far is
       printed, and packages not finished are listed as not audited

Examples:
  npx spamcheck-cli                      audit the project in this folder
  spamcheck ./app --fail-on medium       fail CI on medium risk or worse
  spamcheck --json > report.json         machine-readable report (schemaVersion 1)
  spamcheck --format sarif --output spamcheck.sarif   SARIF for code scanning; table on the terminal
  spamcheck --since origin/main          only packages the lockfile added or changed since main
  spamcheck --baseline report.json       only what is not in an earlier report fails
  spamcheck check left-pad express@4     audit packages before installing them
  spamcheck explain left-pad             one package in depth, with an ignore entry to paste
  spamcheck tree --json                  the dependency tree spamcheck would audit, no network
`;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

function durationMs(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('must be a duration such as 2d, 36h, 90m or 1w');
  return ms;
}

function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false || process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

interface ScanFlags {
  lockfile?: string;
  json?: boolean;
  format?: FormatName;
  output?: string;
  config?: string;
  baseline?: string;
  omit?: OmitKind[];
  since?: string;
  failOn?: FailOn;
  allowIncomplete?: boolean;
  registry?: string;
  cache?: string;
  offline?: boolean;
  refresh?: boolean;
  verdictCache?: boolean;
  concurrency: number;
  timeout: number;
  detectors?: string;
  color?: boolean;
  all?: boolean;
  minReleaseAge?: number;
}

/** Flags → scan options, with only what the user typed, so the config file fills the rest. */
function optionsFromFlags(dir: string, flags: ScanFlags): ScanOptionsInput {
  return {
    dir,
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete,
    concurrency: flags.concurrency,
    requestTimeoutMs: flags.timeout * 1000,
    offline: flags.offline,
    packumentMaxAgeHours: flags.refresh ? 0 : undefined,
    verdictCache: flags.verdictCache === false ? false : undefined,
    lockfile: flags.lockfile,
    registry: flags.registry,
    cache: flags.cache,
    baseline: flags.baseline,
    since: flags.since,
    omit: flags.omit,
    detectors: flags.detectors?.split(',').map((d) => d.trim()).filter(Boolean),
    minReleaseAgeMs: flags.minReleaseAge,
  };
}

/** Runs scan() with Ctrl-C handling and progress on a terminal; the config of `dir` (or --config) is merged under the flags. */
async function scanWithConfig(dir: string, flags: ScanFlags, extra: Partial<ScanOptionsInput> = {}): Promise<Report> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\nstopping: finishing the packages under way (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const loaded = loadConfig(dir, flags.config);
    const input = { ...mergeOptions(optionsFromFlags(dir, flags), loaded?.config, loaded?.file), ...extra };
    // The live line goes to stderr, so it is shown with --json and other formats too whenever stderr is a terminal.
    const printProgress = createProgressPrinter(process.stderr);
    const onProgress = (event: ScanProgress) => {
      // Large trees hold V8's heaps closer to their live data (util/heap-growth.ts).
      if (event.phase === 'lockfile') limitHeapGrowthFor(event.packages);
      printProgress?.(event);
    };
    // SPAMCHECK_TIMINGS=1 prints where time went (per detector, summed over worker threads; per phase), for benchmarks and slow-scan reports.
    const detectorTimings = process.env.SPAMCHECK_TIMINGS ? new Map<string, number>() : undefined;
    const onWarning = (message: string) => process.stderr.write(`spamcheck: warning: ${message}\n`);
    // SPAMCHECK_CAPTURE_JOBS=<dir> writes each package the detector threads judge there, for `npm run bench:detectors`.
    const captureJobsDir = process.env.SPAMCHECK_CAPTURE_JOBS || undefined;
    const report = await scan(input, { signal: controller.signal, onWarning, onProgress, ...(detectorTimings ? { detectorTimings } : {}), ...(captureJobsDir ? { captureJobsDir } : {}) });
    if (detectorTimings) {
      for (const [id, value] of [...detectorTimings].sort((a, b) => b[1] - a[1])) {
        process.stderr.write(id.startsWith('count ') ? `${id} ${value}\n` : `timing ${id} ${value.toFixed(0)} ms\n`);
      }
    }
    return report;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runScan(dir: string | undefined, flags: ScanFlags, extra: Partial<ScanOptionsInput> = {}): Promise<number> {
  const format: FormatName = flags.json ? 'json' : (flags.format ?? 'table');
  const report = await scanWithConfig(resolve(dir ?? '.'), flags, extra);
  const failOn = report.policy?.failOn ?? 'high';
  const sourceRoot = process.env.GITHUB_WORKSPACE || undefined;
  const context = { color: useColor(process.stdout, flags.color), showAll: flags.all === true, failOn, ...(sourceRoot ? { sourceRoot } : {}) };
  if (flags.output) {
    // The chosen format goes to the file; the terminal still gets the table.
    writeFileSync(resolve(flags.output), REPORTERS[format](report, { ...context, color: false }));
    process.stdout.write(REPORTERS.table(report, context));
  } else {
    process.stdout.write(REPORTERS[format](report, context));
  }
  ciSideOutputs(report, failOn, sourceRoot);
  return exitCodeFor(report, failOn, flags.allowIncomplete === true);
}

/** Warnings on stderr, the GitHub step summary and annotations: everything a CI run shows besides the report. */
function ciSideOutputs(report: Report, failOn: FailOn, sourceRoot: string | undefined): void {
  for (const p of report.lockfileProblems.filter((problem) => problem.kind === 'newer-version')) {
    process.stderr.write(`spamcheck: warning: ${safeLine(report.project.lockfile, 200)}${p.line !== undefined ? `:${p.line}` : ''}: ${safeLine(p.message, 300)}\n`);
  }
  for (const e of report.policy?.ignore.expired ?? []) {
    process.stderr.write(
      `spamcheck: warning: ignore entry "${safeLine(e.package, 120)}"${e.detector ? ` (${e.detector})` : ''} expired on ${e.expires} and suppresses nothing now — review it, then renew "expires" or remove the entry${report.policy?.config ? ` in ${safeLine(report.policy.config, 200)}` : ''}\n`,
    );
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderMarkdown(report, { failOn }));
    } catch (error) {
      process.stderr.write(`spamcheck: warning: could not write the step summary: ${(error as Error).message}\n`);
    }
  }
  if (process.env.GITHUB_ACTIONS === 'true') process.stderr.write(renderAnnotations(report, failOn, sourceRoot));
}

const EXPLAIN_MAX_PATHS = 50;

async function runExplain(spec: string, dir: string | undefined, flags: ScanFlags): Promise<number> {
  const { name, range: version } = splitPackageSpec(spec);
  // Every path that pulls the package in, within reason: a hub package in a big tree has thousands.
  const report = await scanWithConfig(resolve(dir ?? '.'), flags, { maxPathsPerPackage: EXPLAIN_MAX_PATHS });
  const matches = report.packages.filter((p) => p.name === name && (version === undefined || p.version === version));
  if (matches.length === 0) {
    const versions = report.packages.filter((p) => p.name === name).map((p) => p.version);
    throw new UsageError(
      versions.length > 0
        ? `${name}@${version} is not in this project's tree — it has ${versions.map((v) => `${name}@${v}`).join(', ')}`
        : `${name} is not in this project's tree (${report.project.lockfile}) — check the name, or run spamcheck tree to list what is audited`,
    );
  }
  process.stdout.write(flags.json ? `${JSON.stringify(matches, null, 2)}\n` : renderExplain(report, matches, { color: useColor(process.stdout, flags.color), now: new Date() }));
  return EXIT.ok;
}

async function runCheck(specs: string[], flags: ScanFlags): Promise<number> {
  return runScan(undefined, flags, { specs });
}

async function runTree(dir: string | undefined, flags: { lockfile?: string; json?: boolean; color?: boolean }): Promise<number> {
  const projectDir = resolve(dir ?? '.');
  let location;
  if (flags.lockfile) {
    const path = resolve(flags.lockfile);
    const kind = lockfileKindOf(path);
    if (!kind) throw new UsageError(`${path} is not a lockfile spamcheck knows — pass a package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock`);
    location = { path, kind };
  } else {
    assertProjectDir(projectDir);
    location = findLockfile(projectDir).chosen;
    if (!location) throw new UsageError(`${projectDir} has no lockfile — run your package manager's install first, or pass --lockfile <path>`);
  }
  const graph = await readLockfile(location);
  process.stdout.write(flags.json ? renderTreeJson(graph, projectDir) : renderTreeText(graph, projectDir, { color: useColor(process.stdout, flags.color) }));
  return EXIT.ok;
}

/** The tool's version and the reference index it carries (read from the index's small summary file). */
function versionText(): string {
  const index = readIndexSummary();
  const carried = index
    ? `reference index ${index.id}: ${index.packages} packages, built ${index.builtAt.slice(0, 10)} from ${index.names}; bytes from ${index.registry}`
    : 'reference index: none found (detectors that need it report it unavailable)';
  return `${TOOL_VERSION}\n${carried}`;
}

async function runUpdateDb(flags: { url: string; cache?: string; timeout: number }): Promise<number> {
  if (!URL.canParse(flags.url)) throw new UsageError(`--url ${flags.url}: not a URL`);
  const pacoteOptions = toPacoteOptions(loadNpmConfig({ projectDir: process.cwd(), env: process.env }), flags.cache ? { cache: flags.cache } : {}, process.env);
  const dataDir = spamcheckDataDir(String(pacoteOptions.cache));
  // The zip reader (yauzl) is loaded by this command only, not by every scan.
  const { updateKnownMalicious } = await import('./facts/known-malicious-update.js');
  const { OsvImportError } = await import('./facts/osv-import.js');
  try {
    const result = await updateKnownMalicious({ url: flags.url, dataDir, timeoutMs: flags.timeout * 1000 });
    process.stdout.write(
      `known-malicious list updated: ${result.records} records for ${result.packages} packages (${result.malEntries} MAL- entries, ${result.withdrawn} withdrawn) from ${flags.url}\nsaved to ${result.path}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof DownloadError || error instanceof OsvImportError) {
      // Nothing was replaced: the previous list (downloaded or shipped) stays in use.
      throw new UpdateDbError(`update-db: ${error.message}; the previous known-malicious list is kept`);
    }
    throw error;
  }
}

class UpdateDbError extends SpamcheckError {
  readonly exitCode = 3;
  override name = 'UpdateDbError';
}

export function buildProgram(): Command {
  const program = new Command('spamcheck')
    .description('Audit a JavaScript project\'s dependencies for npm spam: token farming, self-publishing worms, SEO link farms, empty bulk packages and install-script droppers. Reads the lockfile, fetches each package with npm\'s own registry settings, and never runs package code.')
    .version(versionText(), '-v, --version')
    // commander says "error: …"; every message spamcheck prints reads "spamcheck: <what> — <what to do>".
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`spamcheck: ${s.replace(/^error:\s*/, '').trimEnd()} — run spamcheck --help for usage\n`),
    })
    .enablePositionalOptions()
    .usage('[dir] [options]\n       spamcheck check <spec...> [options]\n       spamcheck explain <name>[@version] [dir] [options]\n       spamcheck tree [dir] [--lockfile <path>] [--json]')
    .exitOverride();

  // Scanning is the program itself, so `spamcheck --help` shows its options; tree, explain and check are subcommands.
  addReportOptions(addScanOptions(program.argument('[dir]', 'project folder to audit (default: the current folder)')))
    .option('--baseline <report.json>', 'a JSON report written earlier: only packages and findings not in it count for --fail-on')
    .addOption(new Option('--omit <kind>', 'leave dev, optional or peer packages out of the audit (repeatable), as npm --omit does').choices(OMIT_VALUES).argParser(collectOmit))
    .option('--since <git-ref>', 'audit only packages added or changed in the lockfile since this git ref; the rest are reported as unchanged')
    .option('--lockfile <path>', 'lockfile to read instead of finding one in dir')
    .action(async (dir: string | undefined, flags: ScanFlags) => {
      process.exitCode = await runScan(dir, flags);
    });

  program
    .command('tree [dir]')
    .description('print the dependency tree as parsed from the lockfile, with no network: what an audit will cover')
    .option('--lockfile <path>', 'lockfile to read instead of finding one in dir')
    .option('--json', 'print JSON')
    .option('--no-color', 'plain text output')
    .action(async (dir: string | undefined, flags: { lockfile?: string; json?: boolean; color?: boolean }) => {
      process.exitCode = await runTree(dir, flags);
    });

  addScanOptions(
    program
      .command('explain <package> [dir]')
      .description('one package of the project in depth: every finding with its full evidence, every path that pulls it in, what each weight means, coverage, and a ready-to-paste ignore entry. <package> is name or name@version'),
  )
    .option('--lockfile <path>', 'lockfile to read instead of finding one in dir')
    .option('--json', 'print the package reports as JSON')
    .option('--no-color', 'plain text output')
    .action(async (spec: string, dir: string | undefined, flags: ScanFlags) => {
      process.exitCode = await runExplain(spec, dir, flags);
    });

  addReportOptions(
    addScanOptions(
      program
        .command('check <spec...>')
        .description('audit packages before installing them, no project needed: resolve each spec (left-pad, express@4, @scope/x@^2) and its dependency tree against the registry the way npm would, then report like a scan. Example: spamcheck check some-package && npm install some-package'),
    ),
  ).action(async (specs: string[], flags: ScanFlags) => {
    process.exitCode = await runCheck(specs, flags);
  });

  program
    .command('update-db')
    .description(`download OSV's npm export, keep its malicious-package (MAL-) records, and swap them into the cache folder as the known-bad list scans use (default URL ${DEFAULT_OSV_NPM_EXPORT})`)
    .option('--url <url>', 'where to download the OSV npm export zip from', DEFAULT_OSV_NPM_EXPORT)
    .option('--cache <dir>', 'npm cache folder; the list is saved in <dir>/_spamcheck (default: npm\'s own)')
    .option('--timeout <seconds>', 'give up on the download after this long', positiveInt, 600)
    .action(async (flags: { url: string; cache?: string; timeout: number }) => {
      process.exitCode = await runUpdateDb(flags);
    });

  program.addHelpText('after', EXIT_CODES_HELP);
  return program;
}

/** Options every command that scans shares: registry access, detectors, config, gate. */
function addScanOptions(command: Command): Command {
  return command
    .option('--config <path>', 'config file (default: spamcheck.json in dir, else the "spamcheck" key of package.json)')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a package reaches this level (default: high, or failOn in the config)').choices(FAIL_ON_VALUES))
    .option('--allow-incomplete', 'exit 0 instead of 3 when some packages could not be audited')
    .option('--registry <url>', 'registry URL (default: from npm config, .npmrc)')
    .option('--cache <dir>', 'cache folder (default: npm\'s own); spamcheck keeps verdicts, packuments and publisher searches in <dir>/_spamcheck')
    .option('--offline', 'no network: spamcheck\'s cache, then npm\'s; packages in neither are reported as not audited')
    .option('--refresh', 'ask the registry again for every packument and publisher search (default: reuse answers from the last 6 hours)')
    .option('--no-verdict-cache', 'judge every tarball again instead of reusing stored verdicts')
    .option('--concurrency <n>', 'packages fetched at once (two per core, 12 to 16)', positiveInt, DEFAULT_CONCURRENCY)
    .option('--timeout <seconds>', 'per-request timeout', positiveInt, 30)
    .option('--detectors <ids>', `comma-separated detector ids to run (default: all): ${detectorIds().join(', ')}`)
    .option('--min-release-age <duration>', 'flag locked versions published less than this long ago, e.g. 2d (recommended for CI, with --fail-on medium)', durationMs);
}

/** Output options of the commands that print a report. */
function addReportOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'report format on stdout (default: table)').choices(FORMAT_NAMES))
    .option('--json', 'same as --format json: one JSON document on stdout and nothing else there')
    .option('--output <file>', 'write the report in --format to this file; the terminal still gets the table')
    .option('--all', 'also list packages at level none that have findings')
    .option('--no-color', 'plain text output (NO_COLOR is honoured too)');
}

function collectOmit(value: string, previous: OmitKind[] | undefined): OmitKind[] {
  return [...(previous ?? []), value as OmitKind];
}

function detectorIds(): string[] {
  return detectors.map((d) => d.meta.id);
}

/**
 * A reader that stops early (`spamcheck --json | head`) closes the pipe: the write fails with EPIPE,
 * which Node throws as an unhandled 'error' event with a stack trace. Whatever was not read is not
 * wanted; the scan still ends with its own exit code.
 */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** The CLI: bin/spamcheck.js calls this (from the bundle, else from dist/cli.js). */
export async function main(): Promise<void> {
  ignoreClosedStdout();
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    const commanderError = error as { code?: string; exitCode?: number };
    if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
      // --help and --version exit 0; usage mistakes were already explained by commander.
      process.exitCode = commanderError.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    if (error instanceof SpamcheckError) {
      process.stderr.write(`spamcheck: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`spamcheck: unexpected error — please report it with the trace below:\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}
