/**
 * Issue 12, fault 5: against a registry that omits `time`, `maintainers` and `_npmUser`, no package
 * may claim `coverage: "full"` — its publisher and timing signals were never judged — and the table
 * must say how many packages were judged blind, why, and name the partially judged packages.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderTable } from '../../src/reporters/table.js';
import { type Report, reportSchema } from '../../src/report/schema.js';
import { scan } from '../../src/scan.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';
import { writeFlatProject } from '../support/project.js';

const NAMES = ['thin-a', 'thin-b', 'thin-c'];
let registry: TestRegistry;
let report: Report;

const fixture = (name: string): PackageFixture => ({
  name,
  publisher: { name: 'owner', email: 'owner@example.com' },
  versions: [
    {
      version: '1.0.0',
      publishedAt: '2020-01-01T00:00:00.000Z',
      manifest: { description: 'adds numbers', main: 'index.js', license: 'MIT' },
      files: { 'index.js': "'use strict';\nmodule.exports = function add(a, b) {\n  if (typeof a !== 'number') throw new TypeError('a');\n  return a + b;\n};\n", 'README.md': `# ${name}\n\nAdds numbers.\n` },
    },
  ],
  // This registry keeps no publish times at all.
  packument: { time: undefined },
});

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures: NAMES.map(fixture), thin: true });
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-thin-'));
  writeFlatProject(dir, NAMES);
  const home = mkdtempSync(join(tmpdir(), 'spamcheck-thin-home-'));
  mkdirSync(join(home, '.npm'));
  report = reportSchema.parse(
    await scan(
      { dir, registry: registry.url, cache: mkdtempSync(join(tmpdir(), 'spamcheck-thin-cache-')), retries: 0, requestTimeoutMs: 5000 },
      { env: { HOME: home, npm_config_userconfig: join(home, 'none'), npm_config_globalconfig: join(home, 'none') } },
    ),
  );
}, 60_000);
afterAll(async () => {
  await registry?.close();
});

it('no package claims full coverage while its unavailable list names signals', () => {
  for (const p of report.packages) {
    expect(p.error).toBeNull();
    expect(p.unavailable.length).toBeGreaterThan(0);
    expect(p.coverage).toBe('partial');
  }
});

it('the summary counts the packages judged without publisher and timing data, and which fields the registry omits', () => {
  expect(report.summary.judgedWithout.publisher).toBe(NAMES.length);
  expect(report.summary.judgedWithout.timing).toBe(NAMES.length);
  expect([...report.summary.judgedWithout.omittedFields].sort()).toEqual(['_npmUser', 'maintainers', 'time']);
});

it('the table says so in words and names the partially judged packages', () => {
  const text = renderTable(report, { color: false });
  expect(text).toMatch(/3 without publisher data, 3 without timing data/);
  expect(text).toMatch(/the registry omits `time`, `maintainers`, `_npmUser`|the registry omits .*`time`/);
  for (const name of NAMES) expect(text).toContain(`${name}@1.0.0`);
});
