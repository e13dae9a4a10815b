import type { BreakdownRow } from '../../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { formatInterval, formatValue } from '../format.js';
import { groupKeyLabel, type ReportView } from '../view.js';

/** One table per label key (expression family first): rows are label value × stylizer, columns the ranked metrics. */
export function renderBreakdowns(view: ReportView): string {
  const { model } = view;
  const keys = model.settings.groupKeys.filter((key) => model.breakdowns.some((row) => row.key === key));
  if (keys.length === 0) {
    return `<section id="breakdowns"><h2>Breakdowns</h2><p class="muted">No item carries an expression or demographic label; give a labels file to see results per expression family and group.</p></section>`;
  }
  return `<section id="breakdowns"><h2>Breakdowns</h2>${keys.map((key) => table(view, key, model.breakdowns.filter((row) => row.key === key))).join('')}</section>`;
}

function table(view: ReportView, key: string, rows: readonly BreakdownRow[]): string {
  const metrics = view.model.metrics.filter((metric) => metric.ranked && rows.some((row) => row.metric === metric.key));
  const values = [...new Set(rows.map((row) => row.value))];
  const stylizers = view.model.stylizers.map((stylizer) => stylizer.name);
  const find = (value: string, stylizer: string, metric: string) => rows.find((row) => row.value === value && row.stylizer === stylizer && row.metric === metric);
  const body = values
    .flatMap((value) => {
      const present = stylizers.filter((stylizer) => rows.some((row) => row.value === value && row.stylizer === stylizer));
      return present.map((stylizer, i) => {
        const cells = metrics.map((metric) => {
          const row = find(value, stylizer, metric.key);
          return row ? `<td class="num">${formatValue(row.mean, metric)}<span class="ci">${formatInterval(row.ci95, metric)} n=${row.n}</span></td>` : `<td class="num">–</td>`;
        });
        const group = i === 0 ? `<th rowspan="${present.length}">${escapeHtml(value)}</th>` : '';
        return `<tr class="breakdown-row">${group}<td class="name"><span class="swatch" style="background:${view.colour(stylizer)}"></span>${escapeHtml(stylizer)}</td>${cells.join('')}</tr>`;
      });
    })
    .join('');
  return (
    `<h3>By ${escapeHtml(groupKeyLabel(key))}</h3><table class="breakdown" data-key="${escapeHtml(key)}"><thead><tr><th>${escapeHtml(groupKeyLabel(key))}</th><th>Stylizer</th>` +
    metrics.map((metric) => `<th class="num">${escapeHtml(metric.label)}</th>`).join('') +
    `</tr></thead><tbody>${body}</tbody></table>`
  );
}
