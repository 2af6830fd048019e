/**
 * Detectors' `prepare`: the work no package decides (loading the reference index, building its
 * lookup tables), done by a detector thread started ahead of a cold scan's first package.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePackageDetector } from '../../src/detectors/types.js';
import { type EnabledDetector, enableDetectors, prepareDetectors } from '../../src/engine/judge.js';

const detector = (id: string, prepare?: () => void) =>
  definePackageDetector({
    meta: { id, description: id, needs: ['files'], messages: {}, options: z.object({}) },
    ...(prepare ? { prepare } : {}),
    detect: () => ({ findings: [] }),
  });

describe('prepareDetectors', () => {
  it('prepares every enabled detector that has something to prepare, and goes on past one that throws', () => {
    const prepared: string[] = [];
    const enabled = [
      { detector: detector('throws', () => { throw new Error('data file missing'); }), options: {} },
      { detector: detector('plain'), options: {} },
      { detector: detector('loads', () => prepared.push('loads')), options: {} },
    ] as EnabledDetector[];
    expect(() => prepareDetectors(enabled)).not.toThrow();
    expect(prepared).toEqual(['loads']);
  });

  it('has the shipped detectors that match code against the reference index prepare it', () => {
    const preparing = enableDetectors({}).flatMap(({ detector: d }) => (d.scope === 'package' && d.prepare ? [d.meta.id] : []));
    expect(preparing).toContain('reference-clone');
    expect(() => prepareDetectors(enableDetectors({}))).not.toThrow();
  });
});
