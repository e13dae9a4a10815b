/**
 * An inline SVG dot-and-whisker chart: one row per entry, the point at the mean and a bar across the
 * 95% interval, on a shared horizontal axis with gridlines. Self-contained (no fonts or scripts loaded)
 * and sized by its viewBox, so it scales with the page. Inline SVG in HTML needs no namespace attribute,
 * so the report holds no URL at all.
 */
import { escapeHtml } from './escape.js';
import { niceTicks } from './ticks.js';

export interface IntervalRow {
  readonly label: string;
  readonly mean: number;
  readonly ci95: readonly [number, number];
  /** Text at the right end of the row, e.g. "0.82 [0.79, 0.85]". */
  readonly valueText: string;
  readonly colour: string;
}

export interface IntervalChartOptions {
  /** Accessible name of the chart (an SVG <title>). */
  readonly title: string;
  readonly rows: readonly IntervalRow[];
  /** Values the axis must include besides the data, e.g. [0, 1] for rates or [0] for differences. */
  readonly include?: readonly number[];
  /** A dashed vertical line at this value (0 for differences). */
  readonly reference?: number;
  readonly formatTick: (value: number) => string;
}

const WIDTH = 680;
const LABEL_WIDTH = 140;
const VALUE_WIDTH = 215;
const ROW_HEIGHT = 28;
const TOP = 10;
const AXIS_HEIGHT = 26;

export function renderIntervalChart(options: IntervalChartOptions): string {
  const { rows } = options;
  const finite = rows.filter((row) => [row.mean, row.ci95[0], row.ci95[1]].every(Number.isFinite));
  const values = [...finite.flatMap((row) => [row.ci95[0], row.ci95[1], row.mean]), ...(options.include ?? []), ...(options.reference === undefined ? [] : [options.reference])];
  const { domain, ticks } = niceTicks(values.length ? Math.min(...values) : 0, values.length ? Math.max(...values) : 1);
  const x0 = LABEL_WIDTH + 10;
  const x1 = WIDTH - VALUE_WIDTH - 10;
  const x = (value: number) => x0 + ((value - domain[0]) / (domain[1] - domain[0])) * (x1 - x0);
  const plotBottom = TOP + rows.length * ROW_HEIGHT;
  const height = plotBottom + AXIS_HEIGHT;
  const n = (value: number) => value.toFixed(1);

  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img">`,
    `<title>${escapeHtml(options.title)}</title>`,
  ];
  for (const tick of ticks) {
    const tx = n(x(tick));
    parts.push(`<line class="grid" x1="${tx}" y1="${TOP}" x2="${tx}" y2="${plotBottom}"/>`);
    parts.push(`<text class="tick" x="${tx}" y="${plotBottom + 16}" text-anchor="middle">${escapeHtml(options.formatTick(tick))}</text>`);
  }
  parts.push(`<line class="axis" x1="${x0}" y1="${plotBottom}" x2="${x1}" y2="${plotBottom}"/>`);
  if (options.reference !== undefined) {
    const rx = n(x(options.reference));
    parts.push(`<line class="reference" x1="${rx}" y1="${TOP}" x2="${rx}" y2="${plotBottom}"/>`);
  }
  rows.forEach((row, i) => {
    const cy = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    parts.push(`<text class="row-label" x="${LABEL_WIDTH}" y="${n(cy + 4)}" text-anchor="end">${escapeHtml(row.label)}</text>`);
    parts.push(`<text class="row-value" x="${WIDTH - VALUE_WIDTH}" y="${n(cy + 4)}">${escapeHtml(row.valueText)}</text>`);
    if (![row.mean, row.ci95[0], row.ci95[1]].every(Number.isFinite)) return;
    const [lo, hi] = [x(row.ci95[0]), x(row.ci95[1])];
    const colour = escapeHtml(row.colour);
    parts.push(
      `<g class="interval" stroke="${colour}" fill="${colour}">` +
        `<line x1="${n(lo)}" y1="${n(cy)}" x2="${n(hi)}" y2="${n(cy)}" stroke-width="2.5"/>` +
        `<line x1="${n(lo)}" y1="${n(cy - 6)}" x2="${n(lo)}" y2="${n(cy + 6)}" stroke-width="2"/>` +
        `<line x1="${n(hi)}" y1="${n(cy - 6)}" x2="${n(hi)}" y2="${n(cy + 6)}" stroke-width="2"/>` +
        `<circle cx="${n(x(row.mean))}" cy="${n(cy)}" r="5" stroke="#fff" stroke-width="1.5"/>` +
        `</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
