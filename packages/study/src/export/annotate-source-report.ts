import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@geneava/core/util';
import { QUESTIONS } from '../study-files.js';
import type { StudyResults } from './study-results.js';

/**
 * The human results inside the report of the run or comparison the study came from, so people's
 * verdicts sit beside the automatic ones. Both reports are the evaluator's self-contained comparison
 * report; the section goes before its footer (or before </body>) between two markers, and a later export
 * replaces it. A report rebuilt afterwards (a resumed run) loses it until the next export.
 */
export const HUMAN_SECTION_START = '<!-- geneava:human-study -->';
export const HUMAN_SECTION_END = '<!-- /geneava:human-study -->';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–');

export function humanStudySection(results: StudyResults): string {
  const { counts, questions } = results;
  const cell = (question: (typeof questions)[number], stylizer: string | null) => {
    const row = results.rates.find((rate) => rate.question === question && rate.stylizer === stylizer && rate.groupKey === null);
    return row && row.n > 0 ? `${pct(row.rate)} <small>[${pct(row.ci95[0])}, ${pct(row.ci95[1])}] n=${row.n}</small>` : '–';
  };
  const rows = [...results.stylizers, null]
    .map((stylizer) => `<tr><th scope="row">${escapeHtml(stylizer ?? 'all')}</th>${questions.map((question) => `<td>${cell(question, stylizer)}</td>`).join('')}</tr>`)
    .join('');
  const thresholds = results.thresholds
    .map((fit) => {
      const bound = fit.different === 0 ? ' (a lower bound: no pair was judged a different person)' : fit.same === 0 ? ' (an upper bound: no pair was judged the same person)' : '';
      return `<li>${escapeHtml(fit.metric)} ≥ ${fit.threshold.toFixed(3)} agrees with people on ${pct(fit.agreement)} of ${fit.n} pairs${bound}</li>`;
    })
    .join('');
  const kappa = results.agreement.map((row) => `${escapeHtml(row.question)} ${Number.isFinite(row.kappa) ? row.kappa.toFixed(2) : '–'}`).join(', ');
  return [
    HUMAN_SECTION_START,
    '<section id="human-study"><h2>Human study</h2>',
    `<p>People's "yes" answers on a sample of these pairs (Wilson 95% intervals): ${counts.valid} valid task${counts.valid === 1 ? '' : 's'}, ${counts.failedAttention} discarded for a failed attention check, ${counts.ratings} answers on ${counts.pairs} pairs. Agreement between raters (Fleiss' kappa): ${kappa}.</p>`,
    `<table><thead><tr><th scope="col">Stylizer</th>${questions.map((question) => `<th scope="col">${escapeHtml(QUESTIONS[question])}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`,
    thresholds ? `<p>Identity threshold that best agrees with people:</p><ul>${thresholds}</ul>` : '',
    '</section>',
    HUMAN_SECTION_END,
  ].join('\n');
}

/** The report with the section put in (or replaced); unchanged when it has no place for it. */
export function withHumanSection(html: string, section: string): string {
  const start = html.indexOf(HUMAN_SECTION_START);
  const end = html.indexOf(HUMAN_SECTION_END);
  // The earlier section goes with the line break put after it.
  const after = end + HUMAN_SECTION_END.length + (html[end + HUMAN_SECTION_END.length] === '\n' ? 1 : 0);
  const base = start >= 0 && end > start ? html.slice(0, start) + html.slice(after) : html;
  const at = base.lastIndexOf('<footer') >= 0 ? base.lastIndexOf('<footer') : base.lastIndexOf('</body>');
  return at < 0 ? base : `${base.slice(0, at)}${section}\n${base.slice(at)}`;
}

/** Adds the section to the report at `reportPath`; false when there is no such report (moved, never written). */
export async function annotateSourceReport(reportPath: string, results: StudyResults): Promise<boolean> {
  let html: string;
  try {
    html = await readFile(reportPath, 'utf8');
  } catch {
    return false;
  }
  const annotated = withHumanSection(html, humanStudySection(results));
  if (annotated === html) return false;
  await writeFileAtomic(reportPath, annotated);
  return true;
}
