/**
 * A synthetic dependency tree of any size, served by a registry on 127.0.0.1 that makes each
 * packument and tarball on the fly from the package's name (a seeded generator: the same name gives
 * the same bytes, so integrities hold). Packages carry plausible, varied JavaScript (modules with
 * functions, requires, strings, classes), a README of varied prose, sometimes a binary file and
 * sometimes a second, older copy of themselves deeper in the tree, so memory and time can be
 * measured at 20,000 packages without the network. Nothing here is spam: it measures cost, not recall.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

const WORDS = 'parse format stream buffer token value merge resolve config option cache queue event handler client request response path file module plugin loader schema record index range color style input output error result state store batch chunk frame layer node tree graph match filter map reduce'.split(' ');
const PROSE = 'A small library that helps you work with data in Node.js and the browser. It is fast, tested, and has no dependencies. Install it with npm and import the functions you need. See the API section for details. Contributions are welcome; please open an issue first. Released under the MIT licence.'.split(' ');

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function identifier(r: () => number): string {
  return pick(r, WORDS) + pick(r, WORDS).replace(/^./, (c) => c.toUpperCase());
}

function jsModule(r: () => number, deps: string[]): string {
  const lines = ["'use strict';", ''];
  for (const dep of deps.slice(0, 3)) lines.push(`const ${identifier(r)} = require('${dep}');`);
  const exported: string[] = [];
  const functions = 2 + Math.floor(r() * 12);
  for (let f = 0; f < functions; f++) {
    const name = identifier(r) + f;
    exported.push(name);
    lines.push('', `/** ${pick(r, PROSE)} ${pick(r, PROSE)} ${pick(r, PROSE)} */`, `function ${name}(input, options = {}) {`);
    const statements = 2 + Math.floor(r() * 10);
    for (let s = 0; s < statements; s++) {
      const v = identifier(r);
      switch (Math.floor(r() * 5)) {
        case 0:
          lines.push(`  const ${v} = typeof input === 'string' ? input.split('${pick(r, [',', ';', '/', ':'])}') : [];`);
          break;
        case 1:
          lines.push(`  if (options.${v} && ${v}Count++ > ${Math.floor(r() * 100)}) throw new Error('${pick(r, WORDS)} ${pick(r, WORDS)} failed');`);
          break;
        case 2:
          lines.push(`  for (let i = 0; i < ${1 + Math.floor(r() * 64)}; i++) input = (input << ${1 + Math.floor(r() * 7)}) ^ i;`);
          break;
        case 3:
          lines.push(`  const ${v} = { ${pick(r, WORDS)}: ${Math.floor(r() * 1e6)}, ${pick(r, WORDS)}: '${pick(r, WORDS)}', list: [${[1, 2, 3].map(() => Math.floor(r() * 10)).join(', ')}] };`);
          break;
        default:
          lines.push(`  // ${pick(r, PROSE)} ${pick(r, PROSE)}`, `  input = Object.assign({}, input, { ${v}: ${r().toFixed(4)} });`);
      }
    }
    lines.push('  return input;', '}');
  }
  if (r() < 0.3) lines.push('', `class ${identifier(r)} {`, '  constructor(options) { this.options = options; }', `  ${pick(r, WORDS)}() { return this.options; }`, '}');
  lines.push('', `module.exports = { ${exported.join(', ')} };`);
  return lines.join('\n') + '\n';
}

export interface SyntheticPackage {
  name: string;
  version: string;
  dependencies: Record<string, string>;
}

/** The tree: `size` packages, each depending on a few later ones; some also lock an older copy of themselves. */
export function syntheticTree(size: number): { packages: SyntheticPackage[]; direct: string[] } {
  const names = Array.from({ length: size }, (_, i) => (i % 7 === 3 ? `@syn${i % 50}/pkg-${i}` : `syn-${WORDS[i % WORDS.length]}-${i}`));
  const packages: SyntheticPackage[] = names.map((name, i) => {
    const r = rng(seedOf(name));
    const dependencies: Record<string, string> = {};
    const count = Math.floor(r() * 4);
    for (let d = 0; d < count; d++) {
      const j = i + 1 + Math.floor(r() * Math.min(200, size));
      if (j < size) dependencies[names[j]!] = '2.0.0';
    }
    return { name, version: '2.0.0', dependencies };
  });
  return { packages, direct: names.slice(0, Math.min(50, size)) };
}

/** The files of name@version, the same every time. */
function filesOf(name: string, version: string, dependencies: Record<string, string>): [string, Buffer][] {
  const r = rng(seedOf(`${name}@${version}`));
  const deps = Object.keys(dependencies);
  const manifest = { name, version, description: `${pick(r, PROSE)} ${pick(r, WORDS)} ${pick(r, WORDS)} for ${pick(r, WORDS)}s`, main: 'index.js', license: 'MIT', dependencies, repository: { type: 'git', url: `https://example.test/${name.replace('@', '')}.git` } };
  const files: [string, Buffer][] = [
    ['package.json', Buffer.from(JSON.stringify(manifest, null, 2))],
    ['README.md', Buffer.from(`# ${name}\n\n${Array.from({ length: 20 + Math.floor(r() * 200) }, () => pick(r, PROSE)).join(' ')}\n`)],
    ['index.js', Buffer.from(jsModule(r, deps))],
  ];
  const modules = Math.floor(r() * 6);
  for (let m = 0; m < modules; m++) files.push([`lib/${pick(r, WORDS)}-${m}.js`, Buffer.from(jsModule(r, deps))]);
  if (r() < 0.05) {
    // A prebuilt native addon: binary bytes the reader must stream past without keeping.
    const size = 64 * 1024 + Math.floor(r() * 512 * 1024);
    // AES-CTR over zeros: incompressible, seeded, fast.
    const key = createHash('sha256').update(`${name}@${version}`).digest().subarray(0, 16);
    const bytes = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
    files.push([`prebuilds/linux-x64/${pick(r, WORDS)}.node`, bytes]);
  }
  return files;
}

/** A minimal ustar writer: each file under `package/`. */
function tar(files: [string, Buffer][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, body] of files) {
    const header = Buffer.alloc(512);
    header.write(`package/${path}`, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function tarballOf(pkg: SyntheticPackage): Buffer {
  return gzipSync(tar(filesOf(pkg.name, pkg.version, pkg.dependencies)), { level: 1 });
}

/** Integrity and shasum per name@version, computed once: the registry and the lockfile both need them. */
const digests = new Map<string, { integrity: string; shasum: string }>();
function digestsOf(pkg: SyntheticPackage): { integrity: string; shasum: string } {
  const key = `${pkg.name}@${pkg.version}`;
  let known = digests.get(key);
  if (!known) {
    const bytes = tarballOf(pkg);
    known = { integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`, shasum: createHash('sha1').update(bytes).digest('hex') };
    digests.set(key, known);
  }
  return known;
}

const oldCopyOf = (pkg: SyntheticPackage): SyntheticPackage => ({ ...pkg, version: '1.0.0', dependencies: {} });

export interface SyntheticRegistry {
  url: string;
  close(): Promise<void>;
}

/** Serves packuments, tarballs and an empty search for the tree's packages (and their older copies). */
export async function startSyntheticRegistry(tree: { packages: SyntheticPackage[] }): Promise<SyntheticRegistry> {
  const byName = new Map(tree.packages.map((p) => [p.name, p]));
  let base = '';
  const versionsOf = (pkg: SyntheticPackage): SyntheticPackage[] => [oldCopyOf(pkg), pkg];
  const tarballUrl = (p: SyntheticPackage) => `${base}${p.name}/-/${p.name.replace(/^@[^/]+\//, '')}-${p.version}.tgz`;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1));
    if (path.startsWith('-/v1/search')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"objects":[],"total":0}');
    const tgz = /^(.+)\/-\/[^/]+-(\d+\.\d+\.\d+)\.tgz$/.exec(path);
    const pkg = byName.get(tgz ? tgz[1]! : path);
    if (!pkg) return void res.writeHead(404).end('{"error":"not found"}');
    if (tgz) {
      const version = versionsOf(pkg).find((v) => v.version === tgz[2]);
      if (!version) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarballOf(version));
    }
    const versions: Record<string, unknown> = {};
    const time: Record<string, string> = { created: '2021-03-01T00:00:00.000Z', modified: '2023-01-01T00:00:00.000Z' };
    for (const v of versionsOf(pkg)) {
      versions[v.version] = { name: v.name, version: v.version, dependencies: v.dependencies, _npmUser: { name: `dev${seedOf(v.name) % 300}` }, dist: { tarball: tarballUrl(v), ...digestsOf(v) } };
      time[v.version] = v.version === '1.0.0' ? '2021-03-01T00:00:00.000Z' : '2022-06-01T00:00:00.000Z';
    }
    const doc = { name: pkg.name, 'dist-tags': { latest: pkg.version }, versions, time, maintainers: [{ name: `dev${seedOf(pkg.name) % 300}` }] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * A project folder whose package-lock.json (v3) locks the tree, integrities included. Every tenth
 * package also locks its older 1.0.0 copy, nested under the package that needs it.
 */
export function writeSyntheticProject(tree: { packages: SyntheticPackage[]; direct: string[] }, registryUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-synthetic-'));
  const rootDeps = Object.fromEntries(tree.direct.map((n) => [n, '2.0.0']));
  const packages: Record<string, unknown> = { '': { name: 'synthetic', version: '1.0.0', dependencies: rootDeps } };
  const needsOld = (i: number) => i % 10 === 5 && i > 0;
  tree.packages.forEach((p, i) => {
    const bare = p.name.replace(/^@[^/]+\//, '');
    const next = tree.packages[i + 1];
    const dependencies = { ...p.dependencies, ...(next && needsOld(i + 1) ? { [next.name]: '1.0.0' } : {}) };
    packages[`node_modules/${p.name}`] = { version: p.version, resolved: `${registryUrl}${p.name}/-/${bare}-${p.version}.tgz`, integrity: digestsOf(p).integrity, ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}) };
    if (needsOld(i)) {
      // The previous package depends on this one's older copy too.
      const parent = tree.packages[i - 1]!;
      const old = oldCopyOf(p);
      packages[`node_modules/${parent.name}/node_modules/${p.name}`] = { version: '1.0.0', resolved: `${registryUrl}${p.name}/-/${bare}-1.0.0.tgz`, integrity: digestsOf(old).integrity };
    }
  });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'synthetic', version: '1.0.0', dependencies: rootDeps }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'synthetic', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  return dir;
}
