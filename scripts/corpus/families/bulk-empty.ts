/**
 * Bulk empty packages: `npm init` defaults, an entry point that logs "hello world" or exports
 * nothing, and dozens of versions bumped within minutes. Varied entry shapes (CJS, ESM, empty
 * file, missing main file), name styles and bump cadences.
 */
import type { FixtureFile } from '../../../test/support/package-fixture.js';
import { type CorpusEntry, type FamilyOutput, DAY_MS, SECOND_MS, type Rng, ago, at, person, version } from '../kit.js';

const ENTRY_BODIES: { file: string; text: string }[] = [
  { file: 'index.js', text: 'console.log("hello world");\n' },
  { file: 'index.js', text: 'module.exports = {};\n' },
  { file: 'index.js', text: '' },
  { file: 'index.mjs', text: 'export default {};\n' },
  { file: 'index.js', text: "console.log('Hello, World!')\n" },
  { file: 'main.js', text: 'function main() {}\nmodule.exports = main;\n' },
  { file: 'index.js', text: '// TODO\n' },
  { file: 'src/index.js', text: 'exports.hello = () => "hello";\n' },
];

export function bulkEmptyFamily(rng: Rng): FamilyOutput {
  const names = [
    'my-first-package-8812',
    'test-npm-publish-qwe',
    'hshsjdjd',
    'pkg-demo-2025-a',
    'zxcvb-lib',
    'aaa-test-module-77',
    'learning-npm-xk',
    'npm-practice-hello',
    'dummy-pkg-t9',
    'new-package-4413',
  ];
  const entries: CorpusEntry[] = names.map((name, i) => {
    const publisher = person(rng.pick(['devtest' + rng.int(10, 99), 'bulkpub', 'qwerty.user', 'auto-pub-bot']));
    const body = ENTRY_BODIES[i % ENTRY_BODIES.length]!;
    const files: Record<string, FixtureFile> = {};
    // One of them forgets to ship its main file at all.
    if (i !== 8) files[body.file] = body.text;
    if (rng.chance(0.3)) files['README.md'] = rng.pick([`# ${name}\n`, '', `${name}\n`]);
    const manifest: Record<string, unknown> = {
      description: '',
      main: body.file,
      scripts: { test: 'echo "Error: no test specified" && exit 1' },
      keywords: [],
      author: '',
      license: 'ISC',
    };
    if (body.file.endsWith('.mjs')) manifest.type = 'module';
    // Dozens of bumps, seconds to a couple of minutes apart, within one sitting.
    const bumpCount = rng.int(18, 45);
    const start = ago(rng.int(2, 120) * DAY_MS);
    const cadenceSeconds = rng.pick([6, 15, 40, 90]);
    const numbering = rng.pick([(b: number) => `1.0.${b}`, (b: number) => `0.0.${b + 1}`, (b: number) => `1.${b}.0`]);
    let elapsedSeconds = 0;
    const unique = Array.from({ length: bumpCount }, (_, b) => {
      if (b > 0) elapsedSeconds += cadenceSeconds + rng.int(0, cadenceSeconds);
      return version(numbering(b), at(start, elapsedSeconds * SECOND_MS), files, manifest);
    });
    return {
      label: { family: 'bulk-empty' as const, spam: true, note: `npm init defaults, ${body.file} ${JSON.stringify(body.text.trim()) || 'empty'}${i === 8 ? ' (main file not even shipped)' : ''}, ${unique.length} versions ~${cadenceSeconds}s apart` },
      fixture: { name, publisher, versions: unique },
    };
  });
  return { entries };
}
