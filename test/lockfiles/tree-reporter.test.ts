import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencyGraph, type LockNode } from '../../src/lockfiles/graph.js';
import { readLockfile } from '../../src/lockfiles/index.js';
import { renderTreeJson, renderTreeText } from '../../src/reporters/tree.js';
import { FIXTURES_ROOT } from './expected-fixtures.js';

const node = (id: string, name: string, version: string, deps: string[] = []): LockNode => ({
  id,
  name,
  version,
  source: { type: 'registry' },
  dependencies: deps.map((to) => ({ to, name: to, kind: 'prod' })),
});

describe('spamcheck tree renderers', () => {
  it('JSON: the issue-3 shape, sorted by name then version, lockfile relative to the project', async () => {
    const dir = join(FIXTURES_ROOT, 'npm/basic.v3');
    const graph = await readLockfile({ path: join(dir, 'package-lock.json'), kind: 'npm' });
    const tree = JSON.parse(renderTreeJson(graph, dir)) as {
      format: string;
      lockfile: string;
      packages: { name: string; version: string; direct: boolean; dev: boolean; optional: boolean; bundled: boolean; aliases: string[]; paths: string[][] }[];
      notScanned: { name: string; spec: string; reason: string }[];
    };
    expect(tree.format).toBe('npm-lock-v3');
    expect(tree.lockfile).toBe('package-lock.json');
    const keys = tree.packages.map((p) => [p.name, p.version]);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1)));
    expect(tree.packages.find((p) => p.name === 'chalk')).toEqual({
      name: 'chalk',
      version: '4.1.2',
      direct: true,
      dev: true,
      optional: false,
      bundled: false,
      aliases: [],
      paths: [['root', 'chalk']],
    });
    expect(tree.notScanned.map((n) => n.reason)).toEqual(['link', 'file']);
  });

  it('text: one line per package with flags and a path, not-scanned entries after, no colour when asked', async () => {
    const dir = join(FIXTURES_ROOT, 'npm/basic.v3');
    const graph = await readLockfile({ path: join(dir, 'package-lock.json'), kind: 'npm' });
    const text = renderTreeText(graph, dir, { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`package-lock.json (npm-lock-v3): ${graph.packages.length} registry packages, 2 not scanned`);
    expect(lines).toContain('  ms@2.1.2 (as my-ms)  direct prod  root > my-ms (npm:ms)');
    expect(lines).toContain('  is-number@6.0.0  prod optional  root > is-odd > is-number');
    expect(text).toContain('Not scanned (not from a registry):\n  local-thing  link  file:local-thing\n');
    expect(text).not.toContain('\u001b[');
    expect(renderTreeText(graph, dir, { color: true })).toContain('\u001b[');
  });

  it('strips control characters and escape sequences that a hostile lockfile puts into names', () => {
    const evil = node('node_modules/x', 'x\u001b[2J\u202eevil', '1.0.0\u0007');
    const graph = buildDependencyGraph(
      { format: 'npm-lock-v3', importers: [{ label: 'root', dependencies: [{ to: evil.id, name: evil.name, kind: 'prod' }] }], nodes: new Map([[evil.id, evil]]), problems: [] },
      '/p/package-lock.json',
    );
    const json = renderTreeJson(graph, '/p');
    const text = renderTreeText(graph, '/p', { color: false });
    for (const out of [json, text]) {
      expect(out).not.toMatch(/\u001b|\u202e|\u0007/);
      expect(out).toContain('xevil');
    }
  });
});
