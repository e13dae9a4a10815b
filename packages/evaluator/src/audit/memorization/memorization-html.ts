/**
 * The memorization audit as one self-contained HTML page: summary, a histogram of nearest-neighbour
 * similarities per reference set, flagged pairs side by side and the closest pairs below the
 * threshold (the faces a person should look at, as the paper's user study did). Images are inline
 * data: URIs; there are no scripts and nothing is fetched.
 */
import { escapeHtml } from './html.js';
import { histogramSvg } from './histogram-svg.js';
import type { ChanceMatchEstimate } from './chance-matches.js';
import type { MemorizationAudit, MemorizationMatch } from './memorization-audit.js';

export interface PairView {
  readonly match: MemorizationMatch;
  readonly generatedThumbnail: string;
  readonly referenceThumbnail: string;
}

export interface ReferenceSetViews {
  /** Flagged pairs shown, most similar first (may be fewer than flagged). */
  readonly flagged: readonly PairView[];
  /** The most similar pairs below the threshold. */
  readonly closest: readonly PairView[];
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f2f2f2}.pairs{display:flex;flex-wrap:wrap;gap:12px}.pair{border:1px solid #ccc;padding:6px;width:272px;font-size:12px}
.pair.flagged{border-color:#c0392b}.pair img{width:128px;height:128px;margin-right:4px}.file{word-break:break-all;color:#555}
.note{color:#555;font-size:13px}
.missing{display:inline-block;width:128px;height:128px;margin-right:4px;background:#eee;color:#888;text-align:center;line-height:128px}`;

const f3 = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : '-');

/** An inline thumbnail, or a labelled empty box when the image could not be read again. */
function picture(uri: string, alt: string): string {
  return uri ? `<img src="${uri}" alt="${escapeHtml(alt)}">` : `<span class="missing" title="${escapeHtml(alt)}">unavailable</span>`;
}

function pairCard(view: PairView, referenceSet: string): string {
  const { match } = view;
  return `<div class="pair${match.flagged ? ' flagged' : ''}">`
    + `<div>${picture(view.generatedThumbnail, `generated ${match.generated}`)}${picture(view.referenceThumbnail, `${referenceSet} ${match.reference}`)}</div>`
    + `<div><b>similarity ${f3(match.similarity)}</b>${match.flagged ? ' — flagged' : ''}</div>`
    + `<div class="file">generated: ${escapeHtml(match.generated)}</div>`
    + `<div class="file">${escapeHtml(referenceSet)}: ${escapeHtml(match.reference)}</div></div>`;
}

export function memorizationHtml(audit: MemorizationAudit, views: ReadonlyMap<string, ReferenceSetViews>): string {
  const { generated, threshold } = audit;
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Memorization audit</title><style>${STYLE}</style></head><body>`);
  out.push('<h1>Memorization audit</h1>');
  out.push(`<p>Identity model <b>${escapeHtml(audit.model)}</b>; a generated face is flagged when the cosine similarity to its nearest reference face ${threshold.strict ? 'exceeds' : 'is at least'} <b>${threshold.threshold}</b> (${escapeHtml(threshold.basis)}).</p>`);
  out.push(`<p>Generated set <b>${escapeHtml(generated.name)}</b>: ${generated.faces.length} faces`
    + `, ${generated.noFace.length} images without a face, ${generated.failed.length} unreadable. `
    + `<b>${audit.excluded.length}</b> generated faces flagged against at least one reference set (listed in exclusion.txt).</p>`);
  out.push('<table><tr><th>reference set</th><th>faces</th><th>mean NN similarity</th><th>median</th><th>95th pct</th><th>max</th><th>flagged</th><th>expected by chance</th></tr>');
  for (const ref of audit.references) {
    const s = ref.similarity;
    out.push(`<tr><td>${escapeHtml(ref.set.name)}</td><td>${ref.set.faces.length}</td><td>${f3(s.mean)}</td><td>${f3(s.median)}</td><td>${f3(s.p95)}</td><td>${f3(s.max)}</td><td>${ref.flagged}</td><td>${chanceText(ref.chance)}</td></tr>`);
  }
  out.push('</table>');
  out.push('<p class="note">Expected by chance: how many generated faces an unrelated reference set of the same size would flag. The best of N unrelated faces scores higher as N grows: with F the different-person score distribution, P(best of N reaches the threshold) = 1 − F(t)<sup>N</sup> per generated face, summed over the generated faces. F(t) is estimated from this audit\'s own scores: every (generated, reference) pair except each generated face\'s nearest reference; the bracket is its upper 95% bound. Flagged counts near this number are what chance alone produces.</p>');

  for (const ref of audit.references) {
    const name = ref.set.name;
    const view = views.get(name) ?? { flagged: [], closest: [] };
    out.push(`<h2>Reference set: ${escapeHtml(name)}</h2>`);
    out.push(histogramSvg(audit.bins, ref.histogram, {
      title: `Nearest-neighbour similarity of ${generated.faces.length} generated faces in ${name}`,
      threshold: threshold.threshold,
      xLabel: `cosine similarity (${audit.model})`,
    }));
    out.push(`<h3>Flagged pairs (${ref.flagged})</h3>`);
    if (ref.flagged === 0) out.push('<p class="note">No generated face reaches the threshold.</p>');
    else {
      if (view.flagged.length < ref.flagged) out.push(`<p class="note">The ${view.flagged.length} most similar are shown; nn.csv lists all ${ref.flagged}.</p>`);
      out.push(`<div class="pairs">${view.flagged.map((v) => pairCard(v, name)).join('')}</div>`);
    }
    if (view.closest.length > 0) {
      out.push(`<h3>Closest pairs below the threshold</h3><p class="note">Worth a look by a person: the similarity is high but under the cut.</p>`);
      out.push(`<div class="pairs">${view.closest.map((v) => pairCard(v, name)).join('')}</div>`);
    }
    // Entries that are not images (broken links, other files) are listed too: the dataset build's screen reports the same ones.
    const missing = [...ref.set.noFace.map((file) => `${file} (no face)`), ...ref.set.failed.map((f) => `${f.file} (${f.reason})`), ...ref.set.skipped.map((s) => `${s.file} (${s.reason})`)];
    if (missing.length > 0) out.push(listDetails(`${missing.length} reference files not used`, missing));
  }
  const missing = [...generated.noFace.map((file) => `${file} (no face)`), ...generated.failed.map((f) => `${f.file} (${f.reason})`)];
  if (missing.length > 0) out.push(listDetails(`${missing.length} generated images not audited`, missing));
  out.push('<p class="note">The GenEAva paper (section IV-C) calls a pair the same identity when the ArcFace cosine <i>similarity</i> exceeds 0.68, a threshold it fitted by maximum information gain (<code>--paper</code> applies it). Thresholds do not carry over between identity models or weights: fit one with <code>geneava calibrate identity</code>.</p>');
  out.push('</body></html>\n');
  return out.join('\n');
}

function chanceText(chance: ChanceMatchEstimate): string {
  const digits = (value: number) => (value >= 10 ? value.toFixed(0) : value >= 0.01 ? value.toFixed(2) : value.toExponential(1));
  return `${digits(chance.expected)} (&le; ${digits(chance.expectedUpper95)}); per pair ${chance.perPairRate.toExponential(2)}`;
}

function listDetails(summary: string, items: readonly string[]): string {
  return `<details><summary>${escapeHtml(summary)}</summary><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul></details>`;
}
