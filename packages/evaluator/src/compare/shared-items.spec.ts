import { renderComparisonReport } from '../report/html/render-comparison-report.js';
import { buildComparisonModel } from './build-model.js';
import { sharedItems } from './shared-items.js';
import { tabulatePairs, valuesOf } from './tabulate.js';
import { failedPair, scoredPair } from './test-support/pair-records.js';
import type { ComparisonInput } from './types.js';

const stylizers = [{ name: 'steady' }, { name: 'fragile' }];
// 'fragile' fails on the hard photo c, where 'steady' loses identity; d has no pair of 'fragile' at all.
const input: ComparisonInput = {
  stylizers,
  pairs: [
    scoredPair('a', 'steady', { cosine: 0.8 }),
    scoredPair('b', 'steady', { cosine: 0.7 }),
    scoredPair('c', 'steady', { cosine: 0.1 }),
    scoredPair('d', 'steady', { cosine: 0.2 }),
    scoredPair('a', 'fragile', { cosine: 0.6 }),
    // A missed face is scored (its rates are 0): it keeps the item shared.
    scoredPair('b', 'fragile', { redetected: 0, verified: 0 }),
    failedPair('c', 'fragile', 'out of memory'),
  ],
};

describe('sharedItems', () => {
  it('keeps the items every stylizer was scored on, misses included, and lists the others with who lacks them', () => {
    const shared = sharedItems(input);
    expect([...shared.ids]).toEqual(['a', 'b']);
    expect(shared.unshared).toEqual([
      { id: 'c', missing: ['fragile'] },
      { id: 'd', missing: ['fragile'] },
    ]);
  });

  it('leaves a stylizer scored on nothing out of the intersection instead of emptying every summary', () => {
    const broken = ['a', 'b', 'c', 'd'].map((id) => failedPair(id, 'broken'));
    const shared = sharedItems({ stylizers: [...stylizers, { name: 'broken' }], pairs: [...input.pairs, ...broken] });
    expect([...shared.ids]).toEqual(['a', 'b']);
    expect(shared.unshared.map((item) => item.missing)).toEqual([['fragile'], ['fragile']]);
    // Nothing scored by anyone: nothing is shared.
    const none = sharedItems({ stylizers: [{ name: 'broken' }], pairs: broken });
    expect(none.ids.size).toBe(0);
    expect(none.unshared).toHaveLength(4);
  });
});

describe('tabulatePairs on shared items', () => {
  it('summarises every stylizer over the same items; success rate and time keep every item run', () => {
    const table = tabulatePairs(input);
    // Without the restriction 'steady' would be averaged over its hard photos and 'fragile' not.
    expect(valuesOf(table.values, 'steady', 'identity.cosine[mobileface]')).toEqual({ ids: ['a', 'b'], values: [0.8, 0.7] });
    expect(valuesOf(table.values, 'fragile', 'identity.cosine[mobileface]')).toEqual({ ids: ['a'], values: [0.6] });
    expect(valuesOf(table.values, 'fragile', 'detection.redetected')).toEqual({ ids: ['a', 'b'], values: [1, 0] });
    expect(valuesOf(table.values, 'fragile', 'pairs.success_rate')).toEqual({ ids: ['a', 'b', 'c'], values: [1, 1, 0] });
    expect(valuesOf(table.values, 'steady', 'pairs.success_rate').ids).toEqual(['a', 'b', 'c', 'd']);
    expect(table.shared.unshared.map((item) => item.id)).toEqual(['c', 'd']);
  });

  it('gives the leaderboard the shared items only', () => {
    const model = buildComparisonModel(input, { resamples: 50 });
    const steady = model.leaderboard.find((row) => row.stylizer === 'steady')!;
    expect(steady.metrics['identity.cosine[mobileface]']).toMatchObject({ n: 2, mean: 0.75 });
    expect(steady.metrics['pairs.success_rate']).toMatchObject({ n: 4, mean: 1 });
    const fragile = model.leaderboard.find((row) => row.stylizer === 'fragile')!;
    expect(fragile.metrics['identity.verified[mobileface]']).toMatchObject({ n: 2, mean: 0.5 });
    expect(model.pairwise.find((test) => test.metric === 'detection.redetected')).toMatchObject({ n: 2 });
  });

  it('lists the items left out apart, in the model and the report', () => {
    const model = buildComparisonModel(input, { resamples: 50 });
    expect(model.counts).toMatchObject({ items: 4, shared: 2 });
    expect(model.unshared).toEqual([
      { id: 'c', missing: ['fragile'] },
      { id: 'd', missing: ['fragile'] },
    ]);
    const html = renderComparisonReport(model);
    expect(html).toContain('Items not in the summaries (2)');
    expect(html).toContain('<tr class="unshared-row"><td>d</td><td>fragile</td></tr>');
  });
});
