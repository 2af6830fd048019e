import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencyGraph } from '../../src/lockfiles/graph.js';
import { readLockfile } from '../../src/lockfiles/index.js';
import type { ProjectManifests } from '../../src/lockfiles/project-manifests.js';
import { parseYarnBerryLockfile } from '../../src/lockfiles/yarn-berry/parse.js';
import { expectInstalledFixtureToMatch, FIXTURES_ROOT, scenarioDirs } from './expected-fixtures.js';
import { findPackage, lineOfText, thrown } from './support.js';

describe('yarn berry lockfiles written by real Yarn 3.8 (__metadata 6) and 4.18 (__metadata 10)', () => {
  for (const { scenario, dir } of scenarioDirs('yarn-berry')) {
    it(`${scenario}: same packages, dev flags and not-scanned entries as yarn installed`, async () => {
      await expectInstalledFixtureToMatch(dir, 'yarn', 'yarn-berry');
    });
  }

  it('audits a patch: entry as its base package, once', async () => {
    for (const scenario of ['basic.v6', 'basic.v10']) {
      const path = join(FIXTURES_ROOT, `yarn-berry/${scenario}/yarn.lock`);
      expect(readFileSync(path, 'utf8')).toContain('resolve@patch:resolve@');
      const graph = await readLockfile({ path, kind: 'yarn' });
      expect(graph.packages.filter((p) => p.name === 'resolve').map((p) => p.version)).toEqual(['1.22.8']);
      expect(findPackage(graph, 'resolve@1.22.8')).toMatchObject({ direct: true, paths: [['root', 'resolve']] });
      expect(findPackage(graph, 'path-parse@1.0.7')?.paths[0]).toEqual(['root', 'resolve', 'path-parse']);
      expect(graph.notScanned.some((n) => n.spec.includes('patch:'))).toBe(false);
    }
  });

  it('keeps the alias name, and starts workspace paths at the workspace', async () => {
    const basic = await readLockfile({ path: join(FIXTURES_ROOT, 'yarn-berry/basic.v10/yarn.lock'), kind: 'yarn' });
    expect(findPackage(basic, 'ms@2.1.2')).toMatchObject({ aliases: ['my-ms'], paths: [['root', 'my-ms (npm:ms)']] });
    expect(findPackage(basic, 'is-odd@3.0.1')?.optional).toBe(true);
    const ws = await readLockfile({ path: join(FIXTURES_ROOT, 'yarn-berry/workspace.v10/yarn.lock'), kind: 'yarn' });
    expect(findPackage(ws, 'debug@2.6.9')?.paths[0]).toEqual(['packages/app', 'debug']);
    expect(findPackage(ws, 'kind-of@6.0.2')).toMatchObject({ dev: true, paths: [['packages/core', 'kind-of']] });
    expect(ws.packages.some((p) => p.name.startsWith('@fixture/'))).toBe(false);
  });
});

describe('yarn berry entries the fixture machine cannot produce', () => {
  const lock = `__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    gitdep: "https://github.com/a/gitdep.git#v2"
    linked: "link:../linked"
    cdn: "https://cdn.example.com/builds/cdn.tgz"
    parent: "npm:^1.0.0"
    types: "npm:^1.0.0"
    patched: "patch:patched@npm%3A^1.0.0#~/.yarn/patches/patched.patch"
  languageName: unknown
  linkType: soft

"gitdep@https://github.com/a/gitdep.git#v2":
  version: 2.0.0
  resolution: "gitdep@https://github.com/a/gitdep.git#commit=0123456789abcdef0123456789abcdef01234567"
  languageName: node
  linkType: hard

"linked@link:../linked::locator=app%40workspace%3A.":
  version: 0.0.0-use.local
  resolution: "linked@link:../linked::locator=app%40workspace%3A."
  languageName: node
  linkType: soft

"cdn@https://cdn.example.com/builds/cdn.tgz":
  version: 1.0.0
  resolution: "cdn@https://cdn.example.com/builds/cdn.tgz"
  languageName: node
  linkType: hard

"parent@npm:^1.0.0":
  version: 1.0.0
  resolution: "parent@npm:1.0.0"
  dependencies:
    "@scope/child": "npm:^1.0.0"
  languageName: node
  linkType: hard

"@scope/child@npm:2.0.0":
  version: 2.0.0
  resolution: "@scope/child@npm:2.0.0"
  languageName: node
  linkType: hard

"types@npm:18.x":
  version: 18.1.0
  resolution: "types@npm:18.1.0"
  languageName: node
  linkType: hard

"patched@npm:^1.0.0":
  version: 1.0.0
  resolution: "patched@npm:1.0.0"
  languageName: node
  linkType: hard

"patched@patch:patched@npm%3A^1.0.0#~/.yarn/patches/patched.patch":
  version: 1.0.0
  resolution: "patched@patch:patched@npm%3A1.0.0#~/.yarn/patches/patched.patch::version=1.0.0&hash=abc123"
  languageName: node
  linkType: hard
`;
  const project: ProjectManifests = { root: { resolutions: { types: '18.x', 'parent/@scope/child': '2.0.0' } }, workspaces: new Map() };
  const graph = buildDependencyGraph(parseYarnBerryLockfile(lock, 'yarn.lock', project), 'yarn.lock');

  it('classifies git, link and remote tarball resolutions', () => {
    expect(graph.notScanned).toEqual([
      { name: 'cdn', spec: 'https://cdn.example.com/builds/cdn.tgz', reason: 'remote-tarball' },
      { name: 'gitdep', spec: 'https://github.com/a/gitdep.git#commit=0123456789abcdef0123456789abcdef01234567', reason: 'git' },
      { name: 'linked', spec: 'link:../linked', reason: 'link' },
    ]);
  });

  it('sends an explicit patch: dependency to the base package, audited once', () => {
    expect(graph.packages.filter((p) => p.name === 'patched')).toMatchObject([{ version: '1.0.0', direct: true, paths: [['root', 'patched']] }]);
  });

  it('follows root resolutions, including a parent-scoped one, instead of reporting missing entries', () => {
    expect(graph.problems).toEqual([]);
    expect(findPackage(graph, 'types@18.1.0')?.direct).toBe(true);
    expect(findPackage(graph, '@scope/child@2.0.0')?.paths[0]).toEqual(['root', 'parent', '@scope/child']);
  });

  it('without the resolutions, the same edges are reported as problems with the line of the dependent', () => {
    const bare = buildDependencyGraph(parseYarnBerryLockfile(lock, 'yarn.lock'), 'yarn.lock');
    expect(bare.problems.map((p) => [p.message, p.line]).sort()).toEqual([
      ['"app@workspace:." depends on "types@npm:^1.0.0" but yarn.lock has no entry for it', 5],
      ['"parent@npm:1.0.0" depends on "@scope/child@npm:^1.0.0" but yarn.lock has no entry for it', 36],
      ['2 locked packages are not reachable from the project or any workspace (@scope/child@2.0.0, types@18.1.0); they are audited anyway', undefined],
    ]);
  });
});

describe('malformed berry lockfiles fail with the file, the line and what was expected', () => {
  const text = readFileSync(join(FIXTURES_ROOT, 'yarn-berry/basic.v10/yarn.lock'), 'utf8');
  const parse = (t: string) => parseYarnBerryLockfile(t, '/p/yarn.lock');
  const lineOf = (needle: string) => lineOfText(text, needle);
  const header = '"debug@npm:2.6.9":';

  it('truncated inside a string', () => {
    const cut = text.indexOf('resolution: "debug@npm') + 20;
    const error = thrown(() => parse(text.slice(0, cut)));
    expect(error.message).toMatch(/^\/p\/yarn\.lock:\d+:\d+: unterminated string/);
    expect(error.position?.line).toBe(lineOf('resolution: "debug@npm'));
  });

  it('wrong indentation', () => {
    const broken = text.replace(`${header}\n  version: 2.6.9\n  resolution`, `${header}\n  version: 2.6.9\n    resolution`);
    const error = thrown(() => parse(broken));
    expect(error.message).toContain('wrong indentation: expected at most 2 spaces here, found 4');
    expect(error.position?.line).toBe(lineOf(header) + 2);
  });

  it('duplicate keys', () => {
    const broken = `${text}\n${header}\n  version: 2.6.8\n  resolution: "debug@npm:2.6.8"\n`;
    const error = thrown(() => parse(broken));
    expect(error.message).toContain('duplicate key "debug@npm:2.6.9"');
    expect(error.position?.line).toBe(broken.split('\n').length - 3);
  });

  it('unknown or missing __metadata.version', () => {
    const future = thrown(() => parse(text.replace(/__metadata:\n {2}version: \d+/, '__metadata:\n  version: 42')));
    expect(future.message).toContain('unsupported yarn lockfile __metadata.version 42: expected 3 to 10');
    expect(future.position?.line).toBe(lineOf('__metadata:'));
    expect(thrown(() => parse(text.replace(/__metadata:\n {2}version: \d+\n/, '__metadata:\n'))).message).toContain('__metadata.version missing');
  });

  it('Windows line endings read the same as Unix ones', () => {
    const unix = buildDependencyGraph(parse(text), 'yarn.lock');
    expect(buildDependencyGraph(parse(text.replace(/\n/g, '\r\n')), 'yarn.lock')).toEqual(unix);
    expect(unix.packages.length).toBeGreaterThan(10);
  });

  it('an entry without a version', () => {
    const broken = text.replace(`${header}\n  version: 2.6.9\n`, `${header}\n`);
    const error = thrown(() => parse(broken));
    expect(error.message).toContain('the entry "debug@npm:2.6.9" has no version');
    expect(error.position?.line).toBe(lineOf(header));
  });
});
