import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencyGraph } from '../../src/lockfiles/graph.js';
import { readLockfile } from '../../src/lockfiles/index.js';
import type { ProjectManifests } from '../../src/lockfiles/project-manifests.js';
import { parseYarnClassicLockfile } from '../../src/lockfiles/yarn-classic/parse.js';
import { expectInstalledFixtureToMatch, FIXTURES_ROOT, scenarioDirs } from './expected-fixtures.js';
import { findPackage, lineOfText, thrown } from './support.js';

describe('yarn.lock v1 written by real yarn 1.22', () => {
  for (const { scenario, dir } of scenarioDirs('yarn-classic')) {
    it(`${scenario}: same packages, dev flags and not-scanned entries as yarn installed`, async () => {
      await expectInstalledFixtureToMatch(dir, 'yarn', 'yarn-classic');
    });
  }

  it('audits the package behind an alias and keeps the alias name', async () => {
    const graph = await readLockfile({ path: join(FIXTURES_ROOT, 'yarn-classic/basic/yarn.lock'), kind: 'yarn' });
    expect(findPackage(graph, 'ms@2.1.2')).toMatchObject({ aliases: ['my-ms'], direct: true, paths: [['root', 'my-ms (npm:ms)']] });
    expect(findPackage(graph, 'ms@2.0.0')?.paths[0]).toEqual(['root', 'debug', 'ms']);
    // has-flag is needed by chalk (dev) and by the file: package (prod): prod wins.
    expect(findPackage(graph, 'has-flag@4.0.0')?.dev).toBe(false);
  });

  it('walks every workspace from its own package.json and links workspaces without fetching them', async () => {
    const graph = await readLockfile({ path: join(FIXTURES_ROOT, 'yarn-classic/workspace/yarn.lock'), kind: 'yarn' });
    expect(findPackage(graph, 'debug@2.6.9')?.paths[0]).toEqual(['packages/app', 'debug']);
    expect(findPackage(graph, 'kind-of@6.0.2')).toMatchObject({ dev: true, paths: [['packages/core', 'kind-of']] });
    expect(graph.packages.some((p) => p.name.startsWith('@fixture/'))).toBe(false);
  });
});

describe('yarn.lock v1 entries the fixture machine cannot produce', () => {
  // Modelled on webpack's yarn.lock: a GitHub shorthand whose name is also an unrelated npm package.
  const lock = `# yarn lockfile v1


"tooling@webpack/tooling#v1.24.0":
  version "1.24.0"
  resolved "https://codeload.github.com/webpack/tooling/tar.gz/4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a"

"gitdep@git+https://github.com/a/gitdep.git#v2":
  version "2.0.0"
  resolved "git+https://github.com/a/gitdep.git#0123456789abcdef0123456789abcdef01234567"

"cdn@https://cdn.example.com/builds/cdn.tgz":
  version "1.0.0"
  resolved "https://cdn.example.com/builds/cdn.tgz#abc"

priv@^1.0.0:
  version "1.2.0"
  resolved "https://npm.corp.example/api/npm/priv/-/priv-1.2.0.tgz#abc"
  integrity sha512-cHJpdg==
  dependencies:
    missing "^3.0.0"
  optionalDependencies:
    fsevents "^2.0.0"

"linked@link:../linked":
  version "0.0.0"
`;
  const project: ProjectManifests = {
    root: { dependencies: { tooling: 'webpack/tooling#v1.24.0', gitdep: 'git+https://github.com/a/gitdep.git#v2', cdn: 'https://cdn.example.com/builds/cdn.tgz', priv: '^1.0.0', linked: 'link:../linked' } },
    workspaces: new Map(),
  };
  const graph = buildDependencyGraph(parseYarnClassicLockfile(lock, 'yarn.lock', project), 'yarn.lock');

  it('never mistakes a git shorthand for the npm package of the same name', () => {
    expect(findPackage(graph, 'tooling@1.24.0')).toBeUndefined();
    expect(graph.notScanned).toEqual([
      { name: 'cdn', spec: 'https://cdn.example.com/builds/cdn.tgz#abc', reason: 'remote-tarball' },
      { name: 'gitdep', spec: 'git+https://github.com/a/gitdep.git#0123456789abcdef0123456789abcdef01234567', reason: 'git' },
      { name: 'linked', spec: 'link:../linked', reason: 'link' },
      { name: 'tooling', spec: 'https://codeload.github.com/webpack/tooling/tar.gz/4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a', reason: 'git' },
    ]);
    expect(findPackage(graph, 'priv@1.2.0')).toMatchObject({ direct: true, integrity: 'sha512-cHJpdg==' });
  });

  it('reports a dependency without an entry, with the line of the dependent, and tolerates a missing optional one', () => {
    expect(graph.problems).toEqual([{ message: '"priv@^1.0.0" depends on "missing@^3.0.0" but yarn.lock has no entry for it', line: 16, key: 'priv@^1.0.0' }]);
  });
});

describe('yarn.lock v1 without its package.json', () => {
  it('treats the entries nothing depends on as the direct ones, and says so', () => {
    const text = readFileSync(join(FIXTURES_ROOT, 'yarn-classic/basic/yarn.lock'), 'utf8');
    const graph = buildDependencyGraph(parseYarnClassicLockfile(text, 'yarn.lock'), 'yarn.lock');
    expect(graph.packages.filter((p) => p.direct).map((p) => `${p.name}@${p.version}`)).toEqual([
      'chalk@4.1.2',
      'debug@2.6.9',
      'is-number@7.0.0',
      'is-odd@3.0.1',
      'ms@2.1.2',
      'ms@2.1.3',
      'resolve@1.22.8',
      'use-sync-external-store@1.2.0',
    ]);
    expect(findPackage(graph, 'ms@2.1.2')?.aliases).toEqual(['my-ms']);
    expect(graph.packages.every((p) => p.paths[0]?.[0] === 'root')).toBe(true);
    expect(graph.problems.map((p) => p.message)).toEqual([expect.stringContaining('package.json not found next to yarn.lock')]);
  });
});

describe('malformed yarn.lock v1 fails with the file, the line and what was expected', () => {
  const text = readFileSync(join(FIXTURES_ROOT, 'yarn-classic/basic/yarn.lock'), 'utf8');
  const parse = (t: string) => parseYarnClassicLockfile(t, '/p/yarn.lock');
  const lineOf = (needle: string) => lineOfText(text, needle);

  it('truncated inside a string', () => {
    const cut = text.indexOf('resolved "https://registry.npmjs.org/debug') + 30;
    const error = thrown(() => parse(text.slice(0, cut)));
    expect(error.message).toMatch(/^\/p\/yarn\.lock:\d+:\d+: unterminated string: expected a closing double quote/);
    expect(error.position?.line).toBe(lineOf('resolved "https://registry.npmjs.org/debug'));
  });

  it('truncated right after an entry header', () => {
    const cut = text.indexOf('debug@2.6.9:') + 'debug@2.6.9:'.length;
    expect(thrown(() => parse(text.slice(0, cut))).message).toContain('the file ends after a');
  });

  it('wrong indentation', () => {
    const broken = text.replace('debug@2.6.9:\n  version', 'debug@2.6.9:\n   version');
    const error = thrown(() => parse(broken));
    expect(error.message).toContain('wrong indentation: expected a multiple of 2 spaces, found 3');
    expect(error.position?.line).toBe(lineOf('debug@2.6.9:') + 1);
  });

  it('duplicate keys', () => {
    const broken = `${text}\ndebug@2.6.9:\n  version "2.6.8"\n`;
    const error = thrown(() => parse(broken));
    expect(error.message).toContain('duplicate key "debug@2.6.9": already declared on line');
    expect(error.position?.line).toBe(broken.split('\n').length - 2);
  });

  it('unknown lockfile version', () => {
    const error = thrown(() => parse(text.replace('# yarn lockfile v1', '# yarn lockfile v7')));
    expect(error.message).toContain('unsupported yarn lockfile v7: expected v1');
    expect(error.position?.line).toBe(2);
  });

  it('Windows line endings read the same as Unix ones', () => {
    const unix = buildDependencyGraph(parse(text), 'yarn.lock');
    expect(buildDependencyGraph(parse(text.replace(/\n/g, '\r\n')), 'yarn.lock')).toEqual(unix);
    expect(unix.packages.length).toBeGreaterThan(10);
  });

  it('an entry without a version', () => {
    const broken = text.replace('debug@2.6.9:\n  version "2.6.9"\n', 'debug@2.6.9:\n');
    const error = thrown(() => parse(broken));
    expect(error.message).toContain('the entry "debug@2.6.9" has no version');
    expect(error.position?.line).toBe(lineOf('debug@2.6.9:'));
  });

  it('a key with a colon that is not quoted', () => {
    const broken = text.replace('"local-thing@file:./local-thing":', 'local-thing@file:./local-thing:');
    const error = thrown(() => parse(broken));
    expect(error.message).toContain("expected a key containing ':' to be in double quotes");
    expect(error.position?.line).toBe(lineOf('"local-thing@file:./local-thing":'));
  });

  it('inputs that make yarn\'s own tokenizer loop forever are stopped or made safe first', () => {
    // A comment with no newline after it, and a string that yarn's escape rule never closes.
    expect(parse('# yarn lockfile v1').nodes.size).toBe(0);
    expect(thrown(() => parse('# yarn lockfile v1\n\n"a@^1":\n  version "1.0.0\\"\n\nb@^1:\n  version "1.0.0"\n')).message).toContain('unterminated string');
  });

  it('a v1 file without the header comment is still read with the v1 grammar', () => {
    const headerless = text.replace(/^(#.*\n)+/, '');
    expect(headerless.startsWith('#')).toBe(false);
    expect(buildDependencyGraph(parse(headerless), 'yarn.lock')).toEqual(buildDependencyGraph(parse(text), 'yarn.lock'));
  });

  it('merge-conflict markers', () => {
    const broken = text.replace('debug@2.6.9:', '<<<<<<< HEAD\ndebug@2.6.9:');
    expect(thrown(() => parse(broken)).message).toMatch(/^\/p\/yarn\.lock:\d+/);
  });
});
