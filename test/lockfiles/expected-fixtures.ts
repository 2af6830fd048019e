/**
 * Compares a parsed graph with the expected.json that the fixture scripts computed from the package
 * manager's own view of the tree it installed (scripts/lockfile-fixtures/*). npm and yarn fixtures
 * record flags per package (ExpectedFixture); bun and pnpm ones only name@version (ExpectedIdList).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DependencyGraph } from '../../src/lockfiles/graph.js';
import { findLockfile, readLockfile, type LockfileKind } from '../../src/lockfiles/index.js';
import { idOf } from './support.js';

export interface ExpectedFixture {
  packages: { id: string; dev?: boolean; optional?: boolean; bundled?: boolean; direct?: boolean }[];
  notScanned: { name: string; spec: string; reason: string }[];
}

export const FIXTURES_ROOT = new URL('../../fixtures/lockfiles/', import.meta.url).pathname;

export function scenarioDirs(format: string): { scenario: string; dir: string }[] {
  const root = join(FIXTURES_ROOT, format);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ scenario: entry.name, dir: join(root, entry.name) }));
}

export function readExpected<T = ExpectedFixture>(dir: string): T {
  return JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as T;
}

/**
 * Finds the lockfile in an installed fixture project as the CLI would, reads it, and compares it with
 * the project's expected.json: the kind and format given, no problems, then expectGraphToMatch.
 */
export async function expectInstalledFixtureToMatch(dir: string, kind: LockfileKind, format: string): Promise<void> {
  const { chosen } = findLockfile(dir);
  expect(chosen?.kind).toBe(kind);
  const graph = await readLockfile(chosen!);
  expect(graph.format).toBe(format);
  expect(graph.problems).toEqual([]);
  expectGraphToMatch(graph, readExpected(dir), dir);
}

export interface ExpectedIdList {
  packages: string[];
  notScanned: { name: string; reason: string }[];
}

/** A bun or pnpm fixture: the lockfile's text and path, and its expected.json. */
export function readIdListFixture(format: string, scenario: string, lockfileName: string): { text: string; file: string; expected: ExpectedIdList } {
  const dir = join(FIXTURES_ROOT, format, scenario);
  const file = join(dir, lockfileName);
  return { text: readFileSync(file, 'utf8'), file, expected: readExpected<ExpectedIdList>(dir) };
}

/** Exact sorted list of name@version, then the not-scanned entries by name and reason, in order. */
export function expectIdsAndNotScannedToMatch(graph: DependencyGraph, expected: ExpectedIdList): void {
  expect(graph.packages.map(idOf)).toEqual([...expected.packages].sort());
  const nameAndReason = (e: { name: string; reason: string }) => ({ name: e.name, reason: e.reason });
  expect(graph.notScanned.map(nameAndReason)).toEqual(expected.notScanned.map(nameAndReason));
}

/** Exact set of name@version, then each flag the expectation records, then the not-scanned list. */
export function expectGraphToMatch(graph: DependencyGraph, expected: ExpectedFixture, projectDir: string): void {
  const ids = graph.packages.map((p) => `${p.name}@${p.version}`);
  expect(new Set(ids).size, 'each name@version once').toBe(ids.length);
  expect([...ids].sort()).toEqual(expected.packages.map((p) => p.id).sort());
  for (const want of expected.packages) {
    const got = graph.packages.find((p) => `${p.name}@${p.version}` === want.id)!;
    for (const flag of ['dev', 'optional', 'bundled', 'direct'] as const) {
      if (want[flag] !== undefined) expect({ id: want.id, [flag]: got[flag] }).toEqual({ id: want.id, [flag]: want[flag] });
    }
    // Every path starts at the root or at a workspace folder of the fixture project.
    const start = got.paths[0]?.[0] ?? '';
    expect(start === 'root' || (start !== '' && existsSync(join(projectDir, start, 'package.json'))), `${want.id} path ${got.paths[0]?.join(' > ')}`).toBe(true);
  }
  const notScanned = graph.notScanned.map((n) => ({ name: n.name, spec: n.spec, reason: n.reason }));
  expect(notScanned).toEqual(expected.notScanned);
}
