/**
 * An inline SVG scatter of stylization strength (x, 0 to 1) against preservation (y): one point per
 * stylizer with its 95% intervals on both axes, the Pareto front as a line through its stylizers, and the
 * "not stylized" band left of the minimum strength shaded. Self-contained like interval-chart.ts.
 */
import { escapeHtml } from './escape.js';
import { niceTicks } from './ticks.js';

export interface StrengthPoint {
  readonly label: string;
  readonly colour: string;
  readonly strength: number;
  readonly strengthCi: readonly [number, number];
  readonly preservation: number;
  readonly preservationCi: readonly [number, number];
  readonly onFront: boolean;
  readonly stylized: boolean;
}

export interface StrengthChartOptions {
  readonly title: string;
  readonly points: readonly StrengthPoint[];
  readonly minStrength: number;
  /** Axis range the preservation axis must include, e.g. [0, 1] for rates. */
  readonly preservationInclude: readonly number[];
  readonly formatPreservation: (value: number) => string;
  readonly preservationLabel: string;
}

const WIDTH = 680;
const HEIGHT = 420;
const LEFT = 70;
const RIGHT = 20;
const TOP = 16;
const BOTTOM = 52;

export function renderStrengthChart(options: StrengthChartOptions): string {
  const points = options.points.filter((p) => [p.strength, p.preservation].every(Number.isFinite));
  const ys = [...points.flatMap((p) => [p.preservation, ...p.preservationCi.filter(Number.isFinite)]), ...options.preservationInclude];
  const yAxis = niceTicks(Math.min(...ys), Math.max(...ys));
  const xAxis = niceTicks(0, 1);
  const x0 = LEFT;
  const x1 = WIDTH - RIGHT;
  const y0 = HEIGHT - BOTTOM;
  const y1 = TOP;
  const x = (v: number) => x0 + ((v - xAxis.domain[0]) / (xAxis.domain[1] - xAxis.domain[0])) * (x1 - x0);
  const y = (v: number) => y0 - ((v - yAxis.domain[0]) / (yAxis.domain[1] - yAxis.domain[0])) * (y0 - y1);
  const n = (v: number) => v.toFixed(1);

  const parts: string[] = [
    `<svg class="chart strength-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<rect class="not-stylized-band" x="${x0}" y="${y1}" width="${n(x(options.minStrength) - x0)}" height="${y0 - y1}"/>`,
    `<text class="tick" x="${n(x0 + 4)}" y="${y0 - 6}">not stylized</text>`,
  ];
  for (const tick of xAxis.ticks) {
    parts.push(`<line class="grid" x1="${n(x(tick))}" y1="${y1}" x2="${n(x(tick))}" y2="${y0}"/>`);
    parts.push(`<text class="tick" x="${n(x(tick))}" y="${y0 + 16}" text-anchor="middle">${tick.toFixed(1)}</text>`);
  }
  for (const tick of yAxis.ticks) {
    parts.push(`<line class="grid" x1="${x0}" y1="${n(y(tick))}" x2="${x1}" y2="${n(y(tick))}"/>`);
    parts.push(`<text class="tick" x="${x0 - 6}" y="${n(y(tick) + 4)}" text-anchor="end">${escapeHtml(options.formatPreservation(tick))}</text>`);
  }
  parts.push(`<line class="axis" x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}"/><line class="axis" x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}"/>`);
  parts.push(`<line class="reference" x1="${n(x(options.minStrength))}" y1="${y1}" x2="${n(x(options.minStrength))}" y2="${y0}"/>`);
  parts.push(`<text class="tick" x="${n((x0 + x1) / 2)}" y="${HEIGHT - 10}" text-anchor="middle">stylization strength (0 = the photo)</text>`);
  parts.push(`<text class="tick" transform="translate(14 ${n((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(options.preservationLabel)}</text>`);

  const front = points.filter((p) => p.onFront).sort((p, q) => p.strength - q.strength);
  if (front.length > 1) {
    parts.push(`<polyline class="pareto" points="${front.map((p) => `${n(x(p.strength))},${n(y(p.preservation))}`).join(' ')}"/>`);
  }
  for (const p of points) {
    const colour = escapeHtml(p.colour);
    const [sx0, sx1] = p.strengthCi;
    const [py0, py1] = p.preservationCi;
    const cx = n(x(p.strength));
    const cy = n(y(p.preservation));
    parts.push(
      `<g class="point${p.onFront ? ' on-front' : ''}${p.stylized ? '' : ' not-stylized'}" stroke="${colour}" fill="${colour}">` +
        (Number.isFinite(sx0) && Number.isFinite(sx1) ? `<line x1="${n(x(sx0))}" y1="${cy}" x2="${n(x(sx1))}" y2="${cy}" stroke-width="1.5"/>` : '') +
        (Number.isFinite(py0) && Number.isFinite(py1) ? `<line x1="${cx}" y1="${n(y(py0))}" x2="${cx}" y2="${n(y(py1))}" stroke-width="1.5"/>` : '') +
        `<circle cx="${cx}" cy="${cy}" r="${p.onFront ? 7 : 5}" stroke="#fff" stroke-width="1.5"${p.stylized ? '' : ' fill-opacity="0.35"'}/>` +
        `<text class="point-label" x="${n(x(p.strength) + 9)}" y="${n(y(p.preservation) - 8)}" stroke="none">${escapeHtml(p.label)}</text>` +
        `</g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
