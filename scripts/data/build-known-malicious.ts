/**
 * Builds data/known-malicious.json, the known-bad list shipped with spamcheck, from public lists
 * (facts only: names and versions, each record naming its source):
 *
 *   npx tsx scripts/data/build-known-malicious.ts \
 *     --npm-tsv /work/.library/env/packages/npm.tsv \
 *     --shai-hulud-1 <OreNPMGuard affected_packages.yaml at d727b94, 2025-09-18> \
 *     --shai-hulud-2 <DataDog indicators-of-compromise shai-hulud-2.0/consolidated_iocs.csv>
 *
 * plus scripts/data/known-malicious-incidents.json (hand-curated, with OSV MAL- ids where known).
 * Every input is optional; the build says what it read. Rebuild when a new public list appears;
 * users get OSV's full MAL- data between releases with `spamcheck update-db`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { KNOWN_MALICIOUS_SCHEMA_VERSION, type KnownMaliciousDb, type KnownMaliciousRecord, parseKnownMaliciousDb } from '../../src/facts/known-malicious.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

type Sources = KnownMaliciousDb['sources'];

/** npm's own verdict: names whose listed version is a `-security` placeholder ("security holding package"). */
function securityHolders(path: string, sources: Sources): KnownMaliciousRecord[] {
  sources['npm-security-holding'] = { title: 'npm registry: packages replaced by a "security holding package" (malware removed by npm), as listed in the env package list', retrieved: '2026-12-01' };
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cols) => /^\d+\.\d+\.\d+-security(\.\d+)?$/.test(cols[1] ?? '') && /security holding package/i.test(cols[3] ?? ''))
    .map(([name, holder]) => ({ id: `KB-NPM-HOLDER-${name}`, name: name!, ranges: [{ introduced: '0' }], summary: `npm replaced the package with a security holding package (${holder})`, source: 'npm-security-holding' }));
}

function shaiHulud1(path: string, sources: Sources): KnownMaliciousRecord[] {
  sources['shai-hulud-2025-09'] = {
    title: 'Shai-Hulud worm, first wave (September 2025): compromised versions, as compiled by Rapticore OreNPMGuard (affected_packages.yaml, 2025-09-18)',
    url: 'https://github.com/ztamas83/OreNPMGuard',
    retrieved: '2026-12-01',
  };
  const doc = yaml.load(readFileSync(path, 'utf8')) as { affected_packages: { name: string; versions: string[] }[] };
  return doc.affected_packages.map((p) => ({ id: `KB-SHAI-HULUD-1-${p.name}`, name: p.name, versions: p.versions.map(String), summary: 'compromised by the Shai-Hulud worm (September 2025)', published: '2025-09-16', source: 'shai-hulud-2025-09' }));
}

function shaiHulud2(path: string, sources: Sources): KnownMaliciousRecord[] {
  sources['shai-hulud-2025-11'] = {
    title: 'Shai-Hulud 2.0 "The Second Coming" (November 2025): compromised versions, consolidated by Datadog from Koi, StepSecurity, Aikido, Wiz, ReversingLabs, HelixGuard (retrieved by them 2025-11-26)',
    url: 'https://github.com/DataDog/indicators-of-compromise/tree/main/shai-hulud-2.0',
    retrieved: '2026-12-01',
  };
  const lines = readFileSync(path, 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line) => {
    const match = /^([^,]+),("([^"]*)"|[^,]*),/.exec(line);
    if (!match) throw new Error(`${path}: cannot read line ${line}`);
    const versions = (match[3] ?? match[2]!).split(',').map((v) => v.trim()).filter(Boolean);
    return { id: `KB-SHAI-HULUD-2-${match[1]}`, name: match[1]!, versions, summary: 'compromised by the Shai-Hulud 2.0 worm (November 2025)', published: '2025-11-24', source: 'shai-hulud-2025-11' };
  });
}

function incidents(sources: Sources): KnownMaliciousRecord[] {
  const file = JSON.parse(readFileSync(join(ROOT, 'scripts', 'data', 'known-malicious-incidents.json'), 'utf8')) as { sources: Sources; records: (Omit<KnownMaliciousRecord, 'id'> & { id?: string })[] };
  Object.assign(sources, file.sources);
  return file.records.map((r) => ({ ...r, id: r.id ?? `KB-${r.source}-${r.name}`, summary: r.summary ?? sources[r.source]!.title.split(':')[0]! }));
}

function main(): void {
  const sources: Sources = {};
  const records: KnownMaliciousRecord[] = [...incidents(sources)];
  const tsv = flag('--npm-tsv');
  if (tsv) records.push(...securityHolders(tsv, sources));
  const first = flag('--shai-hulud-1');
  if (first) records.push(...shaiHulud1(first, sources));
  const second = flag('--shai-hulud-2');
  if (second) records.push(...shaiHulud2(second, sources));
  const db: KnownMaliciousDb = { schemaVersion: KNOWN_MALICIOUS_SCHEMA_VERSION, generatedAt: new Date().toISOString(), sources, records };
  const text = `${JSON.stringify(db, null, 1)}\n`;
  parseKnownMaliciousDb(text, 'built list');
  writeFileSync(join(ROOT, 'data', 'known-malicious.json'), text);
  const bySource = Object.keys(sources).map((s) => `${s} ${records.filter((r) => r.source === s).length}`);
  console.log(`data/known-malicious.json: ${records.length} records, ${new Set(records.map((r) => r.name)).size} packages (${bySource.join(', ')})`);
}

main();
