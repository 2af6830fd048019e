/**
 * A tarball that `npm pack` could not have produced: names that climb out of the package, links
 * to host paths, or a broken archive. None of these occur in honestly published packages.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';

export const tarballAnomalies = definePackageDetector({
  meta: {
    id: 'tarball-anomalies',
    description: 'The tarball contains entries that escape the package folder, links pointing outside it, or is corrupt.',
    needs: ['files'],
    messages: {
      unsafePath: '{count} tarball entries try to escape the package folder',
      corrupt: 'the tarball is corrupt or truncated: {detail}',
    },
    options: z.object({
      unsafePathWeight: z.number().default(50),
      corruptWeight: z.number().default(20),
    }),
  },
  detect({ facts, options }) {
    if (!facts.files) return { findings: [], unavailable: [{ signal: 'tarball', reason: 'tarball was not read' }] };
    const findings: DetectorFinding[] = [];
    const unsafe = facts.files.limits.filter((l) => l.kind === 'unsafe-path');
    if (unsafe.length > 0) {
      findings.push({
        messageId: 'unsafePath',
        data: { count: unsafe.length },
        weight: options.unsafePathWeight,
        evidence: { entries: unsafe.slice(0, 5).map((l) => l.path ?? ''), excerpt: unsafe[0]!.message },
      });
    }
    const corrupt = facts.files.limits.find((l) => l.kind === 'corrupt');
    if (corrupt) {
      findings.push({ messageId: 'corrupt', data: { detail: corrupt.message }, weight: options.corruptWeight, evidence: { excerpt: corrupt.message } });
    }
    return { findings };
  },
});
