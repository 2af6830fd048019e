/**
 * A tarball that `npm pack` could not have produced: names that climb out of the package, links
 * to host paths, or a broken archive. None of these occur in honestly published packages. And a
 * native program under a name that says it is something else (a Windows PE shipped as
 * `tools/prettier.bat`, @typescript_eslinter 2024): packages ship their binaries as `.exe`,
 * `.node`, `.so` or without an extension, never disguised as a script, an image or a font.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { isTextCandidate } from '../../package-files/tarball.js';
import type { FileEntry } from '../../package-files/types.js';

/** Names that promise content other than a program: media, fonts, documents, archives (scripts and text are isTextCandidate's). */
const CLAIMS_OTHER_CONTENT = /\.(?:png|jpe?g|gif|bmp|ico|webp|tiff?|woff2?|ttf|otf|eot|mp3|mp4|wav|ogg|webm|avi|mov|pdf|zip|gz|tgz|tar|7z|rar)$/i;
/**
 * Tests' data: a detector's fixtures are files that are not what their names say on purpose
 * (license-check-and-add ships `test/…/not_really_a.jpg`), and nothing runs them.
 */
const TEST_DATA = /(?:^|\/)(?:test|tests|__tests__|spec|specs|fixtures?|__fixtures__|testdata|test-data)\//i;
const KIND = { pe: 'Windows program (PE)', elf: 'Linux program (ELF)', macho: 'macOS program (Mach-O)' } as const;

/** A program under a name whose extension promises a script, text, media or an archive (a bin without an extension is a program's usual name: esbuild's). */
function disguised(entry: FileEntry): boolean {
  if (entry.executable === undefined || TEST_DATA.test(entry.path) || !/\.[^/.]+$/.test(entry.path.slice(entry.path.lastIndexOf('/') + 1))) return false;
  return isTextCandidate(entry.path) || CLAIMS_OTHER_CONTENT.test(entry.path);
}

export const tarballAnomalies = definePackageDetector({
  meta: {
    id: 'tarball-anomalies',
    description: 'The tarball contains entries that escape the package folder, links pointing outside it, or is corrupt.',
    needs: ['files'],
    messages: {
      unsafePath: '{count} tarball entries try to escape the package folder',
      corrupt: 'the tarball is corrupt or truncated: {detail}',
      disguisedExecutable: '{path} is a {kind} under a name that says it is not one{more}',
      mislabelledFiles: '{count} files are not the format their names say ({examples}): the package stores something else under them',
    },
    options: z.object({
      unsafePathWeight: z.number().default(50),
      corruptWeight: z.number().default(20),
      disguisedExecutableWeight: z.number().default(45),
      /**
       * Several fonts, images or videos whose bytes are another format: npm used as free storage
       * (fake web-font packages holding video segments served by unpkg, 2025). One odd file is a
       * mistake; the spam family ships dozens.
       */
      mislabelledFilesWeight: z.number().default(30),
      mislabelledFilesMin: z.number().int().positive().default(3),
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
    const hidden = facts.files.entries.filter(disguised);
    if (hidden.length > 0) {
      const first = hidden[0]!;
      findings.push({
        messageId: 'disguisedExecutable',
        data: { path: first.path, kind: KIND[first.executable!], more: hidden.length > 1 ? ` (and ${hidden.length - 1} more)` : '' },
        weight: options.disguisedExecutableWeight,
        evidence: { file: first.path, entries: hidden.slice(0, 5).map((e) => e.path) },
      });
    }
    const odd = facts.files.entries.filter((e) => e.mislabelled === true && e.executable === undefined && !TEST_DATA.test(e.path));
    if (odd.length >= options.mislabelledFilesMin) {
      findings.push({
        messageId: 'mislabelledFiles',
        data: { count: odd.length, examples: odd.slice(0, 3).map((e) => e.path).join(', ') },
        weight: options.mislabelledFilesWeight,
        evidence: { file: odd[0]!.path, entries: odd.slice(0, 5).map((e) => e.path) },
      });
    }
    return { findings };
  },
});
