/**
 * Reads npm's own configuration so spamcheck reaches the registry exactly as `npm install` would:
 * the same registry, scoped registries, auth tokens, proxy and CA. Precedence, lowest first:
 * global npmrc < user ~/.npmrc < project .npmrc < npm_config_* environment < flags.
 *
 * The result is a flat object in the shape pacote and npm-registry-fetch take (camelCase option
 * names, auth keys such as `//host/:_authToken` passed through as npm writes them).
 *
 * Why not @npmcli/config (npm's own layering, which also knows certfile/keyfile and every key's
 * type): importing it cost 87-187 ms per start on this machine (ini: 2 ms) and pulls in ~29
 * packages, for a CLI whose other start-up is a few tens of ms; spamcheck needs only the keys that
 * reach pacote. `certfile`/`keyfile` are not read yet: a registry that needs a client certificate
 * is not supported (the scan fails with the registry's TLS error).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseIni } from 'ini';
import { UsageError } from '../errors.js';

export type NpmConfig = Record<string, string | boolean>;

export interface NpmConfigSources {
  projectDir: string;
  env: NodeJS.ProcessEnv;
  home?: string;
}

/** npm's config keys that pacote/npm-registry-fetch know under another (camelCase) name. */
const OPTION_NAMES: Record<string, string> = {
  'strict-ssl': 'strictSSL',
  'https-proxy': 'httpsProxy',
  noproxy: 'noProxy',
  'no-proxy': 'noProxy',
  'local-address': 'localAddress',
  'max-sockets': 'maxSockets',
  'user-agent': 'userAgent',
  'fetch-timeout': 'timeout',
  'replace-registry-host': 'replaceRegistryHost',
};

/** Only these reach pacote; everything else in a user's npmrc (save-exact, fund…) is irrelevant here. */
function isRegistryKey(key: string): boolean {
  return (
    key === 'registry' ||
    key.endsWith(':registry') ||
    key.startsWith('//') ||
    key === 'cafile' ||
    key === 'ca' ||
    key === 'cache' ||
    key === 'offline' ||
    key === 'proxy' ||
    key in OPTION_NAMES
  );
}

/** `${NAME}` in npmrc values expands from the environment, as npm does; an unset variable is an error npm also refuses. */
function expandEnv(value: string, env: NodeJS.ProcessEnv, file: string, key: string): string {
  return value.replace(/(\\*)\$\{([^${}?]+)(\?)?\}/g, (whole, escapes: string, name: string, optional?: string) => {
    if (escapes.length % 2 === 1) return whole.slice((escapes.length + 1) / 2);
    const found = env[name];
    if (found === undefined && !optional) {
      throw new UsageError(`${file}: ${key} uses \${${name}}, which is not set in the environment. Set it or edit the file.`);
    }
    return escapes.slice(escapes.length / 2) + (found ?? '');
  });
}

function readNpmrc(file: string, env: NodeJS.ProcessEnv): NpmConfig {
  if (!existsSync(file)) return {};
  let parsed: Record<string, unknown>;
  try {
    parsed = parseIni(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: cannot be read as an npmrc file (${(error as Error).message}).`);
  }
  const out: NpmConfig = {};
  for (const [rawKey, rawValue] of Object.entries(parsed)) {
    const key = expandEnv(rawKey, env, file, rawKey);
    if (!isRegistryKey(key)) continue;
    if (typeof rawValue === 'boolean') out[key] = rawValue;
    else if (typeof rawValue === 'string') out[key] = expandEnv(rawValue, env, file, key);
  }
  // A relative cafile in a project npmrc is relative to that file.
  if (typeof out.cafile === 'string') out.cafile = resolve(dirname(file), out.cafile);
  return out;
}

function readEnvConfig(env: NodeJS.ProcessEnv): NpmConfig {
  const out: NpmConfig = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !/^npm_config_/i.test(name)) continue;
    // npm maps npm_config_https_proxy to https-proxy; auth keys cannot be spelled in env names.
    const key = name.slice('npm_config_'.length).toLowerCase().replace(/_/g, '-');
    if (isRegistryKey(key)) out[key] = value;
  }
  return out;
}

/** The raw merged npm config (npmrc keys) for a project directory. */
export function loadNpmConfig({ projectDir, env, home = homedir() }: NpmConfigSources): NpmConfig {
  const globalFile = env.npm_config_globalconfig ?? env.NPM_CONFIG_GLOBALCONFIG ?? join(dirname(dirname(process.execPath)), 'etc', 'npmrc');
  const userFile = env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(home, '.npmrc');
  return {
    ...readNpmrc(globalFile, env),
    ...readNpmrc(userFile, env),
    ...readNpmrc(join(projectDir, '.npmrc'), env),
    ...readEnvConfig(env),
  };
}

/** npm's default cache folder, whose `_cacache` pacote reads and fills. */
export function defaultNpmCacheDir(env: NodeJS.ProcessEnv, home = homedir()): string {
  return env.npm_config_cache ?? env.NPM_CONFIG_CACHE ?? join(home, '.npm');
}

export interface RegistryOverrides {
  registry?: string;
  /** npm cache folder (as npm's --cache): pacote uses `<cache>/_cacache`. */
  cache?: string;
  offline?: boolean;
}

/** pacote/npm-registry-fetch options from npm config plus spamcheck's flags. */
export function toPacoteOptions(config: NpmConfig, overrides: RegistryOverrides, env: NodeJS.ProcessEnv, home = homedir()): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'cafile' || key === 'cache') continue;
    options[OPTION_NAMES[key] ?? key] = value;
  }
  if (typeof config.cafile === 'string' && options.ca === undefined) {
    try {
      options.ca = readFileSync(config.cafile, 'utf8');
    } catch (error) {
      throw new UsageError(`cafile ${config.cafile} (from npm config) cannot be read: ${(error as Error).message}`);
    }
  }
  if (options.strictSSL !== undefined) options.strictSSL = options.strictSSL !== false && options.strictSSL !== 'false';
  if (overrides.registry !== undefined) options.registry = overrides.registry;
  if (typeof options.registry === 'string' && !options.registry.endsWith('/')) options.registry += '/';
  const cacheDir = overrides.cache ?? (typeof config.cache === 'string' ? config.cache : defaultNpmCacheDir(env, home));
  options.cache = join(cacheDir, '_cacache');
  if (overrides.offline !== undefined) options.offline = overrides.offline;
  else if (options.offline !== undefined) options.offline = options.offline === true || options.offline === 'true';
  return options;
}
