/**
 * The layering rules of docs/DESIGN (README "Layout"): data moves one way, and the code that reads
 * untrusted bytes never reaches the code that fetches or prints. `npm run lint` fails on a breach.
 */
module.exports = {
  forbidden: [
    {
      name: 'nothing-imports-the-cli',
      comment: 'src/cli.ts is the entry point: argv in, exit code out. Nothing builds on it.',
      severity: 'error',
      from: {},
      to: { path: '^src/cli\\.ts$' },
    },
    {
      name: 'detectors-never-fetch-or-print',
      comment: 'Detectors are pure over fetched facts: no registry client, no reporter, no CLI.',
      severity: 'error',
      from: { path: '^src/detectors/' },
      to: { path: '^src/(registry|reporters)/|^src/cli\\.ts$' },
    },
    {
      name: 'analysis-never-fetches-or-prints',
      comment: 'Shared analysers are read by detectors, so they obey the same rule.',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { path: '^src/(registry|reporters|detectors|engine)/|^src/cli\\.ts$' },
    },
    {
      name: 'detectors-share-through-analysis',
      comment: 'A detector never imports another detector: what two detectors share lives in src/analysis/.',
      severity: 'error',
      from: { path: '^src/detectors/([^/]+)/' },
      to: { path: '^src/detectors/([^/]+)/', pathNot: '^src/detectors/$1/' },
    },
    {
      name: 'lockfiles-never-fetch',
      comment: 'Lockfile parsers read local files only.',
      severity: 'error',
      from: { path: '^src/lockfiles/' },
      to: { path: '^src/(registry|reporters|detectors|engine)/|^src/cli\\.ts$' },
    },
    {
      name: 'reporters-never-fetch',
      comment: 'Reporters are pure functions of the report (they may read detector metadata for rule help, never fetch). The progress reporter may name the type of the events scan() emits; types carry no code.',
      severity: 'error',
      from: { path: '^src/reporters/' },
      to: { path: '^src/registry/|^src/cli\\.ts$|^src/scan\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
