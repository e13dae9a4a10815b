import type { SetMetric } from '@geneava/core/contracts';
import { bootstrapMeanCI } from './bootstrap.js';
import { groupedSetMetrics, type MetricObservation } from './grouped.js';

const identity = (expression: string, gender: string, value: number): MetricObservation => ({
  group: { expression, gender },
  metric: 'identity.cosine',
  model: 'mobileface',
  value,
});

const records: MetricObservation[] = [
  identity('joy', 'female', 0.8),
  identity('anger', 'male', 0.6),
  identity('joy', 'male', 0.7),
  identity('anger', 'female', 0.6),
  identity('joy', 'female', 0.9),
  { group: { expression: 'joy', gender: 'female' }, metric: 'expression.top1_agree', value: 1 },
  { group: { expression: 'anger', gender: 'male' }, metric: 'expression.top1_agree', value: 0 },
];

describe('groupedSetMetrics', () => {
  it('gives the overall set first, then one per group in sorted order, with n and mean by hand', () => {
    const sets = groupedSetMetrics(records, ['expression'], { resamples: 2000 });
    const summary = sets.map(({ metric, model, group, n, mean }) => ({ metric, model, group, n, mean }));
    expect(summary).toEqual([
      { metric: 'identity.cosine', model: 'mobileface', group: {}, n: 5, mean: expect.closeTo(0.72, 12) },
      { metric: 'identity.cosine', model: 'mobileface', group: { expression: 'anger' }, n: 2, mean: 0.6 },
      { metric: 'identity.cosine', model: 'mobileface', group: { expression: 'joy' }, n: 3, mean: expect.closeTo(0.8, 12) },
      { metric: 'expression.top1_agree', model: undefined, group: {}, n: 2, mean: 0.5 },
      { metric: 'expression.top1_agree', model: undefined, group: { expression: 'anger' }, n: 1, mean: 0 },
      { metric: 'expression.top1_agree', model: undefined, group: { expression: 'joy' }, n: 1, mean: 1 },
    ]);
    // No model key at all when the records carry none.
    expect('model' in sets[3]!).toBe(false);
  });

  it('gives exact intervals for constant groups and intervals around the mean otherwise', () => {
    const sets = groupedSetMetrics(records, ['expression'], { resamples: 2000 });
    const anger = sets.find((set) => set.metric === 'identity.cosine' && set.group['expression'] === 'anger')!;
    expect(anger.ci95).toEqual([0.6, 0.6]);
    const joy = sets.find((set) => set.metric === 'identity.cosine' && set.group['expression'] === 'joy')!;
    expect(joy.ci95[0]).toBeGreaterThanOrEqual(0.7 - 1e-12);
    expect(joy.ci95[0]).toBeLessThan(joy.mean);
    expect(joy.ci95[1]).toBeGreaterThan(joy.mean);
    expect(joy.ci95[1]).toBeLessThanOrEqual(0.9 + 1e-12);
  });

  it('groups by combinations of keys', () => {
    const sets = groupedSetMetrics(records.slice(0, 5), ['expression', 'gender'], { resamples: 100 });
    expect(sets.map((set) => [set.group, set.n])).toEqual([
      [{}, 5],
      [{ expression: 'anger', gender: 'female' }, 1],
      [{ expression: 'anger', gender: 'male' }, 1],
      [{ expression: 'joy', gender: 'female' }, 2],
      [{ expression: 'joy', gender: 'male' }, 1],
    ]);
  });

  it('gives only the overall sets without group keys', () => {
    const sets: SetMetric[] = groupedSetMetrics(records, [], { resamples: 100 });
    expect(sets.map((set) => [set.metric, set.group, set.n])).toEqual([
      ['identity.cosine', {}, 5],
      ['expression.top1_agree', {}, 2],
    ]);
  });

  it("does not let other sets' records change a set's interval", () => {
    const alone = groupedSetMetrics(records.slice(0, 5), ['expression']);
    const withOthers = groupedSetMetrics([...records.slice(5), ...records.slice(0, 5)], ['expression']);
    expect(withOthers.filter((set) => set.metric === 'identity.cosine')).toEqual(alone);
  });

  it('computes each interval as the bootstrap of its values', () => {
    const [overall] = groupedSetMetrics(records.slice(0, 5), [], { resamples: 3000, seed: 9 });
    const direct = bootstrapMeanCI([0.8, 0.6, 0.7, 0.6, 0.9], { resamples: 3000 });
    // Different seeds, same distribution: the intervals agree to Monte Carlo error.
    expect(Math.abs(overall!.ci95[0] - direct.ci95[0])).toBeLessThan(0.02);
    expect(Math.abs(overall!.ci95[1] - direct.ci95[1])).toBeLessThan(0.02);
  });

  it('names the record that lacks a group key or has a non-finite value', () => {
    expect(() => groupedSetMetrics(records, ['stylizer'])).toThrow("groupedSetMetrics: record 0 (identity.cosine) has no 'stylizer' in its group");
    expect(() => groupedSetMetrics([identity('joy', 'male', Number.NaN)], [])).toThrow('record 0 (identity.cosine) has value NaN');
    expect(() => groupedSetMetrics(records, ['gender', 'gender'])).toThrow("groupBy names 'gender' twice");
  });
});

describe('groupedSetMetrics: rate metrics', () => {
  it('uses Wilson intervals for the rate metrics named, per group too, and the bootstrap otherwise', () => {
    const sets = groupedSetMetrics(records, ['expression'], { resamples: 200, rateMetrics: new Set(['expression.top1_agree']) });
    const joy = sets.find((set) => set.metric === 'expression.top1_agree' && set.group['expression'] === 'joy')!;
    // 1 of 1: Wilson [0.2065, 1].
    expect(joy.ci95[0]).toBeCloseTo(0.20654, 4);
    expect(joy.ci95[1]).toBe(1);
    const withoutOption = groupedSetMetrics(records, ['expression'], { resamples: 200 });
    expect(withoutOption.find((set) => set.metric === 'expression.top1_agree' && set.group['expression'] === 'joy')!.ci95).toEqual([1, 1]);
  });
});
