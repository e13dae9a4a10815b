import { escapeHtml } from '../escape.js';
import type { ReportView } from '../view.js';

/** How to read the numbers: what was measured, how intervals and tests were computed, how ranks are made. */
export function renderMethod(view: ReportView): string {
  const { settings } = view.model;
  const ranked = settings.rankedBy.map((key) => view.metric(key)?.label ?? key);
  const items = [
    `Every stylizer ran on the same photos with the same detected faces; each (photo, avatar) pair was scored by the same face analyzer.`,
    `Identity: cosine similarity of identity embeddings${settings.primaryIdentityModel ? ` (${settings.primaryIdentityModel} ranks)` : ''}; verified rate: share of pairs at or above the model's threshold.`,
    `Expression: agreement of the emotion classifier's top class, cosine of its probability vectors, and the distance between geometric expression features (lower is better).`,
    `Re-detection rate: share of avatars on which the face detector finds the face again. Success rate: share of photos the stylizer and the scoring completed on.`,
    `Stylization strength: how far each avatar departs from the photo over the scored face (structure, edges and texture, colour, palette; 0 = unchanged, near 1 = nothing of the photo's appearance left). It measures departure, not quality: a heavy blur or noise scores some strength. A stylizer with a mean strength below ${settings.minStylizationStrength} is "not stylized" and not ranked: its preservation is the photo's own.`,
    `Intervals: Wilson score intervals for rates (shares of 0/1 outcomes, never zero-width), percentile bootstrap otherwise (${settings.resamples.toLocaleString('en-US')} resamples, seeded with seed ${settings.seed} so the report is reproducible).`,
    `Tests: Holm's adjustment over all ${settings.multipleTesting.tests} p-values in this report (permutation and Wilcoxon, every pair and metric), so the chance of any false "favours" stays under 5%.`,
    `Rank: mean of the per-metric ranks over ${ranked.join(', ')}, with a 95% interval of the place from ${settings.rankResamples.toLocaleString('en-US')} bootstrap resamples of the items; places within one interval are not told apart. Time per image is shown but does not rank: it depends on the machine.`,
  ];
  return `<section id="method"><h2>Method</h2><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul></section>`;
}
