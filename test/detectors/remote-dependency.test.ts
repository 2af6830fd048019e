import { describe, expect, it } from 'vitest';
import { remoteDependency } from '../../src/detectors/remote-dependency/index.js';
import { factsFromFixture } from '../support/package-fixture.js';

function run(dependencies: unknown) {
  const facts = factsFromFixture({
    name: 'eslint-helper-kit',
    publisher: { name: 'someone', email: 'someone@example.com' },
    versions: [{ version: '1.0.0', publishedAt: '2025-10-01T00:00:00.000Z', manifest: { description: 'x', dependencies }, files: { 'index.js': 'module.exports = {};\n' } }],
  });
  return remoteDependency.detect({ facts, options: remoteDependency.meta.options.parse({}), now: new Date('2025-11-01') });
}

describe('remote-dependency', () => {
  it('a dependency fetched over plain HTTP from an unknown host (PhantomRaven) is high; over HTTPS medium', () => {
    const plain = run({ lodash: '^4.17.21', 'ui-styles-pkg': 'http://packages.storeartifact.example/npm/ui-styles-pkg' });
    expect(plain.findings).toHaveLength(1);
    expect(plain.findings[0]).toMatchObject({ messageId: 'remote', weight: 75, data: { dependency: 'ui-styles-pkg' } });
    const secure = run({ 'x-build': 'https://cdn.example.net/npm/x-build' });
    expect(secure.findings[0]!.weight).toBe(50);
    // A vendor's versioned release tarball (SheetJS publishes xlsx on its CDN): pinned by name, low.
    const vendor = run({ xlsx: 'https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz' });
    expect(vendor.findings[0]!.weight).toBe(30);
  });

  it('registry ranges, npm aliases, git URLs and code-host tarballs are not remote dependencies; a string where an object belongs is skipped', () => {
    expect(run({ a: '^1.0.0', b: 'npm:c@^2', d: 'git+https://github.com/o/d.git', e: 'https://github.com/o/e/tarball/v1', f: 'https://codeload.github.com/o/f/tar.gz/main', g: 'https://registry.npmjs.org/g/-/g-1.0.0.tgz' }).findings).toHaveLength(0);
    expect(run('http://evil.example/x').findings).toHaveLength(0);
  });
});
