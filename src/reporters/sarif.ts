/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per detector, one result per
 * risk finding (positive weight) of every package at low or above, located at the package's entry in
 * the lockfile. Fingerprints hash name, version, detector and message id, so the same finding keeps its
 * alert across runs and a new version opens a new one. Suppressed findings carry a SARIF suppression;
 * with a baseline, `baselineState` says which are new.
 */
import { createHash } from 'node:crypto';
import { ALL_DETECTORS } from '../engine/judge.js';
import type { PackageReport, Report, ReportFinding } from '../report/schema.js';
import type { Level } from '../report/levels.js';
import { detectorDoc, detectorSummary } from './detector-docs.js';
import { lockfileUri } from './locations.js';

const INFORMATION_URI = 'https://www.npmjs.com/package/spamcheck-cli';
const SARIF_LEVEL: Record<Exclude<Level, 'none'>, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

export function renderSarif(report: Report, options: { sourceRoot?: string } = {}): string {
  const uri = lockfileUri(report, options.sourceRoot);
  const rules = ALL_DETECTORS.map((d) => ({
    id: d.meta.id,
    name: d.meta.id.replace(/(^|-)(\w)/g, (_m, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: d.meta.description },
    fullDescription: { text: detectorSummary(d.meta.id) ?? d.meta.description },
    help: { text: detectorDoc(d.meta.id) || d.meta.description, markdown: detectorDoc(d.meta.id) || d.meta.description },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['security', 'supply-chain', 'npm'] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.packages
    .filter((p) => p.level !== 'none')
    .flatMap((p) => p.findings.filter((f) => f.weight > 0 && ruleIndex.has(f.detector)).map((f) => result(report, uri, p, f, ruleIndex.get(f.detector)!)));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'spamcheck', version: report.tool.version, semanticVersion: report.tool.version, informationUri: INFORMATION_URI, rules } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function result(report: Report, uri: string, p: PackageReport, f: ReportFinding, index: number) {
  const level = p.level as Exclude<Level, 'none'>;
  const region = p.line !== undefined ? { region: { startLine: p.line } } : {};
  const suppression = p.suppressed ?? f.suppressed;
  const inBaseline = report.policy?.baseline ? (f.inBaseline ? 'unchanged' : 'new') : undefined;
  return {
    ruleId: f.detector,
    ruleIndex: index,
    level: SARIF_LEVEL[level],
    message: { text: `${p.name}@${p.version} (${p.level}, score ${p.score}): ${f.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri }, ...region },
        logicalLocations: [{ name: `${p.name}@${p.version}`, kind: 'module' }],
      },
    ],
    partialFingerprints: { 'spamcheckFinding/v1': fingerprint(p, f) },
    ...(suppression ? { suppressions: [{ kind: 'external', status: 'accepted', justification: suppression.reason }] } : {}),
    ...(inBaseline ? { baselineState: inBaseline } : {}),
    properties: {
      package: p.name,
      version: p.version,
      score: p.score,
      packageLevel: p.level,
      weight: f.weight,
      messageId: f.messageId,
      paths: p.paths.map((path) => path.join(' > ')),
      evidence: f.evidence,
    },
  };
}

function fingerprint(p: PackageReport, f: ReportFinding): string {
  return createHash('sha256').update(`${p.name}\0${p.version}\0${f.detector}\0${f.messageId}`).digest('hex').slice(0, 32);
}
