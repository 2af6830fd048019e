import { describe, expect, it } from 'vitest';
import { isAtLeast, LEVEL_THRESHOLDS, levelForScore, scoreFindings } from '../../src/report/levels.js';
import { exitCodeFor } from '../../src/report/exit-codes.js';
import type { Report } from '../../src/report/schema.js';

describe('scoring', () => {
  it('adds weights, lets counter-evidence subtract, and clamps to 0..100', () => {
    expect(scoreFindings([30, 25])).toBe(55);
    expect(scoreFindings([80, 40])).toBe(100);
    expect(scoreFindings([20, -35])).toBe(0);
    expect(scoreFindings([])).toBe(0);
  });

  it('maps scores to levels at the named thresholds', () => {
    expect(levelForScore(0)).toBe('none');
    expect(levelForScore(LEVEL_THRESHOLDS.low - 1)).toBe('none');
    expect(levelForScore(LEVEL_THRESHOLDS.low)).toBe('low');
    expect(levelForScore(LEVEL_THRESHOLDS.medium)).toBe('medium');
    expect(levelForScore(LEVEL_THRESHOLDS.high - 1)).toBe('medium');
    expect(levelForScore(LEVEL_THRESHOLDS.high)).toBe('high');
    expect(levelForScore(100)).toBe('critical');
    expect(isAtLeast('critical', 'high')).toBe(true);
    expect(isAtLeast('medium', 'high')).toBe(false);
  });
});

describe('exit codes', () => {
  const report = (levels: Report['packages'][number]['level'][], incomplete = false, interrupted = false) =>
    ({ packages: levels.map((level) => ({ level })), summary: { incomplete, interrupted } }) as unknown as Report;

  it('1 when a package reaches --fail-on, even when the scan is incomplete', () => {
    expect(exitCodeFor(report(['none', 'high']), 'high', false)).toBe(1);
    expect(exitCodeFor(report(['critical'], true), 'high', false)).toBe(1);
    expect(exitCodeFor(report(['medium']), 'high', false)).toBe(0);
    expect(exitCodeFor(report(['medium']), 'medium', false)).toBe(1);
    expect(exitCodeFor(report(['critical']), 'never', false)).toBe(0);
  });

  it('3 for an incomplete scan unless allowed, 130 when interrupted', () => {
    expect(exitCodeFor(report(['low'], true), 'high', false)).toBe(3);
    expect(exitCodeFor(report(['low'], true), 'high', true)).toBe(0);
    expect(exitCodeFor(report(['low'], true, true), 'high', true)).toBe(130);
    // Ctrl-C (or a CI cancel) is the user's decision: 130 whatever was found before it (issue 12).
    expect(exitCodeFor(report(['critical'], true, true), 'high', false)).toBe(130);
  });
});
