import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeStudy } from '../../test/study-fixture.js';
import { AnswerStore } from '../store/answer-store.js';
import { loadStudyFolder } from '../study-folder.js';
import { HUMAN_SECTION_END, HUMAN_SECTION_START, withHumanSection } from './annotate-source-report.js';
import { exportStudy } from './export-study.js';

describe('human results in the source report', () => {
  it('go before the footer, or before </body>, and replace an earlier section', () => {
    const section = `${HUMAN_SECTION_START}<section>A</section>${HUMAN_SECTION_END}`;
    const once = withHumanSection('<body><main>x</main><footer>f</footer></body>', section);
    expect(once).toBe(`<body><main>x</main>${section}\n<footer>f</footer></body>`);
    const again = withHumanSection(once, section.replace('A', 'B'));
    expect(again).toBe(`<body><main>x</main>${section.replace('A', 'B')}\n<footer>f</footer></body>`);
    expect(withHumanSection('<body>x</body>', section)).toBe(`<body>x${section}\n</body>`);
    expect(withHumanSection('not a report', section)).toBe('not a report');
  });

  it('are added to the dataset report by every export, once', async () => {
    const study = await makeStudy({ pairsPerTask: 4, ratersPerTask: 1, raters: 1 });
    try {
      const report = join(dirname(study.dir), 'dataset', 'report.html');
      await writeFile(report, '<!doctype html><html><body><h1>Run</h1><footer>Self-contained report</footer></body></html>');
      const folder = await loadStudyFolder(study.dir);
      const store = new AnswerStore(join(study.dir, 'answers.db'));
      const rater = folder.raters.raters[0]!.id;
      // One rater does every task, saying yes to every rated pair and no to the attention checks.
      for (const task of folder.study.tasks) {
        expect(store.assignNext(rater, folder.study.tasks.map((t) => t.id), 1, 't0')!.task).toBe(task.id);
        for (const pair of task.pairs) store.saveAnswers(rater, task.id, pair, { identity: folder.key.pairs[pair]!.kind === 'rated', expression: true }, task.pairs.length, 't1');
      }
      store.close();
      const first = await exportStudy(study.dir);
      expect(first.files.sourceReport).toBe(report);
      await exportStudy(study.dir);
      const html = await readFile(report, 'utf8');
      expect(html.split(HUMAN_SECTION_START)).toHaveLength(2);
      expect(html.indexOf('<h2>Human study</h2>')).toBeLessThan(html.indexOf('<footer>'));
      expect(html).toContain('Does the avatar represent the identity of the realistic face?');
      // Every rated pair was judged the same person: the fitted threshold is only a lower bound.
      expect(html).toContain('(a lower bound: no pair was judged a different person)');
      for (const stylizer of ['anime', 'classic']) expect(html).toContain(`<th scope="row">${stylizer}</th><td>100.0%`);
      expect((await exportStudy(study.dir, { annotateSource: false })).files.sourceReport).toBeUndefined();
    } finally {
      await study.remove();
    }
  });
});
