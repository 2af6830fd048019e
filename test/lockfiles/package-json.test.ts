import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DependencyGraph } from '../../src/lockfiles/graph.js';
import { pickVersion, resolveFromPackageJson } from '../../src/lockfiles/package-json/resolve.js';
import type { Packument, PackumentVersion } from '../../src/facts/npm-types.js';

type Deps = Record<string, string>;
interface VersionSpec {
  dependencies?: Deps;
  optionalDependencies?: Deps;
  peerDependencies?: Deps;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A packument in the npmjs.org shape (dist-tags, versions with dist, time) built from a version table. */
function packument(name: string, versions: Record<string, VersionSpec>, latest = Object.keys(versions).at(-1)!): Packument {
  const entries: Record<string, PackumentVersion> = {};
  const time: Record<string, string> = { created: '2020-01-01T00:00:00.000Z', modified: '2021-01-01T00:00:00.000Z' };
  for (const [version, spec] of Object.entries(versions)) {
    entries[version] = {
      name,
      version,
      ...spec,
      dist: { tarball: `https://registry.example/${name}/-/${name.split('/').pop()}-${version}.tgz`, integrity: `sha512-${name}-${version}`, shasum: 'x' },
    };
    time[version] = '2020-06-01T00:00:00.000Z';
  }
  return { name, 'dist-tags': { latest }, versions: entries, time, maintainers: [{ name: 'someone' }] };
}

/** An in-memory registry that counts fetches and the most fetches in flight at once. */
function registry(packuments: Packument[], delayMs = 0) {
  const byName = new Map(packuments.map((p) => [p.name, p]));
  const stats = { fetches: [] as string[], inFlight: 0, maxInFlight: 0 };
  const fetchPackument = async (name: string): Promise<Packument> => {
    stats.fetches.push(name);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    stats.inFlight--;
    const found = byName.get(name);
    if (!found) throw Object.assign(new Error(`404 Not Found - GET /${name}`), { statusCode: 404 });
    return structuredClone(found);
  };
  return { fetchPackument, stats };
}

function project(manifest: object, workspaces: Record<string, object> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-pkgjson-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [rel, ws] of Object.entries(workspaces)) {
    mkdirSync(join(dir, rel), { recursive: true });
    writeFileSync(join(dir, rel, 'package.json'), JSON.stringify(ws));
  }
  return dir;
}

const ids = (graph: DependencyGraph) => graph.packages.map((p) => `${p.name}@${p.version}`);
const find = (graph: DependencyGraph, id: string) => graph.packages.find((p) => `${p.name}@${p.version}` === id)!;

describe('pickVersion: the version npm would install for a range', () => {
  const p = packument('lib', { '1.0.0': {}, '1.2.0': {}, '1.3.0-beta.1': {}, '2.0.0': {}, '2.1.0': {} }, '1.2.0');
  p['dist-tags']!.next = '2.1.0';

  it('prefers the latest tag when it satisfies, even over a higher match', () => {
    expect(pickVersion(p, '*')).toBe('1.2.0');
    expect(pickVersion(p, '>=1.0.0')).toBe('1.2.0');
    expect(pickVersion(p, '')).toBe('1.2.0');
  });
  it('takes the highest satisfying version when latest does not satisfy, skipping prereleases', () => {
    expect(pickVersion(p, '^2.0.0')).toBe('2.1.0');
    expect(pickVersion(p, '~1.0.0')).toBe('1.0.0');
  });
  it('follows a dist-tag and an exact version; nothing for an impossible range', () => {
    expect(pickVersion(p, 'next')).toBe('2.1.0');
    expect(pickVersion(p, '2.0.0')).toBe('2.0.0');
    expect(pickVersion(p, '^3')).toBeUndefined();
    expect(pickVersion(p, 'not a range')).toBeUndefined();
  });
});

describe('resolveFromPackageJson', () => {
  it('resolves direct and transitive ranges, dedupes by name@version and says the tree is resolved', async () => {
    const reg = registry([
      packument('app-dep', { '1.0.0': { dependencies: { shared: '^1.0.0', leaf: '1.x' } }, '1.1.0': { dependencies: { shared: '^1.1.0', leaf: '1.x' } } }),
      packument('other', { '3.0.0': { dependencies: { shared: '^1.0.0' } } }),
      packument('shared', { '1.0.0': {}, '1.1.0': {}, '1.2.0': {} }, '1.1.0'),
      packument('leaf', { '1.0.0': {}, '1.5.0': {} }),
      packument('dev-tool', { '0.1.0': { dependencies: { leaf: '^1.0.0' } } }),
    ]);
    const dir = project({ name: 'p', dependencies: { 'app-dep': '^1.0.0', other: '3' }, devDependencies: { 'dev-tool': '*' } });
    const graph = await resolveFromPackageJson(dir, reg.fetchPackument);
    expect(graph.format).toBe('package-json-resolved');
    expect(graph.lockfile).toBe(join(dir, 'package.json'));
    expect(ids(graph)).toEqual(['app-dep@1.1.0', 'dev-tool@0.1.0', 'leaf@1.5.0', 'other@3.0.0', 'shared@1.1.0']);
    expect(find(graph, 'shared@1.1.0').paths).toContainEqual(['root', 'app-dep', 'shared']);
    expect(find(graph, 'dev-tool@0.1.0')).toMatchObject({ dev: true, direct: true });
    expect(find(graph, 'leaf@1.5.0').dev).toBe(false);
    expect(find(graph, 'leaf@1.5.0').integrity).toBe('sha512-leaf-1.5.0');
    // Every packument fetched once, however many dependents it has.
    expect(reg.stats.fetches.sort()).toEqual(['app-dep', 'dev-tool', 'leaf', 'other', 'shared']);
    expect(graph.problems).toEqual([]);
  });

  it('survives dependency cycles', async () => {
    const reg = registry([
      packument('a', { '1.0.0': { dependencies: { b: '^1' } } }),
      packument('b', { '1.0.0': { dependencies: { c: '^1' } } }),
      packument('c', { '1.0.0': { dependencies: { a: '^1' } } }),
    ]);
    const graph = await resolveFromPackageJson(project({ dependencies: { a: '1.0.0' } }), reg.fetchPackument);
    expect(ids(graph)).toEqual(['a@1.0.0', 'b@1.0.0', 'c@1.0.0']);
    expect(find(graph, 'c@1.0.0').paths[0]).toEqual(['root', 'a', 'b', 'c']);
  });

  it('keeps at most `concurrency` fetches in flight', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `pkg-${i}`);
    const reg = registry(names.map((n) => packument(n, { '1.0.0': {} })), 5);
    const graph = await resolveFromPackageJson(project({ dependencies: Object.fromEntries(names.map((n) => [n, '^1'])) }), reg.fetchPackument, { concurrency: 3 });
    expect(graph.packages).toHaveLength(12);
    expect(reg.stats.maxInFlight).toBe(3);
  });

  it('records names and ranges it cannot resolve as problems and resolves the rest', async () => {
    const reg = registry([packument('ok', { '1.0.0': { dependencies: { missing: '^1' } } }), packument('old', { '1.0.0': {} })]);
    const graph = await resolveFromPackageJson(project({ dependencies: { ok: '^1', old: '^2' } }), reg.fetchPackument);
    expect(ids(graph)).toEqual(['ok@1.0.0']);
    expect(graph.problems.map((p) => p.key).sort()).toEqual(['missing', 'old']);
    expect(graph.problems.find((p) => p.key === 'missing')!.message).toMatch(/cannot fetch missing .*404/);
    expect(graph.problems.find((p) => p.key === 'old')!.message).toMatch(/no version of old matches "\^2"/);
  });

  it('audits the real package behind an npm: alias, and lists local, git and URL specs as not scanned', async () => {
    const reg = registry([packument('lodash', { '4.17.20': {}, '4.17.21': {} })]);
    const dir = project({
      dependencies: {
        'my-lodash': 'npm:lodash@^4.17.0',
        local: 'file:../local',
        fromgit: 'github:owner/repo#abc',
        short: 'owner/repo',
        remote: 'https://files.example.com/remote-1.0.0.tgz',
      },
    });
    const graph = await resolveFromPackageJson(dir, reg.fetchPackument);
    expect(ids(graph)).toEqual(['lodash@4.17.21']);
    expect(find(graph, 'lodash@4.17.21').aliases).toEqual(['my-lodash']);
    expect(graph.notScanned.map((e) => [e.name, e.reason])).toEqual([
      ['fromgit', 'git'],
      ['local', 'file'],
      ['remote', 'remote-tarball'],
      ['short', 'git'],
    ]);
    expect(reg.stats.fetches).toEqual(['lodash']);
  });

  it('walks every workspace, never fetches the workspaces themselves, and starts paths at the workspace', async () => {
    const reg = registry([packument('left-pad', { '1.3.0': {} }), packument('kleur', { '4.1.5': {} })]);
    const dir = project(
      { name: 'mono', private: true, workspaces: ['packages/*'] },
      {
        'packages/core': { name: '@mono/core', version: '1.0.0', dependencies: { 'left-pad': '^1' } },
        'packages/cli': { name: '@mono/cli', version: '1.0.0', dependencies: { '@mono/core': 'workspace:*', kleur: '^4' } },
      },
    );
    const graph = await resolveFromPackageJson(dir, reg.fetchPackument);
    expect(ids(graph)).toEqual(['kleur@4.1.5', 'left-pad@1.3.0']);
    expect(find(graph, 'left-pad@1.3.0').paths).toEqual([['packages/core', 'left-pad']]);
    expect(find(graph, 'kleur@4.1.5').paths).toEqual([['packages/cli', 'kleur']]);
    expect(reg.stats.fetches.sort()).toEqual(['kleur', 'left-pad']);
    expect(graph.notScanned).toEqual([]);
  });

  it('installs required peers and optional dependencies as npm does, but not optional peers', async () => {
    const reg = registry([
      packument('plugin', {
        '2.0.0': {
          peerDependencies: { host: '^1', 'maybe-host': '*' },
          peerDependenciesMeta: { 'maybe-host': { optional: true } },
          optionalDependencies: { native: '^1' },
        },
      }),
      packument('host', { '1.4.0': {} }),
      packument('native', { '1.0.0': {} }),
      packument('maybe-host', { '1.0.0': {} }),
    ]);
    const graph = await resolveFromPackageJson(project({ dependencies: { plugin: '^2' } }), reg.fetchPackument);
    expect(ids(graph)).toEqual(['host@1.4.0', 'native@1.0.0', 'plugin@2.0.0']);
    expect(find(graph, 'native@1.0.0').optional).toBe(true);
    expect(find(graph, 'host@1.4.0').optional).toBe(false);
  });

  it('a registry answer without versions is a problem, not a crash', async () => {
    const graph = await resolveFromPackageJson(project({ dependencies: { weird: '^1' } }), async () => ({ name: 'weird' }) as unknown as Packument);
    expect(graph.packages).toEqual([]);
    expect(graph.problems[0]!.message).toMatch(/without versions/);
  });
});
