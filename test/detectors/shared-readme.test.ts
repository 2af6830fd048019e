import { describe, expect, it } from 'vitest';
import { sharedReadme, WEIGHTS } from '../../src/detectors/shared-readme/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import { CREATE_NEXT_APP_README, facts } from './content-fixtures.js';

function scan(packages: PackageFacts[]) {
  return sharedReadme.detect({ packages, publisherVolumes: new Map(), options: sharedReadme.meta.options.parse({}), now: new Date('2025-07-01T00:00:00Z') });
}

const TEA_README = (name: string) => `# ${name}

${name} is a lightweight utility for modern JavaScript projects. It helps you build faster and ship better code.
Install with npm install ${name} and import it in your project. Supports Node.js 18 and later. Version 1.0.${name.length}.
`;

describe('shared-readme', () => {
  it('reports one group for the same README under different names, with the own name factored out, and raises each member', () => {
    const names = ['zul-tiwul90-breki', 'bella-peyek92-breki', 'agus-telurtahu57-breki', '@breki/zul-tiwul90-breki'];
    const pkgs = names.map((n) => facts(n, { 'README.md': TEA_README(n) }, { publisher: 'breki' }));
    const r = scan([...pkgs, facts('unrelated-lib', { 'README.md': '# unrelated-lib\n\nParses INI files into objects, keeping comments and ordering so the file can be written back unchanged after edits by tools.' })]);
    expect(r.findings).toHaveLength(4);
    const groupIds = new Set(r.findings.map((f) => f.evidence.groupId));
    expect(groupIds.size).toBe(1);
    expect(r.findings[0]!.evidence.groupSize).toBe(4);
    expect(r.findings[0]!.evidence.members).toHaveLength(4);
    expect(r.findings.every((f) => f.weight === WEIGHTS.readmeGroup)).toBe(true);
  });

  it('uses the larger weight for a large group and groups a shared stock description', () => {
    const pkgs = Array.from({ length: 12 }, (_, i) =>
      facts(`food-pkg-${i}-sukiwir`, { 'README.md': CREATE_NEXT_APP_README }, { manifest: { description: 'This is a Next.js project bootstrapped with create-next-app' } }),
    );
    const r = scan(pkgs);
    const readme = r.findings.filter((f) => f.messageId === 'readmeGroup');
    const description = r.findings.filter((f) => f.messageId === 'descriptionGroup');
    expect(readme).toHaveLength(12);
    expect(readme[0]!.weight).toBe(WEIGHTS.readmeGroupLarge);
    expect(description).toHaveLength(12);
    expect(description[0]!.evidence.field).toBe('description');
  });

  it('leaves out pairs (below the group size), short generic READMEs, and monorepo siblings', () => {
    // Each set has its own body, so only the rule under test can keep it out.
    const pair = ['a-one', 'a-two'].map((n) => facts(n, { 'README.md': TEA_README(n).replace('utility', 'pair utility') }));
    const short = ['s-one', 's-two', 's-three'].map((n) => facts(n, { 'README.md': `# ${n}\n\nSee the docs.` }));
    const scoped = ['@acme/core', '@acme/utils', '@acme/cli'].map((n) => facts(n, { 'README.md': TEA_README(n).replace('utility', 'scoped utility') }));
    const repo = { repository: { type: 'git', url: 'git+https://github.com/acme/tools.git', directory: 'packages/x' } };
    const sameRepo = ['tool-one', 'tool-two', 'tool-three'].map((n) => facts(n, { 'README.md': TEA_README(n).replace('utility', 'repo utility') }, { manifest: repo }));
    expect(scan([...pair, ...short, ...scoped, ...sameRepo]).findings).toEqual([]);
  });

  it('leaves out an established family (many published versions each) that shares boilerplate across scopes', () => {
    const many = { packument: { versions: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`3.${i}.0`, { name: 'x', version: `3.${i}.0` }])) } };
    const pkgs = ['@cloud-sdk/provider-env', '@cloud-sdk/provider-ini', '@smith/provider-imds'].map((n) => facts(n, { 'README.md': TEA_README(n).replace('utility', 'internal package') }, many));
    expect(scan(pkgs).findings).toEqual([]);
    const fresh = ['@cloud-sdk/provider-env', '@cloud-sdk/provider-ini', '@smith/provider-imds'].map((n) => facts(n, { 'README.md': TEA_README(n).replace('utility', 'internal package') }));
    expect(scan(fresh).findings).toHaveLength(3);
  });

  it('does not group READMEs that differ in substance', () => {
    const pkgs = ['x-one', 'x-two', 'x-three'].map((n, i) => facts(n, { 'README.md': TEA_README(n).replace('lightweight utility', ['date parser', 'color mixer', 'queue'][i]!) }));
    expect(scan(pkgs).findings).toEqual([]);
  });

  it('says "apart from its own name" when the texts differ by each package\'s name, and "word for word" only when they are identical', () => {
    const named = ['qa-one', 'qa-two', 'qa-three'].map((n) => facts(n, {}, { manifest: { description: `Returns the normally hidden ${n} constructor of the engine` } }));
    const renamed = scan(named).findings;
    expect(renamed).toHaveLength(3);
    expect(renamed[0]!.data?.sameness).toBe(", apart from each package's own name");
    const same = ['qb-one', 'qb-two', 'qb-three'].map((n) => facts(n, {}, { manifest: { description: 'A tiny helper for modern JavaScript projects everywhere' } }));
    expect(scan(same).findings[0]!.data?.sameness).toBe(', word for word');
  });

  it("leaves out one author's family of shims: each with its own repository named after it (async-function, generator-function)", () => {
    const shim = (name: string, owner: string) =>
      facts(name, {}, { manifest: { description: `A function that returns the normally hidden \`${name.replace(/-/g, '')}\` constructor`, author: 'Jordan Example <j@example.com>', repository: { type: 'git', url: `git+https://github.com/${owner}/${name}.git` } } });
    const family = [shim('async-function', 'jex'), shim('generator-function', 'other'), shim('async-generator-function', 'jex')];
    expect(scan(family).findings).toEqual([]);
    // Without own repositories, or under different authors' names, the same wording is still a group.
    const noRepos = ['qc-one', 'qc-two', 'qc-three'].map((n) => facts(n, {}, { manifest: { description: `Returns the normally hidden ${n} constructor of the engine`, author: 'Jordan Example' } }));
    expect(scan(noRepos).findings).toHaveLength(3);
  });
});
