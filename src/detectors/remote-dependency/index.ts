/**
 * remote-dependency: the locked version declares a dependency that npm fetches from a URL instead of
 * the registry (`"ui-styles-pkg": "http://packages.example.com/npm/ui-styles-pkg"`). PhantomRaven
 * (2025) published over a hundred packages whose registry tarballs were clean: the payload sat in
 * such "remote dynamic dependencies", fetched and run (with their own install scripts) at install,
 * never on the registry for anyone to audit, and free to change between two installs.
 *
 * Tarballs on code hosts (github.com, gitlab.com, bitbucket.org, codeload) are an old and ordinary
 * way to pin a fork, and a registry's own tarball URL is the registry: neither counts. The lockfile
 * of the project lists such a dependency as not scanned; this says which package brought it in.
 */
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const CODE_HOSTS = /^https?:\/\/(?:[\w-]+\.)*(?:github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|registry\.npmjs\.org|registry\.yarnpkg\.com)(?:[:/]|$)/i;

const options = z.object({
  /** A dependency fetched from a URL outside the registry and the code hosts that names no versioned tarball: whatever the server serves today. */
  remoteWeight: z.number().default(50),
  /** The same from a versioned tarball URL (`…/xlsx-0.20.2/xlsx-0.20.2.tgz`, a vendor's CDN): pinned by its name, still outside the registry's audit. */
  versionedTarballWeight: z.number().default(30),
  /** …over plain HTTP: whoever sits on the path chooses the code, too. */
  plainHttpWeight: z.number().default(25),
});

export const remoteDependency = definePackageDetector({
  meta: {
    id: 'remote-dependency',
    description: 'The locked version declares a dependency npm fetches from a URL outside the registry and the code hosts (PhantomRaven\'s remote dynamic dependencies): code never published where it can be audited.',
    needs: ['packument'],
    messages: {
      remote: '{name} declares {dependency} from {url}: npm fetches it from there at install, outside the registry{plain}',
    },
    options,
  },
  detect({ facts, options: o }) {
    const manifest = (facts.versionMeta as Record<string, unknown> | undefined) ?? facts.manifest;
    if (!manifest) return { findings: [], unavailable: [{ signal: 'remote-dependency', reason: 'the locked version is not in the packument' }] };
    const findings: DetectorFinding[] = remoteSpecs(manifest).map(([dependency, url, field]) => {
      const plain = /^http:/i.test(url);
      return {
        messageId: 'remote',
        data: { name: safeLine(facts.name, 214), dependency: safeLine(dependency, 214), url: safeLine(url, 200), plain: plain ? ', over plain HTTP' : '' },
        weight: (versionedTarball(url) ? o.versionedTarballWeight : o.remoteWeight) + (plain ? o.plainHttpWeight : 0),
        evidence: { dependency: safeLine(dependency, 214), url: safeLine(url, 200), field },
      };
    });
    findings.sort((a, b) => b.weight - a.weight);
    return { findings: findings.slice(0, 1).map((f) => ({ ...f, evidence: { ...f.evidence, remoteDependencies: findings.length } })) };
  },
});

/** A URL naming a tarball file with a version in it (`name-1.2.3.tgz`), as vendors publish releases. */
function versionedTarball(url: string): boolean {
  const file = url.replace(/[?#].*$/, '').split('/').pop() ?? '';
  return /\d+\.\d+\.\d+.*\.(tgz|tar\.gz)$/i.test(file);
}

/** `[name, url, field]` for each dependency whose spec is an http(s) URL outside the code hosts; a packument's strings where objects belong are skipped. */
function remoteSpecs(manifest: Record<string, unknown>): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (!deps || typeof deps !== 'object' || Array.isArray(deps)) continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      // `npm:` aliases and `git+https:` are other protocols; only a bare http(s) URL is a remote tarball.
      if (typeof spec === 'string' && /^https?:\/\//i.test(spec.trim()) && !CODE_HOSTS.test(spec.trim())) found.push([name, spec.trim(), field]);
    }
  }
  return found;
}
