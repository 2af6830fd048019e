/**
 * A project folder with a flat lockfile v3: every package a direct dependency of `app`. Most scan
 * and e2e tests only need "these name@versions are locked"; this writes that one shape in one place.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockedEntry {
  name: string;
  version?: string;
  /** The lockfile's pin, when a test is about comparing it with the served bytes. */
  integrity?: string;
}

export function writeFlatProject(dir: string, entries: readonly (string | LockedEntry)[]): string {
  const locked = entries.map((e) => (typeof e === 'string' ? { name: e } : e));
  const deps = Object.fromEntries(locked.map((e) => [e.name, e.version ?? '1.0.0']));
  const packages: Record<string, unknown> = { '': { name: 'app', dependencies: deps } };
  for (const e of locked) packages[`node_modules/${e.name}`] = { version: e.version ?? '1.0.0', ...(e.integrity ? { integrity: e.integrity } : {}) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
  return dir;
}
