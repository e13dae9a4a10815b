import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImageAtomic } from '@geneava/core/image';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import type { DatasetReportInput } from '../dataset/index.js';
import { comparisonInputOf, runReportWriter } from './report.js';

const info = { id: 'classic', style: 'classic cartoon', version: '0.1.0', needsWeights: false, geometryPreserving: true };
const metrics = [{ metric: 'identity.cosine', model: 'mobileface', value: 0.9, higherIsBetter: true }, { metric: 'detection.redetected', value: 1, higherIsBetter: true }];
const records: MetadataRecord[] = [
  { id: 'a', status: 'kept', reasons: [], expression: 'glee', family: 'joy', gender: 'female', image: 'images/glee/a.png', avatars: { classic: { status: 'ok', file: 'avatars/classic/glee/a.png', metrics: {} } } },
  { id: 'b', status: 'failed', reasons: ['stylize:classic: stylizer "classic": boom'], expression: 'glee', avatars: { classic: { status: 'failed', reason: 'stylize:classic: stylizer "classic": boom' } } },
  { id: 'c', status: 'dropped', reasons: ['filter: no face detected'], expression: 'unlabelled', avatars: { classic: { status: 'not-run' } } },
];

function input(out: string): DatasetReportInput {
  return {
    out,
    records,
    evaluations: [{ stylizer: 'classic', labels: { expression: 'glee' }, evaluation: { id: 'a', metrics }, stylizeMs: 12, evaluateMs: 30 }],
    counts: { items: 3, kept: 1, dropped: 1, failed: 1, failedPhotos: 0 },
    card: {
      title: 'T',
      source: 'photos from x',
      stylizers: [{ name: 'classic', info }],
      filter: { margin: 0.02, maxFaceFraction: 0.6 },
      curation: { identityMinCosine: { mobileface: 0.51 }, expressionMinProbCosine: 0.5, requireRedetection: true, keepWhen: 'all' },
      created: '2025-01-01',
    },
  };
}

describe('the run report', () => {
  it('turns the dataset records into comparison pairs, failures and skipped items', () => {
    const comparison = comparisonInputOf(input('/d'));
    expect(comparison.stylizers).toEqual([{ name: 'classic', id: 'classic', style: 'classic cartoon', version: '0.1.0', geometryPreserving: true }]);
    expect(comparison.pairs).toEqual([
      { id: 'a', stylizer: 'classic', status: 'ok', metrics, stylizeMs: 12, evaluateMs: 30 },
      { id: 'b', stylizer: 'classic', status: 'failed', stage: 'stylize', reason: 'stylize:classic: stylizer "classic": boom' },
    ]);
    expect(comparison.skipped).toEqual([{ id: 'c', reason: 'filter: no face detected' }]);
    expect(comparison.labels).toEqual({ a: { expression: 'glee', family: 'joy', gender: 'female' }, b: { expression: 'glee' }, c: { expression: 'unlabelled' } });
    expect(comparison.context).toMatchObject({ 'Dataset items': 3, Kept: 1, Dropped: 1, 'Curation thresholds': 'identity.cosine[mobileface] >= 0.51, expression.prob_cosine >= 0.5' });
  });

  it('writes one self-contained HTML file with thumbnails of the items it shows', async () => {
    const out = await mkdtemp(join(tmpdir(), 'geneava-run-report-'));
    const image = { width: 8, height: 8, data: new Uint8Array(192).fill(200) };
    await writeImageAtomic(join(out, 'images', 'glee', 'a.png'), image);
    await writeImageAtomic(join(out, 'avatars', 'classic', 'glee', 'a.png'), image);
    expect(await runReportWriter({ resamples: 100, galleryItems: 4 })(input(out))).toBe('report.html');
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('T: run report');
    expect(html.match(/data:image\/jpeg;base64,/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
