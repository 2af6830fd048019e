/**
 * bin/spamcheck.js compiles the CLI bundle with V8's code cache, written beside the bundle at the
 * end of a run. Run here from a copy of bin/ and the bundle, so the repository's own cache is never
 * touched while other tests run the CLI.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

let root: string;
let bundle: string;
let cache: string;

const version = () => execFileSync(process.execPath, [join(root, 'bin', 'spamcheck.js'), '--version'], { encoding: 'utf8' }).split('\n')[0];
/** A scan of a project with no dependencies: no network, and the report's package count. */
const scanEmpty = () => (JSON.parse(execFileSync(process.execPath, [join(root, 'bin', 'spamcheck.js'), join(root, 'empty'), '--json'], { encoding: 'utf8' })) as { packages: unknown[] }).packages.length;
/**
 * Whether V8 accepts the cache file for the bundle's source, as bin/spamcheck.js compiles it: in a
 * child process under the CLI's own V8 flags (bin/v8-flags.js), since V8 rejects a cache written
 * under other flags, and this test process runs under vitest's.
 */
const accepted = () => {
  const check = `import ${JSON.stringify(pathToFileURL(join(root, 'bin', 'v8-flags.js')).href)};
import { readFileSync } from 'node:fs'; import { Module } from 'node:module'; import { Script } from 'node:vm';
const bundle = ${JSON.stringify(bundle)};
process.stdout.write(String(!new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(bundle + '.cache') }).cachedDataRejected));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8' }) === 'true';
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'spamcheck-code-cache-'));
  cpSync(join(REPO_ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
  bundle = join(root, 'dist', 'bundle', 'cli.cjs');
  cache = `${bundle}.cache`;
  copyFileSync(join(REPO_ROOT, 'dist', 'bundle', 'cli.cjs'), bundle);
  copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
  for (const shared of ['data', 'node_modules']) symlinkSync(join(REPO_ROOT, shared), join(root, shared), 'dir');
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'empty', 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0' }));
  writeFileSync(join(root, 'empty', 'package-lock.json'), JSON.stringify({ name: 'empty', lockfileVersion: 3, packages: { '': { name: 'empty', version: '1.0.0' } } }));
});

describe('the code cache of the CLI bundle', () => {
  const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

  it('is not written by a run that only prints the version: it would hold a sliver of the CLI', () => {
    expect(version()).toBe(expected);
    expect(existsSync(cache)).toBe(false);
  });

  it('is written by the first run that scans, and V8 accepts it for this bundle', () => {
    expect(existsSync(cache)).toBe(false);
    expect(scanEmpty()).toBe(0);
    expect(existsSync(cache)).toBe(true);
    expect(accepted()).toBe(true);
    expect(version()).toBe(expected);
    expect(scanEmpty()).toBe(0);
  });

  it('is replaced when V8 rejects it, and the run goes on', () => {
    writeFileSync(cache, 'not a code cache');
    expect(scanEmpty()).toBe(0);
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');
    expect(accepted()).toBe(true);
  });
});
