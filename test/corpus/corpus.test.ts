/**
 * The corpus is a measuring stick: these tests keep it honest (sizes issue 8 asks for, the full
 * npmjs.org packument shape, a lockfile that matches the tarballs the registry serves, and a clock
 * that moves with the scan).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_AS_OF, MALWARE_FAMILIES, SPAM_FAMILIES } from '../../scripts/corpus/kit.js';
import { CORPUS_DIR, MALWARE_CORPUS_DIR, loadCorpus } from '../../scripts/corpus/load.js';
import { fixturePackument } from '../support/package-fixture.js';
import { startTestRegistry } from '../support/registry.js';

const corpus = loadCorpus();

describe('labelled corpus', () => {
  it('has at least 8 packages per spam family and 30 legitimate look-alikes', () => {
    for (const family of SPAM_FAMILIES) {
      const members = corpus.entries.filter((e) => e.label.family === family);
      expect(members.length, family).toBeGreaterThanOrEqual(8);
      expect(members.every((e) => e.label.spam)).toBe(true);
    }
    const legit = corpus.entries.filter((e) => !e.label.spam);
    expect(legit.length).toBeGreaterThanOrEqual(30);
    expect(legit.every((e) => e.label.family === 'legitimate')).toBe(true);
  });

  it('gives every package the full npmjs.org packument shape', () => {
    for (const { fixture } of corpus.entries) {
      const doc = fixturePackument(fixture, (v) => `http://127.0.0.1/${fixture.name}/-/x-${v}.tgz`);
      expect(doc.time?.created, fixture.name).toBeDefined();
      expect(doc.time?.modified, fixture.name).toBeDefined();
      expect(doc.maintainers?.length, fixture.name).toBeGreaterThan(0);
      for (const [v, meta] of Object.entries(doc.versions)) {
        expect(doc.time?.[v], `${fixture.name}@${v} time`).toBeDefined();
        expect(meta._npmUser?.name, `${fixture.name}@${v} _npmUser`).toBeTruthy();
        expect(meta.dist?.fileCount, `${fixture.name}@${v} fileCount`).toBeGreaterThan(0);
      }
    }
  });

  it('tells the timing stories the families are known for', () => {
    const created = (name: string) => Date.parse(corpus.entries.find((e) => e.fixture.name === name)!.fixture.versions[0]!.publishedAt);
    const worm = corpus.entries.filter((e) => e.label.family === 'indonesianfoods-worm');
    // Worm accounts: thousands of packages in search, the recent ones seconds apart.
    for (const e of worm) {
      const volume = corpus.publisherVolume[e.fixture.publisher.name!];
      expect(volume?.total, e.fixture.name).toBeGreaterThanOrEqual(1000);
      expect(e.fixture.versions.length).toBeLessThanOrEqual(2);
    }
    // Monorepo look-alike: its packages are published within one minute of each other.
    const transpile = corpus.entries.filter((e) => e.fixture.name.startsWith('@transpile/')).map((e) => created(e.fixture.name));
    expect(transpile.length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...transpile) - Math.min(...transpile)).toBeLessThanOrEqual(60_000);
  });

  it('pins in its lockfile exactly the tarballs the test registry serves', async () => {
    const lock = JSON.parse(readFileSync(join(CORPUS_DIR, 'project', 'package-lock.json'), 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, { version?: string; integrity?: string; resolved?: string }>;
    };
    expect(lock.lockfileVersion).toBe(3);
    const registry = await startTestRegistry({ fixtures: corpus.entries.map((e) => e.fixture), tarballRoot: corpus.tarballRoot });
    try {
      const entries = Object.entries(lock.packages).filter(([path]) => path !== '');
      expect(entries.length).toBeGreaterThanOrEqual(corpus.entries.length);
      for (const [path, entry] of entries) {
        const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
        expect(entry.resolved, path).toBeUndefined();
        expect(entry.integrity, path).toBe(registry.dist(name, entry.version!).integrity);
      }
    } finally {
      await registry.close();
    }
  });

  it('shifts every time by the scan clock so ages stay the same', () => {
    const now = new Date(Date.parse(CORPUS_AS_OF) + 400 * 24 * 3600 * 1000);
    const shifted = loadCorpus({ now });
    const before = corpus.entries[0]!.fixture.versions[0]!.publishedAt;
    const after = shifted.entries[0]!.fixture.versions[0]!.publishedAt;
    expect(Date.parse(after) - Date.parse(before)).toBe(400 * 24 * 3600 * 1000);
    const publisher = Object.keys(corpus.publisherVolume)[0]!;
    expect(Date.parse(shifted.publisherVolume[publisher]!.createdDates[0]!) - Date.parse(corpus.publisherVolume[publisher]!.createdDates[0]!)).toBe(400 * 24 * 3600 * 1000);
  });
});

describe('malware corpus', () => {
  const malware = loadCorpus({ dir: MALWARE_CORPUS_DIR });

  it('labels every package with a family, a side and the source of its mechanism', () => {
    for (const { label, fixture } of malware.entries) {
      expect(MALWARE_FAMILIES, fixture.name).toContain(label.family);
      expect(label.source, fixture.name).toBeTruthy();
      expect(label.note, fixture.name).toBeTruthy();
    }
    const guarddog = malware.entries.filter((e) => e.label.family === 'guarddog');
    expect(guarddog.every((e) => /guarddog/.test(e.label.source!))).toBe(true);
    expect(guarddog.filter((e) => e.label.spam).length).toBeGreaterThanOrEqual(40);
    expect(guarddog.filter((e) => !e.label.spam).length).toBeGreaterThanOrEqual(15);
  });

  it('gives each hand-written family malicious packages and benign twins', () => {
    for (const family of MALWARE_FAMILIES.filter((f) => f !== 'guarddog')) {
      const members = malware.entries.filter((e) => e.label.family === family);
      if (members.length === 0) continue;
      expect(members.filter((e) => e.label.spam).length, family).toBeGreaterThanOrEqual(5);
      expect(members.filter((e) => !e.label.spam).length, family).toBeGreaterThanOrEqual(2);
    }
  });

  it('points only at documentation addresses', () => {
    // Reserved names and TEST-NET ranges only: the corpus must carry no working infrastructure.
    // Real services the malware abuses (webhooks, bots, collectors) and the hosts legitimate
    // installers use appear with invented ids (zeros) only, so the mechanism shows and nothing works.
    const DOCUMENTATION_OR_KNOWN_HOST =
      /(^|\.)(example(\.(com|net|org))?|invalid|test|localhost|npmjs\.org|github\.com|api\.github\.com|githubusercontent\.com|nodejs\.org|discord\.com|discord\.gg|api\.telegram\.org|hooks\.slack\.com|pipedream\.net|webhook\.site|bun\.sh)$/;
    const allowedIp = /^(?:127\.0\.0\.1|0\.0\.0\.0|192\.0\.2\.\d+|198\.51\.100\.\d+|203\.0\.113\.\d+)$/;
    for (const { fixture } of malware.entries) {
      for (const v of fixture.versions) {
        const text = Object.values(v.files).map((f) => (typeof f === 'string' ? f : (f.text ?? ''))).join('\n') + JSON.stringify(v.manifest ?? {});
        for (const ip of text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) {
          // A first part below 10 is a version number (1.95.7.1), not an address.
          if (Number(ip.split('.')[0]) >= 10) expect(ip, `${fixture.name}@${v.version}`).toMatch(allowedIp);
        }
        for (const url of text.match(/https?:\/\/[a-z0-9.-]+/gi) ?? []) {
          const host = url.replace(/^https?:\/\//i, '').toLowerCase();
          if (/^\d/.test(host)) continue;
          expect(host, `${fixture.name}@${v.version}`).toMatch(DOCUMENTATION_OR_KNOWN_HOST);
        }
      }
    }
  });

  it('pins in its own lockfile exactly the tarballs the test registry serves', async () => {
    const lock = JSON.parse(readFileSync(join(MALWARE_CORPUS_DIR, 'project', 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; integrity?: string }>;
    };
    const registry = await startTestRegistry({ fixtures: malware.entries.map((e) => e.fixture) });
    try {
      const entries = Object.entries(lock.packages).filter(([path]) => path !== '');
      expect(entries.length).toBe(malware.entries.length);
      for (const [path, entry] of entries) {
        const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
        expect(entry.integrity, path).toBe(registry.dist(name, entry.version!).integrity);
      }
    } finally {
      await registry.close();
    }
  });
});
