/**
 * README and package.json text is written by attackers. Whatever a detector quotes as evidence must
 * reach neither a terminal nor a JSON consumer with escape sequences, bidi overrides or zero-width
 * characters, and a 10 MB single-line README must not blow up the output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli, sealedEnv } from '../support/cli.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const ESC = '\u001b';
const HOSTILE = `${ESC}]8;;http://evil.example${ESC}\\${ESC}[2J${ESC}[31m\u202e\u200b\u0007`;
const spamLinks = Array.from({ length: 40 }, (_, i) => `* [WATCH FREE MOVIE ${i}](https://free-movies-hd${i % 4}.top/watch/${i}) ${HOSTILE}`).join('\n');

const fixtures: PackageFixture[] = [
  {
    name: 'watch-full-movie-free-online-hd-streaming-2025',
    publisher: { name: 'seo-bot', email: 'seo@example.net' },
    versions: [
      {
        version: '1.0.0',
        publishedAt: '2025-10-01T10:00:00.000Z',
        manifest: { description: `Watch full movie free online ${HOSTILE} streaming HD download`, keywords: ['watch', 'free', 'movie', 'online', 'streaming'] },
        files: { 'README.md': `# Watch Full Movie Free ${HOSTILE}\n\n${spamLinks}\n\nfree movie streaming online watch now download full movie free casino slot bonus\n` },
      },
    ],
  },
  {
    name: 'giant-readme',
    publisher: { name: 'seo-bot', email: 'seo@example.net' },
    versions: [
      {
        version: '1.0.0',
        publishedAt: '2025-10-01T10:00:05.000Z',
        manifest: { description: 'free movie streaming online' },
        files: { 'README.md': `${HOSTILE}watch free movie online https://free-movies-hd.top/x `.repeat(160_000) },
      },
    ],
  },
];

let registry: TestRegistry;
let projectDir: string;

beforeAll(async () => {
  registry = await startTestRegistry({ fixtures });
  projectDir = mkdtempSync(join(tmpdir(), 'spamcheck-untrusted-'));
  const deps = Object.fromEntries(fixtures.map((f) => [f.name, '1.0.0']));
  const packages: Record<string, unknown> = { '': { name: 'app', dependencies: deps } };
  for (const f of fixtures) packages[`node_modules/${f.name}`] = { version: '1.0.0' };
  writeFileSync(join(projectDir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
  writeFileSync(join(projectDir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
});
afterAll(async () => {
  await registry?.close();
});

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe('untrusted text in the report', () => {
  it('JSON stays valid and every string in it is free of escapes and invisible characters', async () => {
    const result = await runCli([projectDir, '--json', '--registry', registry.url, '--cache', mkdtempSync(join(tmpdir(), 'c-'))], { env: sealedEnv() });
    const report = reportSchema.parse(JSON.parse(result.stdout));
    const spam = report.packages.find((p) => p.name.startsWith('watch-full-movie'))!;
    expect(spam.findings.length).toBeGreaterThan(0);
    const strings: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(report.packages);
    for (const s of strings) expect(s).not.toMatch(UNSAFE);
    expect(Math.max(...strings.map((s) => s.length))).toBeLessThanOrEqual(500);
    // The giant README was read (a prefix) rather than skipped, and judged.
    const giant = report.packages.find((p) => p.name === 'giant-readme')!;
    expect(giant.findings.some((f) => f.detector === 'readme-spam')).toBe(true);
    expect(result.stdout.length).toBeLessThan(200_000);
  });

  it('the terminal table carries no escape sequence from package text, even with colour forced', async () => {
    const result = await runCli([projectDir, '--registry', registry.url, '--cache', mkdtempSync(join(tmpdir(), 'c-'))], { env: sealedEnv({ FORCE_COLOR: '1' }) });
    // Our own colours are SGR sequences (ESC[…m); anything else (OSC, clear screen) came from the package.
    const withoutOwnColours = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(withoutOwnColours).not.toMatch(UNSAFE);
    expect(result.stdout).toMatch(/watch-full-movie-free-online-hd-streaming-2025@1\.0\.0/);
    for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThan(600);
  });
});
