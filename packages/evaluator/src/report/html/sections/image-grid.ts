import type { GalleryCell, GalleryRow } from '../../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { isImageDataUri } from '../thumbnail.js';
import type { ReportView } from '../view.js';

/** The sample grid (real | avatar per stylizer) and, per stylizer, its worst cases in the same layout. */
export function renderImageGrids(view: ReportView): string {
  const { model } = view;
  const sample = model.gallery.length > 0 ? grid(view, model.gallery) : `<p class="muted">No item was scored.</p>`;
  const identity = model.settings.primaryIdentityModel;
  const worst = model.worstCases
    .map((cases) => {
      const title = `${escapeHtml(cases.stylizer)}: ${identity ? `lowest identity cosine (${escapeHtml(identity)})` : 'faces not found again'}`;
      const body = cases.rows.length > 0 ? grid(view, cases.rows, cases.stylizer) : `<p class="muted">No scored item.</p>`;
      return `<h3>${title}</h3>${body}`;
    })
    .join('');
  return (
    `<section id="gallery"><h2>Sample items</h2><p class="muted">Real photo and each stylizer's avatar. Caption: identity cosine, ` +
    `whether the expression classifier's top class agrees, whether the face was found again on the avatar.</p>${sample}</section>` +
    `<section id="worst-cases"><h2>Worst cases</h2><p class="muted">Per stylizer, the items it preserved identity worst on ` +
    `(avatars where no face was found again first); the other stylizers' avatars of the same items for comparison.</p>${worst}</section>`
  );
}

function grid(view: ReportView, rows: readonly GalleryRow[], highlight?: string): string {
  const thumbnails = view.model.thumbnails;
  const head = `<tr><th>Real</th>${view.model.stylizers.map((s) => `<th class="${s.name === highlight ? 'highlight' : ''}"><span class="swatch" style="background:${view.colour(s.name)}"></span>${escapeHtml(s.name)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row) => {
      const labels = Object.entries(row.labels)
        .map(([key, value]) => `${key}: ${value}`)
        .join(', ');
      const real = `<td>${image(thumbnails?.real[row.id], `real photo ${row.id}`)}<span class="caption">${escapeHtml(row.id)}${labels ? `<br>${escapeHtml(labels)}` : ''}</span></td>`;
      const avatars = row.cells.map((cell) => `<td class="${cell.stylizer === highlight ? 'highlight' : ''}">${avatar(cell, thumbnails?.avatars[cell.stylizer]?.[row.id], row.id)}</td>`);
      return `<tr class="grid-row" data-item="${escapeHtml(row.id)}">${real}${avatars.join('')}</tr>`;
    })
    .join('');
  return `<table class="grid"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function avatar(cell: GalleryCell, uri: string | undefined, id: string): string {
  if (cell.status === 'missing') return `<div class="placeholder">not run</div>`;
  if (cell.status === 'failed') return `<div class="placeholder failed">failed</div><span class="caption failed">${escapeHtml(cell.reason ?? '')}</span>`;
  const parts = [
    cell.identity === undefined ? 'identity –' : `identity ${cell.identity.toFixed(3)}`,
    cell.expressionAgree === undefined ? undefined : `expression ${cell.expressionAgree === 1 ? '✓' : '✗'}`,
    cell.redetected === undefined ? undefined : cell.redetected === 1 ? 'face found' : 'no face found',
  ].filter((part): part is string => part !== undefined);
  return `${image(uri, `${cell.stylizer} avatar of ${id}`)}<span class="caption">${escapeHtml(parts.join(' · '))}</span>`;
}

/** Only inline images are embedded; anything else (a path, a URL) becomes the placeholder. */
function image(uri: string | undefined, alt: string): string {
  return isImageDataUri(uri) ? `<img class="thumb" src="${uri}" alt="${escapeHtml(alt)}">` : `<div class="placeholder">no image</div>`;
}
