/**
 * Numbers as the report prints them: rates as percentages, cosines and distances with three decimals,
 * milliseconds whole, p-values with three decimals (below 0.001 as "<0.001"). Missing values are "–".
 */
import type { ComparisonMetric, LeaderboardRow } from '../../compare/types.js';

export const MISSING = '–';

type Scaled = Pick<ComparisonMetric, 'scale' | 'metric'>;

export function formatValue(value: number | undefined | null, metric: Scaled): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return MISSING;
  if (metric.scale === 'rate') return `${fixed(value * 100, 1, true)}%`;
  if (metric.metric === 'stylize.ms') return `${Math.round(value).toLocaleString('en-US')} ms`;
  return fixed(value, 3);
}

/** A difference of two values: signed, rates in percentage points. */
export function formatDifference(value: number | undefined | null, metric: Scaled): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return MISSING;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  const magnitude = Math.abs(value);
  if (metric.scale === 'rate') return `${sign}${fixed(magnitude * 100, 1, true)} pp`;
  if (metric.metric === 'stylize.ms') return `${sign}${Math.round(magnitude).toLocaleString('en-US')} ms`;
  return `${sign}${fixed(magnitude, 3)}`;
}

export function formatInterval(ci: readonly [number, number] | undefined, metric: Scaled, difference = false): string {
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return MISSING;
  const format = difference ? formatDifference : formatValue;
  return `[${format(ci[0], metric)}, ${format(ci[1], metric)}]`;
}

export function formatP(p: number | undefined | null): string {
  if (p === undefined || p === null || !Number.isFinite(p)) return MISSING;
  if (p < 0.001) return '<0.001';
  return p.toFixed(3);
}

/**
 * A leaderboard place as the data support it: "2" when the rank interval is one place, "1–2" when the
 * resampled data put it anywhere in that range, "not stylized" for a stylizer that is not ranked.
 */
export function formatRank(row: Pick<LeaderboardRow, 'rank' | 'rankInterval' | 'stylized'>): string {
  if (row.stylized === false) return 'not stylized';
  if (!row.rankInterval) return MISSING;
  const [lo, hi] = row.rankInterval;
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

export function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(2) : MISSING;
}

/** toFixed with a true minus sign, no "-0.000", and optionally no ".0" on whole numbers. */
function fixed(value: number, digits: number, dropZeroFraction = false): string {
  let text = value.toFixed(digits);
  if (/^-0\.?0*$/.test(text)) text = text.slice(1);
  if (dropZeroFraction) text = text.replace(/\.0+$/, '');
  return text.replace(/^-/, '−');
}
