import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDependencyGraph, type DependencyGraph } from '../../src/lockfiles/graph.js';
import { findLockfile, lockfileKindOf, readLockfile } from '../../src/lockfiles/index.js';
import { parseNpmLockfile } from '../../src/lockfiles/npm/parse.js';
import { NO_MANIFESTS, type ProjectManifests } from '../../src/lockfiles/project-manifests.js';
import { expectInstalledFixtureToMatch, FIXTURES_ROOT, scenarioDirs } from './expected-fixtures.js';
import { findPackage, lineOfText, thrown } from './support.js';

const graphOf = (lock: unknown, project: ProjectManifests = NO_MANIFESTS): DependencyGraph =>
  buildDependencyGraph(parseNpmLockfile(JSON.stringify(lock, null, 2), 'package-lock.json', project), 'package-lock.json');

describe('npm lockfiles written by real npm', () => {
  for (const { scenario, dir } of scenarioDirs('npm')) {
    it(`${scenario}: same packages, flags and not-scanned entries as npm installed`, async () => {
      await expectInstalledFixtureToMatch(dir, scenario.startsWith('shrinkwrap') ? 'npm-shrinkwrap' : 'npm', `npm-lock-${scenario.split('.').pop()}`);
    });
  }

  it('resolves nested copies the way Node does: debug@2 gets its own ms@2.0.0, the root gets ms@2.1.3', async () => {
    for (const version of ['v1', 'v2', 'v3']) {
      const graph = await readLockfile({ path: join(FIXTURES_ROOT, `npm/basic.${version}/package-lock.json`), kind: 'npm' });
      expect(findPackage(graph, 'ms@2.0.0')?.paths[0]).toEqual(['root', 'debug', 'ms']);
      expect(findPackage(graph, 'ms@2.0.0')?.direct).toBe(false);
      expect(findPackage(graph, 'ms@2.1.3')?.paths[0]).toEqual(['root', 'ms']);
    }
  });

  it('audits the real package behind an npm: alias and keeps the alias name (v1 `npm:` versions and v3 `name`)', async () => {
    for (const version of ['v1', 'v3']) {
      const graph = await readLockfile({ path: join(FIXTURES_ROOT, `npm/basic.${version}/package-lock.json`), kind: 'npm' });
      const aliased = findPackage(graph, 'ms@2.1.2');
      expect(aliased?.aliases).toEqual(['my-ms']);
      expect(aliased?.direct).toBe(true);
      expect(aliased?.paths[0]).toEqual(['root', 'my-ms (npm:ms)']);
      expect(graph.packages.some((p) => p.name === 'my-ms')).toBe(false);
    }
  });

  it('starts workspace paths at the workspace that pulls the package in, and never lists workspaces as packages', async () => {
    const graph = await readLockfile({ path: join(FIXTURES_ROOT, 'npm/workspace.v3/package-lock.json'), kind: 'npm' });
    expect(findPackage(graph, 'debug@2.6.9')?.paths[0]).toEqual(['packages/app', 'debug']);
    expect(findPackage(graph, 'ms@2.1.3')?.paths.map((p) => p.join(' > '))).toContain('packages/core > ms');
    expect(graph.packages.some((p) => p.name.startsWith('@fixture/'))).toBe(false);
    expect(graph.notScanned).toEqual([]);
  });
});

describe('npm entries the fixture machine cannot produce (hand-written from npm docs and real lockfiles)', () => {
  const lockV3 = {
    name: 'hand',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'hand', dependencies: { gitdep: 'github:a/gitdep', cdn: 'https://cdn.example.com/builds/cdn.tgz', priv: '^1.0.0', p: '1.0.0', r: '1.0.0', ext: 'file:../ext', gone: '1.0.0' } },
      'node_modules/gitdep': { version: '2.0.0', resolved: 'git+ssh://git@github.com/a/gitdep.git#0123456789abcdef0123456789abcdef01234567' },
      'node_modules/cdn': { version: '1.0.0', resolved: 'https://cdn.example.com/builds/cdn.tgz' },
      'node_modules/priv': { version: '1.2.0', resolved: 'https://npm.corp.example/artifactory/api/npm/npm/priv/-/priv-1.2.0.tgz', integrity: 'sha512-x' },
      'node_modules/p': { version: '1.0.0', bundleDependencies: ['q'], dependencies: { q: '^1.0.0', '@s/deep': '1.0.0' } },
      'node_modules/p/node_modules/q': { version: '1.1.0', inBundle: true },
      'node_modules/p/node_modules/@s/deep': { version: '3.0.0' },
      'node_modules/r': { version: '1.0.0', inBundle: true },
      'node_modules/ext': { resolved: '../ext', link: true },
    },
  };

  it('classifies git, remote tarballs, private-registry tarballs, bundled and outside links', () => {
    const graph = graphOf(lockV3);
    expect(graph.notScanned).toEqual([
      { name: 'cdn', spec: 'https://cdn.example.com/builds/cdn.tgz', reason: 'remote-tarball' },
      { name: 'ext', spec: 'file:../ext', reason: 'link' },
      { name: 'gitdep', spec: 'git+ssh://git@github.com/a/gitdep.git#0123456789abcdef0123456789abcdef01234567', reason: 'git' },
    ]);
    expect(findPackage(graph, 'priv@1.2.0')).toMatchObject({ direct: true, resolved: lockV3.packages['node_modules/priv'].resolved, integrity: 'sha512-x' });
    // q ships inside p's tarball; r sits at the top level, so npm installs it from the registry.
    expect(findPackage(graph, 'q@1.1.0')).toMatchObject({ bundled: true, paths: [['root', 'p', 'q']] });
    expect(findPackage(graph, 'r@1.0.0')?.bundled).toBe(false);
    // A scoped name comes from the last node_modules segment when the entry has no `name`.
    expect(findPackage(graph, '@s/deep@3.0.0')?.paths[0]).toEqual(['root', 'p', '@s/deep']);
  });

  it('reports a dependency the lockfile does not install as a problem, and keeps the rest', () => {
    const graph = graphOf(lockV3);
    expect(graph.problems.map((p) => p.message)).toEqual(['"root" depends on "gone" but the lockfile does not install it']);
    expect(graph.packages.length).toBe(5);
  });

  it('reads v1 git versions, scoped aliases and bundled entries', () => {
    const graph = graphOf(
      {
        lockfileVersion: 1,
        dependencies: {
          gitdep: { version: 'github:a/gitdep#0123456789abcdef0123456789abcdef01234567', from: 'github:a/gitdep' },
          'my-core': { version: 'npm:@scope/core@1.2.3', resolved: 'https://registry.npmjs.org/@scope/core/-/core-1.2.3.tgz', requires: { inner: '1.0.0' } },
          inner: { version: '1.0.0' },
          p: { version: '1.0.0', requires: { q: '1.0.0' }, dependencies: { q: { version: '1.0.0', bundled: true } } },
        },
      },
      { root: { dependencies: { gitdep: 'github:a/gitdep', 'my-core': 'npm:@scope/core@1.2.3', p: '1.0.0' } }, workspaces: new Map() },
    );
    expect(graph.notScanned).toEqual([{ name: 'gitdep', spec: 'github:a/gitdep#0123456789abcdef0123456789abcdef01234567', reason: 'git' }]);
    expect(findPackage(graph, '@scope/core@1.2.3')).toMatchObject({ aliases: ['my-core'], direct: true });
    expect(findPackage(graph, 'inner@1.0.0')?.paths[0]).toEqual(['root', 'my-core (npm:@scope/core)', 'inner']);
    expect(findPackage(graph, 'q@1.0.0')?.bundled).toBe(true);
  });

  it('a v3 lockfile without its root entry takes the direct dependencies from package.json', () => {
    const graph = graphOf(
      { lockfileVersion: 3, packages: { 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } } },
      { root: { devDependencies: { a: '^1.0.0' } }, workspaces: new Map() },
    );
    expect(findPackage(graph, 'a@1.0.0')).toMatchObject({ direct: true, dev: true, paths: [['root', 'a']] });
    expect(findPackage(graph, 'b@2.0.0')?.direct).toBe(false);
  });

  it('without package.json, treats v1 top-level entries as direct and says so', () => {
    const graph = graphOf({ lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dev: true }, b: { version: '2.0.0' } } });
    expect(findPackage(graph, 'a@1.0.0')).toMatchObject({ direct: true, dev: true });
    expect(findPackage(graph, 'b@2.0.0')).toMatchObject({ direct: true, dev: false });
    expect(graph.problems[0]?.message).toMatch(/package\.json not found/);
  });
});

describe('malformed npm lockfiles fail with the file, the position and what was expected', () => {
  const text = readFileSync(join(FIXTURES_ROOT, 'npm/basic.v3/package-lock.json'), 'utf8');
  const parse = (t: string) => parseNpmLockfile(t, '/p/package-lock.json');
  const lineOf = (needle: string) => lineOfText(text, needle);

  it('truncated file', () => {
    const error = thrown(() => parse(text.slice(0, Math.floor(text.length / 2))));
    expect(error.message).toMatch(/^\/p\/package-lock\.json:\d+:\d+: invalid JSON: expected .*truncated/);
    expect(error.position?.line).toBeGreaterThan(10);
  });

  it('duplicate keys, which JSON.parse would silently merge', () => {
    const duplicated = text.replace('"node_modules/chalk": {', '"node_modules/chalk": { "version": "1.0.0" },\n    "node_modules/chalk": {');
    const error = thrown(() => parse(duplicated));
    expect(error.message).toContain('duplicate key "node_modules/chalk"');
    expect(error.position?.line).toBe(lineOf('"node_modules/chalk": {') + 1);
  });

  it('a newer lockfileVersion with a "packages" object is read as version 3, with a warning on its line', () => {
    const newer = parse(text.replace('"lockfileVersion": 3', '"lockfileVersion": 4'));
    expect([...newer.nodes.keys()]).toEqual([...parse(text).nodes.keys()]);
    expect(newer.problems[0]).toMatchObject({ kind: 'newer-version', line: lineOf('"lockfileVersion"') });
  });

  it('an unknown lockfileVersion without that shape is refused', () => {
    const error = thrown(() => parse('{\n  "lockfileVersion": 4,\n  "dependencies": {}\n}\n'));
    expect(error.message).toContain('unsupported lockfileVersion 4: expected 1, 2 or 3');
    expect(error.position?.line).toBe(2);
  });

  it('an installed entry without a version', () => {
    const lock = JSON.parse(text) as { packages: Record<string, { version?: string }> };
    delete lock.packages['node_modules/chalk']!.version;
    const reformatted = JSON.stringify(lock, null, 2);
    const error = thrown(() => parse(reformatted));
    expect(error.message).toContain('"node_modules/chalk" has no "version"');
    expect(error.position?.line).toBe(reformatted.slice(0, reformatted.indexOf('"node_modules/chalk"')).split('\n').length);
  });

  it('an entry that is not an object, and a top level that is not an object', () => {
    expect(thrown(() => parse('{"lockfileVersion":3,"packages":{"node_modules/a":"1.0.0"}}')).message).toContain('expected the entry for "node_modules/a" to be an object');
    expect(thrown(() => parse('[1,2]')).message).toContain('expected a JSON object at the top level');
    expect(thrown(() => parse('')).message).toContain('the file is empty');
  });

  it('indentation is not significant in JSON: a re-indented lockfile reads the same', () => {
    const reindented = JSON.stringify(JSON.parse(text), null, '\t').replace(/\n\t\t/g, '\n ');
    const a = buildDependencyGraph(parse(text), 'x');
    const b = buildDependencyGraph(parse(reindented), 'x');
    expect(b).toEqual(a);
  });

  it('readLockfile names a missing file', async () => {
    await expect(readLockfile({ path: '/nonexistent/package-lock.json', kind: 'npm' })).rejects.toThrow(/\/nonexistent\/package-lock\.json: file not found/);
  });
});

describe('findLockfile', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const project = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-find-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  };

  it('prefers npm-shrinkwrap.json over package-lock.json, as npm does', () => {
    const dir = project({ 'package-lock.json': '{}', 'npm-shrinkwrap.json': '{}' });
    expect(findLockfile(dir)).toEqual({
      chosen: { path: join(dir, 'npm-shrinkwrap.json'), kind: 'npm-shrinkwrap' },
      ignored: [{ path: join(dir, 'package-lock.json'), kind: 'npm' }],
    });
  });

  it('follows the packageManager field, then the documented order', () => {
    const files = { 'package-lock.json': '{}', 'yarn.lock': '', 'pnpm-lock.yaml': '' };
    expect(findLockfile(project(files)).chosen?.kind).toBe('pnpm');
    expect(findLockfile(project({ ...files, 'package.json': '{"packageManager":"yarn@4.1.0"}' })).chosen?.kind).toBe('yarn');
    expect(findLockfile(project({ ...files, 'package.json': '{"packageManager":"npm@10.2.0+sha256.abc"}' })).chosen?.kind).toBe('npm');
    // A packageManager whose lockfile is absent falls back to the order.
    expect(findLockfile(project({ 'package-lock.json': '{}', 'package.json': '{"packageManager":"bun@1.2.0"}' })).chosen?.kind).toBe('npm');
  });

  it('lockfileKindOf: the kind of a --lockfile path, by its file name', () => {
    expect(lockfileKindOf('/x/npm-shrinkwrap.json')).toBe('npm-shrinkwrap');
    expect(lockfileKindOf('sub/package-lock.json')).toBe('npm');
    expect(lockfileKindOf('yarn.lock')).toBe('yarn');
    expect(lockfileKindOf('bun.lockb')).toBe('bun-binary');
    expect(lockfileKindOf('/x/package.json')).toBeUndefined();
  });

  it('returns nothing for a directory without a lockfile', () => {
    expect(findLockfile(project({ 'package.json': '{}' }))).toEqual({ chosen: undefined, ignored: [] });
  });
});
