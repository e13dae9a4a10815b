import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStudy } from '../../test/study-fixture.js';
import { AnswerStore } from '../store/answer-store.js';
import { loadStudyFolder, type StudyFolder } from '../study-folder.js';
import type { QuestionId } from '../study-files.js';
import { exportStudy } from './export-study.js';
import { renderStudyReport } from './render-report.js';

type Answerer = (pair: string, folder: StudyFolder) => Partial<Record<QuestionId, boolean>>;

/** Plays raters through the store as the server does: assign a task, answer every pair (or `limit`). */
function rate(store: AnswerStore, folder: StudyFolder, rater: string, answerer: Answerer, limit = Infinity): string {
  const { study } = folder;
  const assignment = store.assignNext(rater, study.tasks.map((task) => task.id), study.ratersPerTask, '2026-01-01T00:00:00Z')!;
  const task = study.tasks.find((t) => t.id === assignment.task)!;
  for (const pair of task.pairs.slice(0, limit)) store.saveAnswers(rater, task.id, pair, answerer(pair, folder), task.pairs.length, '2026-01-01T00:00:01Z');
  return task.id;
}

const cosine = (folder: StudyFolder, pair: string) => {
  const entry = folder.key.pairs[pair]!;
  return entry.kind === 'rated' ? entry.metrics['identity.cosine[mobileface]']! : 0;
};
/** An attentive rater who says "same person" exactly when the cosine is at least 0.5. */
const attentive: Answerer = (pair, folder) => {
  const entry = folder.key.pairs[pair]!;
  if (entry.kind === 'attention') return { identity: false, expression: true };
  return { identity: cosine(folder, pair) >= 0.5, expression: true };
};
/** Says yes to everything, the attention check included. */
const careless: Answerer = () => ({ identity: true, expression: true });

describe('exportStudy', () => {
  let study: Awaited<ReturnType<typeof makeStudy>>;
  afterEach(() => study.remove());

  it('discards tasks failing the attention check, leaves out unfinished ones, and counts both', async () => {
    study = await makeStudy({ pairsPerTask: 4, ratersPerTask: 2, raters: 3 });
    const folder = await loadStudyFolder(study.dir);
    const store = new AnswerStore(join(study.dir, 'answers.db'));
    const [r1, r2, r3] = folder.raters.raters.map((r) => r.id);
    const task = rate(store, folder, r1!, attentive);
    const carelessTask = rate(store, folder, r2!, careless);
    expect(carelessTask).not.toBe(task);
    rate(store, folder, r3!, attentive, 1);
    store.close();

    const { results, files } = await exportStudy(study.dir);
    expect(results.counts).toMatchObject({ completed: 2, failedAttention: 1, incomplete: 1, valid: 1, raters: 3 });
    const ratedInTask = folder.study.tasks.find((t) => t.id === task)!.pairs.filter((p) => folder.key.pairs[p]!.kind === 'rated');
    expect(results.counts.ratings).toBe(ratedInTask.length * 2);
    const overall = results.rates.find((row) => row.question === 'expression' && row.stylizer === null && row.groupKey === null)!;
    expect(overall).toMatchObject({ yes: ratedInTask.length, n: ratedInTask.length, rate: 1 });
    const identity = results.rates.find((row) => row.question === 'identity' && row.stylizer === null && row.groupKey === null)!;
    expect(identity.yes).toBe(ratedInTask.filter((p) => cosine(folder, p) >= 0.5).length);
    // Per-stylizer rows add up to the overall one, and so do the rows of each group key.
    const perStylizer = results.rates.filter((row) => row.question === 'identity' && row.stylizer !== null && row.groupKey === null);
    expect(perStylizer.reduce((sum, row) => sum + row.n, 0)).toBe(identity.n);
    for (const key of ['family', 'gender', 'race', 'ageGroup']) {
      const rows = results.rates.filter((row) => row.question === 'identity' && row.stylizer === null && row.groupKey === key);
      expect(rows.reduce((sum, row) => sum + row.n, 0)).toBe(identity.n);
    }
    const csv = await readFile(files.csv, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('rater,task,pair,kind,item,stylizer,family,gender,race,ageGroup,expression,question,answer,counted,answered_at');
    const size = (id: string) => folder.study.tasks.find((t) => t.id === id)!.pairs.length;
    // Every answer given is listed, counted or not: two finished tasks and the one pair of the unfinished one.
    expect(lines).toHaveLength(1 + size(task) * 2 + size(carelessTask) * 2 + 2);
    expect(lines.filter((line) => line.includes(',true,'))).toHaveLength(ratedInTask.length * 2);
    const json = JSON.parse(await readFile(files.json, 'utf8'));
    expect(json.counts.failedAttention).toBe(1);
  });

  it('finds the identity threshold people agree with, the correlation with the metric, and perfect agreement', async () => {
    study = await makeStudy({ pairsPerTask: 4, ratersPerTask: 2, raters: 2 });
    const folder = await loadStudyFolder(study.dir);
    const store = new AnswerStore(join(study.dir, 'answers.db'));
    // Both raters answer every task the same attentive way.
    for (const rater of folder.raters.raters) for (let k = 0; k < folder.study.tasks.length; k++) rate(store, folder, rater.id, attentive);
    store.close();
    const { results } = await exportStudy(study.dir);
    expect(results.counts).toMatchObject({ valid: folder.study.tasks.length * 2, failedAttention: 0, incomplete: 0 });
    // People's verdicts as calibrate's CSV of pairs: the study's own copies, yes when the cosine is >= 0.5.
    const pairsCsv = (await readFile(join(study.dir, 'identity-pairs.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(pairsCsv[0]).toBe('a,b,same');
    expect(pairsCsv).toHaveLength(1 + results.counts.pairs);
    for (const line of pairsCsv.slice(1)) {
      const [a, b, same] = line.split(',');
      const shown = folder.study.pairs.find((pair) => `images/${pair.real}` === a && `images/${pair.avatar}` === b)!;
      expect(same).toBe(cosine(folder, shown.id) >= 0.5 ? '1' : '0');
    }
    const fit = results.thresholds.find((row) => row.metric === 'identity.cosine[mobileface]')!;
    expect(fit.agreement).toBe(1);
    expect(fit.same + fit.different).toBe(fit.n);
    expect(fit.same).toBe(results.pairs.filter((pair) => pair.metrics['identity.cosine[mobileface]']! >= 0.5).length);
    const scores = results.pairs.map((pair) => pair.metrics['identity.cosine[mobileface]']!);
    expect(fit.threshold).toBeGreaterThan(Math.max(...scores.filter((s) => s < 0.5)));
    expect(fit.threshold).toBeLessThanOrEqual(Math.min(...scores.filter((s) => s >= 0.5)));
    const correlation = results.correlations.find((row) => row.question === 'identity' && row.metric === 'identity.cosine[mobileface]')!;
    expect(correlation.n).toBe(results.counts.pairs);
    expect(correlation.spearman).toBeGreaterThan(0.5);
    const agreement = results.agreement.find((row) => row.question === 'identity')!;
    expect(agreement.kappa).toBeCloseTo(1, 12);
    expect(agreement.subjects).toBe(results.counts.pairs);
    // Everyone said yes to the expression question: perfect agreement, but kappa is undefined.
    expect(results.agreement.find((row) => row.question === 'expression')!.kappa).toBeNaN();
    expect(results.stylizers).toEqual(['anime', 'classic']);
    // The machine's view of the same pairs: each stylizer's mean cosine over the pairs people rated.
    for (const stylizer of results.stylizers) {
      const scores = results.pairs.filter((pair) => pair.stylizer === stylizer).map((pair) => pair.metrics['identity.cosine[mobileface]']!);
      const mean = results.metricMeans.find((row) => row.stylizer === stylizer && row.metric === 'identity.cosine[mobileface]')!;
      expect(mean.n).toBe(scores.length);
      expect(mean.mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 12);
    }
  });

  it('writes report.html with people beside the metrics, every value escaped', async () => {
    study = await makeStudy({ pairsPerTask: 4, ratersPerTask: 1, raters: 1 });
    const folder = await loadStudyFolder(study.dir);
    const store = new AnswerStore(join(study.dir, 'answers.db'));
    rate(store, folder, folder.raters.raters[0]!.id, attentive);
    store.close();
    const { results, files } = await exportStudy(study.dir);
    const html = await readFile(files.html, 'utf8');
    const identity = results.rates.find((row) => row.question === 'identity' && row.stylizer === null && row.groupKey === null)!;
    expect(html).toContain(`${(identity.rate * 100).toFixed(1)}%`);
    expect(html).toContain('Does the avatar represent the identity of the realistic face?');
    expect(html).toContain('identity.cosine[mobileface]');
    expect(html).toContain('<h3>Expression family</h3>');
    const hostile = renderStudyReport({ ...results, stylizers: ['<img src=x onerror=alert(1)>'], metricMeans: [{ stylizer: '<img src=x onerror=alert(1)>', metric: '<script>', n: 1, mean: 0.5 }] });
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&#60;script&#62;');
    // A threshold fitted on verdicts all one way is shown as the bound it is.
    const oneSided = renderStudyReport({ ...results, thresholds: [{ metric: 'identity.cosine[mobileface]', threshold: 0.4, agreement: 1, n: 5, same: 5, different: 0 }] });
    expect(oneSided).toContain('0.400 (lower bound: no pair judged different)');
    expect(oneSided).toContain('5 / 0');
  });
});
