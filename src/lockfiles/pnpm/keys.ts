/**
 * How each pnpm lockfile generation spells a package and a reference to it.
 *
 * The three generations differ only in spelling, so the parser asks a `PnpmDialect` instead of
 * branching on the version everywhere:
 *   5.x  key `/name/1.0.0_peer@2.0.0`,          dependency ref `1.0.0_peer@2.0.0` or `/real/1.0.0` (alias)
 *   6.0  key `/name@1.0.0(peer@2.0.0)`,         dependency ref `1.0.0(peer@2.0.0)` or `/real@1.0.0` (alias)
 *   9.0  key `name@1.0.0(peer@2.0.0)`,          dependency ref `1.0.0(peer@2.0.0)` or `real@1.0.0` (alias)
 * Keys without the leading `/` in 5.x/6.0 are not registry packages (`file:dir`, `github.com/o/r/sha`).
 */

export interface PackageKey {
  name: string;
  /** The version or, for non-registry entries, the spec (`file:local`, a tarball URL, a git URL). */
  version: string;
}

export interface PnpmDialect {
  format: 'pnpm-v5' | 'pnpm-v6' | 'pnpm-v9';
  /** Candidate package keys for `depName: ref`, most likely first; the parser takes the first that exists. */
  candidateKeys(depName: string, ref: string): string[];
  /** Name and version a key spells, or undefined when the key does not spell one (non-registry 5.x/6.0 keys). */
  parseKey(key: string): PackageKey | undefined;
}

/** `name@rest` where name may be scoped (`@scope/name@rest`). */
export function splitNameAtVersion(text: string): PackageKey | undefined {
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  if (at <= 0 || at === text.length - 1) return undefined;
  return { name: text.slice(0, at), version: text.slice(at + 1) };
}

/** Peer and patch suffixes (`(react@18.2.0)`, `(patch_hash=…)`) describe an install, not the published version. */
function stripParenSuffix(version: string): string {
  const paren = version.indexOf('(');
  return paren === -1 ? version : version.slice(0, paren);
}

const v9: PnpmDialect = {
  format: 'pnpm-v9',
  candidateKeys: (depName, ref) => [`${depName}@${ref}`, ref],
  parseKey(key) {
    const parsed = splitNameAtVersion(key);
    return parsed && { name: parsed.name, version: stripParenSuffix(parsed.version) };
  },
};

const v6: PnpmDialect = {
  format: 'pnpm-v6',
  candidateKeys: (depName, ref) => [`/${depName}@${ref}`, ref],
  parseKey(key) {
    if (!key.startsWith('/')) return undefined;
    const parsed = splitNameAtVersion(key.slice(1));
    return parsed && { name: parsed.name, version: stripParenSuffix(parsed.version) };
  },
};

const v5: PnpmDialect = {
  format: 'pnpm-v5',
  candidateKeys: (depName, ref) => [`/${depName}/${ref}`, ref],
  parseKey(key) {
    if (!key.startsWith('/')) return undefined;
    const segments = key.slice(1).split('/');
    const nameLength = segments[0]?.startsWith('@') ? 2 : 1;
    if (segments.length !== nameLength + 1) return undefined;
    const name = segments.slice(0, nameLength).join('/');
    // Everything after `_` is the peer (or patch-hash) suffix; semver versions never contain `_`.
    const version = segments[nameLength]!.split('_')[0]!;
    return name && version ? { name, version } : undefined;
  },
};

/** The dialect for a `lockfileVersion` value, or undefined for generations we do not know. */
export function dialectFor(lockfileVersion: unknown): PnpmDialect | undefined {
  const text = String(lockfileVersion);
  if (/^5(\.\d+)?$/.test(text)) return v5;
  if (/^6\.\d+$/.test(text)) return v6;
  if (/^9\.\d+$/.test(text)) return v9;
  return undefined;
}
