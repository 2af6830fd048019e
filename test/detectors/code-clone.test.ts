import { describe, expect, it } from 'vitest';
import { codeClone, WEIGHTS } from '../../src/detectors/code-clone/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import { facts } from './content-fixtures.js';
import { runScanDetector } from '../support/scan-detector.js';

const IS_NUMBER = `/*!
 * is-number <https://github.com/jonschlinkert/is-number>
 * Released under the MIT License.
 */

'use strict';

module.exports = function(num) {
  if (typeof num === 'number') {
    return num - num === 0;
  }
  if (typeof num === 'string' && num.trim() !== '') {
    return Number.isFinite ? Number.isFinite(+num) : isFinite(+num);
  }
  return false;
};
`;

/** The same code as IS_NUMBER, reformatted and with the license comment dropped: what a farmer ships. */
const IS_NUMBER_COPY = `'use strict';
module.exports = function(num) {
    if (typeof num === 'number') { return num - num === 0; }
    if (typeof num === 'string' && num.trim() !== '') { return Number.isFinite ? Number.isFinite(+num) : isFinite(+num); }
    return false;
};`;

function scan(packages: PackageFacts[]) {
  return runScanDetector(codeClone, packages, { publisherVolumes: new Map(), options: codeClone.meta.options.parse({}), now: new Date('2025-07-01T00:00:00Z') });
}

describe('code-clone', () => {
  it('reports the twin for code copied under another name by another publisher, on both packages', () => {
    const real = facts('is-number', { 'index.js': IS_NUMBER }, { publisher: 'jonschlinkert', version: '7.0.0' });
    const copy = facts('bella-number-tea92', { 'index.js': IS_NUMBER_COPY, 'tea.yaml': 'version: 1.0.0' }, { publisher: 'farmer01', version: '4.3.3' });
    const r = scan([real, copy]);
    const onCopy = r.findings.find((f) => f.packageKey === 'bella-number-tea92@4.3.3')!;
    expect(onCopy.messageId).toBe('clone');
    expect(onCopy.data).toMatchObject({ twin: 'is-number@7.0.0', twinPublisher: 'jonschlinkert' });
    expect(onCopy.weight).toBe(WEIGHTS.clone);
    expect(r.findings.map((f) => f.packageKey).sort()).toEqual(['bella-number-tea92@4.3.3', 'is-number@7.0.0']);
  });

  it('ignores different code, tiny code, the same publisher, the same repository, and two versions of one name', () => {
    const other = facts('is-odd', { 'index.js': IS_NUMBER.replace('num - num === 0', 'num % 2 === 1') }, { publisher: 'b' });
    const tinyA = facts('tiny-a', { 'index.js': 'module.exports = {};' }, { publisher: 'a' });
    const tinyB = facts('tiny-b', { 'index.js': 'module.exports = {};' }, { publisher: 'b' });
    const samePublisher = facts('is-number-renamed', { 'index.js': IS_NUMBER }, { publisher: 'jonschlinkert' });
    const repo = { repository: { type: 'git', url: 'git+https://github.com/acme/mono.git' } };
    const monoCode = IS_NUMBER.replace('num - num === 0', 'Number.isInteger(num)');
    const monoA = facts('mono-a', { 'index.js': monoCode + '\n// a' }, { publisher: 'x', manifest: repo });
    const monoB = facts('mono-b', { 'index.js': monoCode + '\n// b' }, { publisher: 'y', manifest: repo });
    const real = facts('is-number', { 'index.js': IS_NUMBER }, { publisher: 'jonschlinkert', version: '7.0.0' });
    const realOld = facts('is-number', { 'index.js': IS_NUMBER }, { publisher: 'jonschlinkert', version: '6.0.0' });
    const r = scan([other, tinyA, tinyB, samePublisher, monoA, monoB, real, realOld]);
    expect(r.findings).toEqual([]);
  });

  it('reports "unavailable", not a clone, when the registry omits the publisher', () => {
    const thin = { _npmUser: undefined, maintainers: undefined };
    const a = facts('is-number', { 'index.js': IS_NUMBER });
    const b = facts('copy-of-number', { 'index.js': IS_NUMBER_COPY });
    for (const f of [a, b]) {
      Object.assign(f.versionMeta!, thin);
      delete f.packument!.maintainers;
    }
    const r = scan([a, b]);
    expect(r.findings).toEqual([]);
    expect(r.unavailable?.map((u) => u.packageKey).sort()).toEqual(['copy-of-number@1.0.0', 'is-number@1.0.0']);
  });
});
