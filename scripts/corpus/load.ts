/**
 * Reads the generated corpus (fixtures/corpus/) for the quality benchmark and its test.
 *
 * Every time in the corpus is written relative to CORPUS_AS_OF. `loadCorpus({ now })` shifts all
 * of them by (now − CORPUS_AS_OF), so a package "created two days ago" is two days old for whatever
 * clock the scan runs with, and window-based signals ("last 30 days") mean the same in every run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageFixture } from '../../test/support/package-fixture.js';
import { CORPUS_AS_OF, type CorpusEntry, type PublisherVolumeMap } from './kit.js';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'corpus');
/** The malware families and their benign twins: a second project, measured on its own. */
export const MALWARE_CORPUS_DIR = join(CORPUS_DIR, 'malware');

export interface LoadedCorpus {
  entries: CorpusEntry[];
  publisherVolume: PublisherVolumeMap;
  /** Tarball top folders that are not `package`, by package name (pass to `startTestRegistry`). */
  tarballRoot: Record<string, string>;
  /** The project whose lockfile pulls in every corpus package. */
  projectDir: string;
}

function shift(iso: string, offsetMs: number): string {
  return new Date(Date.parse(iso) + offsetMs).toISOString();
}

function shiftFixture(fixture: PackageFixture, offsetMs: number): PackageFixture {
  return {
    ...fixture,
    ...(fixture.created ? { created: shift(fixture.created, offsetMs) } : {}),
    versions: fixture.versions.map((v) => ({ ...v, publishedAt: shift(v.publishedAt, offsetMs) })),
  };
}

export function loadCorpus(options: { now?: Date; dir?: string } = {}): LoadedCorpus {
  const dir = options.dir ?? CORPUS_DIR;
  const offsetMs = options.now ? options.now.getTime() - Date.parse(CORPUS_AS_OF) : 0;
  const entries: CorpusEntry[] = [];
  const packagesDir = join(dir, 'packages');
  for (const family of readdirSync(packagesDir).sort()) {
    for (const file of readdirSync(join(packagesDir, family)).sort()) {
      if (!file.endsWith('.json')) continue;
      const entry = JSON.parse(readFileSync(join(packagesDir, family, file), 'utf8')) as CorpusEntry;
      entries.push({ ...entry, fixture: shiftFixture(entry.fixture, offsetMs) });
    }
  }
  const registry = JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8')) as { publisherVolume: PublisherVolumeMap };
  const publisherVolume: PublisherVolumeMap = {};
  for (const [publisher, volume] of Object.entries(registry.publisherVolume)) {
    publisherVolume[publisher] = { total: volume.total, createdDates: volume.createdDates.map((d) => shift(d, offsetMs)) };
  }
  const tarballRoot = Object.fromEntries(entries.flatMap((e) => (e.tarballRoot ? [[e.fixture.name, e.tarballRoot]] : [])));
  return { entries, publisherVolume, tarballRoot, projectDir: join(dir, 'project') };
}
