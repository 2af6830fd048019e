/**
 * Each detector's page in docs/detectors/<id>.md (shipped in the package), for SARIF rule help and
 * `spamcheck explain`. Read once; a missing page is an empty help text, never an error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root.js';

const DOCS_DIR = join(PACKAGE_ROOT, 'docs', 'detectors');
const cache = new Map<string, string>();

export function detectorDoc(id: string): string {
  let text = cache.get(id);
  if (text === undefined) {
    try {
      text = readFileSync(join(DOCS_DIR, `${id}.md`), 'utf8');
    } catch {
      text = '';
    }
    cache.set(id, text);
  }
  return text;
}

/** The first paragraph after the title: what the detector looks for, in prose. */
export function detectorSummary(id: string): string | undefined {
  const paragraphs = detectorDoc(id).split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#'));
  return paragraphs[0]?.replace(/\s+/g, ' ');
}
