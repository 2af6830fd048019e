/**
 * argv → options → scan() → reporter → exit code. Nothing else lives here.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, exitCodeFor } from './report/exit-codes.js';
import { SpamcheckError } from './errors.js';
import { findLockfile, lockfileKindOf, readLockfile } from './lockfiles/index.js';
import { FAIL_ON_VALUES, type ScanOptionsInput } from './options.js';
import { renderJson } from './reporters/json.js';
import { renderTable } from './reporters/table.js';
import { renderTreeJson, renderTreeText } from './reporters/tree.js';
import { type ScanProgress, scan } from './scan.js';
import { TOOL_VERSION } from './version.js';
import { detectors } from './detectors/index.js';
import { UsageError } from './errors.js';

const EXIT_CODES_HELP = `
Exit codes:
  0    nothing at or above --fail-on, and every package was audited
  1    at least one package at or above --fail-on
  2    the scan could not run (bad arguments, no or unreadable lockfile)
  3    some packages could not be audited (registry or network errors) and nothing
       reached --fail-on; use --allow-incomplete to exit 0 instead
  130  interrupted (Ctrl-C); what was done so far is printed

Examples:
  npx spamcheck-cli                      audit the project in this folder
  spamcheck ./app --fail-on medium       fail CI on medium risk or worse
  spamcheck --json > report.json         machine-readable report (schemaVersion 1)
  spamcheck tree --json                  the dependency tree spamcheck would audit, no network
`;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false || process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

function progressPrinter(): ((event: ScanProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (event) => {
    if (event.phase === 'lockfile') {
      process.stderr.write(`reading ${event.lockfile} (${event.format}): ${event.packages} packages\n`);
      for (const other of event.ignoredLockfiles) process.stderr.write(`  also found ${other}; not used\n`);
    } else if (event.phase === 'fetch') {
      const now = Date.now();
      if (now - last < 100 && event.done < event.total) return;
      last = now;
      const line = `fetching ${event.done}/${event.total} ${event.current}`.slice(0, (process.stderr.columns ?? 80) - 1);
      process.stderr.write(`\r\u001b[2K${line}`);
    } else {
      process.stderr.write('\r\u001b[2Kanalysing…\r\u001b[2K');
    }
  };
}

interface ScanFlags {
  lockfile?: string;
  json?: boolean;
  failOn: (typeof FAIL_ON_VALUES)[number];
  allowIncomplete?: boolean;
  registry?: string;
  cache?: string;
  offline?: boolean;
  concurrency: number;
  timeout: number;
  detectors?: string;
  color?: boolean;
  all?: boolean;
}

async function runScan(dir: string | undefined, flags: ScanFlags): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\nstopping: finishing the packages under way (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const input: ScanOptionsInput = {
    dir: resolve(dir ?? '.'),
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete === true,
    concurrency: flags.concurrency,
    requestTimeoutMs: flags.timeout * 1000,
    offline: flags.offline === true,
    ...(flags.lockfile ? { lockfile: flags.lockfile } : {}),
    ...(flags.registry ? { registry: flags.registry } : {}),
    ...(flags.cache ? { cache: flags.cache } : {}),
    ...(flags.detectors ? { detectors: flags.detectors.split(',').map((d) => d.trim()).filter(Boolean) } : {}),
  };
  try {
    const onProgress = flags.json ? undefined : progressPrinter();
    // SPAMCHECK_TIMINGS=1 prints where detector time went, for benchmarks and slow-scan reports.
    const detectorTimings = process.env.SPAMCHECK_TIMINGS ? new Map<string, number>() : undefined;
    const report = await scan(input, { signal: controller.signal, ...(onProgress ? { onProgress } : {}), ...(detectorTimings ? { detectorTimings } : {}) });
    if (detectorTimings) {
      for (const [id, ms] of [...detectorTimings].sort((a, b) => b[1] - a[1])) process.stderr.write(`timing ${id} ${ms.toFixed(0)} ms\n`);
    }
    process.stdout.write(flags.json ? renderJson(report) : renderTable(report, { color: useColor(process.stdout, flags.color), showAll: flags.all === true }));
    return exitCodeFor(report, flags.failOn, flags.allowIncomplete === true);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runTree(dir: string | undefined, flags: { lockfile?: string; json?: boolean; color?: boolean }): Promise<number> {
  const projectDir = resolve(dir ?? '.');
  let location;
  if (flags.lockfile) {
    const path = resolve(flags.lockfile);
    const kind = lockfileKindOf(path);
    if (!kind) throw new UsageError(`${path}: not a lockfile spamcheck knows`);
    location = { path, kind };
  } else {
    location = findLockfile(projectDir).chosen;
    if (!location) throw new UsageError(`${projectDir}: no lockfile found; pass --lockfile <path>`);
  }
  const graph = await readLockfile(location);
  process.stdout.write(flags.json ? renderTreeJson(graph, projectDir) : renderTreeText(graph, projectDir, { color: useColor(process.stdout, flags.color) }));
  return EXIT.ok;
}

export function buildProgram(): Command {
  const program = new Command('spamcheck')
    .description('Audit a JavaScript project\'s dependencies for npm spam: token farming, self-publishing worms, SEO link farms, empty bulk packages and install-script droppers. Reads the lockfile, fetches each package with npm\'s own registry settings, and never runs package code.')
    .version(TOOL_VERSION, '-v, --version')
    .showHelpAfterError('(run spamcheck --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .enablePositionalOptions()
    .usage('[dir] [options]\n       spamcheck tree [dir] [--lockfile <path>] [--json]')
    .exitOverride();

  // Scanning is the program itself, so `spamcheck --help` shows its options; `tree` is the one subcommand.
  program
    .argument('[dir]', 'project folder to audit (default: the current folder)')
    .option('--lockfile <path>', 'lockfile to read instead of finding one in dir')
    .option('--json', 'print one JSON document (schemaVersion 1) on stdout and nothing else there')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a package reaches this level').choices(FAIL_ON_VALUES).default('high'))
    .option('--allow-incomplete', 'exit 0 instead of 3 when some packages could not be audited')
    .option('--registry <url>', 'registry URL (default: from npm config, .npmrc)')
    .option('--cache <dir>', 'npm cache folder to read and fill (default: npm\'s own)')
    .option('--offline', 'use only npm\'s cache; packages not cached are reported as not audited')
    .option('--concurrency <n>', 'packages fetched at once', positiveInt, 8)
    .option('--timeout <seconds>', 'per-request timeout', positiveInt, 30)
    .option('--detectors <ids>', `comma-separated detector ids to run (default: all): ${detectorIds().join(', ')}`)
    .option('--all', 'also list packages at level none that have findings')
    .option('--no-color', 'plain text output (NO_COLOR is honoured too)')
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

  program.addHelpText('after', EXIT_CODES_HELP);
  return program;
}

function detectorIds(): string[] {
  return detectors.map((d) => d.meta.id);
}

async function main(): Promise<void> {
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
    process.stderr.write(`spamcheck: unexpected error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}

await main();
