/**
 * The only place that knows how weights become a score and a score becomes a level.
 */
export const LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** Lowest score of each level. A score of 0 is always `none`. */
export const LEVEL_THRESHOLDS: Readonly<Record<Exclude<Level, 'none'>, number>> = {
  low: 10,
  medium: 40,
  high: 70,
  critical: 90,
};

export const MAX_SCORE = 100;

export function levelForScore(score: number): Level {
  if (score >= LEVEL_THRESHOLDS.critical) return 'critical';
  if (score >= LEVEL_THRESHOLDS.high) return 'high';
  if (score >= LEVEL_THRESHOLDS.medium) return 'medium';
  if (score >= LEVEL_THRESHOLDS.low) return 'low';
  return 'none';
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isAtLeast(level: Level, threshold: Level): boolean {
  return levelRank(level) >= levelRank(threshold);
}

/**
 * Weights add up and the total is clamped to 0–100. Negative weights (counter-evidence such as a
 * long publish history) subtract. Adding keeps the score explainable: the report lists each weight.
 */
export function scoreFindings(weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return Math.max(0, Math.min(MAX_SCORE, Math.round(total)));
}
