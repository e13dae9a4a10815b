import type { ComparisonMetric } from '../../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { formatInterval, formatValue } from '../format.js';
import { renderIntervalChart } from '../interval-chart.js';
import type { ReportView } from '../view.js';

/** One chart per headline metric: every stylizer's mean and 95% interval, in leaderboard order. */
export function renderCharts(view: ReportView): string {
  const figures = view.headline.map((metric) => {
    const rows = view.model.leaderboard.flatMap((row) => {
      const summary = row.metrics[metric.key];
      if (!summary) return [];
      return [{ label: row.stylizer, mean: summary.mean, ci95: summary.ci95, colour: view.colour(row.stylizer), valueText: `${formatValue(summary.mean, metric)} ${formatInterval(summary.ci95, metric)}` }];
    });
    if (rows.length === 0) return '';
    const svg = renderIntervalChart({ title: `${metric.label}: mean and 95% interval per stylizer`, rows, include: axisHint(metric), formatTick: (tick) => formatValue(tick, metric) });
    return `<figure><figcaption>${escapeHtml(metric.label)} <span class="muted">(${metric.higherIsBetter ? 'higher' : 'lower'} is better)</span></figcaption>${svg}</figure>`;
  });
  return `<section id="charts"><h2>Metrics with 95% confidence intervals</h2><div class="charts">${figures.join('')}</div></section>`;
}

/** Rates read best on their full range; distances and times from zero. */
function axisHint(metric: ComparisonMetric): number[] {
  if (metric.scale === 'rate') return [0, 1];
  if (metric.scale === 'cosine') return [0, 1];
  return [0];
}
