/**
 * Benchmark for the pnpm and bun lockfile parsers.
 *
 * 1. Accuracy on real lockfiles of large projects (../shared/lockfiles, skipped when absent): the
 *    registry packages we read vs. expected-packages.txt, as missing/extra counts.
 * 2. Speed on synthetic 5,000-package lockfiles of each format (pnpm 5.x, 6.0, 9.0 and bun.lock),
 *    parse + graph build, median of several runs.
 *
 * Run: npx tsx scripts/bench/lockfiles-pnpm-bun.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBunLockfile } from '../../src/lockfiles/bun/parse.js';
import { buildDependencyGraph, type ParsedLockfile } from '../../src/lockfiles/graph.js';
import { parsePnpmLockfile } from '../../src/lockfiles/pnpm/parse.js';

const SHARED = join(import.meta.dirname, '../../../shared/lockfiles');
const REAL: { folder: string; file: string; parse: (text: string, file: string) => ParsedLockfile }[] = [
  { folder: 'pnpm-v6-vue-core', file: 'pnpm-lock.yaml', parse: parsePnpmLockfile },
  { folder: 'pnpm-v9-vite', file: 'pnpm-lock.yaml', parse: parsePnpmLockfile },
  { folder: 'bun-lock-hono', file: 'bun.lock', parse: parseBunLockfile },
];
const SYNTHETIC_PACKAGES = 5_000;
const RUNS = 5;

/** Wall time and this process's CPU time: on a shared, loaded machine the CPU figure is the fairer one. */
function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = fn();
  const cpu = process.cpuUsage(cpuStart);
  return { value, ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function checkRealLockfiles(): void {
  if (!existsSync(SHARED)) {
    console.log(`skipped real lockfiles: ${SHARED} is absent`);
    return;
  }
  console.log('real lockfiles (registry packages vs expected-packages.txt)');
  for (const { folder, file, parse } of REAL) {
    const path = join(SHARED, folder, file);
    if (!existsSync(path)) {
      console.log(`  ${folder}: skipped, ${file} absent`);
      continue;
    }
    const expected = new Set(readFileSync(join(SHARED, folder, 'expected-packages.txt'), 'utf8').split('\n').filter(Boolean));
    const { value: graph, ms } = timed(() => buildDependencyGraph(parse(readFileSync(path, 'utf8'), path), path));
    const got = new Set(graph.packages.map((p) => `${p.name}@${p.version}`));
    const missing = [...expected].filter((id) => !got.has(id));
    const extra = [...got].filter((id) => !expected.has(id));
    console.log(
      `  ${folder}: ${got.size} read, ${expected.size} expected, missing ${missing.length}, extra ${extra.length}, ` +
        `${graph.notScanned.length} not scanned, ${graph.problems.length} problems, ${ms.toFixed(0)} ms` +
        (missing.length + extra.length > 0 ? `\n    missing: ${missing.slice(0, 5).join(', ')}\n    extra: ${extra.slice(0, 5).join(', ')}` : ''),
    );
  }
}

/** Package i depends on i+1 and 2i+1 (when they exist): a deep, fanned-out tree with shared nodes. */
function childrenOf(i: number): number[] {
  return [...new Set([i + 1, 2 * i + 1])].filter((c) => c < SYNTHETIC_PACKAGES);
}
const nameOf = (i: number) => (i % 7 === 0 ? `@scope${i % 13}/pkg-${i}` : `pkg-${i}`);
const versionOf = (i: number) => `${1 + (i % 5)}.${i % 11}.${i % 3}`;
const INTEGRITY = 'sha512-' + 'A'.repeat(86) + '==';

function synthesizePnpm(version: '5.4' | '6.0' | '9.0'): string {
  const q = (s: string) => (s.startsWith('@') ? `'${s}'` : s);
  const key = (i: number) =>
    version === '5.4' ? `/${nameOf(i)}/${versionOf(i)}` : version === '6.0' ? `/${nameOf(i)}@${versionOf(i)}` : `${nameOf(i)}@${versionOf(i)}`;
  const out: string[] = [`lockfileVersion: ${version === '5.4' ? '5.4' : `'${version}'`}`, '', 'importers:', '', '  .:'];
  if (version === '5.4') out.push('    specifiers:', `      ${q(nameOf(0))}: ^${versionOf(0)}`, '    dependencies:', `      ${q(nameOf(0))}: ${versionOf(0)}`);
  else out.push('    dependencies:', `      ${q(nameOf(0))}:`, `        specifier: ^${versionOf(0)}`, `        version: ${versionOf(0)}`);
  out.push('', 'packages:', '');
  const depLines = (i: number) => {
    const children = childrenOf(i);
    return children.length === 0 ? [] : ['    dependencies:', ...children.map((c) => `      ${q(nameOf(c))}: ${versionOf(c)}`)];
  };
  for (let i = 0; i < SYNTHETIC_PACKAGES; i++) {
    out.push(`  ${q(key(i))}:`, `    resolution: {integrity: ${INTEGRITY}}`, "    engines: {node: '>=18'}");
    if (version !== '9.0') out.push(...depLines(i), '    dev: false');
    out.push('');
  }
  if (version === '9.0') {
    out.push('snapshots:', '');
    for (let i = 0; i < SYNTHETIC_PACKAGES; i++) {
      const lines = depLines(i);
      out.push(lines.length === 0 ? `  ${q(key(i))}: {}` : `  ${q(key(i))}:`, ...lines, '');
    }
  }
  return out.join('\n');
}

function synthesizeBun(): string {
  const entries: string[] = [];
  for (let i = 0; i < SYNTHETIC_PACKAGES; i++) {
    const deps = Object.fromEntries(childrenOf(i).map((c) => [nameOf(c), `^${versionOf(c)}`]));
    const info = Object.keys(deps).length > 0 ? { dependencies: deps } : {};
    entries.push(`    ${JSON.stringify(nameOf(i))}: [${JSON.stringify(`${nameOf(i)}@${versionOf(i)}`)}, "", ${JSON.stringify(info)}, "${INTEGRITY}"],\n`);
  }
  return `{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "synthetic",\n      "dependencies": { ${JSON.stringify(nameOf(0))}: "^${versionOf(0)}", },\n    },\n  },\n  "packages": {\n${entries.join('\n')}  }\n}\n`;
}

function benchSynthetic(): void {
  console.log(`synthetic ${SYNTHETIC_PACKAGES}-package lockfiles (median of ${RUNS}; wall / CPU ms)`);
  const cases: [string, string, (text: string, file: string) => ParsedLockfile][] = [
    ['pnpm 5.4', synthesizePnpm('5.4'), parsePnpmLockfile],
    ['pnpm 6.0', synthesizePnpm('6.0'), parsePnpmLockfile],
    ['pnpm 9.0', synthesizePnpm('9.0'), parsePnpmLockfile],
    ['bun.lock', synthesizeBun(), parseBunLockfile],
  ];
  for (const [label, text, parse] of cases) {
    const parseWall: number[] = [];
    const parseCpu: number[] = [];
    const graphWall: number[] = [];
    let packages = 0;
    for (let run = 0; run < RUNS; run++) {
      const parsed = timed(() => parse(text, label));
      const graph = timed(() => buildDependencyGraph(parsed.value, label));
      packages = graph.value.packages.length;
      parseWall.push(parsed.ms);
      parseCpu.push(parsed.cpuMs);
      graphWall.push(graph.ms);
    }
    if (packages !== SYNTHETIC_PACKAGES) throw new Error(`${label}: read ${packages} packages, expected ${SYNTHETIC_PACKAGES}`);
    console.log(
      `  ${label}: ${(text.length / 1024).toFixed(0)} KiB, ${packages} packages, parse ${median(parseWall).toFixed(0)} / ${median(parseCpu).toFixed(0)} ms, graph ${median(graphWall).toFixed(0)} ms`,
    );
  }
}

checkRealLockfiles();
benchSynthetic();
