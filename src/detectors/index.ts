/**
 * Every detector spamcheck runs, registered explicitly so the list is greppable and ordered.
 * Adding a detector: one folder under src/detectors/<id>/ with index.ts, plus one line here.
 */
import type { Detector } from './types.js';

export const detectors: readonly Detector[] = [
];
