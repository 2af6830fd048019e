/**
 * known-malicious: the locked version is on the known-bad list (an OSV MAL- record or a published
 * compromise list), or the registry has replaced the package with npm's "security holding package"
 * — npm's own verdict that the package was malware, while the lockfile still pins the bytes it
 * removed. Either is critical on its own: no heuristic is involved, only a record or the registry.
 *
 * Needs nothing fetched for the list (a removed package has no packument to fetch, and that is
 * exactly when the list matters); the holder check reads the packument when there is one.
 */
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { recordAffects } from '../../facts/known-malicious.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';

/** npm's placeholder versions: 0.0.1-security, 0.0.2-security, 0.0.1-security.1, 1.0.0-security. */
const HOLDER_VERSION = /^\d+\.\d+\.\d+-security(?:\.\d+)?$/;

export const knownMalicious = definePackageDetector({
  meta: {
    id: 'known-malicious',
    description: 'The locked version is on the known-bad list (OSV MAL- records, published compromise lists), or npm replaced the package with a security holding package.',
    needs: [],
    messages: {
      listed: '{name}@{version} is known malware: {id}{aliasNote} ({summary})',
      securityHolder: 'npm replaced {name} with a security holding package ({holder}): the registry removed it as malware, and the lockfile still pins {version}',
      securityHolderLocked: 'the lockfile pins npm\'s security holding package {name}@{version}: the name was malware; remove the dependency and check what pulled it in',
    },
    options: z.object({
      listedWeight: z.number().default(100),
      securityHolderWeight: z.number().default(100),
      /** The placeholder itself runs nothing; depending on it still means malware was in the tree. */
      securityHolderLockedWeight: z.number().default(45),
    }),
  },
  detect({ facts, options }) {
    const findings: DetectorFinding[] = [];
    for (const record of facts.knownMalicious ?? []) {
      if (!recordAffects(record, facts.version)) continue;
      const aliases = (record.aliases ?? []).slice(0, 3).map((a) => safeLine(a, 60));
      findings.push({
        messageId: 'listed',
        data: {
          name: safeLine(facts.name, 214),
          version: safeLine(facts.version, 100),
          id: safeLine(record.id, 100),
          aliasNote: aliases.length > 0 ? `, also ${aliases.join(', ')}` : '',
          summary: safeLine(record.summary ?? `listed by ${record.source}`, 200),
        },
        weight: options.listedWeight,
        evidence: {
          id: safeLine(record.id, 100),
          source: safeLine(record.source, 100),
          ...(record.published ? { published: safeLine(record.published, 40) } : {}),
          ...(aliases.length > 0 ? { aliases } : {}),
          ...(record.versions ? { listedVersions: record.versions.slice(0, 20).map((v) => safeLine(v, 100)) } : {}),
          ...(record.ranges ? { listedRanges: record.ranges.slice(0, 5).map((r) => `>=${r.introduced}${r.fixed ? ` <${r.fixed}` : ''}${r.lastAffected ? ` <=${r.lastAffected}` : ''}`) } : {}),
        },
      });
    }
    const holder = securityHolderVersion(facts.packument);
    if (holder) {
      const locked = holder === facts.version;
      findings.push({
        messageId: locked ? 'securityHolderLocked' : 'securityHolder',
        data: { name: safeLine(facts.name, 214), version: safeLine(facts.version, 100), holder: safeLine(holder, 100) },
        weight: locked ? options.securityHolderLockedWeight : options.securityHolderWeight,
        evidence: { field: `versions["${safeLine(holder, 100)}"]`, holderVersion: safeLine(holder, 100), lockedVersion: safeLine(facts.version, 100) },
      });
    }
    return { findings };
  },
});

/**
 * The holder version when npm has replaced the package: a `-security` placeholder that is the
 * `latest` tag or the only version left. A real package's prerelease named "-security" next to its
 * other current versions is not the registry's verdict.
 */
export function securityHolderVersion(packument: { versions?: Record<string, unknown>; 'dist-tags'?: Record<string, string> } | undefined): string | undefined {
  if (!packument) return undefined;
  const versions = Object.keys(packument.versions ?? {});
  const holders = versions.filter((v) => HOLDER_VERSION.test(v));
  if (holders.length === 0) return undefined;
  const latest = packument['dist-tags']?.latest;
  if (latest !== undefined && holders.includes(latest)) return latest;
  return versions.length === holders.length ? holders[holders.length - 1] : undefined;
}

