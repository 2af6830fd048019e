// Builds expected.json for a bun fixture from the node_modules tree bun laid out: every installed
// folder's package.json name@version. Symlinks are workspaces/links; folders whose declared spec is
// `file:` are local copies. Run by bun.sh at fixture-making time only.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [projectDir, tool] = process.argv.slice(2);
const packages = new Set();
const notScanned = new Map();

// Specs declared anywhere in the project (root, workspaces, local folders): how a name was asked for.
const declared = new Map();
function readDeclared(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, spec] of Object.entries(manifest[section] ?? {})) declared.set(name, spec);
  }
}
readDeclared(projectDir);
for (const group of ['packages']) {
  if (!existsSync(join(projectDir, group))) continue;
  for (const ws of readdirSync(join(projectDir, group))) readDeclared(join(projectDir, group, ws));
}

function reasonFor(spec) {
  if (spec?.startsWith('file:')) return 'file';
  if (spec?.startsWith('link:')) return 'link';
  if (/^(git|github:)/.test(spec ?? '')) return 'git';
  // bun records a URL dependency as the URL, even on the registry host: it is not a registry lookup.
  if (/^https?:\/\//.test(spec ?? '')) return 'remote-tarball';
  return undefined;
}

function walk(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const installName of names) {
      const dir = join(nodeModules, installName);
      if (lstatSync(dir).isSymbolicLink()) continue; // workspace packages: importers, not packages
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const reason = reasonFor(declared.get(installName));
      if (reason) notScanned.set(installName, { name: manifest.name, reason });
      else packages.add(`${manifest.name}@${manifest.version}`);
      walk(join(dir, 'node_modules'));
    }
  }
}
walk(join(projectDir, 'node_modules'));
// bun installs a workspace's conflicting versions into that workspace's own node_modules.
if (existsSync(join(projectDir, 'packages'))) {
  for (const ws of readdirSync(join(projectDir, 'packages'))) walk(join(projectDir, 'packages', ws, 'node_modules'));
}

const expected = {
  tool,
  source: 'node_modules laid out by bun install',
  packages: [...packages].sort(),
  notScanned: [...notScanned.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
};
process.stdout.write(`${JSON.stringify(expected, null, 2)}\n`);
