// Writes a yarn fixture's expected.json from what yarn itself laid out: every package folder in the
// node_modules trees of an install (registry packages as name@version, read from their package.json),
// and `dev` from a second install of the same lockfile in yarn's production mode (gone there = dev-only).
// Packages the fixture declares from file:/link:/git/url specs are the not-scanned list, with the spec as written.
// Usage: node yarn-expected.mjs <installed dir> <production-installed dir> <tool label>
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, prodDir, tool] = process.argv.slice(2);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const rootManifest = readJson(join(dir, 'package.json'));
const importers = ['.'];
for (const pattern of rootManifest.workspaces ?? []) {
  const base = pattern.replace(/\/\*$/, '');
  for (const entry of readdirSync(join(dir, base))) if (existsSync(join(dir, base, entry, 'package.json'))) importers.push(`${base}/${entry}`);
}

const reasonOf = (spec) =>
  spec.startsWith('file:') ? 'file'
  : spec.startsWith('link:') || spec.startsWith('portal:') ? 'link'
  : /^(git\+|git:|github:|[\w-]+\/[\w.-]+(#.*)?$)/.test(spec) ? 'git'
  : /^https?:/.test(spec) ? 'remote-tarball'
  : undefined;

const notScanned = [];
const declared = []; // { importer, name } of registry dependencies
const nonRegistryFolders = new Set();
for (const importer of importers) {
  const manifest = readJson(join(dir, importer, 'package.json'));
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      const reason = reasonOf(spec);
      if (reason) {
        notScanned.push({ name, spec, reason });
        nonRegistryFolders.add(join(importer, 'node_modules', name));
      } else if (!spec.startsWith('workspace:')) declared.push({ importer, name });
    }
  }
}

/** Every real (non-symlink) package folder under the node_modules trees of the project. */
function installed(root) {
  const found = new Map(); // relative location -> name@version
  const walk = (nodeModules) => {
    if (!existsSync(join(root, nodeModules))) return;
    for (const entry of readdirSync(join(root, nodeModules))) {
      if (entry.startsWith('.')) continue;
      const names = entry.startsWith('@') ? readdirSync(join(root, nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
      for (const name of names) {
        const location = join(nodeModules, name);
        if (lstatSync(join(root, location)).isSymbolicLink()) continue; // workspaces and link: folders
        const manifest = readJson(join(root, location, 'package.json'));
        found.set(location, `${manifest.name}@${manifest.version}`);
        walk(join(location, 'node_modules'));
      }
    }
  };
  for (const importer of importers) walk(join(importer, 'node_modules'));
  return found;
}

const all = installed(dir);
const prod = new Set(installed(prodDir).values());
const direct = new Set();
for (const { importer, name } of declared) {
  // Node's lookup from the importer folder: its own node_modules first, then the root's.
  const location = [join(importer, 'node_modules', name), join('node_modules', name)].find((l) => all.has(l));
  if (location) direct.add(all.get(location));
}

const packages = new Map();
for (const [location, id] of all) {
  if (nonRegistryFolders.has(location)) continue;
  packages.set(id, { id, dev: !prod.has(id), direct: direct.has(id) });
}
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
process.stdout.write(
  `${JSON.stringify(
    {
      generatedBy: `${tool}: node_modules layout, dev from a production install`,
      packages: [...packages.values()].sort((a, b) => cmp(a.id, b.id)),
      notScanned: notScanned.sort((a, b) => cmp(a.name, b.name) || cmp(a.spec, b.spec)),
    },
    null,
    2,
  )}\n`,
);
