/**
 * Does the shipped index recognise real copies? For a sample of indexed packages with small code,
 * fetches the version the index fingerprinted, disguises every JavaScript file the way copiers do
 * (comments dropped, every local identifier renamed, code re-laid on new lines), fingerprints the
 * result as a scan would and asks the index whose code it is. Prints the recall (the top match is
 * the package itself) and the misses. Nothing fetched is written anywhere.
 *
 *   npx tsx scripts/reference-index/self-check.ts [--sample 150] [--max-tokens 4000]
 */
import { tokenizer } from 'acorn';
import { fingerprintPackage } from '../../src/analysis/fingerprint/package.js';
import { SHIPPED_INDEX_PATH, loadReferenceIndexFile } from '../../src/analysis/reference-index/index.js';
import { codeMatches } from '../../src/analysis/reference-index/match.js';
import { createPackageFiles } from '../../src/package-files/memory.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import { RegistryClient } from '../../src/registry/client.js';
import { loadNpmConfig, toPacoteOptions } from '../../src/registry/npm-config.js';

const args = process.argv.slice(2);
const num = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const GLOBALS = new Set(['require', 'module', 'exports', 'process', 'Object', 'Array', 'String', 'Number', 'Math', 'JSON', 'Symbol', 'Promise', 'Error', 'TypeError', 'undefined', 'console', 'Buffer', 'globalThis', 'window', 'document']);

/** Renames identifiers (not properties, not globals) consistently and lays every token on its own line. */
function disguiseSource(source: string): string | undefined {
  const names = new Map<string, string>();
  const out: string[] = [];
  let previous = '';
  try {
    for (const token of tokenizer(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowReturnOutsideFunction: true })) {
      let text = source.slice(token.start, token.end);
      if (token.type.label === 'name' && previous !== '.' && !GLOBALS.has(text)) {
        if (!names.has(text)) names.set(text, `q${names.size.toString(36)}x`);
        text = names.get(text)!;
      }
      out.push(text);
      previous = text;
    }
  } catch {
    return undefined;
  }
  return out.join('\n');
}

const index = loadReferenceIndexFile(SHIPPED_INDEX_PATH);
const candidates = index.packages.filter((p) => p.tokens >= 50 && p.tokens <= num('--max-tokens', 4000));
const sampleSize = Math.min(num('--sample', 150), candidates.length);
const sample = Array.from({ length: sampleSize }, (_, i) => candidates[Math.floor((i * candidates.length) / sampleSize)]!);
const pacoteOptions = toPacoteOptions(loadNpmConfig({ projectDir: process.cwd(), env: process.env }), {}, process.env);
const client = new RegistryClient({ pacoteOptions, retries: 1, retryBaseDelayMs: 200, maxRetryAfterMs: 10_000, requestTimeoutMs: 60_000, tarballCaps: DEFAULT_TARBALL_CAPS });
let found = 0;
let checked = 0;
const misses: string[] = [];
for (const reference of sample) {
  const read = await client.tarball(reference.name, reference.versions[0]!).catch(() => undefined);
  if (!read) continue;
  const texts = new Map<string, string>();
  for (const path of read.files.textPaths()) {
    const text = read.files.readText(path)!;
    texts.set(path, /\.[cm]?jsx?$/.test(path) ? (disguiseSource(text) ?? text) : text);
  }
  const files = createPackageFiles(read.files.entries, texts, read.files.limits);
  const best = codeMatches(index, fingerprintPackage(files), { minTokens: 50, minSimilarity: 0.5 })[0];
  checked++;
  if (best?.reference.name === reference.name) found++;
  else misses.push(`${reference.name} -> ${best ? `${best.reference.name} ${Math.round(best.similarity * 100)}%` : 'no match'}`);
}
console.log(`${index.summary.id}: ${found}/${checked} disguised copies of indexed packages matched their original (${((100 * found) / Math.max(1, checked)).toFixed(1)}%)`);
for (const miss of misses) console.log(`  miss: ${miss}`);
