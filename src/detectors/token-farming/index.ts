/**
 * token-farming: packages published to earn token rewards rather than to be used. The mechanism
 * is a registration file that binds the package to a wallet (tea.yaml with `codeOwners` is the
 * known one; any small root config file carrying wallet addresses is read the same way), plus the
 * ways farms pump their "impact": dependencies on siblings with unbounded ranges (`*`, `latest`),
 * reward vocabulary in keywords and description, no source repository, an untouched npm init manifest.
 *
 * A registration file alone stays just under medium, because real maintainers register real
 * libraries too; each farming trait beside it pushes the package into medium, and the other
 * detectors (cloned code, publish timing, clusters) carry a farm further.
 */
import { lazyModule } from '../../util/lazy-module.js';
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { definePackageDetector, type DetectorFinding, type UnavailableSignal } from '../types.js';
import { findWallets, type WalletAddress } from '../../analysis/wallets.js';
import type { PackageFiles } from '../../package-files/types.js';

const yaml = lazyModule<typeof import('js-yaml')>('js-yaml');

const options = z.object({
  registrationFileWeight: z.number().default(28),
  /** The registration file names at least one valid wallet address. */
  registrationWalletWeight: z.number().default(10),
  /** Dependencies with ranges that accept anything (`*`, `latest`, `>=0`): pumping dependents counts. */
  unboundedDependenciesWeight: z.number().default(15),
  /**
   * Dependencies that accept any version and that nothing the package ships ever names: they are
   * there only to be installed and counted, a farm's web of siblings. Weighed with or without a
   * registration file: farms that dropped tea.yaml (or a registry that hides it) keep the web.
   */
  unusedPumpDependenciesWeight: z.number().default(20),
  rewardVocabularyWeight: z.number().default(10),
  noSourceLinkWeight: z.number().default(7),
  /** Beside a wallet: the manifest still has npm init's failing test script. */
  npmInitManifestWeight: z.number().default(10),
  /** A wallet address in package.json fields, without a registration file. */
  manifestWalletWeight: z.number().default(10),
  readmeWalletWeight: z.number().default(5),
  maxReadmeChars: z.number().int().positive().default(50_000),
});

/** Words of token-reward economies; counted in the package's own keywords, description and README. */
const REWARD_TERMS = ['token', 'tokens', 'reward', 'rewards', 'airdrop', 'points', 'staking', 'stake', 'wallet', 'web3', 'crypto', 'blockchain', 'incentive', 'incentives', 'earn', 'claim', 'mint', 'defi', 'nft'];
const KNOWN_REGISTRATION_FILE = /^tea\.ya?ml$/i;
const CONFIG_FILE = /\.(ya?ml|json|toml)$/i;
const NOT_REGISTRATION = /^(package(-lock)?\.json|tsconfig.*\.json|jsconfig\.json|\.?eslintrc.*|\.?prettierrc.*|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock)$/i;
/** The test script `npm init` writes: the package was never set up to be used or tested. */
const NPM_INIT_TEST = /^echo "Error: no test specified" && exit 1$/;
const UNBOUNDED_RANGE = /^\s*(\*|x|X|latest|>=?\s*0(\.0){0,2}|)\s*$/;

export default definePackageDetector({
  meta: {
    id: 'token-farming',
    description: 'Finds wallet registration files (tea.yaml), wallet addresses and the dependency pumping and reward vocabulary of token-farming packages.',
    needs: ['files'],
    messages: {
      registrationFile: '{file} registers this package with a token-reward scheme ({wallets} wallet address(es))',
      unboundedDependencies: '{count} dependencies accept any version ({examples}), which inflates dependents counts',
      unusedPumpDependencies: '{count} dependencies accept any version and nothing the package ships names them ({examples}): installed only to be counted',
      rewardVocabulary: 'package text uses token-reward words: {terms}',
      noSourceLink: 'no repository or homepage beside a wallet registration',
      npmInitManifest: 'package.json is untouched npm init output (its test script fails) beside a wallet registration',
      manifestWallet: 'package.json {field} holds a {kind} wallet address',
      readmeWallet: '{file} holds a {kind} wallet address',
    },
    options,
  },
  detect({ facts, options: o }) {
    const unavailable: UnavailableSignal[] = [];
    const manifest = facts.manifest ?? (facts.versionMeta as Record<string, unknown> | undefined);
    const files = facts.files;
    if (!files) unavailable.push({ signal: 'registration files and README wallets', reason: 'the tarball was not read' });
    if (!manifest) unavailable.push({ signal: 'manifest wallets and dependency ranges', reason: 'no package.json from the tarball or the packument' });
    const registration = files ? registrationFinding(files, o) : undefined;
    // Wallets in package.json fields and the README: each only when nothing before it holds one.
    const manifestWallet = manifest ? walletInManifest(manifest) : undefined;
    const readmePath = files?.textPaths().find((p) => /^readme(\.|$)/i.test(p));
    const readme = readmePath ? files!.readText(readmePath)?.slice(0, o.maxReadmeChars) : undefined;
    const readmeWallet = readme ? findWallets(readme, o.maxReadmeChars, 1)[0] : undefined;
    const findings: DetectorFinding[] = [];
    if (registration) findings.push(registration);
    if (manifestWallet && !registration) {
      findings.push({
        messageId: 'manifestWallet',
        data: { field: manifestWallet.field, kind: manifestWallet.wallet.kind },
        weight: o.manifestWalletWeight,
        evidence: { field: manifestWallet.field, excerpt: safeLine(manifestWallet.wallet.address) },
      });
    }
    if (readmeWallet && readmePath && !registration && !manifestWallet) {
      findings.push({
        messageId: 'readmeWallet',
        data: { file: readmePath, kind: readmeWallet.kind },
        weight: o.readmeWalletWeight,
        evidence: { file: readmePath, line: readmeWallet.line, excerpt: safeLine(readmeWallet.address) },
      });
    }
    // Farming traits only count beside a wallet: on their own they describe many ordinary packages.
    // Unused siblings on any version count alone, and then stand for the unbounded ranges too.
    const pump = manifest && files ? unusedPumpDependencies(manifest, files, o) : undefined;
    if (manifest && (registration || manifestWallet || readmeWallet)) findings.push(...farmingTraits(manifest, readme, o).filter((f) => !(pump && f.messageId === 'unboundedDependencies')));
    if (pump) findings.push(pump);
    return { findings, ...(unavailable.length > 0 ? { unavailable } : {}) };
  },
});

type Options = z.output<typeof options>;

/** A registration file: the known name, or any root config file that carries wallet addresses (the first one). */
function registrationFinding(files: PackageFiles, o: Options): DetectorFinding | undefined {
  for (const entry of files.entries) {
    if (entry.path.includes('/') || NOT_REGISTRATION.test(entry.path)) continue;
    const known = KNOWN_REGISTRATION_FILE.test(entry.path);
    if (!known && !CONFIG_FILE.test(entry.path)) continue;
    const text = files.readText(entry.path);
    const wallets = text !== undefined ? findWallets(text) : [];
    if (!known && wallets.length === 0) continue;
    return {
      messageId: 'registrationFile',
      data: { file: entry.path, wallets: wallets.length },
      weight: o.registrationFileWeight + (wallets.length > 0 ? o.registrationWalletWeight : 0),
      evidence: {
        file: entry.path,
        ...(wallets[0] ? { line: wallets[0].line, excerpt: safeLine(wallets[0].address) } : {}),
        ...registrationFields(text),
        walletKinds: [...new Set(wallets.map((w) => w.kind))],
        textRead: text !== undefined,
      },
    };
  }
  return undefined;
}

/** Unbounded dependency ranges, reward vocabulary, an untouched npm init manifest, no source link. */
function farmingTraits(manifest: Record<string, unknown>, readme: string | undefined, o: Options): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  const unbounded = Object.entries(isRecord(manifest.dependencies) ? manifest.dependencies : {}).filter(([, range]) => typeof range === 'string' && UNBOUNDED_RANGE.test(range));
  if (unbounded.length > 0) {
    findings.push({
      messageId: 'unboundedDependencies',
      data: { count: unbounded.length, examples: unbounded.slice(0, 3).map(([n, r]) => `${n}@${r || '""'}`).join(', ') },
      weight: o.unboundedDependenciesWeight,
      evidence: { field: 'dependencies', excerpt: safeLine(unbounded.map(([n, r]) => `${n}: ${r}`).join(', ')), unboundedCount: unbounded.length },
    });
  }
  const terms = rewardTerms(manifest, readme);
  if (terms.length > 0) {
    findings.push({ messageId: 'rewardVocabulary', data: { terms: terms.join(', ') }, weight: o.rewardVocabularyWeight, evidence: { field: 'keywords/description/README', excerpt: terms.join(', '), termCount: terms.length } });
  }
  const scripts = isRecord(manifest.scripts) ? manifest.scripts : {};
  if (typeof scripts.test === 'string' && NPM_INIT_TEST.test(scripts.test)) {
    findings.push({ messageId: 'npmInitManifest', weight: o.npmInitManifestWeight, evidence: { field: 'scripts.test', excerpt: safeLine(scripts.test, 80) } });
  }
  if (!manifest.repository && !manifest.homepage && !manifest.bugs) {
    findings.push({ messageId: 'noSourceLink', weight: o.noSourceLinkWeight, evidence: { field: 'repository' } });
  }
  return findings;
}

/**
 * Plugins and presets are loaded by a short name in a config (`plugins: ['react']` for
 * eslint-plugin-react), and type packages by a reference comment: a package listing them names them
 * in ways a search for the full name misses, so they are never counted as unused.
 */
const LOADED_BY_CONVENTION = /^@types\/|(?:^|\/)(?:eslint-(?:plugin|config)|babel-(?:plugin|preset)|prettier-plugin|postcss|stylelint|remark|rehype|markdownlint|commitlint|tslint|karma|grunt|gulp)-|^@(?:babel|commitlint|eslint|typescript-eslint|types)\//;
const MAX_SEARCH_CHARS = 4_000_000;

function unusedPumpDependencies(manifest: Record<string, unknown>, files: PackageFiles, o: Options): DetectorFinding | undefined {
  const deps = Object.entries(isRecord(manifest.dependencies) ? manifest.dependencies : {}).filter(([name, range]) => typeof range === 'string' && UNBOUNDED_RANGE.test(range) && !LOADED_BY_CONVENTION.test(name));
  // Without code there is nothing that could use a dependency, and a prefix kept of a big package proves nothing.
  if (deps.length === 0 || files.limits.length > 0 || !files.textPaths().some((p) => /\.[cm]?[jt]sx?$/.test(p))) return undefined;
  // Everything the package ships, code, configs, docs and type declarations, and its scripts (a CLI dependency run by name).
  const texts: string[] = [JSON.stringify(manifest.scripts ?? '')];
  let chars = 0;
  for (const path of files.textPaths()) {
    if (path === 'package.json' || chars > MAX_SEARCH_CHARS) continue;
    const text = files.readText(path);
    if (text !== undefined) {
      texts.push(text);
      chars += text.length;
    }
  }
  if (chars > MAX_SEARCH_CHARS) return undefined;
  const unused = deps.filter(([name]) => !texts.some((text) => text.includes(name)));
  if (unused.length === 0) return undefined;
  return {
    messageId: 'unusedPumpDependencies',
    data: { count: unused.length, examples: unused.slice(0, 3).map(([n, r]) => `${n}@${r || '""'}`).join(', ') },
    weight: o.unusedPumpDependenciesWeight,
    evidence: { field: 'dependencies', excerpt: safeLine(unused.map(([n, r]) => `${n}: ${r}`).join(', ')), unusedCount: unused.length },
  };
}

/** tea.yaml's own fields, for evidence: version, how many code owners, the quorum. */
function registrationFields(text: string | undefined): Record<string, string | number> {
  if (text === undefined) return {};
  try {
    // YAML 1.2 core scalars, as tea.yaml files are written.
    const doc = yaml().load(text.slice(0, 20_000), { schema: yaml().CORE_SCHEMA }) as unknown;
    if (!isRecord(doc)) return {};
    const out: Record<string, string | number> = {};
    if (typeof doc.version === 'string' || typeof doc.version === 'number') out.registrationVersion = safeLine(String(doc.version), 40);
    if (Array.isArray(doc.codeOwners)) out.codeOwners = doc.codeOwners.length;
    if (typeof doc.quorum === 'number') out.quorum = doc.quorum;
    return out;
  } catch {
    return { parseError: 'not valid YAML' };
  }
}

function walletInManifest(manifest: Record<string, unknown>): { field: string; wallet: WalletAddress } | undefined {
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'dependencies' || key === 'devDependencies' || key === 'readme') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
    const wallet = findWallets(text ?? '', 20_000, 1)[0];
    if (wallet) return { field: key, wallet };
  }
  return undefined;
}

/** Reward terms in keywords (deliberate tags: one is enough) or description and README (two distinct). */
function rewardTerms(manifest: Record<string, unknown>, readme: string | undefined): string[] {
  const keywords = Array.isArray(manifest.keywords) ? manifest.keywords.filter((k): k is string => typeof k === 'string').map((k) => k.toLowerCase()) : [];
  const fromKeywords = REWARD_TERMS.filter((t) => keywords.includes(t));
  if (fromKeywords.length > 0) return fromKeywords;
  const prose = `${typeof manifest.description === 'string' ? manifest.description : ''}\n${readme ?? ''}`.toLowerCase();
  const words = new Set(prose.split(/[^a-z0-9]+/));
  const fromProse = REWARD_TERMS.filter((t) => words.has(t));
  return fromProse.length >= 2 ? fromProse : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
