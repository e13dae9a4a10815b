/**
 * The strength-versus-preservation trade-off: which stylizers no other stylizer beats on both axes at
 * once. Preservation is the primary identity model's verified rate (misses count as not preserved), or
 * its cosine when no threshold gave a rate. Only stylized stylizers take part: one that returns the
 * photo would trivially "preserve" everything.
 */
import { PAIR_METRICS } from '../metrics/metric-names.js';
import { metricKey } from './metric-catalog.js';
import type { ComparisonMetric, LeaderboardRow, StylizerStrength } from './types.js';

export interface ParetoSummary {
  /** ComparisonMetric.key of the preservation axis. */
  readonly preservation: string;
  /** Stylizer names on the front, by increasing strength. */
  readonly front: readonly string[];
}

export function paretoSummary(
  metrics: readonly ComparisonMetric[],
  primaryIdentityModel: string | undefined,
  leaderboard: readonly LeaderboardRow[],
  strength: readonly StylizerStrength[],
): ParetoSummary | undefined {
  if (primaryIdentityModel === undefined || strength.length === 0) return undefined;
  const keys = [metricKey(PAIR_METRICS.identityVerified, primaryIdentityModel), metricKey(PAIR_METRICS.identityCosine, primaryIdentityModel)];
  const preservation = keys.find((key) => metrics.some((metric) => metric.key === key));
  if (preservation === undefined) return undefined;
  const points = strength.flatMap((row) => {
    const summary = leaderboard.find((entry) => entry.stylizer === row.stylizer)?.metrics[preservation];
    return row.stylized && summary ? [{ name: row.stylizer, x: row.mean, y: summary.mean }] : [];
  });
  return { preservation, front: paretoFront(points) };
}

/** Names of the points no other point matches or beats on both coordinates (strictly on one), by x then y. */
export function paretoFront(points: readonly { readonly name: string; readonly x: number; readonly y: number }[]): string[] {
  const dominated = (p: (typeof points)[number]) => points.some((q) => q !== p && q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y));
  return points
    .filter((p) => !dominated(p))
    .sort((p, q) => p.x - q.x || q.y - p.y)
    .map((p) => p.name);
}
