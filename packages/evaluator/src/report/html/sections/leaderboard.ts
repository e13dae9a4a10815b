import type { ComparisonMetric, LeaderboardRow } from '../../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { formatInterval, formatRank, formatScore, formatValue } from '../format.js';
import type { ReportView } from '../view.js';

/** The leaderboard on the headline metrics, then every metric in a collapsed table. */
export function renderLeaderboard(view: ReportView): string {
  const { model } = view;
  const all = model.metrics;
  return (
    `<section id="leaderboard"><h2>Leaderboard</h2>` +
    `<p class="muted">Ranked by the mean of each stylizer's rank on ${model.settings.rankedBy.length} ranked metrics ` +
    `(score 1 = best on every one). # is the 95% bootstrap interval of the place (${model.settings.rankResamples.toLocaleString('en-US')} resamples of the items): ` +
    `"1–2" means the data do not settle which of those places it takes. ` +
    `A stylizer whose median stylization strength is below ${model.settings.minStylizationStrength} is "not stylized": it is listed last and not ranked. ` +
    `Each cell: mean, and below it the 95% interval (Wilson for rates, bootstrap otherwise). Best per column in green.</p>` +
    leaderboardTable(view, view.headline, true) +
    `<details><summary>All metrics (${all.length})</summary>${leaderboardTable(view, all, false)}</details></section>`
  );
}

function leaderboardTable(view: ReportView, metrics: readonly ComparisonMetric[], main: boolean): string {
  const rows = view.model.leaderboard;
  const best = new Map(metrics.map((metric) => [metric.key, bestMean(rows, metric)]));
  const head =
    `<tr><th class="num">#</th><th>Stylizer</th>` +
    (main ? `<th class="num">Score</th><th class="num">Scored / run</th><th class="num">Failures</th>` : '') +
    metrics.map((metric) => `<th class="num" title="${escapeHtml(metric.key)}">${escapeHtml(metric.label)}${metric.ranked ? '' : ' <span class="tag">not ranked</span>'}</th>`).join('') +
    `</tr>`;
  const body = rows
    .map((row) => {
      const cells = metrics.map((metric) => {
        const summary = row.metrics[metric.key];
        if (!summary) return `<td class="num">–</td>`;
        const isBest = rows.length > 1 && row.stylized !== false && summary.mean === best.get(metric.key);
        return `<td class="num${isBest ? ' best' : ''}">${formatValue(summary.mean, metric)}<span class="ci">${formatInterval(summary.ci95, metric)} n=${summary.n}</span></td>`;
      });
      return (
        `<tr class="${main ? 'leaderboard-row' : 'metrics-row'} rank-${row.rank}${row.stylized === false ? ' not-stylized' : ''}" data-stylizer="${escapeHtml(row.stylizer)}"><td class="num">${formatRank(row)}</td>` +
        `<td class="name"><span class="swatch" style="background:${view.colour(row.stylizer)}"></span>${escapeHtml(row.stylizer)}</td>` +
        (main ? `<td class="num">${formatScore(row.score)}</td><td class="num">${row.ok} / ${row.attempted}</td><td class="num">${row.failed}</td>` : '') +
        `${cells.join('')}</tr>`
      );
    })
    .join('');
  return `<table${main ? ' class="leaderboard"' : ''}><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function bestMean(rows: readonly LeaderboardRow[], metric: ComparisonMetric): number | undefined {
  const means = rows.filter((row) => row.stylized !== false).map((row) => row.metrics[metric.key]?.mean).filter((mean): mean is number => mean !== undefined && Number.isFinite(mean));
  if (means.length === 0) return undefined;
  return metric.higherIsBetter ? Math.max(...means) : Math.min(...means);
}
