import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useReferenceIndex } from '../../src/analysis/reference-index/index.js';
import { referencePackage } from '../../src/detectors/reference-package/index.js';
import { TINTED } from '../../scripts/corpus/families/reference-sources.js';
import { referenceFixture, testIndex } from '../support/reference-index.js';
import { facts, run } from './content-fixtures.js';

beforeAll(() => useReferenceIndex(testIndex([referenceFixture(TINTED)])));
afterAll(() => useReferenceIndex(undefined));

describe('reference-package', () => {
  it('discounts weak signals on the reference package itself (same name, same repository)', () => {
    const result = run(referencePackage, facts('tinted', { 'index.js': TINTED.code }, { manifest: { repository: 'github:tinted-dev/tinted' } }));
    expect(result.findings.map((f) => [f.messageId, f.weight])).toEqual([['reference', -10]]);
  });

  it('gives nothing to another name, or to the same name pointing at another repository', () => {
    expect(run(referencePackage, facts('tinted2', {}, { manifest: { repository: 'github:tinted-dev/tinted' } })).findings).toEqual([]);
    expect(run(referencePackage, facts('tinted', {}, { manifest: { repository: 'github:evil/tinted' } })).findings).toEqual([]);
  });
});
