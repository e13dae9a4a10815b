import { escapeHtml } from '../escape.js';
import { formatInterval, formatValue } from '../format.js';
import { renderStrengthChart } from '../strength-chart.js';
import type { ReportView } from '../view.js';

/**
 * Preservation is half the picture: every stylizer on a strength-versus-preservation chart with the
 * Pareto front, and a table of strengths with the "not stylized" verdict.
 */
export function renderStrength(view: ReportView): string {
  const { model } = view;
  if (model.strength.length === 0) return '';
  const min = model.settings.minStylizationStrength;
  const preservation = model.pareto ? view.metric(model.pareto.preservation) : undefined;
  const front = new Set(model.pareto?.front ?? []);
  const strengthMetric = { scale: 'open' as const, metric: 'stylization.strength' };
  let chart = '';
  if (preservation) {
    const points = model.strength.flatMap((row) => {
      const summary = model.leaderboard.find((entry) => entry.stylizer === row.stylizer)?.metrics[preservation.key];
      if (!summary) return [];
      return [{
        label: row.stylizer,
        colour: view.colour(row.stylizer),
        strength: row.mean,
        strengthCi: row.ci95,
        preservation: summary.mean,
        preservationCi: summary.ci95,
        onFront: front.has(row.stylizer),
        stylized: row.stylized,
      }];
    });
    const svg = renderStrengthChart({
      title: `Stylization strength against ${preservation.label}, with 95% intervals and the Pareto front`,
      points,
      minStrength: min,
      preservationInclude: preservation.scale === 'open' ? [0] : [0, 1],
      formatPreservation: (value) => formatValue(value, preservation),
      preservationLabel: preservation.label,
    });
    chart = `<figure><figcaption>Strength against ${escapeHtml(preservation.label)} <span class="muted">(up and right is better; the line joins the Pareto front)</span></figcaption>${svg}</figure>`;
  }
  const rows = model.strength
    .map(
      (row) =>
        `<tr class="strength-row${row.stylized ? '' : ' not-stylized'}"><td class="name"><span class="swatch" style="background:${view.colour(row.stylizer)}"></span>${escapeHtml(row.stylizer)}</td>` +
        `<td class="num">${formatValue(row.mean, strengthMetric)}<span class="ci">${formatInterval(row.ci95, strengthMetric)} n=${row.n}</span></td>` +
        `<td>${row.stylized ? (front.has(row.stylizer) ? 'stylized, on the Pareto front' : 'stylized') : '<strong>not stylized</strong>: not ranked'}</td></tr>`,
    )
    .join('');
  return (
    `<section id="strength"><h2>Stylization strength and preservation</h2>` +
    `<p class="muted">Strength: how far the avatar departs from the photo over the inner part of the scored face (0 = unchanged). It is not a quality measure: ` +
    `a blur or noise scores some strength too. A stylizer whose median strength is below ${min} (shaded band) is "not stylized" and is not ranked; ` +
    `points and the table show the mean. ` +
    `The Pareto front holds the stylized stylizers that no other beats on both strength and preservation.</p>` +
    `<div class="charts">${chart}</div>` +
    `<table class="strength"><thead><tr><th>Stylizer</th><th class="num">Strength</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}
