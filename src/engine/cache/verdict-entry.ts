/**
 * The shape of a stored verdict, checked by hand rather than with zod: a warm scan reads one entry
 * per package, and zod's parse (which copies every object it checks) was 60-75 ms of a 1.2 s warm
 * scan of 657 packages, where these checks take a few. The structure is checked; the JSON values
 * inside (evidence, package.json, summaries) are our own output under a key that names this very
 * code, and only their containers are checked.
 */
import { FILES_LIMIT_KINDS } from '../../package-files/types.js';

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const string: Check = (v) => typeof v === 'string';
const number: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const boolean: Check = (v) => typeof v === 'boolean';
const anything: Check = () => true;
const optional = (check: Check): Check => (v) => v === undefined || check(v);
const arrayOf = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);
const recordOf = (check: Check): Check => (v) => isObject(v) && Object.values(v).every(check);
const oneOf = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const shape = (fields: Record<string, Check>): Check => (v) => isObject(v) && Object.entries(fields).every(([field, check]) => check(v[field]));

const limit = shape({ kind: oneOf(FILES_LIMIT_KINDS), message: string, path: optional(string) });
const finding = shape({ messageId: string, data: optional(recordOf((v) => string(v) || number(v))), weight: number, evidence: recordOf(anything) });

const tarball = shape({
  digests: shape({ sha512: string, sha1: string }),
  compressedBytes: count,
  unpackedBytes: count,
  limits: arrayOf(limit),
  manifest: optional(recordOf(anything)),
  manifestInvalid: optional(boolean),
  manifestNotObject: optional(boolean),
  manifestDropped: optional(arrayOf(shape({ field: string, reason: string }))),
  complete: boolean,
});

const judgement = shape({
  findings: arrayOf(shape({ detector: string, finding })),
  unavailable: arrayOf(shape({ detector: string, signal: shape({ signal: string, reason: string }) })),
  summaries: recordOf(anything),
});

const key = shape({ integrity: string, versionMeta: string, engine: string, previous: string });

/** Whether `value` is a stored verdict of format `schema`, shaped as the cache writes it. */
export function isVerdictEntry(value: unknown, schema: number): boolean {
  return isObject(value) && value.schema === schema && key(value.key) && tarball(value.tarball) && judgement(value.judgement);
}
