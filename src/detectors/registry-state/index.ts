/**
 * What the registry itself tells about a locked package: it was removed (npm removes spam and
 * malware by unpublishing or replacing with a security holder), or it now serves other bytes than
 * the lockfile pinned.
 */
import { z } from 'zod';
import { definePackageDetector } from '../types.js';

export const registryState = definePackageDetector({
  meta: {
    id: 'registry-state',
    description: 'The locked package or version no longer exists on the registry, or its bytes differ from what the lockfile pinned.',
    needs: ['packument', 'files'],
    messages: {
      packageGone: 'the registry no longer has this package ({detail}); npm removes spam and malware this way',
      versionGone: 'the registry no longer has version {version} ({detail})',
      integrityMismatch: 'the registry served different bytes than the lockfile pinned',
    },
    options: z.object({
      goneWeight: z.number().default(70),
      integrityMismatchWeight: z.number().default(80),
    }),
  },
  detect({ facts, options }) {
    const state = facts.registry;
    const findings = [];
    if (state?.gone) {
      findings.push({
        messageId: state.gone.what === 'package' ? 'packageGone' : 'versionGone',
        data: { detail: state.gone.message, version: facts.version },
        weight: options.goneWeight,
        evidence: { field: state.gone.what === 'package' ? 'packument' : `versions["${facts.version}"]` },
      });
    }
    if (state?.lockfileIntegrity === 'mismatch') {
      findings.push({
        messageId: 'integrityMismatch',
        weight: options.integrityMismatchWeight,
        evidence: { field: 'integrity', pinned: state.pinnedIntegrity ?? null, served: state.servedIntegrity ?? null },
      });
    }
    return { findings };
  },
});
