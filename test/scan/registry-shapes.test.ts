/**
 * Issue 12, fault 4: the npm registry's history is full of odd shapes (is2's old versions have
 * `maintainers` as a "Name <email>" string, jsdoc 3.2.0 a single object; strings where lists belong,
 * `time` missing or junk, versions without `dist`, `bin`/`repository` as strings, non-string script
 * values). Before the fix a scan over such a package died with `maintainers.map is not a function`.
 * Each must give facts (normalised) or that package's own error; odd data that cannot be understood
 * is dropped and named as unavailable for that package.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PackageReport, type Report, reportSchema } from '../../src/report/schema.js';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const fixture = (name: string): PackageFixture => ({
  name,
  publisher: { name: 'owner', email: 'owner@example.com' },
  versions: [
    { version: '0.9.0', publishedAt: '2013-01-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 0;\n' } },
    { version: '1.0.0', publishedAt: '2014-01-01T00:00:00.000Z', manifest: { main: 'index.js', description: 'ok' }, files: { 'index.js': "module.exports = function (a) { return a + 1; };\n", 'README.md': `# ${name}\n\nAdds one.\n` } },
  ],
});

const SHAPES: Record<string, (doc: Record<string, any>) => void> = {
  'is2-like': (doc) => {
    doc.maintainers = 'Edmond Meinfelder <edmond@example.com>';
    for (const v of Object.values(doc.versions) as any[]) {
      v.maintainers = 'Edmond Meinfelder <edmond@example.com>';
      delete v._npmUser;
    }
  },
  'jsdoc-like': (doc) => {
    doc.maintainers = { name: 'micmath', email: 'micmath@example.com' };
    const v = doc.versions['1.0.0'];
    v.maintainers = { name: 'micmath', email: 'micmath@example.com' };
    v.contributors = 'Someone <s@example.com>';
    v.author = 'Michael Mathews <micmath@example.com>';
    v._npmUser = 'micmath <micmath@example.com>';
    v.repository = 'git://github.com/example/jsdoc.git';
    v.bin = './jsdoc.js';
    v.keywords = 'documentation, api';
    doc.keywords = 'documentation';
  },
  'scripts-odd': (doc) => {
    const v = doc.versions['1.0.0'];
    v.scripts = { test: 1, build: null, prepare: ['x'], start: 'node index.js' };
    v.dependencies = { lodash: 4, 'left-pad': '1.0.0', odd: { version: '1' } };
    v.devDependencies = 'none';
    v.engines = 'node >= 0.8';
  },
  'no-dist': (doc) => {
    delete doc.versions['0.9.0'].dist;
    doc.versions['0.9.0'].deprecated = false;
  },
  'time-junk': (doc) => {
    doc.time = { created: 12, modified: {}, '1.0.0': 'not a date', '0.9.0': null };
  },
  'time-missing': (doc) => {
    delete doc.time;
  },
  'time-string': (doc) => {
    doc.time = '2014-01-01';
  },
  'versions-junk': (doc) => {
    doc.versions['0.5.0'] = 'not a manifest';
    doc.versions['0.6.0'] = null;
    doc['dist-tags'] = 'latest';
  },
  'people-junk': (doc) => {
    doc.maintainers = [null, 7, 'x <y@z>', { name: 3 }, { name: 'ok-person' }];
    doc.versions['1.0.0'].maintainers = 42;
    doc.versions['1.0.0']._npmUser = ['a'];
    doc.readme = { text: 'not a string' };
    doc.description = ['no'];
  },
};
const NAMES = Object.keys(SHAPES);
let registry: TestRegistry;
let report: Report;
let byName: Map<string, PackageReport>;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: NAMES.map(fixture) });
  for (const [name, rewrite] of Object.entries(SHAPES)) registry.misbehave(name, { kind: 'rewrite-packument', rewrite });
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-shapes-'));
  writeFlatProject(dir, NAMES);
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-shapes-home-'));
  mkdirSync(join(home, '.npm'));
  report = reportSchema.parse(
    await scan(
      { dir, registry: registry.url, cache: mkdtempSync(join(tmpdir(), 'spamcheck-shapes-cache-')), retries: 0, requestTimeoutMs: 5000 },
      { env: { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') } },
    ),
  );
  byName = new Map(report.packages.map((p) => [p.name, p]));
}, 60_000);
afterAll(async () => {
  await registry?.close();
});

it('finishes with a report covering every package, none of them failed by its shape', () => {
  expect(report.packages.map((p) => p.name).sort()).toEqual([...NAMES].sort());
  for (const p of report.packages) {
    expect(p.error, p.name).toBeNull();
    expect(p.detectorErrors, p.name).toEqual([]);
  }
});

it('reads a "Name <email>" string or a single object as the maintainer list, so publisher signals still work', () => {
  for (const name of ['is2-like', 'jsdoc-like']) {
    const p = byName.get(name)!;
    expect(p.unavailable.filter((u) => u.detector === 'publisher-volume'), name).toEqual([]);
  }
});

it('names what it dropped as unavailable for that package, with the reason', () => {
  const junk = byName.get('people-junk')!;
  const dropped = junk.unavailable.filter((u) => u.detector === 'registry-data');
  expect(dropped.map((u) => u.signal)).toEqual(expect.arrayContaining(['versions["1.0.0"].maintainers', 'readme']));
  expect(junk.coverage).toBe('partial');
  const timeJunk = byName.get('time-junk')!;
  expect(timeJunk.unavailable.some((u) => u.detector === 'publish-timing')).toBe(true);
});
