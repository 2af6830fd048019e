/**
 * `npm run build`, second step: the CLI as a few files (dist/bundle/), made from the compiled
 * dist/cli.js. Loading dist/ was 220 modules (spamcheck's 120 and zod's 95), about 400 ms of every
 * run, most of a warm scan's fixed cost; the bundle loads in about a third less. zod is bundled with
 * spamcheck's code; every other dependency stays an import of node_modules (some are CommonJS with
 * requires esbuild cannot follow, and pacote's HTTP stack loads only when a scan fetches). The
 * detector workers keep running dist/engine/worker.js. bin/spamcheck.js prefers the bundle and
 * falls back to dist/cli.js, the same program.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const BUNDLED = new Set(['zod']);

await build({
  entryPoints: [join(root, 'dist', 'cli.js')],
  outdir: join(root, 'dist', 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies)
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
