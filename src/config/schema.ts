/**
 * The config file's contract (`spamcheck.json`, or the `"spamcheck"` key of package.json). This zod
 * schema is the source of truth: the loader validates with it and scripts/build-schemas.ts turns it
 * into schema/spamcheck.schema.json, which editors use through `"$schema"`.
 */
import semver from 'semver';
import { z } from 'zod';
import { ALL_DETECTORS } from '../engine/judge.js';

export const FAIL_ON_VALUES = ['low', 'medium', 'high', 'critical', 'never'] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

export const OMIT_VALUES = ['dev', 'optional', 'peer'] as const;
export type OmitKind = (typeof OMIT_VALUES)[number];

/** `name` or `name@range`; scoped names keep their leading `@`. */
const PACKAGE_SPEC = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@.+)?$/i;

function validRange(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  return at <= 0 || semver.validRange(spec.slice(at + 1), { loose: true }) !== null;
}

export const ignoreEntrySchema = z.strictObject({
  package: z
    .string()
    .regex(PACKAGE_SPEC, { message: 'expected a package name or name@range, such as "left-pad" or "left-pad@^1.3.0"' })
    .refine(validRange, { message: 'the part after the last @ is not a semver range — write it as npm would, such as ^1.3.0 or 1.x' })
    .describe('Package name, or name@range (semver, as npm writes it).'),
  detector: z.enum(ALL_DETECTORS.map((d) => d.meta.id) as [string, ...string[]]).optional().describe('Accept only this detector\'s findings on the package.'),
  reason: z.string().trim().min(1, { message: 'say why this package is accepted; the reason is shown in every report' }).describe('Why the risk is accepted; shown in every report.'),
  expires: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD' })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { message: 'not a real calendar date' })
    .optional()
    .describe('Last day (UTC) the entry applies; after it the entry suppresses nothing and a warning names it.'),
});
export type IgnoreEntry = z.infer<typeof ignoreEntrySchema>;

/** Each detector's own options schema, made strict so a misspelt option is an error, not a silent default. */
function detectorOptionsShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const d of ALL_DETECTORS) {
    const options = d.meta.options;
    shape[d.meta.id] = (options instanceof z.ZodObject ? options.strict() : options).optional();
  }
  return shape;
}

export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors: ./node_modules/spamcheck-cli/schema/spamcheck.schema.json'),
  failOn: z.enum(FAIL_ON_VALUES).optional().describe('Exit 1 when a package reaches this level (default high); --fail-on overrides it.'),
  omit: z.array(z.enum(OMIT_VALUES)).optional().describe('Leave dev, optional or peer packages out of the audit, as npm --omit does.'),
  detectors: z
    .strictObject({
      disable: z.array(z.enum(ALL_DETECTORS.map((d) => d.meta.id) as [string, ...string[]])).optional().describe('Detector ids not to run.'),
      options: z.strictObject(detectorOptionsShape()).optional().describe('Per detector id, options over its defaults (see docs/detectors/<id>.md).'),
    })
    .optional(),
  ignore: z.array(ignoreEntrySchema).optional().describe('Accepted risks: matching packages or findings stay in the report, marked suppressed, and do not count for failOn.'),
});
export type SpamcheckConfig = z.infer<typeof configSchema>;
