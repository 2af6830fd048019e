/**
 * wiper: code that destroys the user's files. A function that walks folders (lists one, calls
 * itself for the next) and overwrites every file with a constant or deletes it, started on the home
 * folder, the file system's root, a drive or the working folder's parents (analysis/behaviour/wiper.ts),
 * and, weighed more, the same beside an IP geolocation lookup: damage aimed at a country, as node-ipc's
 * peacenotwar did in 2022. Shell wipers in install scripts (`rm -rf ~/*`) are install-scripts' `destructive`.
 *
 * rimraf, del and cache cleaners walk and delete too, but folders their caller names or their own
 * (`~/.cache/tool`): a fixed root in the user's files is what no library has a reason to start from.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { contextOptions, contextWeight, describeReach } from '../../analysis/behaviour/context.js';
import { packageBehaviour, reachOf } from '../../analysis/behaviour/package.js';
import type { Wipe } from '../../analysis/behaviour/wiper.js';

const options = z.object({
  /** A walk that overwrites or deletes every file under the user's folders. */
  wipeWeight: z.number().default(60),
  /** The file also asks an IP geolocation service where the machine is. */
  geoGatedWeight: z.number().default(20),
  /** The file also compares today with a fixed date: a time bomb. */
  timeGatedWeight: z.number().default(20),
  /** Started by a message arriving on a connection: a kill switch pulled from elsewhere (xlsx-to-json-lh, 2025). */
  remoteTriggerWeight: z.number().default(20),
  ...contextOptions,
});

export const wiper = definePackageDetector({
  meta: {
    id: 'wiper',
    description: "Finds code that walks the user's folders (home, the root, the working folder's parents) overwriting or deleting every file, weighed more when gated on the machine's country by IP geolocation.",
    needs: ['files'],
    messages: {
      wipe: '{file} {what}{geo}, {reach}',
    },
    options,
  },
  detect({ facts, options: o }) {
    const behaviour = packageBehaviour(facts);
    if (!behaviour) return { findings: [], unavailable: [{ signal: 'wiper', reason: 'the tarball was not read' }] };
    const candidates: DetectorFinding[] = [];
    for (const file of behaviour.files) {
      for (const wipe of file.behaviour?.wipes ?? []) {
        const reach = reachOf(file, wipe.scope);
        // At install, and in the package's own tests, the working folder is the package's: emptying it harms no one.
        if (wipe.project && (reach === 'install' || reach === 'test')) continue;
        const weight = Math.max(5, o.wipeWeight + (wipe.geoGated ? o.geoGatedWeight : 0) + (wipe.timeGated ? o.timeGatedWeight : 0) + (wipe.remoteTriggered ? o.remoteTriggerWeight : 0) + contextWeight(reach, o));
        candidates.push({
          messageId: 'wipe',
          data: { file: file.path, what: wipe.what, geo: gateText(wipe), reach: describeReach(reach, file.installHook) },
          weight,
          evidence: { file: file.path, line: wipe.line, excerpt: wipe.excerpt, root: wipe.root, geoGated: wipe.geoGated, timeGated: wipe.timeGated === true, remoteTriggered: wipe.remoteTriggered === true, reach, analysis: file.analysis },
        });
      }
    }
    candidates.sort((a, b) => b.weight - a.weight);
    return { findings: candidates.slice(0, 1).map((f) => ({ ...f, weight: Math.min(100, f.weight) })), ...(behaviour.unread.length > 0 ? { unavailable: behaviour.unread } : {}) };
  },
});

/** What the damage waits for, said after it: the machine's country, a day, or both. */
function gateText(wipe: Wipe): string {
  const gates = [wipe.geoGated ? "looks up the machine's country by its IP address" : '', wipe.timeGated ? 'compares today with a fixed date' : '', wipe.remoteTriggered ? 'waits for a request or a message from outside to start it' : ''].filter(Boolean);
  return gates.length > 0 ? `, in a file that ${gates.join(' and ')}` : '';
}
