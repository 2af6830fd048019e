import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBunLockfile } from '../../src/lockfiles/bun/parse.js';
import { buildDependencyGraph, type DependencyGraph } from '../../src/lockfiles/graph.js';
import { readLockfile } from '../../src/lockfiles/index.js';
import { expectIdsAndNotScannedToMatch, FIXTURES_ROOT, readIdListFixture } from './expected-fixtures.js';
import { expectRandomEditsToEndInGraphOrLockfileError, requirePackage, thrown } from './support.js';

const FIXTURES = join(FIXTURES_ROOT, 'bun');
const fixture = (scenario: string) => readIdListFixture('bun', scenario, 'bun.lock');

function graphOf(text: string, file = 'bun.lock'): DependencyGraph {
  return buildDependencyGraph(parseBunLockfile(text, file), file);
}

// `binary` holds a real bun.lockb (bun 1.1), which is refused rather than parsed.
const scenarios = readdirSync(FIXTURES)
  .filter((s) => s !== 'binary')
  .sort();

describe('bun.lock written by bun 1.2 and 1.3', () => {
  it('has a basic and a workspace project (bun 1.2) and an overrides project (bun 1.3, configVersion)', () => {
    expect(scenarios).toEqual(['basic', 'overrides.v1.3', 'workspace']);
  });

  it('overrides.v1.3: configVersion is accepted and an override replaces the range a dependency asked for', () => {
    const { text } = fixture('overrides.v1.3');
    expect(text).toMatch(/"configVersion": 1/);
    const graph = graphOf(text);
    expect(graph.problems).toEqual([]);
    // is-odd asks for is-number ^6.0.0; the root's override pins 7.0.0, and bun installed only that one.
    expect(requirePackage(graph, 'is-number@7.0.0').paths).toEqual([['root', 'is-odd', 'is-number']]);
    expect(graph.packages.map((p) => `${p.name}@${p.version}`)).not.toContain('is-number@6.0.0');
    expect(requirePackage(graph, 'debug@4.3.4')).toMatchObject({ dev: true, direct: true });
  });

  for (const scenario of scenarios) {
    it(`${scenario}: the exact packages bun laid out in node_modules and the not-scanned entries`, () => {
      const { text, file, expected } = fixture(scenario);
      const parsed = parseBunLockfile(text, file);
      expect(parsed.format).toBe('bun-text');
      expect(parsed.problems).toEqual([]);
      expectIdsAndNotScannedToMatch(buildDependencyGraph(parsed, file), expected);
    });
  }

  it('basic: aliases only visible in the key, nested installs, dev/optional flags, file: folders and URL tarballs', () => {
    const graph = graphOf(fixture('basic').text);
    const ms = requirePackage(graph, 'ms@2.1.2');
    expect(ms.aliases).toEqual(['my-ms']);
    expect(ms.paths).toContainEqual(['root', 'my-ms (npm:ms)']);
    expect(ms.paths).toContainEqual(['root', 'debug', 'ms']);
    // "is-odd/is-number" is is-odd's own copy; the top-level is-number is the root's dev dependency.
    expect(requirePackage(graph, 'is-number@6.0.0')).toMatchObject({ optional: true, dev: false, paths: [['root', 'is-odd', 'is-number']] });
    expect(requirePackage(graph, 'is-number@7.0.0')).toMatchObject({ dev: true, optional: false, direct: true });
    expect(requirePackage(graph, 'color-name@1.1.4')).toMatchObject({ dev: true, direct: false, paths: [['root', 'chalk', 'ansi-styles', 'color-convert', 'color-name']] });
    expect(requirePackage(graph, 'react@18.2.0').paths).toContainEqual(['root', 'use-sync-external-store', 'react']);
    expect(requirePackage(graph, 'has-flag@4.0.0')).toMatchObject({ dev: false });
    expect(requirePackage(graph, 'has-flag@4.0.0').paths).toContainEqual(['root', 'local-thing', 'has-flag']);
    expect(requirePackage(graph, 'debug@4.3.4').integrity).toMatch(/^sha512-/);
    expect(graph.notScanned).toEqual([
      { name: 'local-thing', spec: 'file:local-thing', reason: 'file' },
      { name: 'ms', spec: 'https://registry.npmjs.org/ms/-/ms-2.0.0.tgz', reason: 'remote-tarball' },
    ]);
  });

  it('workspace: workspaces are importers; a workspace-scoped install resolves for that workspace only', () => {
    const parsed = parseBunLockfile(fixture('workspace').text, 'bun.lock');
    expect(parsed.importers.map((i) => i.label)).toEqual(['root', 'packages/app', 'packages/core']);
    const graph = buildDependencyGraph(parsed, 'bun.lock');
    // "@fixture/core/kind-of" is core's 6.0.3 (dev there); app gets the hoisted 5.1.0 (prod).
    expect(requirePackage(graph, 'kind-of@6.0.3')).toMatchObject({ dev: true, paths: [['packages/core', 'kind-of']] });
    expect(requirePackage(graph, 'kind-of@5.1.0')).toMatchObject({ dev: false, paths: [['packages/app', 'kind-of']] });
    // `catalog:` resolved by bun to 2.1.3.
    expect(requirePackage(graph, 'ms@2.1.3').paths).toEqual([['packages/core', 'ms']]);
    expect(graph.packages.some((p) => p.name.startsWith('@fixture/'))).toBe(false);
    expect(graph.notScanned).toEqual([]);
  });
});

describe('hand-written bun.lock entries', () => {
  // Git hosts are unreachable where the fixtures were made; these follow bun.lock's spellings.
  const text = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "x",
      "dependencies": {
        "is-plain-obj": "github:sindresorhus/is-plain-obj",
        "from-git": "git+https://git.example.com/team/from-git.git",
        "linked": "link:linked",
        "left-pad": "^1",
        "gone": "^1",
      },
    },
  },
  "packages": {
    "is-plain-obj": ["is-plain-obj@github:sindresorhus/is-plain-obj#1234abc", { "dependencies": { "left-pad": "^1" } }, "sindresorhus-is-plain-obj-1234abc"],
    "from-git": ["from-git@git+https://git.example.com/team/from-git.git#0123456", {}, "0123456"],
    "linked": ["linked@link:linked", {}],
    "left-pad": ["left-pad@1.3.0", "https://npm.example.com/", {}, "sha512-AAAA"],
  },
}`;

  it('git and link entries are not scanned with their reason; registry packages under them still are', () => {
    const parsed = parseBunLockfile(text, 'bun.lock');
    const graph = buildDependencyGraph(parsed, 'bun.lock');
    expect(graph.notScanned).toEqual([
      { name: 'from-git', spec: 'git+https://git.example.com/team/from-git.git#0123456', reason: 'git' },
      { name: 'is-plain-obj', spec: 'github:sindresorhus/is-plain-obj#1234abc', reason: 'git' },
      { name: 'linked', spec: 'link:linked', reason: 'link' },
    ]);
    expect(requirePackage(graph, 'left-pad@1.3.0').paths).toEqual([['root', 'left-pad'], ['root', 'is-plain-obj', 'left-pad']]);
    // A dependency bun.lock does not list is reported, not dropped silently.
    expect(parsed.problems.map((p) => p.key)).toEqual(['gone']);
  });
});

describe('bun.lockb and malformed bun.lock', () => {
  const base = fixture('basic').text;
  const lines = base.split('\n');
  const lineNumberOf = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l)) + 1;

  it('bun.lockb: says it is binary and how to get a text lockfile, through the lockfile dispatch too', async () => {
    const realLockb = join(FIXTURES, 'binary', 'bun.lockb');
    const direct = thrown(() => parseBunLockfile(readFileSync(realLockb, 'latin1'), '/p/bun.lockb'));
    expect(direct.message).toMatch(/^\/p\/bun\.lockb: this is a binary bun\.lockb.*`bun install --save-text-lockfile`/);
    expect(direct.exitCode).toBe(2);
    await expect(readLockfile({ path: realLockb, kind: 'bun-binary' })).rejects.toThrow(/binary bun\.lockb, which spamcheck cannot read\. Run `bun install --save-text-lockfile`/);
    // Renamed to bun.lock, the bytes still give the same advice instead of a JSON error.
    const dir = mkdtempSync(join(tmpdir(), 'spamcheck-bunlockb-'));
    writeFileSync(join(dir, 'bun.lock'), readFileSync(realLockb));
    await expect(readLockfile({ path: join(dir, 'bun.lock'), kind: 'bun' })).rejects.toThrow(/--save-text-lockfile/);
  });

  it('truncated: JSON position with line and column', () => {
    const cut = base.indexOf('"debug": ["debug@4.3.4"') + 12;
    const error = thrown(() => parseBunLockfile(base.slice(0, cut), '/p/bun.lock'));
    expect(error.message).toMatch(/^\/p\/bun\.lock:\d+:\d+: invalid bun\.lock: \w+\. Expected JSON with optional trailing commas/);
    expect(error.position?.line).toBe(base.slice(0, cut).split('\n').length);
  });

  it('wrong indentation is harmless: JSON ignores it, so the same graph comes out', () => {
    const reindented = lines.map((l, i) => (i % 3 === 0 ? l.trimStart() : `\t${l}`)).join('\n');
    expect(graphOf(reindented).packages).toEqual(graphOf(base).packages);
  });

  it('a newer lockfileVersion with the known shape is read as version 1, with a warning on its line', () => {
    const newer = parseBunLockfile(base.replace('"lockfileVersion": 1', '"lockfileVersion": 7'), 'bun.lock');
    const known = parseBunLockfile(base, 'bun.lock');
    expect([...newer.nodes.keys()]).toEqual([...known.nodes.keys()]);
    expect(newer.problems[0]).toMatchObject({ kind: 'newer-version', line: 2, message: expect.stringMatching(/^lockfileVersion 7 is newer than spamcheck knows; read as lockfileVersion 1/) });
  });

  it('an unknown lockfileVersion without the known shape is refused', () => {
    const error = thrown(() => parseBunLockfile('{\n  "lockfileVersion": "seven",\n  "packages": {}\n}\n', 'bun.lock'));
    expect(error.message).toBe('bun.lock:2: unknown lockfileVersion "seven"; expected 0 or 1 (bun 1.2+). Upgrade spamcheck or regenerate bun.lock with a supported bun.');
  });

  it('duplicate keys: the position of the second one', () => {
    const at = lineNumberOf(/^ {4}"debug": \["debug@4\.3\.4"/);
    const bad = [...lines.slice(0, at), lines[at - 1]!, ...lines.slice(at)].join('\n');
    const error = thrown(() => parseBunLockfile(bad, 'bun.lock'));
    expect(error.message).toBe(`bun.lock:${at + 1}:5 (at debug): duplicate key "debug"; each key may appear once. Run \`bun install\` to rewrite bun.lock.`);
  });

  it('an entry without a version', () => {
    const at = lineNumberOf(/^ {4}"debug": \["debug@4\.3\.4"/);
    const error = thrown(() => parseBunLockfile(base.replace('["debug@4.3.4"', '["debug"'), 'bun.lock'));
    expect(error.message).toBe(`bun.lock:${at} (at debug): package "debug" has no version in "debug"; expected "name@version". Run \`bun install\` to rewrite bun.lock.`);
  });

  it('fuzz: mutated real lockfiles end in a graph or a LockfileError, never another exception', () => {
    const texts = scenarios.map((s) => fixture(s).text);
    expectRandomEditsToEndInGraphOrLockfileError(texts, graphOf, ['"', ',', '[', ']', '{', '}', '@', '/', '"a": ', 'null', '1'], 500);
  });
});
