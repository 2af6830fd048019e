import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLockfile, readLockfile } from '../../src/lockfiles/index.js';
import { REPO_ROOT } from '../support/cli.js';

const ROOT = join(REPO_ROOT, 'fixtures', 'lockfiles');

/** Every fixture project under fixtures/lockfiles/<format>/<scenario> with a lockfile spamcheck reads. */
function fixtureProjects(): string[] {
  const out: string[] = [];
  for (const format of readdirSync(ROOT)) {
    for (const scenario of readdirSync(join(ROOT, format))) {
      const dir = join(ROOT, format, scenario);
      if (existsSync(dir) && findLockfile(dir).chosen && !/broken|bad|invalid|binary|unknown|truncat|conflict/.test(scenario)) out.push(dir);
    }
  }
  return out;
}

describe('lockfile entry lines', () => {
  it.each(fixtureProjects().map((d) => [d.slice(ROOT.length + 1), d]))('%s: every registry package has a line that names it', async (_label, dir) => {
    const chosen = findLockfile(dir).chosen!;
    let graph;
    try {
      graph = await readLockfile(chosen);
    } catch {
      return; // fixtures that are meant to be refused are covered by their own tests
    }
    const lines = readFileSync(chosen.path, 'utf8').split('\n');
    for (const p of graph.packages) {
      expect(p.line, `${p.name}@${p.version}`).toBeTypeOf('number');
      const text = lines[p.line! - 1]!;
      // The entry line holds the package's name (or its alias/folder key), never an unrelated line.
      const leaf = p.name.replace(/^@[^/]+\//, '');
      expect(text.includes(leaf) || p.aliases.some((a) => text.includes(a)), `${p.name}@${p.version} → line ${p.line}: ${text}`).toBe(true);
    }
  });
});
