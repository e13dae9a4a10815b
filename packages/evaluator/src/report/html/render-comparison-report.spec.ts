import { createRgbImage } from '@geneava/core/image';
import { buildComparisonModel } from '../../compare/build-model.js';
import { failedPair, scoredPair } from '../../compare/test-support/pair-records.js';
import type { ComparisonInput, ComparisonModel } from '../../compare/types.js';
import { renderComparisonReport } from './render-comparison-report.js';
import { thumbnailDataUri } from './thumbnail.js';

const ids = ['joy/1', 'joy/2', 'rage/3', 'rage/4'];

async function input(): Promise<ComparisonInput> {
  const real = createRgbImage(40, 30, [200, 150, 120]);
  const avatar = createRgbImage(40, 30, [90, 60, 200]);
  const realUri = await thumbnailDataUri(real);
  const avatarUri = await thumbnailDataUri(avatar, { format: 'png' });
  return {
    title: 'Classic <vs> toy',
    stylizers: [
      { name: 'classic', id: 'classic', style: 'classic cartoon', version: '0.1.0', geometryPreserving: true },
      { name: 'toy', id: 'toy', style: 'identity', version: '1', geometryPreserving: true },
    ],
    pairs: [
      ...ids.map((id, i) => scoredPair(id, 'classic', { cosine: 0.6 + i / 20, top1: i % 2, probCosine: 0.8, geometry: 0.3, ms: 40 + i })),
      ...ids.slice(0, 3).map((id) => scoredPair(id, 'toy', { cosine: 1, top1: 1, probCosine: 1, geometry: 0, ms: 5 })),
      failedPair('rage/4', 'toy', 'model <crashed> & "quoted"'),
    ],
    labels: { 'joy/1': { expression: 'glee', gender: 'female' }, 'joy/2': { expression: 'joy' }, 'rage/3': { expression: 'rage' }, 'rage/4': { expression: 'fury', gender: 'male' } },
    skipped: [{ id: 'blank', reason: 'no face found in the photo' }],
    thumbnails: {
      real: Object.fromEntries(ids.map((id) => [id, realUri])),
      // One thumbnail is a remote URL: it must never reach the page.
      avatars: { classic: Object.fromEntries(ids.map((id) => [id, avatarUri])), toy: { 'joy/1': avatarUri, 'joy/2': 'https://example.com/avatar.png' } },
    },
    context: { input: 'photos/' },
    generatedAt: '2025-04-10T12:00:00.000Z',
  };
}

describe('renderComparisonReport', () => {
  let model: ComparisonModel;
  let html: string;
  beforeAll(async () => {
    model = buildComparisonModel(await input(), { resamples: 500 });
    html = renderComparisonReport(model);
  });

  it('is one self-contained page: inline style and SVG, images as data: URIs, no URL and no script', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    const sources = [...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/=]+$/);
    // Sample grid: 4 items x (real + classic) + 1 toy avatar; the remote one became a placeholder.
    expect(html).toContain('<div class="placeholder">no image</div>');
  });

  it('has one leaderboard row per stylizer in rank order, with their numbers', () => {
    const rows = [...html.matchAll(/<tr class="leaderboard-row rank-(\d)" data-stylizer="([^"]+)">(.*?)<\/tr>/g)];
    expect(rows.map((row) => [row[1], row[2]])).toEqual([
      ['1', 'toy'],
      ['2', 'classic'],
    ]);
    // toy: identity 1 on its 3 scored faces, 3 of 4 run, 1 failure.
    expect(rows[0]![3]).toContain('<td class="num">3 / 4</td><td class="num">1</td>');
    expect(rows[0]![3]).toContain('<td class="num best">1.000<span class="ci">[1.000, 1.000] n=3</span></td>');
    // classic: identity mean of 0.60, 0.65, 0.70 on the three items toy was scored on too (rage/4 is apart).
    expect(rows[1]![3]).toContain('0.650<span class="ci">[0.600, 0.700] n=3</span>');
    expect(html).toContain('<tr class="unshared-row"><td>rage/4</td><td>toy</td></tr>');
  });

  it('draws a chart with intervals per headline metric and a forest chart per ranked metric', () => {
    const svgs = html.match(/<svg class="chart"/g) ?? [];
    const headline = model.metrics.filter((m) => m.headline);
    const ranked = headline.filter((m) => m.ranked);
    expect(svgs.length).toBe(headline.length + ranked.length);
    expect(html).toContain('<title>Identity cosine (mobileface): mean and 95% interval per stylizer</title>');
    expect(html).toMatch(/<g class="interval" stroke="#0072b2" fill="#0072b2"><line /);
    expect(html).toContain('class="reference"');
  });

  it('shows pairwise tests, breakdowns per expression family, worst cases, failures, all escaped', () => {
    expect(html).toMatch(/<tr class="pairwise-row"><td>Identity cosine \(mobileface\)<\/td><td>classic − toy<\/td><td class="num">3<\/td>/);
    expect(html).toContain('<h3>By expression family</h3>');
    expect(html).toMatch(/<th rowspan="2">anger<\/th>/);
    expect(html).toContain('<h3>By gender</h3>');
    expect(html).toContain('<h3>classic: lowest identity cosine (mobileface)</h3>');
    expect(html).toContain('<tr class="grid-row" data-item="joy/1">');
    expect(html).toContain('model &lt;crashed&gt; &amp; &quot;quoted&quot;');
    expect(html).not.toContain('<crashed>');
    expect(html).toContain('<title>Classic &lt;vs&gt; toy</title>');
    expect(html).toContain('<tr class="skipped-row"><td>blank</td><td>no face found in the photo</td></tr>');
    expect(html).toContain('Generated: <b>2025-04-10T12:00:00.000Z</b>');
  });

  it('renders a single stylizer without pairwise tests, and a model with no thumbnails', () => {
    const single = buildComparisonModel({ stylizers: [{ name: 'only' }], pairs: [scoredPair('a', 'only', { cosine: 0.5 })] }, { resamples: 100 });
    const page = renderComparisonReport(single);
    expect(page).toContain('Paired tests need at least two stylizers.');
    expect(page).toContain('data-stylizer="only"');
    expect(page).toContain('<div class="placeholder">no image</div>');
    expect(page).toContain('No item carries an expression or demographic label');
    expect(page).not.toMatch(/https?:\/\//);
  });
});
