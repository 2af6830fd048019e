/**
 * The shape of a stored verdict, checked by hand rather than with zod: a warm scan reads one entry
 * per package, and zod's parse (which copies every object it checks) was 60-75 ms of a 1.2 s warm
 * scan of 657 packages, where these checks take a few. The structure is checked; the JSON values
 * inside (evidence, package.json, summaries) are our own output under a key that names this very
 * code, and only their containers are checked.
 */
import { FILES_LIMIT_KINDS } from '../../package-files/types.js';
import { anything, arrayOf, boolean, count, isObject, number, oneOf, optional, recordOf, shape, string } from '../../util/shape-check.js';

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
