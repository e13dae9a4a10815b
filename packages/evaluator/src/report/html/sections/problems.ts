import { escapeHtml } from '../escape.js';
import type { ReportView } from '../view.js';

/**
 * Failed pairs, skipped inputs and the items left out of the summaries (some stylizer has no scored pair
 * for them), each with its reason; collapsed when long.
 */
export function renderProblems(view: ReportView): string {
  const { failures, skipped } = view.model;
  const unshared = view.model.unshared ?? [];
  if (failures.length === 0 && skipped.length === 0 && unshared.length === 0) {
    return `<section id="problems"><h2>Failures</h2><p class="muted">None: every pair was stylized and scored.</p></section>`;
  }
  const failureTable =
    failures.length === 0
      ? ''
      : wrap(
          `Failed pairs (${failures.length})`,
          `<table><thead><tr><th>Item</th><th>Stylizer</th><th>Step</th><th>Reason</th></tr></thead><tbody>${failures
            .map((f) => `<tr class="failure-row"><td>${escapeHtml(f.id)}</td><td>${escapeHtml(f.stylizer)}</td><td>${escapeHtml(f.stage)}</td><td>${escapeHtml(f.reason)}</td></tr>`)
            .join('')}</tbody></table>`,
          failures.length > 20,
        );
  const skippedTable =
    skipped.length === 0
      ? ''
      : wrap(
          `Skipped inputs (${skipped.length})`,
          `<table><thead><tr><th>Item</th><th>Reason</th></tr></thead><tbody>${skipped
            .map((s) => `<tr class="skipped-row"><td>${escapeHtml(s.id)}</td><td>${escapeHtml(s.reason)}</td></tr>`)
            .join('')}</tbody></table>`,
          skipped.length > 20,
        );
  const unsharedTable =
    unshared.length === 0
      ? ''
      : wrap(
          `Items not in the summaries (${unshared.length})`,
          `<p class="muted">Every mean, test and breakdown above is over the ${view.model.counts.shared} items all stylizers were scored on (a missed face counts as scored); the success rate and time per image are over every item run. These items lack a scored pair of:</p>` +
            `<table><thead><tr><th>Item</th><th>Not scored by</th></tr></thead><tbody>${unshared
              .map((u) => `<tr class="unshared-row"><td>${escapeHtml(u.id)}</td><td>${escapeHtml(u.missing.join(', '))}</td></tr>`)
              .join('')}</tbody></table>`,
          unshared.length > 20,
        );
  return `<section id="problems"><h2>Failures</h2>${failureTable}${skippedTable}${unsharedTable}</section>`;
}

function wrap(title: string, table: string, collapse: boolean): string {
  return collapse ? `<details><summary>${escapeHtml(title)}</summary>${table}</details>` : `<h3>${escapeHtml(title)}</h3>${table}`;
}
