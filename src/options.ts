/**
 * Every knob of a scan in one validated object, so the CLI, a future config file and library
 * callers of `scan()` all go through the same checks and defaults.
 */
import { z } from 'zod';
import { UsageError } from './errors.js';

export const FAIL_ON_VALUES = ['low', 'medium', 'high', 'critical', 'never'] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

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
  /** Packages fetched at once. */
  concurrency: z.number().int().min(1).max(64).default(8),
  requestTimeoutMs: z.number().int().min(100).default(30_000),
  retries: z.number().int().min(0).max(10).default(3),
  retryBaseDelayMs: z.number().int().min(0).default(500),
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  /** Worker threads for package detectors (default: one per core, at most 4); 0 runs them in the main thread. */
  detectorWorkers: z.number().int().min(0).max(16).optional(),
  /** Longest all package detectors together may run on one package before they are stopped (worker threads only). */
  detectorTimeoutMs: z.number().int().min(100).default(60_000),
  /** Only these detector ids (default: all). */
  detectors: z.array(z.string()).optional(),
  failOn: z.enum(FAIL_ON_VALUES).default('high'),
  allowIncomplete: z.boolean().default(false),
  /** Clock for timing signals; tests pin it. */
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
