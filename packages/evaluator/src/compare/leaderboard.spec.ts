import { MIN_STYLIZATION_STRENGTH } from '../metrics/strength/strength.js';
import { buildComparisonModel } from './build-model.js';
import { scoredPair, type PairValues } from './test-support/pair-records.js';

const stylizers = (...names: string[]) => names.map((name) => ({ name }));
const options = { resamples: 2000 };
const items = (n: number) => Array.from({ length: n }, (_, i) => `i${String(i).padStart(2, '0')}`);
const pairsOf = (stylizer: string, ids: readonly string[], values: (i: number) => PairValues) => ids.map((id, i) => scoredPair(id, stylizer, values(i)));

describe('leaderboard: rank intervals', () => {
  it('gives single places when every item agrees on the order', () => {
    const ids = items(12);
    const model = buildComparisonModel(
      {
        stylizers: stylizers('low', 'high', 'mid'),
        pairs: [
          ...pairsOf('low', ids, (i) => ({ cosine: 0.3 + i / 100, probCosine: 0.3, geometry: 0.5 })),
          ...pairsOf('high', ids, (i) => ({ cosine: 0.8 + i / 100, probCosine: 0.8, geometry: 0.1 })),
          ...pairsOf('mid', ids, (i) => ({ cosine: 0.55 + i / 100, probCosine: 0.5, geometry: 0.3 })),
        ],
      },
      options,
    );
    expect(model.leaderboard.map((row) => [row.stylizer, row.rankInterval])).toEqual([['high', [1, 1]], ['mid', [2, 2]], ['low', [3, 3]]]);
    expect(model.settings.rankResamples).toBe(2000);
  });

  it('gives overlapping places when the items disagree: the order of two close stylizers is not claimed', () => {
    const ids = items(10);
    // a and b swap places item by item (a ahead on even items, b on odd ones, by nearly the same amount).
    const model = buildComparisonModel(
      {
        stylizers: stylizers('a', 'b', 'far'),
        pairs: [
          ...pairsOf('a', ids, (i) => ({ cosine: i % 2 === 0 ? 0.8 : 0.6, geometry: 0.2 })),
          ...pairsOf('b', ids, (i) => ({ cosine: i % 2 === 0 ? 0.59 : 0.8, geometry: 0.2 })),
          ...pairsOf('far', ids, () => ({ cosine: 0.1, geometry: 0.9 })),
        ],
      },
      options,
    );
    const byName = Object.fromEntries(model.leaderboard.map((row) => [row.stylizer, row.rankInterval]));
    expect(byName['a']).toEqual([1, 2]);
    expect(byName['b']).toEqual([1, 2]);
    expect(byName['far']).toEqual([3, 3]);
  });

  it('is reproducible: the same seed gives the same intervals', () => {
    const ids = items(8);
    const input = {
      stylizers: stylizers('x', 'y'),
      pairs: [...pairsOf('x', ids, (i) => ({ cosine: 0.5 + ((i * 37) % 11) / 40 })), ...pairsOf('y', ids, (i) => ({ cosine: 0.55 + ((i * 17) % 7) / 40 }))],
    };
    const first = buildComparisonModel(input, { ...options, seed: 7 }).leaderboard.map((row) => row.rankInterval);
    expect(buildComparisonModel(input, { ...options, seed: 7 }).leaderboard.map((row) => row.rankInterval)).toEqual(first);
  });
});

describe('leaderboard: not stylized', () => {
  const ids = items(6);
  const input = {
    stylizers: stylizers('identity', 'cartoon', 'blur'),
    pairs: [
      // The do-nothing stylizer preserves everything, and would rank first.
      ...pairsOf('identity', ids, () => ({ cosine: 0.99, probCosine: 0.99, geometry: 0.01, strength: 0 })),
      ...pairsOf('cartoon', ids, (i) => ({ cosine: 0.7, probCosine: 0.8, geometry: 0.2, strength: 0.4 + i / 100 })),
      ...pairsOf('blur', ids, () => ({ cosine: 0.95, probCosine: 0.95, geometry: 0.05, strength: MIN_STYLIZATION_STRENGTH - 0.01 })),
    ],
  };

  it('marks stylizers below the minimum strength, ranks only the others, and lists the marked ones last', () => {
    const model = buildComparisonModel(input, options);
    expect(model.settings.minStylizationStrength).toBe(MIN_STYLIZATION_STRENGTH);
    expect(model.leaderboard.map((row) => [row.stylizer, row.stylized, row.rankInterval])).toEqual([
      ['cartoon', true, [1, 1]],
      ['identity', false, undefined],
      ['blur', false, undefined],
    ]);
    const [cartoon, identity] = model.leaderboard;
    // Alone among the ranked, the cartoon is first on every ranked metric; the others have no score.
    expect(cartoon!.score).toBe(1);
    expect(identity!.score).toBeNaN();
    expect(identity!.metrics['identity.cosine[mobileface]']!.rank).toBeUndefined();
  });

  it('carries the strength per stylizer and per item', () => {
    const model = buildComparisonModel(input, options);
    expect(model.strength.map((row) => [row.stylizer, row.n, row.stylized])).toEqual([['identity', 6, false], ['cartoon', 6, true], ['blur', 6, false]]);
    const cartoon = model.strength.find((row) => row.stylizer === 'cartoon')!;
    expect(cartoon.mean).toBeCloseTo(0.425, 12);
    expect(cartoon.items).toEqual(Object.fromEntries(ids.map((id, i) => [id, 0.4 + i / 100])));
    expect(model.metrics.find((metric) => metric.metric === 'stylization.strength')).toMatchObject({ ranked: false, label: 'Stylization strength' });
  });

  it('goes by the median: a stylizer that leaves most faces as they were is not stylized, whatever it does to a few', () => {
    const few = buildComparisonModel(
      {
        stylizers: stylizers('cartoon', 'few'),
        pairs: [
          ...pairsOf('cartoon', ids, (i) => ({ cosine: 0.7, probCosine: 0.8, geometry: 0.2, strength: 0.4 + i / 100 })),
          // Mean 0.167, above the minimum; median 0.02.
          ...pairsOf('few', ids, (i) => ({ cosine: 0.99, probCosine: 0.99, geometry: 0.01, strength: i === 0 ? 0.9 : 0.02 })),
        ],
      },
      options,
    );
    const row = few.strength.find((r) => r.stylizer === 'few')!;
    expect(row.mean).toBeGreaterThan(MIN_STYLIZATION_STRENGTH);
    expect(row.median).toBeCloseTo(0.02, 12);
    expect(few.leaderboard.map((r) => [r.stylizer, r.stylized])).toEqual([['cartoon', true], ['few', false]]);
  });

  it('ranks everyone as before when no strength was measured', () => {
    const model = buildComparisonModel({ stylizers: stylizers('p', 'q'), pairs: [...pairsOf('p', ids, () => ({ cosine: 0.9 })), ...pairsOf('q', ids, () => ({ cosine: 0.5 }))] }, options);
    expect(model.strength).toEqual([]);
    expect(model.leaderboard.map((row) => [row.stylizer, row.stylized, row.rankInterval])).toEqual([['p', undefined, [1, 1]], ['q', undefined, [2, 2]]]);
  });
});
