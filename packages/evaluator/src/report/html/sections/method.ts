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
    `Intervals: percentile bootstrap, ${settings.resamples.toLocaleString('en-US')} resamples, seeded (seed ${settings.seed}) so the report is reproducible.`,
    `Rank: mean of the per-metric ranks over ${ranked.join(', ')}. Time per image is shown but does not rank: it depends on the machine.`,
  ];
  return `<section id="method"><h2>Method</h2><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul></section>`;
}
