import { join } from 'node:path';
import { toCsv, writeFileAtomic } from '@geneava/core/util';
import { bestThreshold } from '../stats/best-threshold.js';
import { pearson, spearman } from '../stats/correlation.js';
import { fleissKappa } from '../stats/fleiss-kappa.js';
import { wilsonRate } from '../stats/wilson.js';
import { AnswerStore, type StoredAnswer } from '../store/answer-store.js';
import { loadStudyFolder, type StudyFolder } from '../study-folder.js';
import { STUDY_FILES, type QuestionId } from '../study-files.js';
import { annotateSourceReport } from './annotate-source-report.js';
import { renderStudyReport } from './render-report.js';
import type { AgreementRow, CorrelationRow, MetricMeanRow, PairResult, RateRow, StudyResults, ThresholdRow } from './study-results.js';

/** Label keys the approval rates are broken down by: the expression family and the demographic groups. */
export const GROUP_KEYS = ['family', 'gender', 'race', 'ageGroup'] as const;
/** Metrics whose threshold is fitted to people's identity verdicts: one identity model's cosine each. */
const IDENTITY_METRIC = /^identity\.cosine(\[.+\])?$/;

export interface ExportedStudy {
  readonly results: StudyResults;
  readonly files: {
    readonly json: string;
    readonly csv: string;
    readonly html: string;
    /** People's majority identity verdicts as a CSV of pairs for `geneava calibrate identity --pairs`. */
    readonly identityPairs: string;
    /** The source's report.html, when the human results were added to it. */
    readonly sourceReport?: string;
  };
}

export interface ExportStudyOptions {
  /** Add the human results to the report of the run or comparison the study came from (default true). */
  readonly annotateSource?: boolean;
}

/** Which (rater, task) results count: finished, and the attention check answered "not the same person". */
function validTasks(folder: StudyFolder, answers: readonly StoredAnswer[], completed: ReadonlySet<string>) {
  const failed = new Set<string>();
  for (const answer of answers) {
    const key = folder.key.pairs[answer.pair];
    if (key?.kind === 'attention' && answer.question === 'identity' && answer.value !== key.expected.identity) failed.add(`${answer.rater}\n${answer.task}`);
  }
  const valid = new Set([...completed].filter((id) => !failed.has(id)));
  return { valid, failed: [...failed].filter((id) => completed.has(id)).length };
}

/** Computes the results of a study from its answers; reads the folder, writes nothing. */
export function computeResults(folder: StudyFolder, answers: readonly StoredAnswer[], assignments: readonly { rater: string; task: string; completedAt: string | null }[]): StudyResults {
  const { study, key } = folder;
  const completed = new Set(assignments.filter((a) => a.completedAt !== null).map((a) => `${a.rater}\n${a.task}`));
  const { valid, failed } = validTasks(folder, answers, completed);
  const stylizerName = (id: string) => key.stylizers[id] ?? id;

  const byPair = new Map<string, PairResult & { votes: Partial<Record<QuestionId, { yes: number; n: number }>> }>();
  for (const [pair, entry] of Object.entries(key.pairs)) {
    if (entry.kind !== 'rated') continue;
    byPair.set(pair, { pair, item: entry.item, stylizer: stylizerName(entry.stylizer), labels: entry.labels, metrics: entry.metrics, votes: {} });
  }
  let ratings = 0;
  for (const answer of answers) {
    const result = byPair.get(answer.pair);
    if (!result || !valid.has(`${answer.rater}\n${answer.task}`)) continue;
    const vote = (result.votes[answer.question] ??= { yes: 0, n: 0 });
    vote.n++;
    if (answer.value) vote.yes++;
    ratings++;
  }
  const pairs = [...byPair.values()];
  const stylizers = Object.values(key.stylizers).filter((name) => pairs.some((pair) => pair.stylizer === name)).sort();

  const rates: RateRow[] = [];
  const rate = (question: QuestionId, selected: readonly PairResult[], stylizer: string | null, groupKey: string | null, groupValue: string | null) => {
    let yes = 0;
    let n = 0;
    for (const pair of selected) {
      yes += pair.votes[question]?.yes ?? 0;
      n += pair.votes[question]?.n ?? 0;
    }
    rates.push({ question, stylizer, groupKey, groupValue, ...wilsonRate(yes, n) });
  };
  for (const question of study.questions) {
    for (const stylizer of [null, ...stylizers]) {
      const ofStylizer = stylizer === null ? pairs : pairs.filter((pair) => pair.stylizer === stylizer);
      rate(question, ofStylizer, stylizer, null, null);
      for (const groupKey of GROUP_KEYS) {
        const values = [...new Set(ofStylizer.map((pair) => pair.labels[groupKey]).filter((value): value is string => value !== undefined))].sort();
        for (const value of values) rate(question, ofStylizer.filter((pair) => pair.labels[groupKey] === value), stylizer, groupKey, value);
      }
    }
  }

  const agreement: AgreementRow[] = study.questions.map((question) => ({
    question,
    ...fleissKappa(pairs.map((pair) => [pair.votes[question]?.yes ?? 0, (pair.votes[question]?.n ?? 0) - (pair.votes[question]?.yes ?? 0)] as const)),
  }));

  const metricKeys = [...new Set(pairs.flatMap((pair) => Object.keys(pair.metrics)))].sort();
  const correlations: CorrelationRow[] = [];
  for (const question of study.questions) {
    for (const metric of metricKeys) {
      const rows = pairs.filter((pair) => (pair.votes[question]?.n ?? 0) > 0 && pair.metrics[metric] !== undefined);
      const approval = rows.map((pair) => pair.votes[question]!.yes / pair.votes[question]!.n);
      const values = rows.map((pair) => pair.metrics[metric]!);
      correlations.push({ question, metric, n: rows.length, pearson: pearson(values, approval), spearman: spearman(values, approval) });
    }
  }

  const thresholds: ThresholdRow[] = [];
  for (const metric of metricKeys.filter((name) => IDENTITY_METRIC.test(name))) {
    const points = pairs.flatMap((pair) => {
      const vote = pair.votes.identity;
      const score = pair.metrics[metric];
      // A pair people split on evenly has no verdict to agree with.
      if (!vote || vote.n === 0 || score === undefined || vote.yes * 2 === vote.n) return [];
      return [{ score, yes: vote.yes * 2 > vote.n }];
    });
    const fit = bestThreshold(points);
    const same = points.filter((point) => point.yes).length;
    if (fit) thresholds.push({ metric, ...fit, same, different: points.length - same });
  }

  const metricMeans: MetricMeanRow[] = [];
  for (const stylizer of stylizers) {
    const rated = pairs.filter((pair) => pair.stylizer === stylizer && study.questions.some((question) => (pair.votes[question]?.n ?? 0) > 0));
    for (const metric of metricKeys) {
      const values = rated.flatMap((pair) => (pair.metrics[metric] === undefined ? [] : [pair.metrics[metric]!]));
      if (values.length > 0) metricMeans.push({ stylizer, metric, n: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length });
    }
  }

  return {
    format: 'geneava-study-results',
    version: 1,
    questions: study.questions,
    stylizers,
    counts: {
      tasks: study.tasks.length,
      pairs: pairs.length,
      raters: folder.raters.raters.length,
      completed: completed.size,
      failedAttention: failed,
      incomplete: assignments.length - completed.size,
      valid: valid.size,
      ratings,
    },
    rates,
    agreement,
    correlations,
    thresholds,
    metricMeans,
    pairs,
  };
}

/** ratings.csv: every answer given, with its pair's stylizer and labels and whether it counts. */
function ratingsCsv(folder: StudyFolder, answers: readonly StoredAnswer[], valid: (answer: StoredAnswer) => boolean): string {
  const header = ['rater', 'task', 'pair', 'kind', 'item', 'stylizer', ...GROUP_KEYS, 'expression', 'question', 'answer', 'counted', 'answered_at'];
  const rows = answers.map((answer) => {
    const entry = folder.key.pairs[answer.pair]!;
    const labels = entry.kind === 'rated' ? entry.labels : {};
    return [
      answer.rater, answer.task, answer.pair, entry.kind, entry.item, folder.key.stylizers[entry.stylizer] ?? entry.stylizer,
      ...GROUP_KEYS.map((groupKey) => labels[groupKey]), labels['expression'],
      answer.question, answer.value ? 'yes' : 'no', entry.kind === 'rated' && valid(answer), answer.answeredAt,
    ];
  });
  return toCsv(header, rows);
}

/**
 * identity-pairs.csv: each rated pair people gave a majority identity verdict on, as `a,b,same` with the
 * study's copies of the photo and the avatar (paths relative to the study folder): the CSV of pairs
 * `geneava calibrate identity --pairs` reads, so a threshold can be fitted on people's verdicts.
 */
function identityPairsCsv(folder: StudyFolder, results: StudyResults): string {
  const images = new Map(folder.study.pairs.map((pair) => [pair.id, pair]));
  const rows = results.pairs.flatMap((pair) => {
    const vote = pair.votes.identity;
    if (!vote || vote.n === 0 || vote.yes * 2 === vote.n) return [];
    const shown = images.get(pair.pair)!;
    return [[`${STUDY_FILES.images}/${shown.real}`, `${STUDY_FILES.images}/${shown.avatar}`, vote.yes * 2 > vote.n ? 1 : 0]];
  });
  return toCsv(['a', 'b', 'same'], rows);
}

/**
 * Reads a study folder's answers and writes results.json (approval rates with Wilson intervals, Fleiss'
 * kappa, metric correlations, fitted identity thresholds, metric means, per-pair votes), ratings.csv
 * (every answer) and report.html (people beside the metrics) into it, and adds the human results to the
 * source's own report when it is still there. Returns the results.
 */
export async function exportStudy(dir: string, options: ExportStudyOptions = {}): Promise<ExportedStudy> {
  const folder = await loadStudyFolder(dir);
  const store = new AnswerStore(join(dir, STUDY_FILES.answers));
  let answers: StoredAnswer[];
  let assignments;
  try {
    answers = store.allAnswers();
    assignments = store.allAssignments();
  } finally {
    store.close();
  }
  const results = computeResults(folder, answers, assignments);
  const completed = new Set(assignments.filter((a) => a.completedAt !== null).map((a) => `${a.rater}\n${a.task}`));
  const { valid } = validTasks(folder, answers, completed);
  const own = {
    json: join(dir, STUDY_FILES.results),
    csv: join(dir, STUDY_FILES.ratingsCsv),
    html: join(dir, STUDY_FILES.report),
    identityPairs: join(dir, STUDY_FILES.identityPairs),
  };
  await writeFileAtomic(own.csv, ratingsCsv(folder, answers, (answer) => valid.has(`${answer.rater}\n${answer.task}`)));
  await writeFileAtomic(own.html, renderStudyReport(results));
  await writeFileAtomic(own.identityPairs, identityPairsCsv(folder, results));
  // NaN (a rate over no ratings, kappa of one category) is written as null.
  await writeFileAtomic(own.json, `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
  // Run datasets and comparisons both keep their report as report.html.
  const sourceReport = join(folder.key.from.path, 'report.html');
  const annotated = (options.annotateSource ?? true) && (await annotateSourceReport(sourceReport, results));
  return { results, files: { ...own, ...(annotated ? { sourceReport } : {}) } };
}
