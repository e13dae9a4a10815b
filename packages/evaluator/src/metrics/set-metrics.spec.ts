import type { MetricRecord } from '@geneava/core/contracts';
import { preservationSetMetrics, type LabelledEvaluation } from './set-metrics.js';

const pair = (id: string, labels: Record<string, string>, cosine: number, agree: number): LabelledEvaluation => ({
  labels,
  evaluation: {
    id,
    metrics: [
      { metric: 'identity.cosine', model: 'mobileface', value: cosine, higherIsBetter: true },
      { metric: 'expression.top1_agree', value: agree, higherIsBetter: true },
    ] satisfies MetricRecord[],
  },
});

const pairs = [
  pair('a', { expression: 'joy', gender: 'female' }, 0.8, 1),
  pair('b', { expression: 'joy' }, 0.6, 0),
  pair('c', { expression: 'anger', gender: 'female' }, 0.5, 1),
];

describe('preservationSetMetrics', () => {
  it('gives overall means, then per expression and per gender over the pairs that carry the label', () => {
    const sets = preservationSetMetrics(pairs, { resamples: 500 });
    const summary = sets.map(({ metric, model, group, n, mean }) => [metric, model, group, n, mean]);
    expect(summary).toEqual([
      ['identity.cosine', 'mobileface', {}, 3, expect.closeTo(1.9 / 3, 12)],
      ['expression.top1_agree', undefined, {}, 3, expect.closeTo(2 / 3, 12)],
      ['identity.cosine', 'mobileface', { expression: 'anger' }, 1, 0.5],
      ['identity.cosine', 'mobileface', { expression: 'joy' }, 2, expect.closeTo(0.7, 12)],
      ['expression.top1_agree', undefined, { expression: 'anger' }, 1, 1],
      ['expression.top1_agree', undefined, { expression: 'joy' }, 2, 0.5],
      ['identity.cosine', 'mobileface', { gender: 'female' }, 2, expect.closeTo(0.65, 12)],
      ['expression.top1_agree', undefined, { gender: 'female' }, 2, 1],
    ]);
  });

  it('gives 95% intervals that contain the mean and collapse for a single value', () => {
    const sets = preservationSetMetrics(pairs, { resamples: 500 });
    const overall = sets[0]!;
    expect(overall.ci95[0]).toBeGreaterThanOrEqual(0.5 - 1e-12);
    expect(overall.ci95[0]).toBeLessThanOrEqual(overall.mean);
    expect(overall.ci95[1]).toBeGreaterThanOrEqual(overall.mean);
    expect(overall.ci95[1]).toBeLessThanOrEqual(0.8 + 1e-12);
    expect(sets[2]!.ci95).toEqual([0.5, 0.5]);
  });

  it('groups by the keys asked for only, and gives nothing for no pairs', () => {
    const sets = preservationSetMetrics(pairs, { groupKeys: ['gender'], resamples: 100 });
    expect(sets.map((set) => set.group)).toEqual([{}, {}, { gender: 'female' }, { gender: 'female' }]);
    expect(preservationSetMetrics([])).toEqual([]);
  });
});

describe('preservationSetMetrics: rates', () => {
  it('gives rates Wilson intervals, never zero-width: 5 of 5 verified is [0.566, 1], not [1, 1]', () => {
    const verified = Array.from({ length: 5 }, (_, i) => ({
      labels: { gender: 'female' },
      evaluation: { id: `v${i}`, metrics: [{ metric: 'identity.verified', model: 'mobileface', value: 1 }, { metric: 'identity.cosine', model: 'mobileface', value: 0.7 }] },
    }));
    const sets = preservationSetMetrics(verified, { resamples: 200 });
    const rate = sets.find((set) => set.metric === 'identity.verified' && Object.keys(set.group).length === 0)!;
    expect(rate.mean).toBe(1);
    expect(rate.ci95[0]).toBeCloseTo(0.5655, 4);
    expect(rate.ci95[1]).toBe(1);
    // A continuous metric keeps the bootstrap: a constant sample is exactly [c, c].
    expect(sets.find((set) => set.metric === 'identity.cosine' && Object.keys(set.group).length === 0)!.ci95).toEqual([0.7, 0.7]);
  });
});
