/**
 * `testDetector(detector, { valid, invalid })`: a package detector's test cases as data, in the
 * spirit of ESLint's RuleTester. Each case becomes one vitest `it`.
 *
 * - `invalid` cases must fire: every listed messageId appears among the findings (others may too).
 * - `valid` cases must stay quiet: no finding weighs `minWeight` (default 1) or more. Legitimate
 *   look-alikes belong here; counter-evidence (negative weights) is allowed.
 * - In every case, each finding's messageId is declared in `meta.messages` and its message fills
 *   (the report throws on an undeclared id), and the options come from `meta.options` so defaults
 *   are what the scan uses unless the case overrides some.
 */
import { describe, expect, it } from 'vitest';
import type { DetectorResult, PackageDetector } from '../../src/detectors/types.js';
import { fillMessage, messageTemplate } from '../../src/report/messages.js';
import { factsFromFixture, type PackageFixture } from './package-fixture.js';

interface CaseBase {
  /** What the case shows, as the test's title. */
  name: string;
  fixture: PackageFixture;
  /** Option overrides, parsed through the detector's zod schema. */
  options?: Record<string, unknown>;
  /** The scan's clock; defaults to the suite's `now`. */
  now?: Date;
}

export interface ValidCase extends CaseBase {
  /** The smallest weight that counts as firing; defaults to 1. */
  minWeight?: number;
}

export interface InvalidCase extends CaseBase {
  /** Message ids that must all be among the findings. */
  messageIds: string[];
  /** Further checks on the result, for the data or evidence a case is about. */
  check?: (result: DetectorResult) => void;
}

export interface DetectorTests {
  /** Default clock for every case. */
  now?: Date;
  valid: ValidCase[];
  invalid: InvalidCase[];
}

// The detector's options schema varies per detector; cases pass plain overrides through it.
type AnyPackageDetector = PackageDetector<any>;

function run(detector: AnyPackageDetector, c: CaseBase, now: Date): DetectorResult {
  const options = detector.meta.options.parse(c.options ?? {});
  const facts = factsFromFixture(c.fixture);
  // As the engine runs it: a detector with `summarize` judges from its summary, on facts without files.
  const { files: _files, ...lean } = facts;
  const result = detector.summarize
    ? detector.detect({ facts: lean, options, now: c.now ?? now, summary: detector.summarize(facts, options) })
    : detector.detect({ facts, options, now: c.now ?? now });
  for (const finding of result.findings) {
    const template = messageTemplate(detector.meta.messages, finding.messageId, detector.meta.id);
    expect(typeof fillMessage(template, finding.data)).toBe('string');
  }
  return result;
}

export function testDetector(detector: AnyPackageDetector, tests: DetectorTests): void {
  const now = tests.now ?? new Date('2026-01-01T00:00:00Z');
  describe(`${detector.meta.id} (testDetector)`, () => {
    describe('valid', () => {
      for (const c of tests.valid) {
        it(c.name, () => {
          const minWeight = c.minWeight ?? 1;
          const firing = run(detector, c, now).findings.filter((f) => f.weight >= minWeight);
          expect(firing.map((f) => `${f.messageId} ${f.weight}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of tests.invalid) {
        it(c.name, () => {
          const result = run(detector, c, now);
          expect(result.findings.map((f) => f.messageId)).toEqual(expect.arrayContaining(c.messageIds));
          c.check?.(result);
        });
      }
    });
  });
}
