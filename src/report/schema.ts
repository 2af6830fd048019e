/**
 * The JSON report contract (schemaVersion 1). This zod schema is the source of truth: `scan()`
 * returns a value of this type, `--json` prints it, and tests validate real output against it.
 * Later versions add fields; they never rename or remove one.
 */
import { z } from 'zod';
import { LEVELS } from './levels.js';

export const SCHEMA_VERSION = 1;

const levelSchema = z.enum(LEVELS);

const evidenceValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(evidenceValue), z.record(z.string(), evidenceValue)]),
);

export const findingSchema = z.object({
  detector: z.string(),
  messageId: z.string(),
  weight: z.number(),
  /** Rendered, control-character-free message. */
  message: z.string(),
  evidence: z.record(z.string(), evidenceValue),
  /** Set when an ignore entry naming this finding's detector accepted it: it does not count for --fail-on. */
  suppressed: z.object({ reason: z.string(), entry: z.string() }).optional(),
  /** True when the --baseline report already held this finding on this name@version. */
  inBaseline: z.boolean().optional(),
});

export const unavailableSchema = z.object({
  detector: z.string(),
  signal: z.string(),
  reason: z.string(),
});

export const packageErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});

/** `full`: every needed fact was read; `partial`: some facts missing (see `missing`); `none`: not audited. */
export const coverageSchema = z.enum(['full', 'partial', 'none']);

export const packageReportSchema = z.object({
  name: z.string(),
  version: z.string(),
  score: z.number().min(0).max(100),
  level: levelSchema,
  direct: z.boolean(),
  dev: z.boolean(),
  optional: z.boolean(),
  paths: z.array(z.array(z.string())),
  findings: z.array(findingSchema),
  error: packageErrorSchema.nullable(),
  aliases: z.array(z.string()),
  bundled: z.boolean(),
  coverage: coverageSchema,
  missing: z.array(z.object({ fact: z.string(), reason: z.string() })),
  unavailable: z.array(unavailableSchema),
  detectorErrors: z.array(z.object({ detector: z.string(), message: z.string() })),
  /** Reached only through peer dependencies. */
  peer: z.boolean().optional(),
  /** 1-based line of the package's entry in the lockfile, when known. */
  line: z.number().int().optional(),
  /** Set when an ignore entry without a detector accepted the whole package. */
  suppressed: z.object({ reason: z.string(), entry: z.string(), expires: z.string().optional() }).optional(),
  /** True when the --baseline report held this name@version. */
  inBaseline: z.boolean().optional(),
  /** The level that counts for --fail-on: from the findings neither suppressed nor in the baseline (`none` when the package is suppressed). */
  gateLevel: levelSchema.optional(),
});

export const ignoreEntryReportSchema = z.object({
  package: z.string(),
  detector: z.string().optional(),
  reason: z.string(),
  expires: z.string().optional(),
});

export const notScannedSchema = z.object({
  name: z.string(),
  spec: z.string(),
  reason: z.string(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('spamcheck'), version: z.string() }),
  project: z.object({
    path: z.string(),
    lockfile: z.string(),
    format: z.string(),
    /** True when no lockfile was found and versions were resolved from package.json ranges. */
    resolved: z.boolean(),
    /** Other lockfiles found in the project folder and not used (the one used wins by package-manager precedence). */
    ignoredLockfiles: z.array(z.string()),
  }),
  summary: z.object({
    packages: z.number().int(),
    audited: z.number().int(),
    partial: z.number().int(),
    notScanned: z.number().int(),
    /** Packages that could not be audited at all (registry or network errors). */
    failed: z.number().int(),
    /** Packages not audited because the scan was interrupted first; audited + failed + unfinished = packages. */
    unfinished: z.number().int(),
    /**
     * Packages judged without publisher data (publisher-volume) or timing data (publish-timing), with
     * the packument fields the registry omitted for them and the commonest reason detectors gave.
     */
    judgedWithout: z.object({
      publisher: z.number().int(),
      timing: z.number().int(),
      omittedFields: z.array(z.string()),
      reason: z.string().optional(),
    }),
    levels: z.object({
      critical: z.number().int(),
      high: z.number().int(),
      medium: z.number().int(),
      low: z.number().int(),
      none: z.number().int(),
    }),
    /** True when the scan was interrupted or some packages could not be audited. */
    incomplete: z.boolean(),
    interrupted: z.boolean(),
  }),
  packages: z.array(packageReportSchema),
  notScanned: z.array(notScannedSchema),
  /** Non-fatal lockfile problems: entries that could not be read, with where. */
  lockfileProblems: z.array(
    z.object({
      message: z.string(),
      line: z.number().optional(),
      key: z.string().optional(),
      /** `newer-version`: the lockfile is of a newer version than spamcheck knows and was read best-effort. */
      kind: z.literal('newer-version').optional(),
    }),
  ),
  /** What decided which packages count for --fail-on: config, ignore entries, baseline, omitted and unchanged packages. */
  policy: z
    .object({
      failOn: z.enum(['low', 'medium', 'high', 'critical', 'never']),
      /** The config file read, relative to the project. */
      config: z.string().optional(),
      ignore: z.object({
        /** Packages whose level was lowered by an ignore entry. */
        suppressedPackages: z.number().int(),
        /** Entries that matched no package or finding. */
        unused: z.array(ignoreEntryReportSchema),
        /** Entries past their expiry date: they suppress nothing. */
        expired: z.array(ignoreEntryReportSchema),
      }),
      baseline: z
        .object({
          file: z.string(),
          /** Packages at low or above whose every finding was already in the baseline. */
          packages: z.number().int(),
          findings: z.number().int(),
        })
        .optional(),
      omitted: z.object({ kinds: z.array(z.string()), packages: z.number().int() }).optional(),
      since: z.object({ ref: z.string(), unchanged: z.number().int() }).optional(),
    })
    .optional(),
});

export type Report = z.infer<typeof reportSchema>;
export type PackageReport = z.infer<typeof packageReportSchema>;
export type ReportFinding = z.infer<typeof findingSchema>;
