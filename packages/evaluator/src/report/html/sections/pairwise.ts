import type { ComparisonMetric, PairwiseTest } from '../../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { formatDifference, formatInterval, formatP } from '../format.js';
import { renderIntervalChart } from '../interval-chart.js';
import type { ReportView } from '../view.js';

/**
 * Paired differences between every two stylizers: a forest chart per ranked metric (difference and its
 * interval against the zero line) and the table of tests; the other metrics' tests collapsed.
 */
export function renderPairwise(view: ReportView): string {
  const { model } = view;
  if (model.stylizers.length < 2) {
    return `<section id="pairwise"><h2>Pairwise tests</h2><p class="muted">Paired tests need at least two stylizers.</p></section>`;
  }
  const headlineKeys = new Set(view.headline.map((metric) => metric.key));
  const headline = model.pairwise.filter((test) => headlineKeys.has(test.metric));
  const others = model.pairwise.filter((test) => !headlineKeys.has(test.metric));
  const charts = view.headline
    .filter((metric) => metric.ranked)
    .map((metric) => forest(view, metric, model.pairwise.filter((test) => test.metric === metric.key)))
    .join('');
  return (
    `<section id="pairwise"><h2>Pairwise tests</h2>` +
    `<p class="muted">A − B over the items both stylizers were scored on. Interval: 95%, Newcombe's paired score interval for rates, a paired bootstrap (items resampled as pairs) otherwise. ` +
    `p: two-sided paired sign-flip permutation test (exact up to 16 items) and Wilcoxon signed-rank test. Holm adjusts all ` +
    `${model.settings.multipleTesting.tests} p-values this report shows together (both tests, every pair of stylizers, every metric, the collapsed ones included). ` +
    `"Favours" names the better stylizer when the interval excludes 0 and the Holm-adjusted permutation p is below 0.05.</p>` +
    `<div class="charts">${charts}</div>` +
    testTable(view, headline) +
    (others.length > 0 ? `<details><summary>Other metrics (${others.length} tests)</summary>${testTable(view, others)}</details>` : '') +
    `</section>`
  );
}

function forest(view: ReportView, metric: ComparisonMetric, tests: readonly PairwiseTest[]): string {
  const rows = tests.map((test) => ({
    label: `${test.a} − ${test.b}`,
    mean: test.meanDiff,
    ci95: test.ci95,
    colour: test.better ? view.colour(test.better) : '#8a93a3',
    valueText: `${formatDifference(test.meanDiff, metric)} ${formatInterval(test.ci95, metric, true)}`,
  }));
  if (rows.length === 0) return '';
  const svg = renderIntervalChart({ title: `${metric.label}: paired differences with 95% intervals`, rows, reference: 0, formatTick: (tick) => formatDifference(tick, metric) });
  return `<figure><figcaption>${escapeHtml(metric.label)}: difference</figcaption>${svg}</figure>`;
}

function testTable(view: ReportView, tests: readonly PairwiseTest[]): string {
  const body = tests
    .map((test) => {
      const metric = view.metric(test.metric);
      const label = metric?.label ?? test.metric;
      const scaled = metric ?? { scale: 'open' as const, metric: test.metric };
      const significant = test.pHolm < 0.05;
      return (
        `<tr class="pairwise-row"><td>${escapeHtml(label)}</td><td>${escapeHtml(test.a)} − ${escapeHtml(test.b)}</td><td class="num">${test.n}</td>` +
        `<td class="num">${formatDifference(test.meanDiff, scaled)}</td><td class="num">${formatInterval(test.ci95, scaled, true)}</td>` +
        `<td class="num">${formatP(test.pPermutation)}${test.permutationMethod === 'exact' ? ' <span class="tag">exact</span>' : ''}</td>` +
        `<td class="num">${formatP(test.pWilcoxon)}</td><td class="num${significant ? ' sig' : ''}">${formatP(test.pHolm)}</td>` +
        `<td class="num">${formatP(test.pWilcoxonHolm)}</td>` +
        `<td>${test.better ? `<span class="swatch" style="background:${view.colour(test.better)}"></span>${escapeHtml(test.better)}` : '<span class="muted">no clear difference</span>'}</td></tr>`
      );
    })
    .join('');
  return (
    `<table class="pairwise"><thead><tr><th>Metric</th><th>A − B</th><th class="num">n</th><th class="num">Mean difference</th><th class="num">95% CI</th>` +
    `<th class="num">p (permutation)</th><th class="num">p (Wilcoxon)</th><th class="num">Holm p (permutation)</th><th class="num">Holm p (Wilcoxon)</th><th>Favours</th></tr></thead><tbody>${body}</tbody></table>`
  );
}
