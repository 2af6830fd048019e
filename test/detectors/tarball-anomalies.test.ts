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

/** MPEG transport stream packets: a sync byte every 188 bytes. */
const ts = { base64: Buffer.concat([0, 1].map(() => Buffer.concat([Buffer.from([0x47, 0x40, 0x11, 0x10]), Buffer.alloc(184, 0xff)]))).toString('base64') };
const bytes = (magic: string) => ({ base64: Buffer.concat([Buffer.from(magic, 'latin1'), Buffer.alloc(16)]).toString('base64') });

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
    { name: 'web fonts that are video segments (npm as free video hosting, 2025)', fixture: pkg(Object.fromEntries([0, 1, 2, 3].map((i) => [`fonts/huiwen-${i}.woff2`, ts]))), messageIds: ['mislabelledFiles'] },
  ],
  valid: [
    { name: 'programs named as programs: .exe, .node, and a bin without an extension', fixture: pkg({ 'bin/tool.exe': pe, 'build/addon.node': pe, 'bin/tool': pe }) },
    { name: 'fonts and images that are what they say', fixture: pkg({ 'a.woff2': bytes('wOF2'), 'b.woff': bytes('wOFF'), 'c.png': { base64: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(16)]).toString('base64') }, 'd.ttf': { base64: Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.alloc(16)]).toString('base64') } }) },
    { name: 'one odd file is a mistake, not storage', fixture: pkg({ 'fonts/a.woff2': ts, 'fonts/b.woff2': bytes('wOF2') }) },
    // Regression (license-check-and-add, npm ranks 33-40k): a tool's test data is mislabelled on purpose.
    { name: "a tool's test fixtures named as what they are not", fixture: pkg({ 'test/goal-files/not_really_a.jpg': bytes('xx'), 'test/goal-files/b.png': bytes('xx'), 'test/goal-files/c.gif': bytes('xx'), 'test/fixtures/tool.bat': pe }) },
  ],
});
