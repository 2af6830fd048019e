/**
 * Finds and reads the project's config: `spamcheck.json` beside the lockfile, else the `"spamcheck"`
 * key of package.json. JSON only, so reading a config never runs code from the repository. Every
 * error names the file, the line and the path inside it, what was expected and what to do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { lineAndColumnAt } from '../lockfiles/graph.js';
import { parseJsonStrict } from '../lockfiles/npm/json.js';
import { configSchema, type SpamcheckConfig } from './schema.js';

export const CONFIG_FILE = 'spamcheck.json';
export const PACKAGE_JSON_KEY = 'spamcheck';
const SCHEMA_HINT = 'see node_modules/spamcheck-cli/schema/spamcheck.schema.json';

export interface LoadedConfig {
  config: SpamcheckConfig;
  /** Absolute path of the file the config came from. */
  file: string;
  /** `spamcheck` when the config is package.json's key, empty for spamcheck.json. */
  key: string;
}

/** The config for `dir`, or the one at `explicitPath`; undefined when the project has none. */
export function loadConfig(dir: string, explicitPath?: string): LoadedConfig | undefined {
  if (explicitPath) {
    const file = resolve(explicitPath);
    if (!existsSync(file)) throw new UsageError(`${file}: config file not found — check the path given to --config`);
    return basename(file) === 'package.json' ? fromPackageJson(file, true) : fromFile(file, '');
  }
  const own = join(dir, CONFIG_FILE);
  if (existsSync(own)) return fromFile(own, '');
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) ? fromPackageJson(manifest, false) : undefined;
}

function fromPackageJson(file: string, required: boolean): LoadedConfig | undefined {
  const text = readFileSync(file, 'utf8');
  const manifest = parseJsonStrict(text, file, 'Fix package.json.') as Record<string, unknown> | null;
  const value = manifest && typeof manifest === 'object' ? manifest[PACKAGE_JSON_KEY] : undefined;
  if (value === undefined) {
    if (required) throw new UsageError(`${file}: has no "${PACKAGE_JSON_KEY}" key — add one or pass a spamcheck.json with --config`);
    return undefined;
  }
  return { config: validate(value, text, file, [PACKAGE_JSON_KEY]), file, key: PACKAGE_JSON_KEY };
}

function fromFile(file: string, key: string): LoadedConfig {
  const text = readFileSync(file, 'utf8');
  const value = parseJsonStrict(text, file, 'Fix the JSON (comments and trailing commas are not allowed).');
  return { config: validate(value, text, file, []), file, key };
}

function validate(value: unknown, text: string, file: string, prefix: (string | number)[]): SpamcheckConfig {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new UsageError(describeIssue(issue, text, file, prefix));
}

/** `spamcheck.json:7 at ignore[0].reason: expected a string — say why …` */
export function describeIssue(issue: z.core.$ZodIssue, text: string, file: string, prefix: (string | number)[]): string {
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const line = lineOf(text, keys.length > 0 ? [...path, keys[0]!] : path);
  const where = `${file}${line !== undefined ? `:${line}` : ''}`;
  const at = path.length > 0 ? ` at ${formatPath(path)}` : '';
  if (keys.length > 0) return `${where}${at}: unknown key ${keys.map((k) => `"${k}"`).join(', ')} — remove it or check the spelling (${SCHEMA_HINT})`;
  const custom = issue.code === 'custom' || issue.code === 'too_small' || issue.code === 'invalid_format';
  // Our own messages already say what to do; zod's generic ones get the schema as the remedy.
  return custom ? `${where}${at}: ${issue.message}` : `${where}${at}: ${issue.message.toLowerCase()} — fix the value (${SCHEMA_HINT})`;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (out ? `${out}.${p}` : p) : `${out}["${p}"]`), '');
}

function lineOf(text: string, path: (string | number)[]): number | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  // The deepest existing node on the path: a missing key is reported where its object starts.
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) return lineAndColumnAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset).line;
  }
  return undefined;
}
