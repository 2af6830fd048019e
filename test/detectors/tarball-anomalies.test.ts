import { tarballAnomalies } from '../../src/detectors/tarball-anomalies/index.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { testDetector } from '../support/test-detector.js';

/** A Windows program's first bytes: the DOS header pointing at the PE signature. */
const pe = (() => {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return { base64: b.toString('base64') };
})();

const pkg = (files: PackageFixture['versions'][number]['files']): PackageFixture => ({
  name: 'eslint-plugin-kit',
  publisher: { name: 'someone', email: 'someone@example.com' },
  versions: [{ version: '1.0.0', publishedAt: '2025-10-01T00:00:00.000Z', manifest: { description: 'x', main: 'index.js' }, files: { 'index.js': 'module.exports = {};\n', ...files } }],
});

testDetector(tarballAnomalies, {
  now: new Date('2025-11-01'),
  invalid: [
    { name: 'a Windows program shipped as a batch script (@typescript_eslinter, 2024)', fixture: pkg({ 'tools/prettier.bat': pe }), messageIds: ['disguisedExecutable'] },
    { name: 'a Windows program shipped as an image', fixture: pkg({ 'assets/logo.png': pe }), messageIds: ['disguisedExecutable'] },
  ],
  valid: [
    { name: 'programs named as programs: .exe, .node, and a bin without an extension', fixture: pkg({ 'bin/tool.exe': pe, 'build/addon.node': pe, 'bin/tool': pe }) },
  ],
});
