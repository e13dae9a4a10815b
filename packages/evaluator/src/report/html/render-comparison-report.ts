import type { ComparisonModel } from '../../compare/types.js';
import { escapeHtml } from './escape.js';
import { renderBreakdowns } from './sections/breakdown.js';
import { renderCharts } from './sections/charts.js';
import { renderHeader } from './sections/header.js';
import { renderImageGrids } from './sections/image-grid.js';
import { renderLeaderboard } from './sections/leaderboard.js';
import { renderMethod } from './sections/method.js';
import { renderPairwise } from './sections/pairwise.js';
import { renderProblems } from './sections/problems.js';
import { renderStrength } from './sections/strength.js';
import { REPORT_CSS } from './styles.js';
import { reportView } from './view.js';

/**
 * The comparison as one self-contained HTML page: inline CSS, inline SVG charts, images as data: URIs,
 * no script and no URL, so it opens offline and can be mailed as a single file. Its content security
 * policy also forbids the browser from loading anything but inline images and styles.
 *
 * Sections: header and stylizers, leaderboard, strength against preservation, charts with 95% intervals, pairwise tests, breakdowns
 * per label (expression family, demographics), sample image grid, worst cases per stylizer, failures,
 * method. Works for a single stylizer too (no pairwise tests then). Every text from the model is
 * HTML-escaped; thumbnails other than base64 PNG, JPEG or WebP data URIs are replaced by a placeholder.
 */
export function renderComparisonReport(model: ComparisonModel): string {
  const view = reportView(model);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${REPORT_CSS}</style></head><body>`,
    renderHeader(view),
    renderLeaderboard(view),
    renderStrength(view),
    renderCharts(view),
    renderPairwise(view),
    renderBreakdowns(view),
    renderImageGrids(view),
    renderProblems(view),
    renderMethod(view),
    '<footer>Self-contained report: it needs no network and no other file.</footer>',
    '</body></html>',
    '',
  ].join('\n');
}
