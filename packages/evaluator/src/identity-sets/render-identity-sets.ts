import type { ReportThumbnails } from '../compare/types.js';
import { escapeHtml } from '../report/html/escape.js';
import { isImageDataUri } from '../report/html/thumbnail.js';
import type { IdentitySetSummary } from './consistency.js';
import type { IdentitySetEvaluation } from './evaluate-identity-sets.js';

const number = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(3));
const range = (ci: readonly [number, number] | undefined) => (ci && Number.isFinite(ci[0]) ? `[${number(ci[0])}, ${number(ci[1])}]` : '');

function image(uri: string | undefined, alt: string): string {
  return uri !== undefined && isImageDataUri(uri) ? `<img src="${uri}" alt="${escapeHtml(alt)}" width="96">` : `<span class="muted">no image</span>`;
}

function summaryTable(views: readonly IdentitySetSummary[]): string {
  const rows = views.flatMap((view) => {
    const expression = view.expression
      ? `${view.expression.k}/${view.expression.n} = ${number(view.expression.rate)} ${range(view.expression.ci95)} (${view.expression.level} level)`
      : 'n/a';
    const identity = view.identity.length > 0 ? view.identity : [undefined];
    return identity.map(
      (consistency) =>
        `<tr><td>${escapeHtml(view.view)}</td><td>${consistency ? escapeHtml(consistency.model) : 'no face found'}</td>` +
        `<td>${number(consistency?.within.mean)} ${range(consistency?.within.ci95)}</td>` +
        `<td>${number(consistency?.across?.mean)} ${range(consistency?.across?.ci95)}</td>` +
        `<td>${number(consistency?.difference?.value)} ${range(consistency?.difference?.ci95)}</td>` +
        `<td>${escapeHtml(expression)}</td><td>${view.faces} faces, ${view.misses} without a face</td></tr>`,
    );
  });
  return (
    `<table class="identity-set-summary"><thead><tr><th>Images</th><th>Identity model</th><th>Within sets</th><th>Across sets</th>` +
    `<th>Within − across</th><th>Expression accuracy</th><th>Analysed</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** One table per view: a row per identity (its anchor, then one column per expression), with the set's within-set similarity. */
function setRows(evaluation: IdentitySetEvaluation, view: IdentitySetSummary, pictures: Readonly<Record<string, string>> | undefined): string {
  const primary = view.identity[0];
  const head = `<tr><th>Set</th><th>Anchor</th>${evaluation.expressions.map((e) => `<th>${escapeHtml(e)}</th>`).join('')}<th>Within-set similarity${primary ? ` (${escapeHtml(primary.model)})` : ''}</th><th>Expression agreement</th></tr>`;
  const body = evaluation.rows
    .map((row) => {
      const agreement = view.expressionPerSet[row.set];
      const cells = evaluation.expressions.map((expression) => {
        const id = row.members[expression];
        return `<td>${id === undefined ? '' : image(pictures?.[id], `${view.view} ${id}`)}</td>`;
      });
      return (
        `<tr class="identity-set-row" data-set="${escapeHtml(row.set)}"><th>${escapeHtml(row.set)}</th>` +
        `<td>${row.anchor === undefined ? '' : image(pictures?.[row.anchor], `${view.view} ${row.anchor}`)}</td>${cells.join('')}` +
        `<td>${number(primary?.perSet[row.set])}</td><td>${agreement ? `${agreement.agree}/${agreement.total}` : 'n/a'}</td></tr>`
      );
    })
    .join('');
  return `<h3>${escapeHtml(view.view === 'real' ? 'Generated faces' : `Avatars: ${view.view}`)}</h3><table class="grid identity-sets"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/**
 * The report section of an identity-set run: the consistency summary (within-set against across-set
 * identity similarity and their difference, with 95% intervals from resampled sets; expression accuracy
 * with its Wilson interval), then the sets as rows of images, one row per identity and one column per
 * expression, for the generated faces and for each stylizer's avatars.
 */
export function renderIdentitySetsSection(evaluation: IdentitySetEvaluation, thumbnails?: ReportThumbnails): string {
  const tables = evaluation.views.map((view) => setRows(evaluation, view, view.view === 'real' ? thumbnails?.real : thumbnails?.avatars[view.view])).join('');
  return (
    `<section id="identity-sets"><h2>Identity sets</h2><p class="muted">Each identity is shown with every expression, made from its anchor by image-to-image. ` +
    `Within sets: mean identity cosine of pairs of images of one identity; across sets: of pairs of different identities; ` +
    `a consistent set is far more alike within than across. Intervals: 95%, sets resampled. Expression accuracy: members whose ` +
    `analyzer top class names the requested expression (at the family level for basic-emotion classifiers).</p>` +
    `${summaryTable(evaluation.views)}${tables}</section>`
  );
}

/** The page with the section added before its footer (or at the end of its body). */
export function insertReportSection(html: string, section: string): string {
  const at = html.lastIndexOf('<footer>');
  const index = at >= 0 ? at : html.lastIndexOf('</body>');
  return index >= 0 ? `${html.slice(0, index)}${section}\n${html.slice(index)}` : `${html}${section}`;
}
