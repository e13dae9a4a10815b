/**
 * Paired tests between every two stylizers on every metric, over the items both have a value for
 * (a face one stylizer failed on is left out of that pair's tests only). For each (a, b, metric):
 * the mean of a − b with a 95% interval (Newcombe's paired score interval for rates, a paired bootstrap
 * with items resampled as pairs otherwise), a two-sided sign-flip
 * permutation p (exact up to 16 items) and a Wilcoxon signed-rank p. Every p-value reported is then
 * adjusted by Holm in one family: both tests of every pair on every metric, since the report shows them
 * all and a reader may pick any. A test names the better stylizer only when the interval and the adjusted
 * permutation test agree (see PairwiseTest.better).
 */
import { pairedBootstrapDiffCI } from '../stats/bootstrap.js';
import { pairedPermutationTest } from '../stats/permutation.js';
import { isBinary, newcombePairedDifference } from '../stats/proportion.js';
import { deriveSeed } from '../stats/random.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon.js';
import { holmAdjust } from './holm.js';
import { compareIds, type PairTabulation } from './tabulate.js';
import type { ComparedStylizer, ComparisonMetric, PairwiseTest } from './types.js';

/** A difference is called when its 95% interval excludes 0 and the Holm-adjusted permutation p is below this. */
export const SIGNIFICANCE = 0.05;

export interface PairwiseOptions {
  readonly resamples: number;
  readonly seed: number;
}

/** Tests in stylizer order (a before b as given), metric by metric in the table's metric order. */
export function pairwiseTests(stylizers: readonly ComparedStylizer[], table: PairTabulation, options: PairwiseOptions): PairwiseTest[] {
  const names = stylizers.map((stylizer) => stylizer.name);
  const results: PairedResult[] = [];
  for (const metric of table.metrics) {
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) results.push(pairedTest(names[i]!, names[j]!, metric, table, options));
    }
  }
  // One family: the permutation p-values, then the Wilcoxon ones.
  const adjusted = holmAdjust([...results.map((test) => test.pPermutation), ...results.map((test) => test.pWilcoxon)]);
  return results.map(({ favoured, ...test }, k) => {
    const pHolm = adjusted[k]!;
    // A difference is called only when the interval and the adjusted test agree.
    return { ...test, pHolm, pWilcoxonHolm: adjusted[results.length + k]!, better: pHolm < SIGNIFICANCE ? favoured : null };
  });
}

/** The number of p-values pairwiseTests adjusts together: two per test. */
export function holmFamilySize(tests: readonly PairwiseTest[]): number {
  return 2 * tests.length;
}

/** A test before the Holm step: `favoured` is the stylizer the interval favours (it excludes 0), or null. */
type PairedResult = Omit<PairwiseTest, 'pHolm' | 'pWilcoxonHolm' | 'better'> & { readonly favoured: string | null };

function pairedTest(a: string, b: string, metric: ComparisonMetric, table: PairTabulation, options: PairwiseOptions): PairedResult {
  const valuesA = table.values.get(a)!.get(metric.key) ?? new Map<string, number>();
  const valuesB = table.values.get(b)!.get(metric.key) ?? new Map<string, number>();
  const ids = [...valuesA.keys()].filter((id) => valuesB.has(id)).sort(compareIds);
  const xs = ids.map((id) => valuesA.get(id)!);
  const ys = ids.map((id) => valuesB.get(id)!);
  const seed = deriveSeed(`pairwise|${a}|${b}|${metric.key}`, options.seed);
  // A rate (0/1 outcomes on both sides) gets Newcombe's interval: the bootstrap of a handful of equal
  // differences is zero-width (6 of 6 against 0 of 6 would read [+100, +100] pp).
  const rate = isBinary(xs) && isBinary(ys);
  const interval = rate
    ? (({ diff, ci95 }) => ({ mean: diff, ci95 }))(newcombePairedDifference(xs, ys))
    : pairedBootstrapDiffCI(xs, ys, { resamples: options.resamples, seed });
  const permutation = pairedPermutationTest(xs, ys, { resamples: options.resamples, seed });
  // Wilcoxon has nothing to test when every difference is zero: no evidence of a difference, p = 1.
  const wilcoxon = ids.length === 0 ? undefined : wilcoxonSignedRank(xs, ys);
  const pWilcoxon = wilcoxon === undefined || Number.isNaN(wilcoxon.p) ? 1 : wilcoxon.p;
  const [lo, hi] = interval.ci95;
  const favoursA = metric.higherIsBetter ? lo > 0 : hi < 0;
  const favoursB = metric.higherIsBetter ? hi < 0 : lo > 0;
  return {
    a,
    b,
    metric: metric.key,
    n: ids.length,
    meanDiff: interval.mean,
    ci95: interval.ci95,
    interval: rate ? 'newcombe' : 'bootstrap',
    pPermutation: permutation.p,
    permutationMethod: permutation.method,
    pWilcoxon,
    favoured: favoursA ? a : favoursB ? b : null,
  };
}
