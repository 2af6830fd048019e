import { describe, expect, it } from 'vitest';
import { campaignCluster } from '../../src/detectors/campaign-cluster/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import { factsFromFixture, type FixtureVersion, type PackageFixture } from '../support/package-fixture.js';
import { runScanDetector } from '../support/scan-detector.js';

const now = new Date('2026-06-01T00:00:00Z');
const options = campaignCluster.meta.options.parse({});
const DAY_MS = 86_400_000;

const scaffoldReadme =
  'This is a Next.js project bootstrapped with create-next-app.\n\n## Getting Started\n\nFirst, run the development server:\n\nnpm run dev\n\nOpen http://localhost:3000 with your browser to see the result.\n';
const scaffoldFiles = {
  'README.md': scaffoldReadme,
  'app/page.js': 'export default function Home() { return null; }\n',
  'app/layout.js': 'export default function RootLayout({ children }) { return children; }\n',
  'next.config.mjs': 'export default {};\n',
};

/** A 12-package spam web: one account, generated names, created 8 s apart, each depending on the next two. */
function spamWeb(count = 12, publisher = 'farmer', start = '2025-11-12T04:00:00Z'): PackageFixture[] {
  const given = ['ade', 'bella', 'zul', 'agus', 'nana', 'iwan', 'tomi', 'gita', 'maya', 'joko', 'siska', 'eko', 'dewi', 'rudi'];
  const food = ['peyek', 'tiwul', 'bakwan', 'lontong', 'gudeg', 'tapai', 'oncom', 'bubur', 'kripik', 'sambel', 'pecel', 'rawon', 'empal', 'lepet'];
  const names = Array.from({ length: count }, (_, i) => `${given[i % given.length]}-${food[(i * 5) % food.length]}${10 + i * 7}-kebon`);
  return names.map((name, i) => {
    const at = new Date(Date.parse(start) + i * 8000).toISOString();
    const deps = Object.fromEntries([names[(i + 1) % count]!, names[(i + 2) % count]!].map((d) => [d, '^1.0.0']));
    const version: FixtureVersion = { version: `${1 + (i % 5)}.${1 + (i % 3)}.${1 + (i % 4)}`, publishedAt: at, manifest: { dependencies: deps }, files: scaffoldFiles };
    return { name, publisher: { name: publisher }, versions: [version] };
  });
}

function versionsOver(days: number[], base: string, files: Record<string, string>, manifest: Record<string, unknown>): FixtureVersion[] {
  return days.map((d, i) => ({ version: `7.${i}.0`, publishedAt: new Date(Date.parse(base) + d * DAY_MS).toISOString(), manifest, files }));
}

/** A monorepo: one scope, one bot, a release of every package within a minute, years of history, one repository. */
function monorepo(count = 10): PackageFixture[] {
  const names = Array.from({ length: count }, (_, i) => `@acme/part-${['core', 'cli', 'utils', 'parser', 'printer', 'types', 'config', 'logger', 'server', 'client'][i]}`);
  return names.map((name, i) => ({
    name,
    publisher: { name: 'acme-release-bot' },
    versions: versionsOver([0, 200, 500, 900], '2022-01-01T00:00:00Z', {
      'README.md': `# ${name}\n\nPart of Acme. See the docs at https://acme.example/docs for how to use it with the rest of Acme tools.\n`,
      'dist/index.js': `export function part${i}() { return ${'1 + '.repeat(i + 3)}1; }\n`,
    }, {
      dependencies: i > 0 ? { [names[0]!]: '^7.0.0' } : {},
      repository: { type: 'git', url: 'git+https://github.com/acme/acme.git', directory: `packages/${name.slice(12)}` },
    }).map((v, k, all) => (k === all.length - 1 ? { ...v, publishedAt: new Date(Date.parse(v.publishedAt) + i * 4000).toISOString() } : v)),
  }));
}

function facts(fixtures: PackageFixture[]): PackageFacts[] {
  return fixtures.map((f) => factsFromFixture(f));
}

function run(packages: PackageFacts[]) {
  return runScanDetector(campaignCluster, packages, { publisherVolumes: new Map(), options, now });
}

function clusters(result: ReturnType<typeof run>) {
  const byId = new Map<string, Set<string>>();
  for (const f of result.findings.filter((x) => x.messageId === 'cluster')) {
    const id = String(f.data?.clusterId);
    if (!byId.has(id)) byId.set(id, new Set());
    byId.get(id)!.add(f.packageKey);
  }
  return byId;
}

const netWeight = (result: ReturnType<typeof run>, key: string) => result.findings.filter((f) => f.packageKey === key).reduce((s, f) => s + f.weight, 0);

describe('campaign-cluster', () => {
  it('a 12-package spam web among ordinary dependencies is reported as one cluster of 12, each member raised', () => {
    const web = spamWeb();
    const bystanders = [...typesPackages(), ...monorepo(5)];
    const result = run(facts([...bystanders, ...web]));
    // The monorepo forms its own cluster, held at or below zero by counter-evidence; the web is the one that scores.
    const scoring = [...clusters(result).values()].filter((keys) => [...keys].some((k) => netWeight(result, k) > 0));
    expect(scoring).toHaveLength(1);
    const [members] = scoring;
    expect([...members!].sort()).toEqual(web.map((f) => `${f.name}@${f.versions[0]!.version}`).sort());
    const one = result.findings.find((f) => f.messageId === 'cluster' && members!.has(f.packageKey))!;
    expect(one.evidence.memberCount).toBe(12);
    expect(one.evidence.members).toHaveLength(12);
    expect(String(one.data?.traits)).toMatch(/created-together.*internal-dependencies.*generated-names/);
    for (const key of members!) expect(netWeight(result, key)).toBe(options.maxClusterWeight);
  });

  it('two separate webs are two clusters, not one', () => {
    const result = run(facts([...spamWeb(4, 'farmer-a', '2025-11-12T04:00:00Z'), ...spamWeb(5, 'farmer-b', '2025-03-01T10:00:00Z').map((f) => ({ ...f, name: f.name.replace('kebon', 'sawah') }))].map(fixDeps)));
    expect([...clusters(result).values()].map((s) => s.size).sort()).toEqual([4, 5]);
  });

  it('a monorepo released within a minute (one bot, dependencies, long history, one repository) nets no weight', () => {
    const result = run(facts(monorepo(10)));
    // Counter-evidence cancels the cluster exactly: it never reaches into other detectors' findings.
    for (const f of monorepo(10)) expect(netWeight(result, `${f.name}@7.3.0`)).toBe(0);
    expect(result.findings.some((f) => f.messageId === 'maintained-members')).toBe(true);
  });

  it('a brand-new monorepo whose packages were all created together is held down by its shared repository', () => {
    const fresh = monorepo(6).map((f, i) => ({ ...f, versions: [{ ...f.versions[0]!, publishedAt: new Date(Date.parse('2026-05-01T00:00:00Z') + i * 5000).toISOString() }] }));
    const result = run(facts(fresh));
    for (const f of fresh) expect(netWeight(result, `${f.name}@7.0.0`)).toBeLessThan(10);
  });

  it('@types packages from one bot (no generated names, own files, created years apart) do not cluster', () => {
    expect(run(facts(typesPackages())).findings).toEqual([]);
  });

  it('a prolific author\'s small packages with templated READMEs and dependencies among them net no weight', () => {
    const names = ['is-odd-number', 'is-even-number', 'string-pad-left', 'array-last-item', 'to-kebab-case'];
    const own: PackageFixture[] = names.map((name, i) => ({
      name,
      publisher: { name: 'prolific' },
      versions: versionsOver([0, 100, 800], `201${i}-06-01T00:00:00Z`, { 'index.js': `module.exports = (x) => ${'x + '.repeat(i + 1)}0;\n`, 'README.md': `# ${name}\n\nA small helper, number ${i}, with tests and docs that explain how it treats edge cases.\n` }, {
        dependencies: i > 0 ? { [names[i - 1]!]: '^1.0.0' } : {},
      }),
    }));
    const result = run(facts(own));
    expect(result.findings.some((f) => f.messageId === 'maintained-members')).toBe(true);
    for (const f of own) expect(netWeight(result, `${f.name}@7.2.0`)).toBe(0);
  });

  it('thin registry: without publishers and times, a web still links through dependencies plus shared content', () => {
    const thin = facts(spamWeb()).map((f) => {
      delete f.versionMeta!._npmUser;
      delete f.versionMeta!.maintainers;
      delete f.packument!.maintainers;
      f.packument!.time = Object.fromEntries(Object.entries(f.packument!.time!).filter(([k]) => k !== 'created' && k !== 'modified'));
      return f;
    });
    const result = run(thin);
    expect([...clusters(result).values()].map((s) => s.size)).toEqual([12]);
    expect(result.unavailable).toHaveLength(12);
    expect(result.unavailable?.[0]?.reason).toMatch(/publisher.*time\.created/);
    expect(String(result.findings[0]?.data?.traits)).not.toMatch(/created-together|same-publisher/);
  });

  it('fewer than minMembers linked packages are not a cluster', () => {
    expect(run(facts(spamWeb(2))).findings).toEqual([]);
  });
});

/** Keeps each web's dependency names pointing at its own renamed members. */
function fixDeps(f: PackageFixture): PackageFixture {
  if (!f.name.endsWith('sawah')) return f;
  const v = f.versions[0]!;
  const deps = Object.fromEntries(Object.entries((v.manifest?.dependencies ?? {}) as Record<string, string>).map(([k, r]) => [k.replace('kebon', 'sawah'), r]));
  return { ...f, versions: [{ ...v, manifest: { ...v.manifest, dependencies: deps } }] };
}

function typesPackages(): PackageFixture[] {
  const libs = ['node', 'react', 'express', 'lodash', 'jest', 'semver'];
  return libs.map((lib, i) => ({
    name: `@types/${lib}`,
    publisher: { name: 'types-bot' },
    versions: versionsOver([0, 300, 700], `201${i}-01-01T00:00:00Z`, {
      'README.md': `# Summary\nThis package contains type definitions for ${lib}.\n\n# Details\nFiles were exported from the DefinitelyTyped repository.\n`,
      'index.d.ts': `export declare const ${lib}Version: string;${' '.repeat(i)}\n`,
    }, { dependencies: lib === 'express' ? { '@types/node': '*' } : {} }),
  }));
}

describe('campaign-cluster name series', () => {
  it('links one-word series names (stem plus short endings) from one account created together', () => {
    const series = ['miroone', 'miroto', 'mirotri', 'mirofor'].map((name, i): PackageFixture => ({
      name,
      publisher: { name: 'kalo' },
      versions: [{ version: '1.0.0', publishedAt: new Date(Date.parse('2025-11-15T11:20:00Z') + i * 9000).toISOString(), files: { 'index.js': `module.exports = ${i};\n` } }],
    }));
    const result = run(facts(series));
    expect([...clusters(result).values()].map((s) => s.size)).toEqual([4]);
    expect(String(result.findings[0]?.data?.traits)).toContain('generated-names');
  });

  it('does not treat dotted module families (lodash.get style) as a series', () => {
    const family = ['fxutil.get', 'fxutil.set', 'fxutil.uniq'].map((name, i): PackageFixture => ({
      name,
      publisher: { name: 'fx' },
      versions: [{ version: '4.0.0', publishedAt: new Date(Date.parse('2016-01-01T00:00:00Z') + i * 9000).toISOString(), files: { 'index.js': `module.exports = ${i};\n` } }],
    }));
    expect(run(facts(family)).findings).toEqual([]);
  });
});
