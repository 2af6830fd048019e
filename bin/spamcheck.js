#!/usr/bin/env node
// The CLI bundle (dist/bundle/, written by `npm run build`) loads in a third less time than the
// modules of dist/; dist/cli.js is the same program, used when the bundle is absent.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
await import(existsSync(bundle) ? bundle.href : new URL('../dist/cli.js', import.meta.url).href);
