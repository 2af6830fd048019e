/**
 * A package fixture is data: a manifest per version and the files of each version. The test registry
 * packs it into a real .tgz and a full npmjs.org-shaped packument; detector tests turn it straight
 * into PackageFacts with `factsFromFixture` (no tarball, no network).
 */
import type { PackageFacts } from '../../src/detectors/types.js';
import type { LockedPackage } from '../../src/lockfiles/graph.js';
import { createPackageFiles } from '../../src/package-files/memory.js';
import { executableKind, mislabelled } from '../../src/package-files/tarball.js';
import type { FileEntry } from '../../src/package-files/types.js';
import type { NpmPerson, Packument } from '../../src/facts/npm-types.js';

export type FixtureFile = string | { text?: string; base64?: string; mode?: number };

export interface FixtureVersion {
  version: string;
  /** ISO time this version was published (goes into packument `time`). */
  publishedAt: string;
  /** package.json fields besides name and version; written to package.json unless `files` has one. */
  manifest?: Record<string, unknown>;
  files: Record<string, FixtureFile>;
  /** Defaults to the fixture's `publisher`. */
  npmUser?: NpmPerson;
}

export interface PackageFixture {
  name: string;
  publisher: NpmPerson;
  maintainers?: NpmPerson[];
  versions: FixtureVersion[];
  /** Packument `time.created`; defaults to the first version's publishedAt. */
  created?: string;
  /** Shallow overrides applied last to the generated packument (e.g. to drop `time` for a thin registry). */
  packument?: Partial<Packument> & Record<string, unknown>;
}

/** One ordinary release (1.0.0, 2020, by `owner`, `main: index.js`) shipping `files`: for tests about fetching and reading, not judging. */
export function plainPackage(name: string, files: Record<string, FixtureFile>): PackageFixture {
  return { name, publisher: { name: 'owner' }, versions: [{ version: '1.0.0', publishedAt: '2020-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files }] };
}

export function fixtureFileText(file: FixtureFile): string | undefined {
  if (typeof file === 'string') return file;
  if (file.text !== undefined) return file.text;
  return undefined;
}

export function fixtureFileBytes(file: FixtureFile): Buffer {
  if (typeof file === 'string') return Buffer.from(file, 'utf8');
  if (file.base64 !== undefined) return Buffer.from(file.base64, 'base64');
  return Buffer.from(file.text ?? '', 'utf8');
}

/** The package.json a version ships: its own `files['package.json']` or one made from `manifest`. */
export function fixtureManifest(fixture: PackageFixture, version: FixtureVersion): Record<string, unknown> {
  const own = version.files['package.json'];
  if (own !== undefined) return JSON.parse(fixtureFileText(own) ?? '{}') as Record<string, unknown>;
  return { name: fixture.name, version: version.version, ...version.manifest };
}

/** All files of a version including the generated package.json. */
export function fixtureFiles(fixture: PackageFixture, version: FixtureVersion): Record<string, FixtureFile> {
  if (version.files['package.json'] !== undefined) return version.files;
  return { 'package.json': JSON.stringify(fixtureManifest(fixture, version), null, 2) + '\n', ...version.files };
}

/**
 * The packument npmjs.org would serve for this fixture with full metadata. `tarballUrl` maps a
 * version to its download address; integrity fields are filled by the registry that packs tarballs.
 */
export function fixturePackument(
  fixture: PackageFixture,
  tarballUrl: (version: string) => string,
  dist: (version: string) => { integrity?: string; shasum?: string } = () => ({}),
): Packument {
  const maintainers = fixture.maintainers ?? [fixture.publisher];
  const sorted = [...fixture.versions].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  const latest = sorted[sorted.length - 1];
  const time: Record<string, string> = {
    created: fixture.created ?? sorted[0]?.publishedAt ?? new Date(0).toISOString(),
    modified: latest?.publishedAt ?? new Date(0).toISOString(),
  };
  const versions: Packument['versions'] = {};
  for (const v of fixture.versions) {
    time[v.version] = v.publishedAt;
    const files = fixtureFiles(fixture, v);
    const manifest = fixtureManifest(fixture, v);
    const unpackedSize = Object.values(files).reduce((n, f) => n + fixtureFileBytes(f).length, 0);
    versions[v.version] = {
      ...manifest,
      name: fixture.name,
      version: v.version,
      maintainers,
      _npmUser: v.npmUser ?? fixture.publisher,
      dist: {
        tarball: tarballUrl(v.version),
        fileCount: Object.keys(files).length,
        unpackedSize,
        signatures: [{ keyid: 'SHA256:fixture', sig: 'fixture-signature' }],
        ...dist(v.version),
      },
    };
  }
  const latestManifest = latest ? fixtureManifest(fixture, latest) : {};
  const readmeName = latest ? Object.keys(latest.files).find((p) => /^readme(\.|$)/i.test(p)) : undefined;
  const readme = latest && readmeName ? fixtureFileText(latest.files[readmeName]!) ?? '' : '';
  return {
    _id: fixture.name,
    name: fixture.name,
    'dist-tags': latest ? { latest: latest.version } : {},
    versions,
    time,
    maintainers,
    description: typeof latestManifest.description === 'string' ? latestManifest.description : undefined,
    readme,
    readmeFilename: readmeName ?? '',
    ...fixture.packument,
  };
}

/** PackageFacts for one version of a fixture, as the scan would build them, without tarball or network. */
export function factsFromFixture(
  fixture: PackageFixture,
  version = fixture.versions[fixture.versions.length - 1]!.version,
  locked: Partial<LockedPackage> = {},
): PackageFacts {
  const v = fixture.versions.find((x) => x.version === version);
  if (!v) throw new Error(`fixture ${fixture.name} has no version ${version}`);
  const packument = fixturePackument(fixture, (ver) => `http://127.0.0.1/${fixture.name}/-/${ver}.tgz`);
  const files = fixtureFiles(fixture, v);
  const entries: FileEntry[] = [];
  const texts = new Map<string, string>();
  for (const [path, file] of Object.entries(files)) {
    const bytes = fixtureFileBytes(file);
    const executable = executableKind(bytes);
    entries.push({ path, size: bytes.length, mode: typeof file === 'object' && file.mode ? file.mode : 0o644, type: 'file', ...(executable ? { executable } : {}), ...(mislabelled(path, bytes) ? { mislabelled: true as const } : {}) });
    const text = fixtureFileText(file);
    if (text !== undefined) texts.set(path, text);
  }
  return {
    name: fixture.name,
    version,
    locked: {
      name: fixture.name,
      version,
      aliases: [],
      direct: true,
      dev: false,
      optional: false,
      peer: false,
      bundled: false,
      paths: [['root', fixture.name]],
      ...locked,
    },
    packument,
    versionMeta: packument.versions[version],
    manifest: fixtureManifest(fixture, v),
    files: createPackageFiles(entries, texts),
    missing: [],
  };
}
