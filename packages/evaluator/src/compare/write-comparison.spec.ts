import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../report/csv.js';
import { buildComparisonModel } from './build-model.js';
import { COMPARISON_CSV_HEADER } from './comparison-csv.js';
import { failedPair, scoredPair } from './test-support/pair-records.js';
import { writeComparisonReport } from './write-comparison.js';

describe('writeComparisonReport', () => {
  it('writes comparison.csv (leaderboard, pairwise, breakdown rows), report.html and comparison.json', async () => {
    const model = buildComparisonModel(
      {
        stylizers: [{ name: 'A' }, { name: 'B' }],
        pairs: [
          scoredPair('x', 'A', { cosine: 0.75, ms: 10 }),
          scoredPair('y', 'A', { cosine: 0.25, ms: 30 }),
          scoredPair('x', 'B', { cosine: 0.5, ms: 5 }),
          failedPair('y', 'B'),
        ],
        labels: { x: { expression: 'glee' }, y: { expression: 'glee' } },
        thumbnails: { real: { x: 'data:image/png;base64,AAAA' }, avatars: {} },
      },
      { resamples: 200 },
    );
    const out = join(await mkdtemp(join(tmpdir(), 'geneava-compare-')), 'report');
    const files = await writeComparisonReport(out, model);
    expect(files).toEqual({ json: join(out, 'comparison.json'), csv: join(out, 'comparison.csv'), html: join(out, 'report.html') });
    // Atomic writes leave no temporary files behind.
    expect((await readdir(out)).sort()).toEqual(['comparison.csv', 'comparison.json', 'report.html']);

    const rows = parseCsv(await readFile(files.csv, 'utf8'));
    expect(rows[0]).toEqual([...COMPARISON_CSV_HEADER]);
    const records = rows.slice(1).map((row) => Object.fromEntries(rows[0]!.map((column, i) => [column, row[i]!])));
    const cosineA = records.find((r) => r['section'] === 'leaderboard' && r['stylizer'] === 'A' && r['metric'] === 'identity.cosine')!;
    // Summaries are over the items both were scored on (x only); y, which B failed, is listed apart.
    expect(cosineA).toMatchObject({ rank: '1', model: 'mobileface', n: '1', mean: '0.75', attempted: '2', ok: '2', failed: '0' });
    // No strength was recorded, so both are ranked; one shared item resamples to itself: A is first every time.
    expect(cosineA).toMatchObject({ interval: 'bootstrap', rank_low: '1', rank_high: '1', stylized: '' });
    expect(records.find((r) => r['section'] === 'leaderboard' && r['stylizer'] === 'A' && r['metric'] === 'pairs.success_rate')).toMatchObject({ interval: 'wilson' });
    const pairwise = records.find((r) => r['section'] === 'pairwise' && r['metric'] === 'identity.cosine' && r['model'] === 'mobileface')!;
    // Only x was scored by both: one difference, 0.25, p = 1 (both signs are as extreme).
    expect(pairwise).toMatchObject({ stylizer: 'A', versus: 'B', n: '1', mean: '0.25', ci95_low: '0.25', ci95_high: '0.25', p_permutation: '1', p_wilcoxon: '1', p_holm: '1', better: '', p_wilcoxon_holm: '1' });
    const success = records.find((r) => r['section'] === 'pairwise' && r['metric'] === 'pairs.success_rate')!;
    expect(success).toMatchObject({ n: '2', mean: '0.5' });
    expect(records.find((r) => r['section'] === 'breakdown' && r['stylizer'] === 'B' && r['metric'] === 'identity.cosine')).toMatchObject({
      group_key: 'family',
      group_value: 'joy',
      n: '1',
      mean: '0.5',
    });

    const json = JSON.parse(await readFile(files.json, 'utf8'));
    expect(json).not.toHaveProperty('thumbnails');
    expect(json.leaderboard.map((row: { stylizer: string }) => row.stylizer)).toEqual(['A', 'B']);
    expect(json.settings).toMatchObject({ resamples: 200, confidence: 0.95, primaryIdentityModel: 'mobileface' });
    const html = await readFile(files.html, 'utf8');
    expect(html).toContain('src="data:image/png;base64,AAAA"');
  });
});
