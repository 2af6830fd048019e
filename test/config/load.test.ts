import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { mergeOptions } from '../../src/options.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'spamcheck-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('config loading', () => {
  it('prefers spamcheck.json, falls back to package.json "spamcheck", and is optional', () => {
    expect(loadConfig(dirWith({ 'spamcheck.json': '{"failOn":"low"}', 'package.json': '{"spamcheck":{"failOn":"critical"}}' }))?.config.failOn).toBe('low');
    const fromManifest = loadConfig(dirWith({ 'package.json': '{"name":"x","spamcheck":{"failOn":"critical"}}' }));
    expect(fromManifest).toMatchObject({ config: { failOn: 'critical' }, key: 'spamcheck' });
    expect(loadConfig(dirWith({ 'package.json': '{"name":"x"}' }))).toBeUndefined();
  });

  it('errors name the file and line, the path inside it, and what is expected', () => {
    const text = '{\n  "ignore": [\n    { "package": "x", "reason": "ok" },\n    { "package": "y", "reason": "ok", "expires": "soon" }\n  ]\n}\n';
    const dir = dirWith({ 'spamcheck.json': text });
    expect(message(() => loadConfig(dir))).toBe(`${join(dir, 'spamcheck.json')}:4 at ignore[1].expires: expected a date as YYYY-MM-DD`);
    const manifest = dirWith({ 'package.json': '{\n  "spamcheck": {\n    "failOn": "severe"\n  }\n}\n' });
    expect(message(() => loadConfig(manifest))).toMatch(/package\.json:3 at spamcheck\.failOn: invalid option: expected one of "low"\|"medium"\|"high"\|"critical"\|"never" — fix the value/);
    expect(message(() => loadConfig(dirWith({ 'spamcheck.json': '{"ignore":[{"package":"x@not a range!","reason":"r"}]}' })))).toMatch(/at ignore\[0\]\.package: the part after the last @ is not a semver range/);
    expect(message(() => loadConfig(dirWith({ 'spamcheck.json': '{"failOn": "high",}' })))).toMatch(/spamcheck\.json:1:\d+: invalid JSON/);
  });

  it('flags override the file; omit adds up', () => {
    const merged = mergeOptions({ dir: '/p', failOn: 'critical', omit: ['peer'], registry: undefined }, { failOn: 'low', omit: ['dev'], ignore: [{ package: 'x', reason: 'r' }] }, '/p/spamcheck.json');
    expect(merged).toMatchObject({ failOn: 'critical', omit: ['dev', 'peer'], ignore: [{ package: 'x', reason: 'r' }], configFile: '/p/spamcheck.json' });
    expect(mergeOptions({ dir: '/p', failOn: undefined }, { failOn: 'low' }).failOn).toBe('low');
  });
});
