import { QUESTIONS, type QuestionId } from '../study-files.js';
import type { RateRow, StudyResults } from './study-results.js';

/** The export as one offline HTML page: people's verdicts beside the automatic metrics, per stylizer. */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–');
const num = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const GROUP_TITLES: Readonly<Record<string, string>> = { family: 'Expression family', gender: 'Gender', race: 'Race', ageGroup: 'Age group' };

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="none">No data.</p>';
  return `<table><thead><tr>${header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell, index) => (index === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function rateCell(row: RateRow | undefined): string {
  return row && row.n > 0 ? `${pct(row.rate)} [${pct(row.ci95[0])}, ${pct(row.ci95[1])}] n=${row.n}` : '–';
}

export function renderStudyReport(results: StudyResults): string {
  const { counts, questions, stylizers } = results;
  const find = (question: QuestionId, stylizer: string | null, groupKey: string | null = null, groupValue: string | null = null) =>
    results.rates.find((row) => row.question === question && row.stylizer === stylizer && row.groupKey === groupKey && row.groupValue === groupValue);
  const columns = [...stylizers, 'all'];
  const stylizerOf = (column: string) => (column === 'all' ? null : column);

  const people = table(
    ['Question', ...columns],
    questions.map((question) => [QUESTIONS[question], ...columns.map((column) => rateCell(find(question, stylizerOf(column))))]),
  );
  const metricNames = [...new Set(results.metricMeans.map((row) => row.metric))];
  const machines = table(
    ['Metric (mean over the rated pairs)', ...stylizers],
    metricNames.map((metric) => [metric, ...stylizers.map((stylizer) => {
      const row = results.metricMeans.find((mean) => mean.stylizer === stylizer && mean.metric === metric);
      return row ? `${num(row.mean)} n=${row.n}` : '–';
    })]),
  );
  const groups = Object.keys(GROUP_TITLES)
    .map((groupKey) => {
      const values = [...new Set(results.rates.filter((row) => row.groupKey === groupKey).map((row) => row.groupValue!))];
      if (values.length === 0) return '';
      return `<h3>${escapeHtml(GROUP_TITLES[groupKey]!)}</h3>${questions
        .map((question) => `<h4>${escapeHtml(QUESTIONS[question])}</h4>${table([GROUP_TITLES[groupKey]!, ...columns], values.map((value) => [value, ...columns.map((column) => rateCell(find(question, stylizerOf(column), groupKey, value)))]))}`)
        .join('')}`;
    })
    .join('');
  const agreement = table(['Question', "Fleiss' kappa", 'Pairs', 'Answers'], results.agreement.map((row) => [QUESTIONS[row.question], num(row.kappa, 2), String(row.subjects), String(row.ratings)]));
  const thresholds = table(
    ['Identity metric', 'Threshold', 'Agreement with people', 'Pairs judged same / different'],
    results.thresholds.map((row) => [row.metric, `${num(row.threshold)}${row.different === 0 ? ' (lower bound: no pair judged different)' : row.same === 0 ? ' (upper bound: no pair judged the same)' : ''}`, pct(row.agreement), `${row.same} / ${row.different}`]),
  );
  const correlations = table(
    ['Question', 'Metric', 'Spearman', 'Pearson', 'Pairs'],
    results.correlations.map((row) => [QUESTIONS[row.question], row.metric, num(row.spearman, 2), num(row.pearson, 2), String(row.n)]),
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Human study</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; max-width: 1100px; margin: 0 auto; padding: 16px; }
table { border-collapse: collapse; margin: 8px 0 20px; display: block; overflow-x: auto; }
th, td { border: 1px solid #c8c8c8; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef2f7; }
.none { color: #555; }
</style>
</head>
<body>
<h1>Human study</h1>
<p>${counts.valid} valid task${counts.valid === 1 ? '' : 's'} of ${counts.completed} finished by ${counts.raters} rater link${counts.raters === 1 ? '' : 's'}; ${counts.failedAttention} failed the attention check (discarded), ${counts.incomplete} unfinished (not counted). ${counts.ratings} answers on ${counts.pairs} pairs. Rates are shares of "yes" with Wilson 95% intervals.</p>
<h2>People</h2>
${people}
<h2>Automatic metrics on the same pairs</h2>
${machines}
<h2>Identity threshold people agree with</h2>
${thresholds}
<h2>People against the metrics</h2>
${correlations}
<h2>Agreement between raters</h2>
${agreement}
<h2>By group</h2>
${groups || '<p class="none">The pairs carry no group labels.</p>'}
</body>
</html>
`;
}
