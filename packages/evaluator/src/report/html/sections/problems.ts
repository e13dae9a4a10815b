import { escapeHtml } from '../escape.js';
import type { ReportView } from '../view.js';

/** Failed pairs and skipped inputs, each with its one-line reason; collapsed when long. */
export function renderProblems(view: ReportView): string {
  const { failures, skipped } = view.model;
  if (failures.length === 0 && skipped.length === 0) return `<section id="problems"><h2>Failures</h2><p class="muted">None: every pair was stylized and scored.</p></section>`;
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
  return `<section id="problems"><h2>Failures</h2>${failureTable}${skippedTable}</section>`;
}

function wrap(title: string, table: string, collapse: boolean): string {
  return collapse ? `<details><summary>${escapeHtml(title)}</summary>${table}</details>` : `<h3>${escapeHtml(title)}</h3>${table}`;
}
