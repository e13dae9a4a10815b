import { buildComparisonModel } from '../../compare/build-model.js';
import { paretoFront } from '../../compare/pareto.js';
import { scoredPair, type PairValues } from '../../compare/test-support/pair-records.js';
import type { ComparisonModel } from '../../compare/types.js';
import { formatRank } from './format.js';
import { renderComparisonReport } from './render-comparison-report.js';

const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
const pairsOf = (stylizer: string, values: (i: number) => PairValues) => ids.map((id, i) => scoredPair(id, stylizer, values(i)));

// Four stylizers as a new user would try them: one returns the photo, a gentle and a strong cartoon,
// and one that paints over the face (strong, identity lost).
function model(): ComparisonModel {
  return buildComparisonModel(
    {
      stylizers: ['identity', 'gentle', 'strong', 'painter'].map((name) => ({ name })),
      pairs: [
        ...pairsOf('identity', () => ({ cosine: 0.99, top1: 1, probCosine: 0.99, geometry: 0.01, strength: 0 })),
        ...pairsOf('gentle', (i) => ({ cosine: 0.8 + (i % 3) / 100, top1: 1, probCosine: 0.9, geometry: 0.1, strength: 0.3 + (i % 2) / 100 })),
        ...pairsOf('strong', (i) => ({ cosine: i < 6 ? 0.6 : 0.4, top1: i % 2, probCosine: 0.7, geometry: 0.3, strength: 0.7 })),
        ...pairsOf('painter', () => ({ cosine: 0.1, top1: 0, probCosine: 0.2, geometry: 0.8, strength: 0.6 })),
      ],
    },
    { resamples: 1000 },
  );
}

describe('paretoFront', () => {
  it('keeps the points no other point beats on both axes, by increasing x', () => {
    const front = paretoFront([
      { name: 'a', x: 0.2, y: 0.9 },
      { name: 'b', x: 0.5, y: 0.5 },
      { name: 'c', x: 0.4, y: 0.4 },
      { name: 'd', x: 0.9, y: 0.1 },
      { name: 'e', x: 0.5, y: 0.5 },
    ]);
    // c is beaten by b; b and e tie and both stay.
    expect(front).toEqual(['a', 'b', 'e', 'd']);
  });
});

describe('strength in the comparison', () => {
  it('puts the stylized stylizers on the front, never the one that returns the photo', () => {
    const m = model();
    expect(m.pareto).toEqual({ preservation: 'identity.verified[mobileface]', front: ['gentle', 'strong'] });
  });

  it('shows the chart with the not-stylized band, the front and every stylizer, and the verdicts', () => {
    const html = renderComparisonReport(model());
    const section = html.slice(html.indexOf('<section id="strength">'), html.indexOf('</section>', html.indexOf('<section id="strength">')));
    expect(section).toContain('<svg class="chart strength-chart"');
    expect(section).toContain('class="not-stylized-band"');
    expect(section.match(/<polyline class="pareto" points="[^"]+"/g)).toHaveLength(1);
    expect(section.match(/<g class="point/g)).toHaveLength(4);
    expect(section.match(/<g class="point on-front/g)).toHaveLength(2);
    expect(section).toContain('<g class="point not-stylized"');
    expect(section).toMatch(/<tr class="strength-row not-stylized"><td class="name">.*identity<\/td>.*<strong>not stylized<\/strong>/);
    expect(section).toContain('stylized, on the Pareto front');
    // Offline: no URL anywhere but the SVG-free data.
    expect(section).not.toMatch(/https?:|xmlns/);
  });

  it('marks the do-nothing stylizer "not stylized" in the leaderboard instead of ranking it first', () => {
    const m = model();
    expect(m.leaderboard.map((row) => [row.stylizer, formatRank(row)])).toEqual([
      ['gentle', '1'],
      ['strong', '2'],
      ['painter', '3'],
      ['identity', 'not stylized'],
    ]);
    const html = renderComparisonReport(m);
    expect(html).toMatch(/<tr class="leaderboard-row rank-4 not-stylized" data-stylizer="identity"><td class="num">not stylized<\/td>/);
  });

  it('says how intervals, tests and ranks were made', () => {
    const m = model();
    const html = renderComparisonReport(m);
    expect(m.settings.multipleTesting.tests).toBe(2 * m.pairwise.length);
    expect(html).toContain(`Holm adjusts all ${m.settings.multipleTesting.tests} p-values this report shows together`);
    expect(html).toContain('<th class="num">Holm p (Wilcoxon)</th>');
    expect(html).toContain('Wilson score intervals for rates');
    expect(html).toContain('95% bootstrap interval of the place');
  });
});

describe('formatRank', () => {
  it('prints a single place, a range the data allow, or the not-stylized verdict', () => {
    expect(formatRank({ rank: 1, rankInterval: [1, 1] })).toBe('1');
    expect(formatRank({ rank: 2, rankInterval: [1, 3] })).toBe('1–3');
    expect(formatRank({ rank: 4, stylized: false })).toBe('not stylized');
  });
});
