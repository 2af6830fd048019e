import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildDependencyGraph, type DependencyGraph } from '../../src/lockfiles/graph.js';
import { parsePnpmLockfile } from '../../src/lockfiles/pnpm/parse.js';
import { readLockfile } from '../../src/lockfiles/index.js';
import { expectIdsAndNotScannedToMatch, FIXTURES_ROOT, readIdListFixture } from './expected-fixtures.js';
import { expectRandomEditsToEndInGraphOrLockfileError, requirePackage, thrown } from './support.js';

const FIXTURES = join(FIXTURES_ROOT, 'pnpm');
const FORMAT_BY_PREFIX = { v5: 'pnpm-v5', v6: 'pnpm-v6', v9: 'pnpm-v9' } as const;
const fixture = (scenario: string) => readIdListFixture('pnpm', scenario, 'pnpm-lock.yaml');

function graphOf(text: string, file = 'pnpm-lock.yaml'): DependencyGraph {
  return buildDependencyGraph(parsePnpmLockfile(text, file), file);
}

const scenarios = readdirSync(FIXTURES).sort();

describe('pnpm-lock.yaml written by real pnpm releases', () => {
  it('covers every lockfile generation with a basic and a workspace project', () => {
    expect(scenarios).toEqual(['v5-basic', 'v5-workspace', 'v6-basic', 'v6-workspace', 'v9-basic', 'v9-exclude-links', 'v9-workspace']);
  });

  it('v9-exclude-links: a link: dependency pnpm left out of the lockfile (excludeLinksFromLockfile) is listed as not scanned from package.json', async () => {
    const dir = join(FIXTURES, 'v9-exclude-links');
    const graph = await readLockfile({ path: join(dir, 'pnpm-lock.yaml'), kind: 'pnpm' });
    expect(readFileSync(join(dir, 'pnpm-lock.yaml'), 'utf8')).toMatch(/excludeLinksFromLockfile: true/);
    expect(graph.notScanned).toEqual([{ name: 'local-thing', spec: 'link:./local-thing', reason: 'link' }]);
    expect(graph.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['is-number@7.0.0', 'ms@2.1.3']);
    expect(graph.problems).toEqual([]);
  });

  for (const scenario of scenarios) {
    it(`${scenario}: the exact packages and not-scanned entries pnpm itself listed`, () => {
      const { text, file, expected } = fixture(scenario);
      const parsed = parsePnpmLockfile(text, file);
      expect(parsed.format).toBe(FORMAT_BY_PREFIX[scenario.slice(0, 2) as keyof typeof FORMAT_BY_PREFIX]);
      expect(parsed.problems).toEqual([]);
      expectIdsAndNotScannedToMatch(buildDependencyGraph(parsed, file), expected);
    });
  }

  for (const version of ['v5', 'v6', 'v9']) {
    it(`${version}-basic: aliases, dev/optional flags, peers and file: folders`, () => {
      const graph = graphOf(fixture(`${version}-basic`).text);
      // `my-ms: npm:ms@2.1.2` audits ms and remembers the alias; debug's own ms is the same package.
      const ms = requirePackage(graph, 'ms@2.1.2');
      expect(ms.aliases).toEqual(['my-ms']);
      expect(ms.direct).toBe(true);
      expect(ms.paths).toContainEqual(['root', 'my-ms (npm:ms)']);
      expect(requirePackage(graph, 'chalk@4.1.2')).toMatchObject({ dev: true, direct: true });
      expect(requirePackage(graph, 'ansi-styles@4.3.0')).toMatchObject({ dev: true, direct: false, paths: [['root', 'chalk', 'ansi-styles']] });
      expect(requirePackage(graph, 'debug@4.3.4')).toMatchObject({ dev: false, optional: false });
      expect(requirePackage(graph, 'is-odd@3.0.1').optional).toBe(true);
      expect(requirePackage(graph, 'is-number@6.0.0')).toMatchObject({ optional: true, paths: [['root', 'is-odd', 'is-number']] });
      // The peer react is resolved inside the peer-suffixed entry, so it is reached through it too.
      expect(requirePackage(graph, 'react@18.2.0').paths).toContainEqual(['root', 'use-sync-external-store', 'react']);
      // has-flag comes from the registry through the local folder, and through chalk (dev): it is prod.
      expect(requirePackage(graph, 'has-flag@4.0.0')).toMatchObject({ dev: false });
      expect(requirePackage(graph, 'has-flag@4.0.0').paths).toContainEqual(['root', 'local-thing', 'has-flag']);
      expect(requirePackage(graph, 'debug@4.3.4').integrity).toMatch(/^sha512-/);
    });

    it(`${version}-workspace: every workspace is an importer and paths start from the one that pulls a package in`, () => {
      const parsed = parsePnpmLockfile(fixture(`${version}-workspace`).text, 'pnpm-lock.yaml');
      expect(parsed.importers.map((i) => i.label).sort()).toEqual(['packages/app', 'packages/core', 'root']);
      const graph = buildDependencyGraph(parsed, 'pnpm-lock.yaml');
      expect(requirePackage(graph, 'debug@4.3.4').paths).toEqual([['packages/app', 'debug']]);
      expect(requirePackage(graph, 'ms@2.1.3').paths).toEqual([['packages/core', 'ms']]);
      // dev in core, prod in app: prod wins. is-number is only the root's devDependency.
      expect(requirePackage(graph, 'kind-of@6.0.3').dev).toBe(false);
      expect(requirePackage(graph, 'is-number@7.0.0').dev).toBe(true);
      // The sibling workspace is linked, not a package of its own.
      expect(graph.packages.some((p) => p.name.startsWith('@fixture/'))).toBe(false);
      expect(graph.notScanned).toEqual([]);
    });
  }

  it('v9: the patched package is audited under its published version', () => {
    const { text } = fixture('v9-workspace');
    expect(text).toMatch(/is-number@7\.0\.0\(patch_hash=/);
    expect(text).toMatch(/specifier: 'catalog:'/);
    expect(requirePackage(graphOf(text), 'is-number@7.0.0').dev).toBe(true);
  });
});

describe('hand-written entries pnpm could not produce offline', () => {
  // Git hosts are unreachable where the fixtures were made, so these follow pnpm's documented spellings.
  const v9 = `lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      is-plain-obj:
        specifier: github:sindresorhus/is-plain-obj
        version: https://codeload.github.com/sindresorhus/is-plain-obj/tar.gz/1234abcd
      from-git:
        specifier: git+https://git.example.com/team/from-git.git
        version: git+https://git.example.com/team/from-git.git#0123456789abcdef
      remote:
        specifier: https://files.example.com/remote-1.0.0.tgz
        version: https://files.example.com/remote-1.0.0.tgz
      sibling:
        specifier: link:../sibling
        version: link:../sibling
      debug:
        specifier: ^4
        version: obug@1.0.2(ms@2.1.3)
packages:
  is-plain-obj@https://codeload.github.com/sindresorhus/is-plain-obj/tar.gz/1234abcd:
    resolution: {tarball: https://codeload.github.com/sindresorhus/is-plain-obj/tar.gz/1234abcd}
    version: 4.1.0
  from-git@git+https://git.example.com/team/from-git.git#0123456789abcdef:
    resolution: {commit: 0123456789abcdef, repo: https://git.example.com/team/from-git.git, type: git}
    version: 1.0.0
  remote@https://files.example.com/remote-1.0.0.tgz:
    resolution: {tarball: https://files.example.com/remote-1.0.0.tgz}
    version: 1.0.0
  obug@1.0.2:
    resolution: {integrity: sha512-AAAA}
  ms@2.1.3:
    resolution: {integrity: sha512-BBBB}
snapshots:
  is-plain-obj@https://codeload.github.com/sindresorhus/is-plain-obj/tar.gz/1234abcd:
    dependencies:
      ms: 2.1.3
  from-git@git+https://git.example.com/team/from-git.git#0123456789abcdef: {}
  remote@https://files.example.com/remote-1.0.0.tgz: {}
  obug@1.0.2(ms@2.1.3):
    dependencies:
      ms: 2.1.3
  ms@2.1.3: {}
`;

  it('v9: git, remote tarball and link entries are not scanned, with the reason; an override alias audits the real package', () => {
    const graph = graphOf(v9);
    expect(graph.notScanned.map((e) => [e.name, e.reason])).toEqual([
      ['from-git', 'git'],
      ['is-plain-obj', 'git'],
      ['remote', 'remote-tarball'],
      ['sibling', 'link'],
    ]);
    expect(graph.notScanned.find((e) => e.name === 'from-git')?.spec).toBe('https://git.example.com/team/from-git.git#0123456789abcdef');
    expect(graph.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['ms@2.1.3', 'obug@1.0.2']);
    expect(requirePackage(graph, 'obug@1.0.2').aliases).toEqual(['debug']);
    // Registry packages under a git dependency are still audited.
    expect(requirePackage(graph, 'ms@2.1.3').paths).toContainEqual(['root', 'is-plain-obj', 'ms']);
  });

  it('v6 and v5: git entries keyed by host path are not scanned', () => {
    // Both generations write the git package's entry the same way; only the importer part differs.
    const packages = `packages:
  github.com/sindresorhus/is-plain-obj/1234abcd:
    resolution: {tarball: https://codeload.github.com/sindresorhus/is-plain-obj/tar.gz/1234abcd}
    name: is-plain-obj
    version: 4.1.0
    dev: false
`;
    const v6 = `lockfileVersion: '6.0'
dependencies:
  is-plain-obj:
    specifier: github:sindresorhus/is-plain-obj
    version: github.com/sindresorhus/is-plain-obj/1234abcd
${packages}`;
    const v5 = `lockfileVersion: 5.4
specifiers:
  is-plain-obj: github:sindresorhus/is-plain-obj
dependencies:
  is-plain-obj: github.com/sindresorhus/is-plain-obj/1234abcd
${packages}`;
    for (const text of [v6, v5]) {
      const graph = graphOf(text);
      expect(graph.packages).toEqual([]);
      expect(graph.notScanned).toEqual([{ name: 'is-plain-obj', spec: 'https://codeload.github.com/sindresorhus/is-plain-obj/tar.gz/1234abcd', reason: 'git' }]);
    }
  });

  it('a leading document (package-manager dependencies in newer pnpm) does not hide the project', () => {
    const project = fixture('v9-basic').text;
    const text = `---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    configDependencies: {}\npackages:\n  pnpm@10.0.0:\n    resolution: {integrity: sha512-CCCC}\n\n---\n${project}`;
    // Entry lines move down by the leading document's length; everything else is the same.
    const withoutLines = (packages: ReturnType<typeof graphOf>['packages']) => packages.map(({ line: _line, ...rest }) => rest);
    expect(withoutLines(graphOf(text).packages)).toEqual(withoutLines(graphOf(project).packages));
    // Lines in messages count from the top of the whole file, in the project's document.
    const broken = text.replace(/^( {6}debug:\n {8}specifier: 4\.3\.4\n) {8}version: 4\.3\.4\n/m, '$1');
    const debugLine = broken.split('\n').findIndex((l) => l === '      debug:') + 1;
    expect(thrown(() => parsePnpmLockfile(broken, 'pnpm-lock.yaml')).position?.line).toBe(debugLine);
  });

  it('a reference to an entry the lockfile lacks is a problem, and the rest is still read', () => {
    const text = `lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      gone:
        specifier: ^1
        version: 1.0.0
      ms:
        specifier: ^2
        version: 2.1.3
packages:
  ms@2.1.3:
    resolution: {integrity: sha512-BBBB}
snapshots:
  ms@2.1.3: {}
`;
    const parsed = parsePnpmLockfile(text, 'pnpm-lock.yaml');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.message).toMatch(/gone@1\.0\.0.*does not list/);
    expect(buildDependencyGraph(parsed, 'x').packages.map((p) => p.name)).toEqual(['ms']);
  });
});

describe('malformed pnpm-lock.yaml', () => {
  const base = fixture('v9-basic').text;
  const lines = base.split('\n');
  const lineNumberOf = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l)) + 1;

  it('truncated inside an entry: the file, the line and what was expected', () => {
    const cut = base.indexOf('{integrity: sha512-zbB9') + 30;
    const error = thrown(() => parsePnpmLockfile(base.slice(0, cut), '/p/pnpm-lock.yaml'));
    expect(error.message).toMatch(/^\/p\/pnpm-lock\.yaml:\d+:\d+: invalid YAML: .*Expected a pnpm-lock\.yaml/);
    // The parser notices at the end of the input: the last line, or the empty one after it.
    expect(error.message).toMatch(/unexpected end of the stream/);
    const lastLine = base.slice(0, cut).split('\n').length;
    expect([lastLine, lastLine + 1]).toContain(error.position?.line);
  });

  it('wrong indentation: names the line of the misplaced key', () => {
    const bad = [...lines];
    const at = lineNumberOf(/^ {6}debug:$/);
    bad[at - 1] = '    debug:';
    const error = thrown(() => parsePnpmLockfile(bad.join('\n'), 'pnpm-lock.yaml'));
    // YAML sees the damage at the next sibling (`local-thing`), still indented as before: 3 lines on.
    expect(error.message).toBe(
      `pnpm-lock.yaml:${at + 3}:7: invalid YAML: bad indentation of a mapping entry. Expected a pnpm-lock.yaml as pnpm writes it; run \`pnpm install\` to rewrite it.`,
    );
  });

  it('a newer major lockfileVersion with importers is read as 9.0, with a warning', () => {
    const newer = parsePnpmLockfile(base.replace("lockfileVersion: '9.0'", "lockfileVersion: '10.0'"), 'pnpm-lock.yaml');
    expect([...newer.nodes.keys()]).toEqual([...parsePnpmLockfile(base, 'pnpm-lock.yaml').nodes.keys()]);
    expect(newer.problems[0]).toMatchObject({ kind: 'newer-version', line: 1 });
  });

  it('unknown lockfileVersion', () => {
    const error = thrown(() => parsePnpmLockfile(base.replace("lockfileVersion: '9.0'", "lockfileVersion: '7.0'"), 'pnpm-lock.yaml'));
    expect(error.message).toBe(
      'pnpm-lock.yaml:1: unknown lockfileVersion "7.0"; expected lockfileVersion 5.x, 6.0 or 9.0. Upgrade spamcheck or regenerate the lockfile with a supported pnpm.',
    );
    expect(thrown(() => parsePnpmLockfile('importers: {}\n', 'pnpm-lock.yaml')).message).toMatch(/missing lockfileVersion/);
  });

  it('duplicate keys: the line of the second one', () => {
    const at = lineNumberOf(/^ {2}ms@2\.1\.2: \{\}$/);
    const bad = [...lines.slice(0, at), '', '  ms@2.1.2: {}', ...lines.slice(at)].join('\n');
    const error = thrown(() => parsePnpmLockfile(bad, 'pnpm-lock.yaml'));
    expect(error.message).toMatch(/invalid YAML: duplicated mapping key/);
    expect(error.position?.line).toBe(at + 2);
  });

  it('an importer dependency without a version', () => {
    const at = lineNumberOf(/^ {8}version: 4\.3\.4$/);
    const bad = lines.filter((_, i) => i !== at - 1).join('\n');
    const error = thrown(() => parsePnpmLockfile(bad, 'pnpm-lock.yaml'));
    expect(error.message).toMatch(/^pnpm-lock\.yaml:\d+ \(at debug\): dependency "debug" of importer "\." has no version; expected `version: <resolved version>`/);
    expect(error.position?.line).toBe(at - 2);
  });

  it('a package entry without a version in its key', () => {
    const bad = base.replace(/^ {2}ms@2\.1\.2: \{\}$/m, '  ms: {}');
    const error = thrown(() => parsePnpmLockfile(bad, 'pnpm-lock.yaml'));
    expect(error.message).toMatch(/package entry "ms" has no name and version; expected a key like name@1\.0\.0/);
    expect(error.position?.line).toBe(lineNumberOf(/^ {2}ms@2\.1\.2: \{\}$/));
  });

  it('fuzz: mutated real lockfiles end in a graph or a LockfileError, never another exception', () => {
    const texts = scenarios.map((s) => fixture(s).text);
    expectRandomEditsToEndInGraphOrLockfileError(texts, graphOf, [':', '\n  ', '- ', '{', '(', '@', "'", 'link:', '/', '&a', '*a'], 300);
  });
});

describe('entry lines in a large lockfile', () => {
  // Each entry's line used to be found by reading its section from the top: quadratic in the
  // entries (7-9 s for 5,000; `npm run bench` prints the figure). Lines are now read once per block.
  const count = 400;
  const key = (i: number) => (i % 3 === 0 ? `'@scope/pkg-${i}@1.0.${i}'` : `pkg-${i}@1.0.${i}`);
  const text = [
    "lockfileVersion: '9.0'",
    '',
    'importers:',
    '  .:',
    '    dependencies:',
    "      pkg-1:",
    '        specifier: ^1.0.1',
    '        version: 1.0.1',
    '',
    'packages:',
    ...Array.from({ length: count }, (_, i) => [`  ${key(i)}:`, `    resolution: {integrity: sha512-${'A'.repeat(86)}==}`]).flat(),
    '',
    'snapshots:',
    ...Array.from({ length: count }, (_, i) => (i % 2 === 0 ? [`  ${key(i)}: {}`] : [`  ${key(i)}:`, '    dependencies:', `      pkg-${(i + 1) % count}: 1.0.${(i + 1) % count}`])).flat(),
    '',
  ].join('\n');
  const lines = text.split('\n');

  it('reads the lines of the lockfile a bounded number of times, not once per entry', () => {
    // Work, not time: the old search trimmed every line of the section again for each entry.
    const trim = vi.spyOn(String.prototype, 'trim');
    try {
      parsePnpmLockfile(text, 'pnpm-lock.yaml');
      expect(trim.mock.calls.length).toBeLessThan(10 * lines.length);
    } finally {
      trim.mockRestore();
    }
  });

  it('gives every entry the line of its key in snapshots, not in packages', () => {
    const parsed = parsePnpmLockfile(text, 'pnpm-lock.yaml');
    const snapshots = lines.indexOf('snapshots:');
    expect(parsed.nodes.size).toBe(count);
    for (const node of parsed.nodes.values()) {
      const quoted = node.id.startsWith('@') ? `'${node.id}'` : node.id;
      const expected = lines.findIndex((l, i) => i > snapshots && (l === `  ${quoted}:` || l === `  ${quoted}: {}`)) + 1;
      expect(node.line, node.id).toBe(expected);
    }
  });
});
