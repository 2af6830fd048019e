/**
 * Runs a scan-wide detector the way the engine does: `summarize` on each package while its files
 * are there, then `detect` over lean facts (files removed) and the summaries. A detector that read
 * files in `detect` would see none here, as in a real scan.
 */
import type { PackageFacts, ScanDetector, ScanDetectorContext } from '../../src/detectors/types.js';

export function runScanDetector<O, S>(
  detector: ScanDetector<any, S>,
  packages: readonly PackageFacts[],
  context: Omit<ScanDetectorContext<O, S>, 'packages'>,
): ReturnType<ScanDetector['detect']> {
  const scanned = packages.map((facts) => {
    const summary = detector.summarize?.(facts, context.options);
    const { files: _files, ...lean } = facts;
    return { facts: lean, summary };
  });
  return detector.detect({ ...context, packages: scanned });
}
