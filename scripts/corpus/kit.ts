/**
 * Shared pieces of the corpus generator: a seeded random source (so `generate.ts` rewrites the
 * same bytes every run), time arithmetic around the corpus clock, and the entry type.
 */
import type { FixtureFile, FixtureVersion, PackageFixture } from '../../test/support/package-fixture.js';
import type { NpmPerson } from '../../src/facts/npm-types.js';

export type Family =
  | 'indonesianfoods-worm'
  | 'tea-farming'
  | 'seo-spam'
  | 'bulk-empty'
  | 'install-dropper'
  | 'reference-clone'
  | 'legitimate'
  | MalwareFamily;

/**
 * The malware corpus (fixtures/corpus/malware/): ordinary npm malware shapes and their benign twins,
 * scanned as a second project so the spam families' floors and figures stay as they were. In each
 * family `spam: true` means "must reach medium", `spam: false` (the twins) "must stay below medium".
 */
export type MalwareFamily =
  | 'guarddog'
  | 'exe-dropper'
  | 'token-stealer'
  | 'credential-exfil'
  | 'remote-eval'
  | 'steganography'
  | 'hijacked-release'
  | 'worm-shai-hulud'
  | 'browser-drainer'
  | 'ai-cli-recon';

export const MALWARE_FAMILIES: MalwareFamily[] = [
  'guarddog',
  'exe-dropper',
  'token-stealer',
  'credential-exfil',
  'remote-eval',
  'steganography',
  'hijacked-release',
  'worm-shai-hulud',
  'browser-drainer',
  'ai-cli-recon',
];

export const SPAM_FAMILIES: Family[] = ['indonesianfoods-worm', 'tea-farming', 'seo-spam', 'bulk-empty', 'install-dropper', 'reference-clone'];

export interface CorpusLabel {
  family: Family;
  spam: boolean;
  /** What this fixture stands for and why it is labelled so (for whoever reads a miss or a false positive). */
  note: string;
  /** Where the mechanism comes from: a GuardDog rule test case or a public write-up (malware corpus). */
  source?: string;
  /** A popular original: bench:quality puts it in the corpus reference index (families/clone.ts). */
  reference?: boolean;
}

export interface CorpusEntry {
  label: CorpusLabel;
  fixture: PackageFixture;
  /** Top folder inside the tarball when not `package` (DefinitelyTyped packs under the types folder name). */
  tarballRoot?: string;
}

/** Extra search volume per publisher, served by the test registry (see `startTestRegistry`). */
export type PublisherVolumeMap = Record<string, { total: number; createdDates: string[] }>;

export interface FamilyOutput {
  entries: CorpusEntry[];
  publisherVolume?: PublisherVolumeMap;
}

/**
 * Every timestamp in the corpus tells its story relative to this instant ("the scan runs now").
 * Loaders shift all times by (real now − AS_OF) so age- and window-based signals mean the same
 * whenever the benchmark runs.
 */
export const CORPUS_AS_OF = '2025-11-20T12:00:00.000Z';
const AS_OF_MS = Date.parse(CORPUS_AS_OF);

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** ISO time `ms` before the corpus clock. */
export function ago(ms: number): string {
  return new Date(AS_OF_MS - ms).toISOString();
}

export function at(iso: string, plusMs = 0): string {
  return new Date(Date.parse(iso) + plusMs).toISOString();
}

/** mulberry32: tiny, fast, good enough to vary fixtures reproducibly. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
  /** `count` distinct items. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[this.int(0, 15)];
    return out;
  }
  letters(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

export function person(name: string, domain = 'example.test'): NpmPerson {
  return { name, email: `${name.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'user'}@${domain}` };
}

export function version(v: string, publishedAt: string, files: Record<string, FixtureFile>, manifest: Record<string, unknown> = {}): FixtureVersion {
  return { version: v, publishedAt, manifest, files };
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export const MIT_LICENSE = (holder: string, year: number) =>
  `MIT License\n\nCopyright (c) ${year} ${holder}\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.\n`;

/** A semver history of `count` versions spread over [startIso, endIso], minor bumps with patches. */
export function history(rng: Rng, count: number, startIso: string, endIso: string, major = 1): { version: string; publishedAt: string }[] {
  const start = Date.parse(startIso);
  const span = Date.parse(endIso) - start;
  const stamps = Array.from({ length: count }, () => start + Math.floor(rng.next() * span)).sort((a, b) => a - b);
  stamps[0] = start;
  let minor = 0;
  let patch = 0;
  return stamps.map((ms, i) => {
    if (i > 0) {
      if (rng.chance(0.35)) {
        minor += 1;
        patch = 0;
      } else patch += 1;
    }
    return { version: `${major}.${minor}.${patch}`, publishedAt: new Date(ms).toISOString() };
  });
}
