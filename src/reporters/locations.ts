/**
 * Where the lockfile is, as code-scanning results and CI annotations must name it: relative to the
 * repository root (GITHUB_WORKSPACE in Actions), not to the audited folder, so a project in a
 * subfolder of a monorepo still gets its results on the right file.
 */
import { isAbsolute, join, relative } from 'node:path';
import type { Report } from '../report/schema.js';

export function lockfileUri(report: Report, sourceRoot: string | undefined): string {
  const lockfile = report.project.lockfile;
  if (sourceRoot && !isAbsolute(lockfile)) {
    const fromRoot = relative(sourceRoot, join(report.project.path, lockfile));
    if (fromRoot && !fromRoot.startsWith('..') && !isAbsolute(fromRoot)) return fromRoot.split('\\').join('/');
  }
  return lockfile.split('\\').join('/');
}
