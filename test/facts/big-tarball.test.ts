import { expect, it } from 'vitest';
import { isLikelyBigTarball } from '../../src/facts/gather.js';
import type { PackageFacts } from '../../src/facts/types.js';

const meta = (fields: Record<string, unknown>) => ({ name: 'p', version: '1.0.0', ...fields }) as unknown as PackageFacts['versionMeta'];

it('takes platform builds and registry-declared big packages as big, and nothing else', () => {
  expect(isLikelyBigTarball(meta({ os: ['darwin'], cpu: ['arm64'] }))).toBe(true);
  expect(isLikelyBigTarball(meta({ cpu: ['x64'] }))).toBe(true);
  expect(isLikelyBigTarball(meta({ os: 'linux' }))).toBe(true);
  expect(isLikelyBigTarball(meta({ dist: { unpackedSize: 120 * 1024 * 1024 } }))).toBe(true);
  expect(isLikelyBigTarball(meta({ dist: { unpackedSize: 200_000 } }))).toBe(false);
  expect(isLikelyBigTarball(meta({}))).toBe(false);
  // A hostile or odd manifest only changes the order packages are read in: it must not throw.
  expect(isLikelyBigTarball(meta({ os: [], cpu: 42, dist: { unpackedSize: '9999999999' } }))).toBe(false);
  expect(isLikelyBigTarball(undefined)).toBe(false);
});
