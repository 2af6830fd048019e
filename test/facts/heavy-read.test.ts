import { describe, expect, it } from 'vitest';
import { isHeavyRead } from '../../src/facts/gather.js';

describe('isHeavyRead', () => {
  it('marks builds for one platform and tarballs the registry says unpack past 32 MB', () => {
    expect(isHeavyRead({ name: '@next/swc-win32-x64-msvc', version: '15.5.29', os: ['win32'], cpu: ['x64'] })).toBe(true);
    expect(isHeavyRead({ name: 'fsevents', version: '2.3.3', os: ['darwin'] })).toBe(true);
    expect(isHeavyRead({ name: 'next', version: '15.5.29', dist: { unpackedSize: 140_000_000 } })).toBe(true);
  });

  it('leaves ordinary packages, thin registries without sizes, and odd size fields alone', () => {
    expect(isHeavyRead(undefined)).toBe(false);
    expect(isHeavyRead({ name: 'left-pad', version: '1.3.0', dist: { unpackedSize: 4_000 } })).toBe(false);
    expect(isHeavyRead({ name: 'react', version: '18.3.1', dist: { tarball: 'https://r/react.tgz' } })).toBe(false);
    expect(isHeavyRead({ name: 'odd', version: '1.0.0', dist: { unpackedSize: '99999999999' as unknown as number } })).toBe(false);
  });
});
