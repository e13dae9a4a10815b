import { buildComparisonModel, comparisonJson, thumbnailIds } from './build-model.js';
import { holmAdjust } from './holm.js';
import { ComparisonInputError } from './tabulate.js';
import { failedPair, scoredPair, type PairValues } from './test-support/pair-records.js';
import type { ComparisonPair, PairwiseTest } from './types.js';

const COSINE = 'identity.cosine[mobileface]';
const ids = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'];
const stylizers = (...names: string[]) => names.map((name) => ({ name }));
const pairsOf = (stylizer: string, values: readonly PairValues[]) => values.map((v, i) => scoredPair(ids[i]!, stylizer, v));
const test = (tests: readonly PairwiseTest[], metric: string, a = 'A', b = 'B') => tests.find((t) => t.metric === metric && t.a === a && t.b === b)!;
// Few resamples keep the tests fast; intervals of constant differences are exact whatever the count.
const options = { resamples: 2000 };

describe('buildComparisonModel: paired statistics', () => {
  it('identical stylizers: every difference is 0, interval [0, 0] (around 0 for rates), p = 1, nobody favoured', () => {
    const values: PairValues[] = [
      { cosine: 0.8, top1: 1, probCosine: 0.9, geometry: 0.2, ms: 10 },
      { cosine: 0.6, top1: 0, probCosine: 0.7, geometry: 0.4, ms: 12 },
      { cosine: 0.7, top1: 1, probCosine: 0.95, geometry: 0.1, ms: 11 },
      { cosine: 0.4, top1: 1, probCosine: 0.5, geometry: 0.3, ms: 9 },
    ];
    const model = buildComparisonModel({ stylizers: stylizers('A', 'B'), pairs: [...pairsOf('A', values), ...pairsOf('B', values)] }, options);
    expect(model.pairwise.length).toBe(model.metrics.length);
    for (const t of model.pairwise) {
      expect(t).toMatchObject({ a: 'A', b: 'B', n: 4, meanDiff: 0, pPermutation: 1, permutationMethod: 'exact', pWilcoxon: 1, pHolm: 1, better: null });
      // A rate's difference gets Newcombe's interval: four agreeing items cannot pin it to exactly 0.
      if (t.interval === 'newcombe') {
        expect(t.ci95[0]).toBeLessThan(-0.2);
        expect(t.ci95[1]).toBeGreaterThan(0.2);
      } else {
        expect(t.ci95).toEqual([0, 0]);
      }
    }
    expect(model.pairwise.filter((t) => t.interval === 'newcombe').map((t) => t.metric).sort()).toEqual(
      model.metrics.filter((metric) => metric.scale === 'rate').map((metric) => metric.key).sort(),
    );
    // Same means: every ranked metric is a tie, so both score 1.5 and the given order stands.
    expect(model.leaderboard.map((row) => [row.stylizer, row.score])).toEqual([['A', 1.5], ['B', 1.5]]);
  });

  it('a stylizer better by the same amount on all 6 faces: exact permutation p = 2/64, interval [d, d]', () => {
    const base = [0.5, 0.25, 0.75, 0.125, 0.375, 0.625];
    // Dyadic numbers: b + 0.125 - b is exactly 0.125, so the interval is exactly [0.125, 0.125].
    const model = buildComparisonModel(
      {
        stylizers: stylizers('A', 'B'),
        pairs: [...pairsOf('A', base.map((c) => ({ cosine: c + 0.125, geometry: c }))), ...pairsOf('B', base.map((c) => ({ cosine: c, geometry: c + 0.25 })))],
      },
      options,
    );
    // Only all-plus and all-minus sign flips reach |sum| = 6 x 0.125: p = 2 / 2^6. Wilcoxon: W+ = 21 is
    // the largest of 64 equally likely sums, two-sided p = 2/64 as well. Holm adjusts all 10 reported
    // p-values together (5 metrics, 2 tests each): the 4 smallest (0.03125) become 10 x 0.03125.
    expect(model.settings.multipleTesting).toEqual({ method: 'holm', tests: 10 });
    expect(test(model.pairwise, COSINE)).toEqual({
      a: 'A', b: 'B', metric: COSINE, n: 6, meanDiff: 0.125, ci95: [0.125, 0.125], interval: 'bootstrap',
      pPermutation: 0.03125, permutationMethod: 'exact', pWilcoxon: 0.03125, pHolm: 0.3125, pWilcoxonHolm: 0.3125, better: null,
    });
    // Six faces cannot settle it once every reported test is accounted for: nobody is favoured.
    expect(test(model.pairwise, 'expression.geometry_distance')).toMatchObject({ meanDiff: -0.25, ci95: [-0.25, -0.25], pPermutation: 0.03125, pHolm: 0.3125, better: null });
    // Verified (cosine >= 0.51) differs on the first face only (0.625 vs 0.5): differences 1, 0, 0, 0, 0, 0.
    // A single nonzero difference is as extreme under either sign: p = 1 for both tests.
    const verified = test(model.pairwise, 'identity.verified[mobileface]');
    expect(verified).toMatchObject({ n: 6, pPermutation: 1, pWilcoxon: 1, better: null });
    expect(verified.meanDiff).toBeCloseTo(1 / 6, 15);
  });

  it('the same difference on 10 faces: p = 2/1024 survives Holm over the 10 reported p-values, and the better stylizer is named', () => {
    const tenIds = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const base = [0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.0625, 0.1875, 0.3125, 0.4375];
    const pairs = (stylizer: string, cosine: (c: number) => number, geometry: (c: number) => number) =>
      base.map((c, i) => scoredPair(tenIds[i]!, stylizer, { cosine: cosine(c), geometry: geometry(c) }));
    const model = buildComparisonModel({ stylizers: stylizers('A', 'B'), pairs: [...pairs('A', (c) => c + 0.125, (c) => c), ...pairs('B', (c) => c, (c) => c + 0.25)] }, options);
    // 10 x 2/1024 = 0.0195 for the smallest of the family.
    expect(test(model.pairwise, COSINE)).toMatchObject({ pPermutation: 2 / 1024, pHolm: 20 / 1024, better: 'A' });
    // Lower is better for the geometry distance: A's negative difference favours A.
    expect(test(model.pairwise, 'expression.geometry_distance')).toMatchObject({ meanDiff: -0.25, better: 'A' });
  });

  it('unequal differences on 5 faces: the interval excludes 0, but p = 2/32 is not below 0.05, so nobody is favoured', () => {
    const b = [0.3, 0.4, 0.5, 0.6, 0.7];
    const d = [0.05, 0.1, 0.2, 0.15, 0.3];
    const pairs: ComparisonPair[] = [
      ...pairsOf('A', b.map((v, i) => ({ cosine: v + d[i]! }))),
      ...pairsOf('B', b.map((v) => ({ cosine: v }))),
      scoredPair('i7', 'A', { cosine: 0.9 }),
      failedPair('i7', 'B'),
    ];
    const t = test(buildComparisonModel({ stylizers: stylizers('A', 'B'), pairs }, options).pairwise, COSINE);
    expect(t.n).toBe(5);
    expect(t.meanDiff).toBeCloseTo(0.16, 12);
    expect(t.ci95[0]).toBeGreaterThanOrEqual(0.05 - 1e-12);
    expect(t.ci95[1]).toBeLessThanOrEqual(0.3 + 1e-12);
    expect(t.ci95[0]).toBeLessThan(t.meanDiff);
    expect(t.ci95[1]).toBeGreaterThan(t.meanDiff);
    expect(t.ci95[0]).toBeGreaterThan(0);
    expect(t).toMatchObject({ pPermutation: 0.0625, pWilcoxon: 0.0625, better: null });
  });

  it('three stylizers: every pair is tested, and Holm adjusts every reported p-value, Wilcoxon included, in one family', () => {
    const base = [0.5, 0.25, 0.75, 0.125, 0.375];
    const pairs = [
      ...pairsOf('A', base.map((c) => ({ cosine: c + 0.25 }))),
      ...pairsOf('B', base.map((c) => ({ cosine: c + 0.125 }))),
      ...pairsOf('C', base.map((c, i) => ({ cosine: c + (i % 2 === 0 ? 0.125 : 0) }))),
    ];
    const model = buildComparisonModel({ stylizers: stylizers('A', 'B', 'C'), pairs }, options);
    const tests = model.pairwise.filter((t) => t.metric === COSINE);
    expect(tests.map((t) => [t.a, t.b])).toEqual([['A', 'B'], ['A', 'C'], ['B', 'C']]);
    // A-B: five +0.125: p = 2/32. A-C: +0.125,+0.25,+0.125,+0.25,+0.125: p = 2/32. B-C: 0,+0.125,0,+0.125,0:
    // the three zeros flip freely, the two equal nonzero ones reach |sum| 0.25 in 2 of 4 ways: p = 1/2.
    expect(tests.map((t) => t.pPermutation)).toEqual([0.0625, 0.0625, 0.5]);
    // The family: permutation and Wilcoxon p of every pair on every metric, adjusted together.
    const all = model.pairwise;
    expect(model.settings.multipleTesting).toEqual({ method: 'holm', tests: 2 * all.length });
    const adjusted = holmAdjust([...all.map((t) => t.pPermutation), ...all.map((t) => t.pWilcoxon)]);
    expect(all.map((t) => t.pHolm)).toEqual(adjusted.slice(0, all.length));
    expect(all.map((t) => t.pWilcoxonHolm)).toEqual(adjusted.slice(all.length));
    // 4 metrics x 3 pairs x 2 tests = 24 p-values: the smallest, 0.0625, becomes 24 x 0.0625 > 1.
    expect(all.length).toBe(12);
    expect(tests.map((t) => t.pHolm)).toEqual([1, 1, 1]);
    // A-B's interval [0.125, 0.125] excludes 0, but after Holm p = 1: nobody is declared better.
    expect(tests.map((t) => t.better)).toEqual([null, null, null]);
  });
});

describe('buildComparisonModel: leaderboard', () => {
  const constant = (stylizer: string, v: PairValues, top1s: readonly number[]) => ids.slice(0, 4).map((id, i) => scoredPair(id, stylizer, { ...v, top1: top1s[i]! }));
  const good = constant('good', { cosine: 0.9, probCosine: 0.95, geometry: 0.1, ms: 20 }, [1, 1, 1, 1]);
  const mid = constant('mid', { cosine: 0.7, probCosine: 0.8, geometry: 0.3, ms: 5 }, [1, 0, 1, 0]);
  const bad = constant('bad', { cosine: 0.4, probCosine: 0.6, geometry: 0.5, ms: 8 }, [0, 0, 0, 0]);

  it('ranks by the mean rank over the ranked metrics, whatever order the stylizers come in', () => {
    const model = buildComparisonModel({ stylizers: stylizers('bad', 'good', 'mid'), pairs: [...bad, ...good, ...mid] }, options);
    expect(model.settings.rankedBy).toEqual([
      COSINE, 'identity.verified[mobileface]', 'expression.top1_agree', 'expression.prob_cosine', 'expression.geometry_distance', 'detection.redetected', 'pairs.success_rate',
    ]);
    // Ranks (cosine, verified, top-1, prob cosine, geometry, re-detection, success):
    // good 1, 1.5, 1, 1, 1, 2, 2; mid 2, 1.5, 2, 2, 2, 2, 2; bad 3, 3, 3, 3, 3, 2, 2 (verified: 0.9 and 0.7 both pass 0.51).
    expect(model.leaderboard.map((row) => [row.rank, row.stylizer])).toEqual([[1, 'good'], [2, 'mid'], [3, 'bad']]);
    expect(model.leaderboard.map((row) => row.score)).toEqual([9.5 / 7, 13.5 / 7, 19 / 7]);
    const [first] = model.leaderboard;
    expect(first!.metrics[COSINE]).toEqual({ n: 4, mean: 0.9, ci95: [0.9, 0.9], interval: 'bootstrap', rank: 1 });
    // A rate gets Wilson's interval: 4 of 4 is [0.51, 1], not the bootstrap's [1, 1].
    expect(first!.metrics['expression.top1_agree']).toMatchObject({ mean: 1, interval: 'wilson' });
    expect(first!.metrics['expression.top1_agree']!.ci95[0]).toBeCloseTo(0.5101, 4);
    expect(first!.metrics['expression.geometry_distance']!.rank).toBe(1);
    // Time is summarised but not ranked: the fastest (mid) gains nothing from it.
    expect(first!.metrics['stylize.ms']).toEqual({ n: 4, mean: 20, ci95: [20, 20], interval: 'bootstrap' });
    expect(model.metrics.find((m) => m.key === 'stylize.ms')).toMatchObject({ ranked: false, headline: true, higherIsBetter: false });
  });

  it('counts failures, puts a stylizer that failed everywhere last, and leaves per-feature metrics out', () => {
    const broken = ids.slice(0, 4).map((id) => failedPair(id, 'broken', 'out of memory'));
    const model = buildComparisonModel({ stylizers: stylizers('broken', 'bad', 'good', 'mid'), pairs: [...broken, ...bad, ...good, ...mid] }, options);
    const last = model.leaderboard.at(-1)!;
    // Success rate 0 ranks 4th; on the six metrics it has no value for it shares the places after the others (4).
    expect(last).toMatchObject({ rank: 4, stylizer: 'broken', score: 4, attempted: 4, ok: 0, failed: 4 });
    // 0 of 4 succeeded: Wilson's interval [0, 0.49] (z² / (n + z²)).
    expect(last.metrics).toEqual({
      'pairs.success_rate': { n: 4, mean: 0, ci95: [0, expect.closeTo(0.48989, 5)], interval: 'wilson', rank: 4 },
      'stylize.ms': { n: 4, mean: 1, ci95: [1, 1], interval: 'bootstrap' },
    });
    // Scored on nothing, it is left out of the shared items rather than emptying the others' summaries.
    expect(model.counts).toEqual({ items: 4, compared: 4, skipped: 0, pairs: 16, failedPairs: 4, shared: 4 });
    expect(model.leaderboard[0]!.metrics[COSINE]).toMatchObject({ n: 4 });
    expect(model.failures[0]).toEqual({ id: 'i1', stylizer: 'broken', stage: 'stylize', reason: 'out of memory' });
    expect(model.metrics.map((m) => m.key)).not.toContain('expression.geometry.mouthOpen');
  });

  it('breaks a tie of scores by the primary identity cosine', () => {
    const x = constant('X', { cosine: 0.8, probCosine: 0.9, geometry: 0.2 }, [1, 0, 1, 0]);
    const y = constant('Y', { cosine: 0.6, probCosine: 0.9, geometry: 0.2 }, [1, 1, 1, 1]);
    const model = buildComparisonModel({ stylizers: stylizers('Y', 'X'), pairs: [...y, ...x] }, options);
    expect(model.leaderboard.map((row) => [row.stylizer, row.score])).toEqual([['X', 1.5], ['Y', 1.5]]);
  });

  it('reports a second identity model without ranking it twice', () => {
    const model = buildComparisonModel({ stylizers: stylizers('A'), pairs: [scoredPair('i1', 'A', { cosine: 0.7, faceres: 0.5 })] }, options);
    expect(model.settings.primaryIdentityModel).toBe('mobileface');
    expect(model.metrics.find((m) => m.key === 'identity.cosine[faceres]')).toMatchObject({ label: 'Identity cosine (faceres)', ranked: false, headline: false });
    expect(model.pairwise).toEqual([]);
  });
});

describe('buildComparisonModel: breakdowns, grids and input checks', () => {
  const labels = {
    i1: { expression: 'glee', gender: 'female' },
    i2: { expression: 'rage', gender: 'male' },
    i3: { expression: 'Delight', gender: 'female' },
    i4: { expression: 'neutral', gender: 'male' },
  };
  const pairs = [
    ...pairsOf('A', [{ cosine: 0.8 }, { cosine: 0.5 }, { cosine: 0.6 }, { cosine: 0.3, redetected: 0 }]),
    scoredPair('i1', 'B', { cosine: 0.9 }),
    { id: 'i2', stylizer: 'B', status: 'ok' as const, metrics: [{ metric: 'detection.redetected', value: 0 }] },
    scoredPair('i3', 'B', { cosine: 0.4 }),
    failedPair('i4', 'B', 'no face', 'evaluate'),
  ];
  const model = buildComparisonModel({ stylizers: stylizers('A', 'B'), pairs, labels, skipped: [{ id: 'i9', reason: 'no face found in the photo' }] }, { ...options, galleryItems: 2, worstCases: 2 });

  it('breaks the ranked metrics down by expression family (from the taxonomy) and gender', () => {
    const row = (key: string, value: string, stylizer: string, metric = COSINE) =>
      model.breakdowns.find((r) => r.key === key && r.value === value && r.stylizer === stylizer && r.metric === metric);
    // glee and delight are joy; rage is anger; "neutral" is not in the taxonomy, so i4 has no family.
    expect(row('family', 'joy', 'A')).toMatchObject({ n: 2, mean: 0.7 });
    expect(row('family', 'anger', 'A')).toMatchObject({ n: 1, mean: 0.5, ci95: [0.5, 0.5] });
    expect(row('family', 'joy', 'B')).toMatchObject({ n: 2, mean: 0.65 });
    // i4, which B failed, is in no summary: every stylizer is summarised over the items all were scored on.
    expect(row('gender', 'male', 'A')).toMatchObject({ n: 1, mean: 0.5 });
    expect(row('gender', 'male', 'B', 'detection.redetected')).toMatchObject({ n: 1, mean: 0 });
    expect([...new Set(model.breakdowns.map((r) => `${r.key}=${r.value}`))]).toEqual(['family=anger', 'family=joy', 'gender=female', 'gender=male']);
  });

  it('spreads the sample grid over the compared items and orders worst cases (no face found first)', () => {
    expect(model.gallery.map((row) => row.id)).toEqual(['i1', 'i4']);
    expect(model.gallery[0]).toEqual({
      id: 'i1',
      labels: { expression: 'glee', gender: 'female', family: 'joy' },
      cells: [
        { stylizer: 'A', status: 'ok', identity: 0.8, redetected: 1 },
        { stylizer: 'B', status: 'ok', identity: 0.9, redetected: 1 },
      ],
    });
    expect(model.gallery[1]!.cells[1]).toEqual({ stylizer: 'B', status: 'failed', reason: 'evaluate: no face' });
    expect(model.worstCases.map((w) => [w.stylizer, w.metric, w.rows.map((r) => r.id)])).toEqual([
      ['A', COSINE, ['i4', 'i2']],
      ['B', COSINE, ['i2', 'i3']],
    ]);
    expect(thumbnailIds(model)).toEqual(['i1', 'i4', 'i2', 'i3']);
    expect(model.counts).toEqual({ items: 5, compared: 4, skipped: 1, pairs: 8, failedPairs: 1, shared: 3 });
    expect(model.unshared).toEqual([{ id: 'i4', missing: ['B'] }]);
  });

  it('is deterministic, keeps thumbnails out of the JSON, and names what is wrong with bad input', () => {
    const again = buildComparisonModel({ stylizers: stylizers('A', 'B'), pairs, labels, skipped: [{ id: 'i9', reason: 'no face found in the photo' }] }, { ...options, galleryItems: 2, worstCases: 2 });
    expect(again).toEqual(model);
    const withImages = buildComparisonModel({ stylizers: stylizers('A'), pairs: pairs.slice(0, 1), thumbnails: { real: { i1: 'data:image/png;base64,AA==' }, avatars: {} } });
    expect(withImages.thumbnails).toBeDefined();
    expect(comparisonJson(withImages)).not.toHaveProperty('thumbnails');

    expect(() => buildComparisonModel({ stylizers: stylizers('A'), pairs: [scoredPair('i1', 'C', {})] })).toThrow(
      new ComparisonInputError('pair "i1" names stylizer "C", which is not among A'),
    );
    expect(() => buildComparisonModel({ stylizers: stylizers('A'), pairs: [scoredPair('i1', 'A', {}), scoredPair('i1', 'A', {})] })).toThrow(
      'comparison input: pair "i1" of stylizer "A" appears twice',
    );
    expect(() => buildComparisonModel({ stylizers: stylizers('A'), pairs: [scoredPair('i1', 'A', { cosine: Number.NaN })] })).toThrow(
      'comparison input: pair "i1" of stylizer "A": identity.cosine[mobileface] is NaN, expected a finite number',
    );
    expect(() => buildComparisonModel({ stylizers: stylizers('A', 'A'), pairs: [] })).toThrow('stylizer name "A" is given twice');
  });
});
