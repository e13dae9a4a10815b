/** A histogram as an inline SVG bar chart, with an optional marked threshold; no scripts, no fonts to fetch. */
import type { HistogramBins } from './histogram.js';
import { escapeHtml } from './html.js';

export interface HistogramSvgOptions {
  readonly title: string;
  readonly threshold?: number;
  readonly width?: number;
  readonly height?: number;
  readonly xLabel?: string;
}

export function histogramSvg(bins: HistogramBins, counts: readonly number[], options: HistogramSvgOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const pad = { left: 44, right: 12, top: 24, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const top = Math.max(1, ...counts);
  const x = (value: number) => pad.left + ((value - bins.min) / (bins.max - bins.min)) * plotW;
  const y = (count: number) => pad.top + plotH - (count / top) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">`);
  parts.push(`<text x="${pad.left}" y="16" font-size="13" font-family="sans-serif">${escapeHtml(options.title)}</text>`);
  counts.forEach((count, k) => {
    if (count === 0) return;
    const x0 = x(bins.edges[k]!);
    const x1 = x(bins.edges[k + 1]!);
    parts.push(`<rect x="${fmt(x0 + 0.5)}" y="${fmt(y(count))}" width="${fmt(Math.max(1, x1 - x0 - 1))}" height="${fmt(pad.top + plotH - y(count))}" fill="#4a78b5"><title>[${bins.edges[k]}, ${bins.edges[k + 1]}): ${count}</title></rect>`);
  });
  const axisY = pad.top + plotH;
  parts.push(`<line x1="${pad.left}" y1="${axisY}" x2="${pad.left + plotW}" y2="${axisY}" stroke="#333"/>`);
  parts.push(`<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${axisY}" stroke="#333"/>`);
  for (const tick of niceTicks(bins.min, bins.max)) {
    parts.push(`<line x1="${fmt(x(tick))}" y1="${axisY}" x2="${fmt(x(tick))}" y2="${axisY + 4}" stroke="#333"/>`);
    parts.push(`<text x="${fmt(x(tick))}" y="${axisY + 16}" font-size="11" text-anchor="middle" font-family="sans-serif">${tick}</text>`);
  }
  parts.push(`<text x="${pad.left - 6}" y="${pad.top + 4}" font-size="11" text-anchor="end" font-family="sans-serif">${top}</text>`);
  parts.push(`<text x="${pad.left - 6}" y="${axisY}" font-size="11" text-anchor="end" font-family="sans-serif">0</text>`);
  if (options.xLabel) {
    parts.push(`<text x="${pad.left + plotW / 2}" y="${height - 4}" font-size="11" text-anchor="middle" font-family="sans-serif">${escapeHtml(options.xLabel)}</text>`);
  }
  if (options.threshold !== undefined) {
    const tx = fmt(x(options.threshold));
    parts.push(`<line x1="${tx}" y1="${pad.top}" x2="${tx}" y2="${axisY}" stroke="#c0392b" stroke-width="2" stroke-dasharray="5,3"/>`);
    parts.push(`<text x="${tx}" y="${pad.top - 4}" font-size="11" text-anchor="middle" fill="#c0392b" font-family="sans-serif">threshold ${options.threshold}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Ticks every 0.5 (or every 0.1 on a narrow range) within [min, max]. */
function niceTicks(min: number, max: number): number[] {
  const step = max - min > 1 ? 0.5 : 0.1;
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + 1e-9; k++) ticks.push(Math.round(k * step * 10) / 10);
  return ticks;
}

function fmt(value: number): string {
  return String(Math.round(value * 10) / 10);
}
