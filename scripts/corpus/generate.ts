/**
 * Generates the labelled corpus: fixtures/corpus/packages/<family>/<name>.json (label + fixture),
 * fixtures/corpus/registry.json (publisher search volume for the test registry) and
 * fixtures/corpus/project/ (package.json + package-lock.json v3 pulling in every corpus package), and
 * the same three for the malware corpus under fixtures/corpus/malware/ (its own project, so the
 * spam families are scanned and measured exactly as before).
 *
 *   npx tsx scripts/corpus/generate.ts
 *
 * Seeded: re-running rewrites the same bytes. Change a family in scripts/corpus/families/ and
 * re-run; the lockfile's integrity values come from the same packer the test registry uses.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { fixtureManifest, type PackageFixture } from '../../test/support/package-fixture.js';
import { packFixtureVersion, tarballDigests } from '../../test/support/pack.js';
import { bulkEmptyFamily } from './families/bulk-empty.js';
import { cloneFamily } from './families/clone.js';
import { dropperFamily } from './families/dropper.js';
import { legitFamily } from './families/legit.js';
import { seoFamily } from './families/seo.js';
import { teaFamily } from './families/tea.js';
import { wormFamily } from './families/worm.js';
import { CORPUS_AS_OF, type CorpusEntry, type FamilyOutput, type PublisherVolumeMap, Rng, json } from './kit.js';
import { malwareFamilies } from './families/malware/index.js';
import { CORPUS_DIR, MALWARE_CORPUS_DIR } from './load.js';

const SEED = 20251120;

function latestVersion(fixture: PackageFixture) {
  return [...fixture.versions].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)).at(-1)!;
}

function fileNameFor(name: string): string {
  return `${name.replace('/', '__')}.json`;
}

/** A range npm would accept for "any version" (farms use these). */
function satisfiesLoosely(v: string, range: string): boolean {
  if (range === '*' || range === 'latest' || range === '') return true;
  return semver.satisfies(v, range);
}

interface LockEntry {
  version: string;
  integrity: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  hasInstallScript?: true;
  optional?: true;
  engines?: unknown;
  os?: unknown;
  cpu?: unknown;
}

/**
 * package-lock v3 as this machine's npm writes it (no `resolved`): the root depends on every corpus
 * package at its latest version; each entry lists its dependencies; a dependency whose range the
 * top-level copy does not satisfy gets a nested copy. Dependencies outside the corpus are left out
 * of the lock graph (they would need packages the fixture registry does not serve) and counted.
 */
function buildLockfile(entries: CorpusEntry[]): { packageJson: unknown; lock: unknown; external: Set<string> } {
  const byName = new Map(entries.map((e) => [e.fixture.name, e.fixture]));
  const rootOf = new Map(entries.map((e) => [e.fixture.name, e.tarballRoot]));
  const top = new Map(entries.map((e) => [e.fixture.name, latestVersion(e.fixture).version]));
  const external = new Set<string>();
  const packages: Record<string, unknown> = {};
  const rootDeps = Object.fromEntries([...top].sort(([a], [b]) => a.localeCompare(b)));
  packages[''] = { name: 'spamcheck-corpus-project', version: '1.0.0', dependencies: rootDeps };

  function entryFor(fixture: PackageFixture, versionId: string, optional: boolean): LockEntry {
    const v = fixture.versions.find((x) => x.version === versionId)!;
    const manifest = fixtureManifest(fixture, v);
    const entry: LockEntry = { version: versionId, integrity: tarballDigests(packFixtureVersion(fixture, v, rootOf.get(fixture.name))).integrity };
    if (typeof manifest.license === 'string') entry.license = manifest.license;
    const keep = (deps: unknown) => {
      const out: Record<string, string> = {};
      for (const [dep, range] of Object.entries((deps ?? {}) as Record<string, string>)) {
        const target = byName.get(dep);
        if (target && target.versions.some((x) => satisfiesLoosely(x.version, range))) out[dep] = range;
        else external.add(dep);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    };
    const dependencies = keep(manifest.dependencies);
    const optionalDependencies = keep(manifest.optionalDependencies);
    if (dependencies) entry.dependencies = dependencies;
    if (optionalDependencies) entry.optionalDependencies = optionalDependencies;
    if (manifest.bin && typeof manifest.bin === 'object') entry.bin = manifest.bin as Record<string, string>;
    const scripts = (manifest.scripts ?? {}) as Record<string, string>;
    const hasBindingGyp = Object.keys(v.files).includes('binding.gyp');
    if (scripts.preinstall || scripts.install || scripts.postinstall || hasBindingGyp) entry.hasInstallScript = true;
    if (manifest.engines) entry.engines = manifest.engines;
    if (manifest.os) entry.os = manifest.os;
    if (manifest.cpu) entry.cpu = manifest.cpu;
    if (optional) entry.optional = true;
    return entry;
  }

  for (const [name, versionId] of [...top].sort(([a], [b]) => a.localeCompare(b))) {
    const fixture = byName.get(name)!;
    const entry = entryFor(fixture, versionId, false);
    packages[`node_modules/${name}`] = entry;
    for (const [dep, range] of Object.entries({ ...entry.dependencies, ...entry.optionalDependencies })) {
      if (satisfiesLoosely(top.get(dep)!, range)) continue;
      const depFixture = byName.get(dep)!;
      const nested = semver.maxSatisfying(depFixture.versions.map((x) => x.version), range);
      if (nested) packages[`node_modules/${name}/node_modules/${dep}`] = entryFor(depFixture, nested, false);
    }
  }
  const packageJson = { name: 'spamcheck-corpus-project', version: '1.0.0', private: true, description: 'Pulls in every package of the labelled spam corpus (generated).', dependencies: rootDeps };
  return { packageJson, lock: { name: 'spamcheck-corpus-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, external };
}

function writeSet(dir: string, title: string, outputs: FamilyOutput[]): void {
  const entries = outputs.flatMap((o) => o.entries);
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.fixture.name)) throw new Error(`duplicate corpus package ${e.fixture.name}`);
    names.add(e.fixture.name);
  }
  const publisherVolume: PublisherVolumeMap = Object.assign({}, ...outputs.map((o) => o.publisherVolume ?? {}));

  rmSync(join(dir, 'packages'), { recursive: true, force: true });
  for (const entry of entries) {
    const familyDir = join(dir, 'packages', entry.label.family);
    mkdirSync(familyDir, { recursive: true });
    writeFileSync(join(familyDir, fileNameFor(entry.fixture.name)), json(entry));
  }
  writeFileSync(join(dir, 'registry.json'), json({ asOf: CORPUS_AS_OF, publisherVolume }));
  const { packageJson, lock, external } = buildLockfile(entries);
  mkdirSync(join(dir, 'project'), { recursive: true });
  writeFileSync(join(dir, 'project', 'package.json'), json(packageJson));
  writeFileSync(join(dir, 'project', 'package-lock.json'), json(lock));

  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.label.family, (counts.get(e.label.family) ?? 0) + 1);
  console.log(`${title}: ${entries.length} packages (${[...counts].map(([f, n]) => `${f} ${n}`).join(', ')})`);
  console.log(`  dependencies outside the corpus left out of the lock graph: ${[...external].sort().join(', ') || 'none'}`);
}

function main(): void {
  const rng = new Rng(SEED);
  // Each family gets its own stream so editing one family does not reshuffle the others.
  const outputs: FamilyOutput[] = [
    wormFamily(new Rng(rng.int(1, 2 ** 31))),
    teaFamily(new Rng(rng.int(1, 2 ** 31))),
    seoFamily(new Rng(rng.int(1, 2 ** 31))),
    bulkEmptyFamily(new Rng(rng.int(1, 2 ** 31))),
    dropperFamily(new Rng(rng.int(1, 2 ** 31))),
    legitFamily(new Rng(rng.int(1, 2 ** 31))),
    // Added last so the families above keep their seeds (and their bytes).
    cloneFamily(new Rng(rng.int(1, 2 ** 31))),
  ];
  writeSet(CORPUS_DIR, 'corpus', outputs);
  // The malware set draws from its own seed so adding to it never reshuffles the spam corpus.
  writeSet(MALWARE_CORPUS_DIR, 'malware corpus', malwareFamilies(new Rng(SEED + 15)));
}

main();
