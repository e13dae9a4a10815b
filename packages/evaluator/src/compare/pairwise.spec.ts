import { pairwiseTests } from './pairwise.js';
import type { PairTabulation } from './tabulate.js';
import type { ComparisonMetric } from './types.js';

const rate: ComparisonMetric = { key: 'detection.redetected', metric: 'detection.redetected', label: 'Re-detection rate', shortLabel: 're-detected', higherIsBetter: true, scale: 'rate', ranked: true, headline: true };
const cosine: ComparisonMetric = { key: 'identity.cosine|m', metric: 'identity.cosine', model: 'm', label: 'Identity cosine', shortLabel: 'identity', higherIsBetter: true, scale: 'cosine', ranked: true, headline: true };

/** Two stylizers on six items: a finds every face, b none; cosines differ by a constant 0.2. */
function table(): PairTabulation {
  const ids = ['1', '2', '3', '4', '5', '6'];
  const of = (values: number[]) => new Map(ids.map((id, i) => [id, values[i]!]));
  return {
    metrics: [rate, cosine],
    values: new Map([
      ['a', new Map([[rate.key, of([1, 1, 1, 1, 1, 1])], [cosine.key, of([0.9, 0.8, 0.85, 0.95, 0.7, 0.75])]])],
      ['b', new Map([[rate.key, of([0, 0, 0, 0, 0, 0])], [cosine.key, of([0.7, 0.6, 0.65, 0.75, 0.5, 0.55])]])],
    ]),
    primaryIdentityModel: 'm',
    shared: { ids: new Set(ids), unshared: [] },
  };
}

describe('pairwiseTests intervals', () => {
  it('gives a difference of rates Newcombe\'s paired interval, never the bootstrap\'s zero width', () => {
    const tests = pairwiseTests([{ name: 'a' }, { name: 'b' }], table(), { resamples: 500, seed: 1 });
    const rates = tests.find((test) => test.metric === rate.key)!;
    expect(rates.interval).toBe('newcombe');
    expect(rates.meanDiff).toBe(1);
    expect(rates.ci95[0]).toBeGreaterThan(0.4);
    expect(rates.ci95[0]).toBeLessThan(0.5);
    const cosines = tests.find((test) => test.metric === cosine.key)!;
    expect(cosines.interval).toBe('bootstrap');
    expect(cosines.meanDiff).toBeCloseTo(0.2, 12);
  });
});
