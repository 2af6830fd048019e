/**
 * `npm run bench:quality`: how much of the labelled corpus spamcheck catches, and how often it
 * cries wolf on the legitimate look-alikes. Serves fixtures/corpus/ from the test registry on
 * 127.0.0.1, runs the real built CLI on fixtures/corpus/project as a child process, and prints per
 * family and overall: recall at high and medium, false-positive rate at medium and high, how often
 * each detector fired on each side, and the misses and false positives with their top findings.
 *
 *   npm run bench:quality [-- --json] [-- --thin] [-- --only spam|malware] [-- --no-reference-index]
 *
 * --json prints the figures as one JSON document; --thin serves the corpus the way this machine's
 * mirror does (no readme, maintainers, _npmUser, fileCount/unpackedSize, no search) to show what
 * the detectors still catch when those facts are unavailable.
 *
 * The malware corpus (fixtures/corpus/malware/) is scanned second, as its own project, and reported
 * by scripts/bench/malware.ts: recall per family at medium and high, benign twins flagged, and
 * GuardDog conformance per rule. --only picks one of the two.
 *
 * The figures come from `measureQuality(report, labels)`, which test/corpus/quality.test.ts reuses
 * to hold floors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type PackageReport, type Report, reportSchema } from '../../src/report/schema.js';
import { isAtLeast } from '../../src/report/levels.js';
import { startTestRegistry } from '../../test/support/registry.js';
import { DEFAULT_TARBALL_CAPS } from '../../src/package-files/tarball.js';
import { RegistryClient } from '../../src/registry/client.js';
import { toPacoteOptions } from '../../src/registry/npm-config.js';
import { buildReferenceIndex, writeIndex } from '../reference-index/build.js';
import { type CorpusLabel, SPAM_FAMILIES } from '../corpus/kit.js';
import { MALWARE_CORPUS_DIR, loadCorpus } from '../corpus/load.js';
import { formatMalware, measureMalware } from './malware.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What issue 8 asks for; printed beside the figures. */
export const TARGETS = { recallAtHighPerFamily: 0.95, falsePositiveRateAtHigh: 0, falsePositiveRateAtMedium: 0.01 } as const;

export interface PackageOutcome {
  name: string;
  label: CorpusLabel;
  /** Undefined when the report has no row for the package (a scan bug: every corpus package is locked). */
  report?: PackageReport;
}

export interface FamilyFigures {
  family: string;
  packages: number;
  caughtAtHigh: number;
  caughtAtMedium: number;
  recallAtHigh: number;
  recallAtMedium: number;
}

export interface QualityFigures {
  families: FamilyFigures[];
  spam: FamilyFigures;
  legitimate: { packages: number; atMedium: number; atHigh: number; atLow: number; falsePositiveRateAtMedium: number; falsePositiveRateAtHigh: number };
  /** Per detector: on how many spam / legitimate packages it contributed a positive weight. */
  detectors: { detector: string; spam: number; legitimate: number }[];
  missedAtHigh: PackageOutcome[];
  flaggedLegitimate: PackageOutcome[];
  /** Corpus packages the report did not audit (missing row, error, or no coverage). */
  notAudited: PackageOutcome[];
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function reached(outcome: PackageOutcome, level: 'low' | 'medium' | 'high'): boolean {
  return outcome.report !== undefined && isAtLeast(outcome.report.level, level);
}

function familyFigures(family: string, outcomes: PackageOutcome[]): FamilyFigures {
  const caughtAtHigh = outcomes.filter((o) => reached(o, 'high')).length;
  const caughtAtMedium = outcomes.filter((o) => reached(o, 'medium')).length;
  return { family, packages: outcomes.length, caughtAtHigh, caughtAtMedium, recallAtHigh: ratio(caughtAtHigh, outcomes.length), recallAtMedium: ratio(caughtAtMedium, outcomes.length) };
}

/** Joins a report with the corpus labels and computes every figure the benchmark prints. */
export function measureQuality(report: Report, labels: Map<string, CorpusLabel>): QualityFigures {
  // The corpus pins one version per package; take the row for that name (the highest-scored if nested copies exist).
  const rows = new Map<string, PackageReport>();
  for (const row of report.packages) {
    const seen = rows.get(row.name);
    if (!seen || row.score > seen.score) rows.set(row.name, row);
  }
  const outcomes: PackageOutcome[] = [...labels].map(([name, label]) => ({ name, label, report: rows.get(name) }));
  const spam = outcomes.filter((o) => o.label.spam);
  const legit = outcomes.filter((o) => !o.label.spam);

  const detectorCounts = new Map<string, { spam: number; legitimate: number }>();
  for (const o of outcomes) {
    const fired = new Set((o.report?.findings ?? []).filter((f) => f.weight > 0).map((f) => f.detector));
    for (const detector of fired) {
      const counts = detectorCounts.get(detector) ?? { spam: 0, legitimate: 0 };
      if (o.label.spam) counts.spam += 1;
      else counts.legitimate += 1;
      detectorCounts.set(detector, counts);
    }
  }
  const atMedium = legit.filter((o) => reached(o, 'medium')).length;
  const atHigh = legit.filter((o) => reached(o, 'high')).length;
  return {
    families: SPAM_FAMILIES.map((family) => familyFigures(family, spam.filter((o) => o.label.family === family))),
    spam: familyFigures('all spam', spam),
    legitimate: {
      packages: legit.length,
      atLow: legit.filter((o) => reached(o, 'low')).length,
      atMedium,
      atHigh,
      falsePositiveRateAtMedium: ratio(atMedium, legit.length),
      falsePositiveRateAtHigh: ratio(atHigh, legit.length),
    },
    detectors: [...detectorCounts].map(([detector, c]) => ({ detector, ...c })).sort((a, b) => b.spam - a.spam || a.detector.localeCompare(b.detector)),
    missedAtHigh: spam.filter((o) => !reached(o, 'high')).sort((a, b) => (a.report?.score ?? -1) - (b.report?.score ?? -1)),
    flaggedLegitimate: legit.filter((o) => reached(o, 'medium')).sort((a, b) => (b.report?.score ?? 0) - (a.report?.score ?? 0)),
    notAudited: outcomes.filter((o) => !o.report || o.report.error !== null || o.report.coverage === 'none'),
  };
}

export async function buildCorpusIndex(registryUrl: string, names: string[], out: string, cacheDir: string): Promise<void> {
  const pacoteOptions = toPacoteOptions({}, { registry: registryUrl, cache: cacheDir }, {});
  const client = new RegistryClient({ pacoteOptions, retries: 1, retryBaseDelayMs: 100, maxRetryAfterMs: 1000, requestTimeoutMs: 30_000, tarballCaps: DEFAULT_TARBALL_CAPS });
  const index = await buildReferenceIndex({ names, client, concurrency: 4, earlierTop: names.length, id: 'corpus', namesSource: 'corpus originals (label.reference)', registry: 'test registry' });
  writeIndex(index, out);
}

export interface CorpusScan {
  report: Report;
  labels: Map<string, CorpusLabel>;
  exitCode: number;
  stderr: string;
  durationMs: number;
}

/** Serves the corpus on 127.0.0.1 and runs the built CLI on the corpus project. Needs `npm run build` first. */
export async function scanCorpus(options: { concurrency?: number; extraArgs?: string[]; thin?: boolean; maxSeconds?: number; dir?: string; referenceIndex?: boolean } = {}): Promise<CorpusScan> {
  const maxSeconds = options.maxSeconds ?? 300;
  const corpus = loadCorpus({ now: new Date(), ...(options.dir ? { dir: options.dir } : {}) });
  const registry = await startTestRegistry({ fixtures: corpus.entries.map((e) => e.fixture), publisherVolume: corpus.publisherVolume, tarballRoot: corpus.tarballRoot, thin: options.thin ?? false });
  const cache = mkdtempSync(join(tmpdir(), 'spamcheck-quality-'));
  // The corpus is judged against a reference index of its own originals, built by the real builder
  // from the same registry (--no-reference-index: a path that does not exist, for "before" figures).
  const indexFile = join(cache, 'reference-index.json.gz');
  if (options.referenceIndex !== false) await buildCorpusIndex(registry.url, corpus.entries.filter((e) => e.label.reference).map((e) => e.fixture.name), indexFile, join(cache, 'index-build'));
  const started = Date.now();
  try {
    const args = [join(ROOT, 'bin', 'spamcheck.js'), corpus.projectDir, '--json', '--registry', registry.url, '--cache', cache, '--fail-on', 'critical', '--concurrency', String(options.concurrency ?? 8), ...(options.extraArgs ?? [])];
    const { stdout, stderr, exitCode } = await new Promise<{ stdout: string; stderr: string; exitCode: number }>((resolve) => {
      // A clean environment for npm config: no user .npmrc registry or token may leak into the run.
      const env = { ...process.env, NO_COLOR: '1', npm_config_userconfig: join(cache, 'no-npmrc'), npm_config_registry: registry.url, SPAMCHECK_REFERENCE_INDEX: indexFile };
      // The corpus scans in seconds; a run past maxSeconds is a hang (a detector gone super-linear).
      execFile(process.execPath, args, { cwd: ROOT, env, maxBuffer: 256 * 1024 * 1024, timeout: maxSeconds * 1000, killSignal: 'SIGKILL' }, (error, out, err) => {
        if (error && (error as { killed?: boolean }).killed) {
          resolve({ stdout: '', stderr: `spamcheck did not finish the corpus within ${maxSeconds} s and was stopped: a hang.\n${err.slice(-2000)}`, exitCode: -2 });
          return;
        }
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? -1 : 0;
        resolve({ stdout: out, stderr: err, exitCode: code });
      });
    });
    // 0 and 1 are both normal here (--fail-on critical); 3 means some packages could not be audited,
    // which the figures show as "not audited". Anything else is a broken run.
    if (![0, 1, 3].includes(exitCode)) throw new Error(`spamcheck exited ${exitCode}:\n${stderr.slice(0, 4000)}`);
    const report = reportSchema.parse(JSON.parse(stdout));
    const labels = new Map(corpus.entries.map((e) => [e.fixture.name, e.label]));
    return { report, labels, exitCode, stderr, durationMs: Date.now() - started };
  } finally {
    await registry.close();
    rmSync(cache, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mark = (ok: boolean) => (ok ? 'ok ' : 'BELOW');

export function topFindings(report: PackageReport | undefined, count = 3): string {
  if (!report) return 'no row in the report';
  if (report.error) return `error ${report.error.code}: ${report.error.message}`;
  const top = [...report.findings].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, count);
  return top.length === 0 ? 'no findings' : top.map((f) => `${f.detector}/${f.messageId} ${f.weight > 0 ? '+' : ''}${f.weight}: ${f.message.slice(0, 110)}`).join('\n      ');
}

export function formatQuality(figures: QualityFigures): string {
  const lines: string[] = [];
  lines.push('Recall on spam (share of packages at or above the level)          target at high ≥ 95% per family');
  lines.push('  family                   n   high            medium');
  for (const f of [...figures.families, figures.spam]) {
    const isFamily = f.family !== 'all spam';
    lines.push(`  ${f.family.padEnd(22)} ${String(f.packages).padStart(3)}   ${pct(f.recallAtHigh).padStart(6)} (${f.caughtAtHigh})${isFamily ? ' ' + mark(f.recallAtHigh >= TARGETS.recallAtHighPerFamily) : '    '}   ${pct(f.recallAtMedium).padStart(6)} (${f.caughtAtMedium})`);
  }
  const l = figures.legitimate;
  lines.push('');
  lines.push(`False positives on ${l.packages} legitimate look-alikes`);
  lines.push(`  at high:   ${pct(l.falsePositiveRateAtHigh).padStart(6)} (${l.atHigh})   target 0       ${mark(l.atHigh === 0)}`);
  lines.push(`  at medium: ${pct(l.falsePositiveRateAtMedium).padStart(6)} (${l.atMedium})   target ≤ 1%    ${mark(l.falsePositiveRateAtMedium <= TARGETS.falsePositiveRateAtMedium)}`);
  lines.push(`  at low:    ${String(l.atLow).padStart(6)} packages (informational)`);
  lines.push('');
  lines.push('Detectors: packages where each added a positive weight');
  lines.push('  detector                      spam  legitimate');
  for (const d of figures.detectors) lines.push(`  ${d.detector.padEnd(28)} ${String(d.spam).padStart(5)}  ${String(d.legitimate).padStart(10)}`);
  if (figures.detectors.length === 0) lines.push('  (no detector fired)');
  lines.push('');
  lines.push(`Spam below high (${figures.missedAtHigh.length})`);
  for (const o of figures.missedAtHigh) {
    lines.push(`  ${o.name} [${o.label.family}] ${o.report ? `${o.report.level} ${o.report.score}` : 'missing'} — ${o.label.note}`);
    lines.push(`      ${topFindings(o.report)}`);
  }
  lines.push('');
  lines.push(`Legitimate at medium or above (${figures.flaggedLegitimate.length})`);
  for (const o of figures.flaggedLegitimate) {
    lines.push(`  ${o.name} ${o.report!.level} ${o.report!.score} — ${o.label.note}`);
    lines.push(`      ${topFindings(o.report)}`);
  }
  if (figures.notAudited.length > 0) {
    lines.push('');
    lines.push(`Not audited (${figures.notAudited.length}): ${figures.notAudited.map((o) => `${o.name} (${o.report?.error?.code ?? o.report?.coverage ?? 'missing'})`).join(', ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const asJson = process.argv.includes('--json');
  const thin = process.argv.includes('--thin');
  // --only spam | malware: scan one of the two corpora (both by default).
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const wantSpam = !process.argv.includes('--only') || only === 'spam';
  const wantMalware = !process.argv.includes('--only') || only === 'malware';
  const referenceIndex = !process.argv.includes('--no-reference-index');
  const scan = wantSpam ? await scanCorpus({ thin, referenceIndex }) : undefined;
  const figures = scan ? measureQuality(scan.report, scan.labels) : undefined;
  const malwareScan = wantMalware ? await scanCorpus({ thin, dir: MALWARE_CORPUS_DIR, referenceIndex }) : undefined;
  const malware = malwareScan ? measureMalware(malwareScan.report, malwareScan.labels) : undefined;
  if (asJson) {
    const brief = (o: PackageOutcome) => ({ name: o.name, family: o.label.family, source: o.label.source, level: o.report?.level ?? null, score: o.report?.score ?? null, findings: o.report?.findings.map((f) => `${f.detector}/${f.messageId} ${f.weight}`) ?? [] });
    const spam = figures && scan ? { ...figures, missedAtHigh: figures.missedAtHigh.map(brief), flaggedLegitimate: figures.flaggedLegitimate.map(brief), notAudited: figures.notAudited.map(brief), targets: TARGETS, durationMs: scan.durationMs } : undefined;
    const mal = malware && malwareScan ? { ...malware, missedAtMedium: malware.missedAtMedium.map(brief), belowHigh: malware.belowHigh.map(brief), flaggedBenign: malware.flaggedBenign.map(brief), notAudited: malware.notAudited.map(brief), durationMs: malwareScan.durationMs } : undefined;
    // The spam figures stay at the top level, where earlier consumers read them.
    console.log(JSON.stringify({ ...spam, malware: mal }, null, 2));
    return;
  }
  if (scan && figures) {
    console.log(`spamcheck quality benchmark${thin ? ' (thin registry)' : ''}: ${scan.labels.size} corpus packages scanned through the CLI in ${(scan.durationMs / 1000).toFixed(1)} s (exit ${scan.exitCode})\n`);
    console.log(formatQuality(figures));
  }
  if (malwareScan && malware) {
    console.log(`\n\nmalware corpus${thin ? ' (thin registry)' : ''}: ${malwareScan.labels.size} packages scanned in ${(malwareScan.durationMs / 1000).toFixed(1)} s (exit ${malwareScan.exitCode})\n`);
    console.log(formatMalware(malware, (r) => topFindings(r)));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(2);
  });
}
