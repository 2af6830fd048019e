/**
 * Shape checks for spamcheck's own cache files, by hand rather than with zod: a warm scan reads a
 * stored verdict and a stored packument per package, and zod's parse copies every object it checks
 * (tens of milliseconds of a one-second scan). A check answers only whether the value has the
 * shape; the value is used as read.
 */
export type Check = (value: unknown) => boolean;

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const string: Check = (v) => typeof v === 'string';
export const number: Check = (v) => typeof v === 'number' && Number.isFinite(v);
export const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
export const boolean: Check = (v) => typeof v === 'boolean';
export const anything: Check = () => true;
export const optional = (check: Check): Check => (v) => v === undefined || check(v);
export const arrayOf = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);
export const recordOf = (check: Check): Check => (v) => isObject(v) && Object.values(v).every(check);
export const oneOf = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
export const shape = (fields: Record<string, Check>): Check => (v) => isObject(v) && Object.entries(fields).every(([field, check]) => check(v[field]));
