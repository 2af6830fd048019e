/**
 * Sorts a package's files into what they are for, so "is there anything here besides packaging?"
 * becomes a question about buckets rather than about names.
 */
import type { PackageFiles } from '../package-files/types.js';
import { isCodePath, isDeclarationPath } from './text.js';

export type FileRole =
  /** JavaScript (and compile-to-JS, .node, .wasm): what a library is made of. */
  | 'code'
  /** `.d.ts` and friends: a types-only package is legitimate without code. */
  | 'types'
  /** Source in other languages (native addons, shell helpers): something real is shipped. */
  | 'other-source'
  /** JSON/CSS/fonts/YAML/config dotfiles: data, style and config packages are made of these. */
  | 'data'
  /** Pictures: packaging decoration unless there are many of them (an icon set). */
  | 'image'
  /** package.json, README, LICENSE, changelogs, lockfiles, ignore files: every package has these. */
  | 'packaging';

const PACKAGING_NAMES =
  /^(?:package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|tea\.yaml|\.npmignore|\.gitignore|\.gitattributes|\.npmrc|\.editorconfig|\.travis\.yml|\.DS_Store)$/i;
const PACKAGING_DOCS = /^(?:readme|license|licence|copying|notice|changelog|changes|history|authors|contributors|contributing|security|code_of_conduct|funding)(?:[.-][\w.-]*)?$/i;
const OTHER_SOURCE = /\.(?:c|cc|cpp|cxx|h|hh|hpp|rs|go|py|rb|sh|bash|ps1|bat|cmd|gyp|gypi|java|kt|swift|m|mm|zig|cs|php|lua|pl)$/i;
const DATA = /\.(?:json|jsonc|json5|css|scss|sass|less|styl|pcss|woff2?|ttf|otf|eot|ya?ml|toml|xml|csv|tsv|txt|html?|wgsl|glsl|graphql|gql|proto|mdx?|flow|map)$/i;
const CONFIG_DOTFILE = /^\.(?:[\w-]+rc|[\w-]+rc\.\w+|browserslistrc)$/i;
const IMAGE = /\.(?:png|jpe?g|gif|svg|ico|webp|bmp|avif|icns)$/i;

export function roleOf(path: string): FileRole {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const atRoot = !path.includes('/');
  if (atRoot && (PACKAGING_NAMES.test(base) || PACKAGING_DOCS.test(base))) return 'packaging';
  if (isDeclarationPath(path)) return 'types';
  if (isCodePath(path)) return 'code';
  if (OTHER_SOURCE.test(base)) return 'other-source';
  if (IMAGE.test(base)) return 'image';
  if (/\.map$/i.test(base)) return 'packaging';
  if (DATA.test(base) || CONFIG_DOTFILE.test(base)) return 'data';
  // Unknown extensions (binaries, fonts in odd formats, extension-less scripts): count as data, so a
  // package of assets we do not recognise is never called empty.
  return atRoot && !base.includes('.') && /^[A-Z_]+$/.test(base) ? 'packaging' : 'data';
}

export interface Inventory {
  byRole: Record<FileRole, { paths: string[]; bytes: number }>;
  /** True when the tarball view is partial (caps hit): absence of a file proves nothing then. */
  partial: boolean;
}

export function takeInventory(files: PackageFiles): Inventory {
  const empty = () => ({ paths: [] as string[], bytes: 0 });
  const byRole: Inventory['byRole'] = {
    code: empty(),
    types: empty(),
    'other-source': empty(),
    data: empty(),
    image: empty(),
    packaging: empty(),
  };
  for (const entry of files.entries) {
    if (entry.type !== 'file') continue;
    const bucket = byRole[roleOf(entry.path)];
    bucket.paths.push(entry.path);
    bucket.bytes += entry.size;
  }
  return { byRole, partial: files.limits.length > 0 };
}

/** Does `target` (a manifest path like `./lib/index`) name a file of the tarball, the way Node resolves it? */
export function resolvesToFile(target: string, present: ReadonlySet<string>): boolean {
  const path = target.replace(/^\.\//, '').replace(/\/+$/, '');
  if (path === '' || path === '.') return present.has('index.js');
  const candidates = [path, ...['.js', '.json', '.node', '.cjs', '.mjs'].map((ext) => path + ext), ...['index.js', 'index.json', 'index.node'].map((f) => `${path}/${f}`)];
  return candidates.some((c) => present.has(c));
}
