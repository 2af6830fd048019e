/**
 * `npm run build`, second step: the CLI as one CommonJS file (dist/bundle/cli.cjs), made from the
 * compiled dist/cli.js. Loading dist/ was 220 modules (spamcheck's 120 and zod's 95), about 400 ms of
 * every run, most of a warm scan's fixed cost; one file loads in about a third less. It is CommonJS
 * so that bin/spamcheck.js can compile it with V8's code cache (Node 20 has no code cache for ES
 * modules): see bin/spamcheck.js. zod and chalk (ES modules only, which Node 20.17 cannot require)
 * are bundled with spamcheck's code; every other dependency stays a require of node_modules, made
 * only when first needed (pacote's HTTP stack loads only when a scan fetches). The detector workers
 * keep running dist/engine/worker.js. bin/spamcheck.js falls back to dist/cli.js, the same program.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const BUNDLED = new Set(['zod', 'chalk']);

await build({
  entryPoints: [join(root, 'dist', 'cli.js')],
  outfile: join(root, 'dist', 'bundle', 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // `import('tar')` becomes a require when first called: code compiled by vm.Script has no loader
  // for dynamic imports.
  supported: { 'dynamic-import': false },
  // The modules find spamcheck's folder, data files and worker from their own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  external: Object.keys(dependencies)
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
