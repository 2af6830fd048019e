/**
 * Every knob of a scan in one validated object, so the CLI, the config file and library callers of
 * `scan()` all go through the same checks and defaults. `mergeOptions` is the one place that decides
 * precedence: flags over the config file over defaults.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { DEFAULT_MAX_PACKUMENT_BYTES } from './registry/client.js';
import { FAIL_ON_VALUES, OMIT_VALUES, ignoreEntrySchema, type FailOn, type SpamcheckConfig } from './config/schema.js';

/**
 * Packages fetched at once: two per core, 12 to 16. Each read in flight holds up to a package's text
 * budget, but most packages of a real tree are a few KB that cost one round trip (about 80 ms to
 * the registry here), so a scan at six fetches waited on latency with a core idle. On 2 cores, with
 * up to six packages waiting for the detector thread (scan.ts backlogLimit), 12 against 6 on a
 * 657-package tree: 28.2 s -> 25.5 s over four interleaved pairs, same findings, same peak RSS;
 * 16 was no faster than 12. (With two detector threads and a backlog of four, 8 was no faster than 6.)
 */
export const DEFAULT_CONCURRENCY = Math.min(16, Math.max(12, 2 * availableParallelism()));

export { FAIL_ON_VALUES, OMIT_VALUES, type FailOn };

export const scanOptionsSchema = z.object({
  /** Project directory (where the lockfile and package.json are). */
  dir: z.string().min(1),
  /** A specific lockfile instead of discovery in `dir`. */
  lockfile: z.string().min(1).optional(),
  /** Registry URL overriding npm config. */
  registry: z.url({ message: 'must be a URL such as https://registry.npmjs.org/' }).optional(),
  /** npm cache folder (npm's --cache meaning); defaults to npm's own. */
  cache: z.string().min(1).optional(),
  offline: z.boolean().default(false),
  /**
   * Packuments fetched this many hours ago or less are reused from spamcheck's cache; 0 fetches
   * every packument again (`--refresh`). With `offline`, any age is used.
   */
  packumentMaxAgeHours: z.number().min(0).default(6),
  /** Reuse and store tarball verdicts in the cache folder (keyed by integrity and spamcheck's code). */
  verdictCache: z.boolean().default(true),
  /** Packages fetched at once. */
  concurrency: z.number().int().min(1).max(64).default(DEFAULT_CONCURRENCY),
  requestTimeoutMs: z.number().int().min(100).default(30_000),
  /** Largest packument read; a registry that sends more gets the package reported as not audited (`too-large`). */
  maxPackumentBytes: z.number().int().min(1024).default(DEFAULT_MAX_PACKUMENT_BYTES),
  retries: z.number().int().min(0).max(10).default(3),
  retryBaseDelayMs: z.number().int().min(0).default(500),
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  /** Worker threads for package detectors (default: one per core, at most 4); 0 runs them in the main thread. */
  detectorWorkers: z.number().int().min(0).max(16).optional(),
  /** Longest all package detectors together may run on one package before they are stopped (worker threads only). */
  detectorTimeoutMs: z.number().int().min(100).default(60_000),
  /** Only these detector ids (default: all). */
  detectors: z.array(z.string()).optional(),
  /** Detector ids not to run (config `detectors.disable`). */
  disableDetectors: z.array(z.string()).default([]),
  /** Per detector id, options over its defaults (config `detectors.options`). */
  detectorOptions: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  failOn: z.enum(FAIL_ON_VALUES).default('high'),
  /** Flag locked versions published less than this long ago (release-age detector); off when absent. */
  minReleaseAgeMs: z.number().int().min(0).optional(),
  allowIncomplete: z.boolean().default(false),
  /** Leave these packages out of the audit, as npm's --omit does. */
  omit: z.array(z.enum(OMIT_VALUES)).default([]),
  /** Accepted risks: matching packages or findings are reported as suppressed and do not count for failOn. */
  ignore: z.array(ignoreEntrySchema).default([]),
  /** A report written earlier: only what it does not hold counts for failOn. */
  baseline: z.string().min(1).optional(),
  /** Audit only packages added or changed in the lockfile since this git ref. */
  since: z.string().min(1).optional(),
  /** Dependency paths kept per package (shortest first); `spamcheck explain` asks for more. */
  maxPathsPerPackage: z.number().int().min(1).max(1000).default(3),
  /** `spamcheck check`: resolve these package specs (`left-pad`, `express@4`) instead of reading a project. */
  specs: z.array(z.string().min(1)).optional(),
  /** The config file the options came from, for the report. */
  configFile: z.string().optional(),
  /** Clock for timing signals and ignore expiry; tests pin it. */
  now: z.date().optional(),
});

export type ScanOptionsInput = z.input<typeof scanOptionsSchema>;
export type ScanOptions = z.output<typeof scanOptionsSchema>;

export function parseScanOptions(input: ScanOptionsInput): ScanOptions {
  const result = scanOptionsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? `option ${issue.path.join('.')}` : 'options';
    throw new UsageError(`${where}: ${issue.message}`);
  }
  return result.data;
}

/**
 * Flags over the config file over defaults. `flags` holds only what the user typed (undefined
 * otherwise), so a default never hides a config value. `omit` adds up: the file's and the flags'.
 */
export function mergeOptions(flags: ScanOptionsInput, config: SpamcheckConfig | undefined, configFile?: string): ScanOptionsInput {
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ScanOptionsInput;
  return {
    ...(config?.failOn ? { failOn: config.failOn } : {}),
    ...(config?.detectors?.disable ? { disableDetectors: config.detectors.disable } : {}),
    ...(config?.detectors?.options ? { detectorOptions: config.detectors.options as Record<string, Record<string, unknown>> } : {}),
    ...(config?.ignore ? { ignore: config.ignore } : {}),
    ...(configFile ? { configFile } : {}),
    ...defined,
    omit: [...new Set([...(config?.omit ?? []), ...(flags.omit ?? [])])],
  };
}
