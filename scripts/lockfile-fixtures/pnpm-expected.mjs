// Turns `pnpm list --recursive --depth Infinity --json` into the expected.json the parser tests
// compare against: pnpm's own view of which registry packages it installed and which entries
// came from elsewhere. Run by pnpm.sh at fixture-making time only.
import { readFileSync } from 'node:fs';

const [listFile, tool] = process.argv.slice(2);
// pnpm 7 prints one JSON array per workspace project, back to back; later versions print one array.
const importers = JSON.parse(`[${readFileSync(listFile, 'utf8').trim().replace(/\]\s*\n\[/g, '],[')}]`).flat();
const packages = new Set();
const notScanned = new Map();

const GIT_HOSTS = /^(git|github:|git\+|https?:\/\/(codeload\.github\.com|gitlab\.com|bitbucket\.org)\/)/;

// pnpm list gives a registry package a `resolved` tarball URL; local folders have none, and
// pnpm 7 reports them with their package.json version, so the install path tells them apart.
function reasonFor(dep, version) {
  if (version.startsWith('link:')) return 'workspace';
  if (!dep.resolved) return version.startsWith('file:') || /[\\/]file\+/.test(dep.path ?? '') ? 'file' : 'unknown-protocol';
  if (GIT_HOSTS.test(dep.resolved) || GIT_HOSTS.test(version)) return 'git';
  if (dep.resolved.startsWith('file:')) return 'file';
  return /^\d+\.\d+\.\d+/.test(version) ? 'registry' : 'remote-tarball';
}

function walk(deps) {
  for (const [alias, dep] of Object.entries(deps ?? {})) {
    const name = dep.from ?? alias;
    // Peer and patch suffixes such as `1.2.0(react@18.2.0)` are not part of the version.
    const version = String(dep.version).replace(/\(.*$/, '');
    const reason = reasonFor(dep, version);
    if (reason === 'registry') packages.add(`${name}@${version}`);
    else notScanned.set(`${name}\0${version}`, { name, version, reason });
    walk(dep.dependencies);
    walk(dep.optionalDependencies);
  }
}

for (const importer of importers) {
  walk(importer.dependencies);
  walk(importer.devDependencies);
  walk(importer.optionalDependencies);
}

const expected = {
  tool,
  source: 'pnpm list --recursive --depth Infinity --json',
  packages: [...packages].sort(),
  // Workspace links are importers, not packages: the graph omits them, so the expectation does too.
  notScanned: [...notScanned.values()].filter((e) => e.reason !== 'workspace').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
};
process.stdout.write(`${JSON.stringify(expected, null, 2)}\n`);
