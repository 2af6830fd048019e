import { describe, expect, it } from 'vitest';
import { buildDependencyGraph, type LockNode, type ParsedLockfile } from '../../src/lockfiles/graph.js';
import { requirePackage } from './support.js';

function node(id: string, name: string, version: string, deps: string[] = []): LockNode {
  return { id, name, version, source: { type: 'registry' }, dependencies: deps.map((to) => ({ to, name: to.split('@')[0]!, kind: 'prod' as const })) };
}

describe('dependency paths', () => {
  it('records a path for a package reachable only through an older copy of itself', () => {
    // foo@1 depends on foo@2 (a compat shim re-exporting the new major): the name repeats, the package does not.
    const nodes = new Map([node('foo@1', 'foo', '1.0.0', ['foo@2']), node('foo@2', 'foo', '2.0.0')].map((n) => [n.id, n]));
    const parsed: ParsedLockfile = { format: 'npm-lock-v3', importers: [{ label: 'root', dependencies: [{ to: 'foo@1', name: 'foo', kind: 'prod' }] }], nodes, problems: [] };
    const graph = buildDependencyGraph(parsed, 'package-lock.json');
    expect(requirePackage(graph, 'foo@2.0.0').paths).toEqual([['root', 'foo', 'foo']]);
    expect(graph.problems).toEqual([]);
  });

  it('still stops at a real cycle (the same name@version again)', () => {
    const nodes = new Map([node('a@1', 'a', '1.0.0', ['b@1']), node('b@1', 'b', '1.0.0', ['a@1'])].map((n) => [n.id, n]));
    const parsed: ParsedLockfile = { format: 'npm-lock-v3', importers: [{ label: 'root', dependencies: [{ to: 'a@1', name: 'a', kind: 'prod' }] }], nodes, problems: [] };
    const graph = buildDependencyGraph(parsed, 'package-lock.json');
    expect(requirePackage(graph, 'a@1.0.0').paths).toEqual([['root', 'a']]);
    expect(requirePackage(graph, 'b@1.0.0').paths).toEqual([['root', 'a', 'b']]);
  });
});
