#!/usr/bin/env node
// Runs the CLI bundle (dist/bundle/cli.cjs, written by `npm run build`) compiled with V8's code
// cache, else dist/cli.js, the same program.
//
// Compiling the bundle's 1.6 MB, and each function the first time it runs, was about a tenth of a
// warm scan; Node 20 keeps no code cache for ES modules, so the bundle is CommonJS and compiled here
// with the cache V8 wrote for it at the end of an earlier run (eight interleaved warm scans of a
// 657-package tree: 1.25 -> 1.16 s; `--version` 0.37 -> 0.32 s). The cache sits beside the bundle,
// as trusted as the bundle itself; V8 checks it against the source, its own version and flags, and
// a cache it rejects is rewritten at exit. Where the folder is read-only nothing is written.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
// Before the bundle is compiled: the code cache is written and checked under these flags.
import './v8-flags.js';

const bundle = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
const codeCache = `${bundle}.cache`;
// A run that only prints help or the version compiles a sliver of the CLI, and its cache, kept until
// V8 rejects it, left every later scan compiling the rest itself (0.8 MB of cache against 1.0 MB
// written by a scan): such a run writes none.
const INFORMATIONAL = new Set(['--help', '-h', '--version', '-V', 'help']);
const writesCache = !process.argv.slice(2).some((arg) => INFORMATIONAL.has(arg));

function loadBundle() {
  let source;
  try {
    source = readFileSync(bundle, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  if (writesCache && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so the cache holds the functions this run compiled as well as the top level.
    process.once('exit', () => {
      const temporary = `${codeCache}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, codeCache);
      } catch {
        // A read-only install runs without the cache, as before.
        rmSync(temporary, { force: true });
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return module.exports;
}

const cli = loadBundle() ?? (await import(new URL('../dist/cli.js', import.meta.url).href));
await cli.main();
