// Writes a fixture's expected.json from npm's own reading of the installed tree (`npm query`),
// so parser tests compare against npm rather than against our parser's idea of the lockfile.
// The dev/optional flags are the ones npm computed on its ideal tree and wrote into the lockfile:
// `npm query .dev` recomputes them on the actual tree and, for workspaces and file: links, marks
// prod dependencies of a workspace as dev, which `npm install --omit=dev` contradicts.
// Usage: node npm-expected.mjs <npm-cli.js> <project dir>  (the project must be installed)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';

const [npmCli, projectDirArg] = process.argv.slice(2);
const projectDir = realpathSync(projectDirArg);
const query = (selector) =>
  JSON.parse(execFileSync(process.execPath, [npmCli, 'query', selector], { cwd: projectDir, encoding: 'utf8', maxBuffer: 1 << 28 }));
const locations = (selector) => new Set(query(selector).map((n) => n.location));

const all = query('*');
const workspaces = locations('.workspace');
const lockName = ['npm-shrinkwrap.json', 'package-lock.json'].find((f) => existsSync(`${projectDir}/${f}`));
const lock = JSON.parse(readFileSync(`${projectDir}/${lockName}`, 'utf8'));
/** The lockfile entry npm wrote for an installed folder, in either the v2/v3 or the v1 layout. */
const lockEntry = (location) => {
  if (lock.packages) return lock.packages[location] ?? {};
  let entry = { dependencies: lock.dependencies };
  for (const name of location.split(/(?:^|\/)node_modules\//).filter(Boolean)) entry = entry?.dependencies?.[name];
  return entry ?? {};
};
const dev = new Set(all.filter((n) => lockEntry(n.location).dev === true).map((n) => n.location));
const optional = new Set(all.filter((n) => lockEntry(n.location).optional === true).map((n) => n.location));
const bundled = locations('.bundled');
const direct = new Set([...locations(':root > *'), ...(workspaces.size > 0 ? locations('.workspace > *') : [])]);

const packages = new Map();
const notScanned = new Map();
for (const node of all) {
  if (node.location === '' || workspaces.has(node.location)) continue;
  const underNodeModules = /(^|\/)node_modules\//.test(node.location);
  const resolved = typeof node.resolved === 'string' ? node.resolved.replace(`file:${projectDir}/`, 'file:') : undefined;
  if (!underNodeModules) {
    // A folder of the project reached through a link (`file:./dir`): npm never fetches it.
    notScanned.set(`${node.name} file:${node.location}`, { name: node.name, spec: `file:${node.location}`, reason: 'link' });
    continue;
  }
  if (resolved?.startsWith('file:')) {
    notScanned.set(`${node.name} ${resolved}`, { name: node.name, spec: resolved, reason: 'file' });
    continue;
  }
  const id = `${node.name}@${node.version}`;
  const flags = { dev: dev.has(node.location), optional: optional.has(node.location), bundled: bundled.has(node.location), direct: direct.has(node.location) };
  const seen = packages.get(id);
  // The same name@version in two folders: dev/optional/bundled only if every copy is; direct if any is.
  packages.set(
    id,
    seen
      ? { dev: seen.dev && flags.dev, optional: seen.optional && flags.optional, bundled: seen.bundled && flags.bundled, direct: seen.direct || flags.direct }
      : flags,
  );
}

const sorted = [...packages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, flags]) => ({ id, ...flags }));
const npmVersion = execFileSync(process.execPath, [npmCli, '--version'], { encoding: 'utf8' }).trim();
process.stdout.write(
  `${JSON.stringify(
    {
      generatedBy: `npm ${npmVersion} query on the installed tree`,
      packages: sorted,
      notScanned: [...notScanned.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.spec < b.spec ? -1 : 1)),
    },
    null,
    2,
  )}\n`,
);
