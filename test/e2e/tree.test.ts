/**
 * `spamcheck tree`: the graph as parsed, with no network, so users and tests see exactly what an
 * audit will cover; and the choice between several lockfiles in one folder.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sealedEnv } from '../support/cli.js';

interface TreeJson {
  format: string;
  lockfile: string;
  packages: { name: string; version: string; direct: boolean; dev: boolean; optional: boolean; paths: string[][] }[];
  notScanned: { name: string; spec: string; reason: string }[];
}

describe('spamcheck tree', () => {
  it('prints every registry package with flags and a path, and the not-scanned entries, sorted, without touching a registry', async () => {
    // An unreachable registry proves no network is used.
    const result = await runCli(['tree', join(REPO_ROOT, 'fixtures/projects/npm-v3'), '--json'], { env: sealedEnv({ npm_config_registry: 'http://127.0.0.1:9/' }) });
    expect(result.code).toBe(0);
    const tree = JSON.parse(result.stdout) as TreeJson;
    expect(tree.format).toBe('npm-lock-v3');
    expect(tree.packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      '@private/secret-util@1.0.0',
      'curl-dropper@1.0.0',
      'dev-helper@3.1.0',
      'flaky-pkg@1.0.0',
      'gone-pkg@2.0.0',
      'opt-native@1.0.0',
      'tidy-utils@1.2.0',
      'tiny-dep@0.1.0',
    ]);
    const tiny = tree.packages.find((p) => p.name === 'tiny-dep')!;
    expect(tiny).toMatchObject({ direct: false, dev: false, optional: false });
    // Shortest path first; the dev path through dev-helper is listed too but does not make it dev.
    expect(tiny.paths[0]).toEqual(['root', 'tidy-utils', 'tiny-dep']);
    expect(tiny.paths).toContainEqual(['root', 'dev-helper', 'tidy-utils', 'tiny-dep']);
    expect(tree.packages.find((p) => p.name === 'dev-helper')).toMatchObject({ direct: true, dev: true });
    expect(tree.notScanned.map((n) => n.name).sort()).toEqual(['git-dep', 'local-lib']);
  });

  it('prints a readable text tree too', async () => {
    const result = await runCli(['tree', join(REPO_ROOT, 'fixtures/projects/npm-v3'), '--no-color'], { env: sealedEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tiny-dep@0.1.0');
    expect(result.stdout).toMatch(/root > tidy-utils > tiny-dep/);
  });

  it('with two lockfiles, uses the one the packageManager field names and reports the other as not used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-two-locks-'));
    copyFileSync(join(REPO_ROOT, 'fixtures/projects/npm-v3/package-lock.json'), join(dir, 'package-lock.json'));
    writeFileSync(join(dir, 'yarn.lock'), '# yarn lockfile v1\n\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#5b8a3a7765dfe001261dde915589e782f8c94d1e"\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'two', dependencies: { 'left-pad': '^1.3.0' }, packageManager: 'npm@10.9.0' }));
    const npmChosen = JSON.parse((await runCli(['tree', dir, '--json'], { env: sealedEnv() })).stdout) as TreeJson;
    expect(npmChosen.format).toBe('npm-lock-v3');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'two', dependencies: { 'left-pad': '^1.3.0' }, packageManager: 'yarn@1.22.22' }));
    const yarnChosen = JSON.parse((await runCli(['tree', dir, '--json'], { env: sealedEnv() })).stdout) as TreeJson;
    expect(yarnChosen.format).toBe('yarn-classic');
    expect(yarnChosen.packages.map((p) => p.name)).toEqual(['left-pad']);
  });

  it('refuses bun.lockb with exit 2 and says how to get a text lockfile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-lockb-'));
    writeFileSync(join(dir, 'bun.lockb'), Buffer.from([0x23, 0x21, 0x2f, 0x75, 0x73, 0x72, 0, 1, 2, 3]));
    writeFileSync(join(dir, 'package.json'), '{"name":"b"}');
    const result = await runCli(['tree', dir], { env: sealedEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bun install --save-text-lockfile');
  });
});
