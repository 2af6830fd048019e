/**
 * code-clone (scan scope): a package whose code is the same as another package's in this scan,
 * under a different name and a different publisher. Token farmers fill their packages with code
 * copied from real utilities; a reviewer seeing "identical to is-number@7.0.0, published by someone
 * else" knows what they are looking at.
 *
 * "The same" means: every JavaScript file, with comments and whitespace removed, hashed; the set of
 * hashes (not the paths) must be equal. Tiny code is ignored (everyone's `module.exports = {}` is
 * alike; empty-code judges that), and so are twins of the same publisher or the same repository
 * (renamed packages, monorepo copies), and twins whose publisher the registry does not tell us.
 */
import { z } from 'zod';
import type { LeanFacts, PackageFacts, ScanDetectorFinding, UnavailableSignal } from '../types.js';
import { defineScanDetector, packageKey } from '../types.js';
import { safeLine } from '../../report/sanitize.js';
import { compactJavaScript, isCodePath, isScriptPath, repositoryUrl, sha256Hex } from '../../analysis/text.js';

export const WEIGHTS = {
  /** Copied code is common in junk and rare, but not unheard of, in real forks: low-to-medium support. */
  clone: 25,
} as const;

const options = z.object({
  /** Below this much normalised code, sameness proves nothing. */
  minCodeBytes: z.number().int().positive().default(128),
  /** Twins listed in one finding's evidence. */
  maxTwinsListed: z.number().int().positive().default(10),
});

/** A package's code fingerprint: what the scan keeps of its JavaScript once the files are released. */
interface CodeSummary {
  hash: string;
  codeBytes: number;
  fileCount: number;
}

interface CodePrint extends CodeSummary {
  facts: LeanFacts;
}

export const codeClone = defineScanDetector({
  meta: {
    id: 'code-clone',
    description: 'Code identical (after normalising whitespace and comments) to another package of the scan under a different name and publisher.',
    needs: ['files'],
    messages: {
      clone: 'code is identical to {twin} ({codeBytes} bytes in {fileCount} file(s)), published by {twinPublisher} under another name',
    },
    options,
  },
  summarize: (facts, o) => codePrint(facts, o.minCodeBytes),
  detect({ packages, options: o }) {
    const findings: ScanDetectorFinding[] = [];
    const unavailable: (UnavailableSignal & { packageKey: string })[] = [];
    const groups = new Map<string, CodePrint[]>();
    for (const { facts, summary } of packages) {
      if (!summary) continue;
      const print = { facts, ...summary };
      const group = groups.get(print.hash) ?? [];
      group.push(print);
      groups.set(print.hash, group);
    }
    for (const group of groups.values()) {
      if (new Set(group.map((p) => p.facts.name)).size < 2) continue;
      for (const member of group) {
        const others = group.filter((p) => p.facts.name !== member.facts.name && !sameRepository(p.facts, member.facts));
        if (others.length === 0) continue;
        const mine = publisherOf(member.facts);
        const twins = others.filter((p) => {
          const theirs = publisherOf(p.facts);
          return mine !== undefined && theirs !== undefined && theirs !== mine;
        });
        if (twins.length === 0) {
          if (mine === undefined || others.some((p) => publisherOf(p.facts) === undefined)) {
            unavailable.push({
              packageKey: packageKey(member.facts),
              signal: 'code clone',
              reason: `code identical to ${safeLine(packageKey(others[0]!.facts), 120)}, but the registry does not name the publishers to compare`,
            });
          }
          continue;
        }
        const twin = twins[0]!;
        findings.push({
          packageKey: packageKey(member.facts),
          messageId: 'clone',
          data: { twin: safeLine(packageKey(twin.facts), 120), twinPublisher: safeLine(publisherOf(twin.facts) ?? '', 80), codeBytes: member.codeBytes, fileCount: member.fileCount },
          weight: WEIGHTS.clone,
          evidence: {
            twins: twins.slice(0, o.maxTwinsListed).map((t) => `${safeLine(packageKey(t.facts), 120)} (${safeLine(publisherOf(t.facts) ?? '', 80)})`),
            publisher: safeLine(mine ?? '', 80),
            codeBytes: member.codeBytes,
            codeFiles: member.fileCount,
            codeHash: member.hash.slice(0, 16),
          },
        });
      }
    }
    return { findings, unavailable };
  },
});

/** Hash of the set of normalised JavaScript files; undefined when unreadable, partial or too small. */
function codePrint(facts: PackageFacts, minCodeBytes: number): CodeSummary | undefined {
  const files = facts.files;
  if (!files || files.limits.length > 0) return undefined;
  const codePaths = files.entries.filter((e) => e.type === 'file' && isCodePath(e.path)).map((e) => e.path);
  if (codePaths.length === 0 || !codePaths.every(isScriptPath)) return undefined;
  const hashes: string[] = [];
  let codeBytes = 0;
  for (const path of codePaths) {
    const text = files.readText(path);
    if (text === undefined) return undefined;
    // Encoded once, for both the byte count and the hash (each encoded the whole text again).
    const compact = Buffer.from(compactJavaScript(text), 'utf8');
    codeBytes += compact.length;
    hashes.push(sha256Hex(compact));
  }
  if (codeBytes < minCodeBytes) return undefined;
  return { hash: sha256Hex(hashes.sort().join('\n')), codeBytes, fileCount: codePaths.length };
}

/** Who published this version: `_npmUser`, else the sole maintainer; undefined on thin registries. */
export function publisherOf(facts: LeanFacts): string | undefined {
  const user = facts.versionMeta?._npmUser?.name;
  if (user) return user.toLowerCase();
  const maintainers = facts.versionMeta?.maintainers ?? facts.packument?.maintainers;
  if (maintainers && maintainers.length === 1 && maintainers[0]?.name) return maintainers[0].name.toLowerCase();
  return undefined;
}

function sameRepository(a: LeanFacts, b: LeanFacts): boolean {
  const ra = normalisedRepository(a);
  return ra !== undefined && ra === normalisedRepository(b);
}

function normalisedRepository(facts: LeanFacts): string | undefined {
  return repositoryUrl(facts.manifest?.repository ?? facts.versionMeta?.repository)?.toLowerCase().replace(/\/+$/, '');
}

