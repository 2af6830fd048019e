import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import { declaredDependencies, matchesWorkspacePatterns, readProjectManifests } from '../../src/lockfiles/project-manifests.js';

describe('workspace globs', () => {
  it('match folders the way npm and yarn expand them', () => {
    expect(matchesWorkspacePatterns('packages/core', ['packages/*'])).toBe(true);
    expect(matchesWorkspacePatterns('packages/core/sub', ['packages/*'])).toBe(false);
    expect(matchesWorkspacePatterns('apps/web/site', ['apps/**'])).toBe(true);
    expect(matchesWorkspacePatterns('tools/cli', ['./tools/cli/'])).toBe(true);
    expect(matchesWorkspacePatterns('packages/legacy', ['packages/*', '!packages/legacy'])).toBe(false);
    expect(matchesWorkspacePatterns('plugins/eslint-plugin-x', ['plugins/eslint-*'])).toBe(true);
    expect(matchesWorkspacePatterns('packagesXcore', ['packages.core'])).toBe(false);
  });
});

describe('declaredDependencies', () => {
  it('gives optional precedence over prod, and prod over dev, as npm does', () => {
    const deps = declaredDependencies(
      { dependencies: { a: '1', b: '1' }, devDependencies: { b: '1', c: '1' }, optionalDependencies: { a: '1' }, peerDependencies: { d: '1' } },
      { includeDev: true },
    );
    expect(Object.fromEntries(deps.map((d) => [d.name, d.kind]))).toEqual({ a: 'optional', b: 'prod', c: 'dev', d: 'peer' });
    expect(declaredDependencies({ devDependencies: { c: '1' }, dependencies: { x: 2 as unknown as string } }, { includeDev: false })).toEqual([]);
  });
});

describe('readProjectManifests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-manifests-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the root and every workspace its globs match, skipping node_modules', async () => {
    const write = (path: string, content: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    };
    write('package.json', JSON.stringify({ name: 'root', workspaces: ['packages/*'] }));
    write('packages/a/package.json', JSON.stringify({ name: 'a' }));
    write('packages/b/package.json', JSON.stringify({ name: 'b' }));
    write('packages/a/node_modules/x/package.json', JSON.stringify({ name: 'x' }));
    write('other/c/package.json', JSON.stringify({ name: 'c' }));
    const project = await readProjectManifests(dir);
    expect(project.root?.name).toBe('root');
    expect([...project.workspaces.keys()].sort()).toEqual(['packages/a', 'packages/b']);
  });

  it('skips a broken workspace package.json and says where it is broken', async () => {
    writeFileSync(join(dir, 'packages/b/package.json'), '{"name": "b",}');
    const project = await readProjectManifests(dir);
    expect([...project.workspaces.keys()]).toEqual(['packages/a']);
    expect(project.problems?.map((p) => p.message)).toEqual([expect.stringMatching(/^workspace package\.json skipped: .*packages\/b\/package\.json:1:14: invalid JSON/)]);
  });

  it('a broken root package.json is fatal, with its position', async () => {
    writeFileSync(join(dir, 'package.json'), '{"name": "root"');
    const error = await readProjectManifests(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockfileError);
    expect((error as LockfileError).message).toMatch(/package\.json:1:\d+: invalid JSON: expected '\}'/);
  });
});
