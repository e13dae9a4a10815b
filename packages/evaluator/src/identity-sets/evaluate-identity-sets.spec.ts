import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeImage } from '@geneava/core/image';
import type { FaceAnalysis, FaceAnalyzer, FivePoints, RgbImage } from '@geneava/core/contracts';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { evaluateIdentitySets } from './evaluate-identity-sets.js';
import { insertReportSection, renderIdentitySetsSection } from './render-identity-sets.js';

/** Reads an identity from the image's red (the person) and an expression from its green (bright: happy); a black image has no face. */
const analyzer: FaceAnalyzer = {
  apiVersion: 1,
  info: { id: 'pixel-analyzer', version: '1', identityModels: ['px'] },
  detect: async () => [],
  async analyze(image: RgbImage): Promise<FaceAnalysis[]> {
    const [r, g] = [image.data[0]!, image.data[1]!];
    if (r === 0 && g === 0) return [];
    const angle = (r / 255) * Math.PI;
    const points5: FivePoints = [[2, 3], [6, 3], [4, 4], [3, 6], [5, 6]];
    return [{ box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1, points5, identity: { px: Float32Array.from([Math.cos(angle), Math.sin(angle)]) }, expression: { probabilities: g > 128 ? { happy: 0.9, sad: 0.1 } : { happy: 0.1, sad: 0.9 }, geometry: {} } }];
  },
};

function solid(r: number, g: number): RgbImage {
  const data = new Uint8Array(8 * 8 * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = r;
    data[i + 1] = g;
  }
  return { width: 8, height: 8, data };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-idset-eval-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function record(id: string, set: string, role: 'anchor' | 'member', expression: string, pixel: [number, number]): Promise<MetadataRecord> {
  const image = `images/${expression}/${id}.png`;
  await mkdir(join(dir, 'images', expression), { recursive: true });
  await writeFile(join(dir, ...image.split('/')), await encodeImage(solid(...pixel), 'png'));
  return { id, status: 'kept', reasons: [], expression, image, avatars: {}, identitySet: { set, role, ...(role === 'member' ? { anchor: `${set}-anchor`, strength: 0.6 } : {}) } };
}

describe('evaluateIdentitySets', () => {
  it('scores within against across identity similarity and expression accuracy, and renders one row per set', async () => {
    const records = [
      await record('s1-anchor', 's1', 'anchor', 'neutral', [10, 100]),
      await record('s2-anchor', 's2', 'anchor', 'neutral', [200, 100]),
      await record('s1-glee', 's1', 'member', 'glee', [12, 200]),
      await record('s1-grief', 's1', 'member', 'grief', [14, 50]),
      await record('s2-glee', 's2', 'member', 'glee', [205, 50]),
      await record('s2-grief', 's2', 'member', 'grief', [0, 0]),
    ];
    const evaluation = await evaluateIdentitySets({ out: dir, records, analyzer, resamples: 200 });
    expect(evaluation.expressions).toEqual(['glee', 'grief']);
    expect(evaluation.rows).toEqual([
      { set: 's1', anchor: 's1-anchor', members: { glee: 's1-glee', grief: 's1-grief' } },
      { set: 's2', anchor: 's2-anchor', members: { glee: 's2-glee', grief: 's2-grief' } },
    ]);
    const [real] = evaluation.views;
    expect(real).toMatchObject({ view: 'real', sets: 2, faces: 5, misses: 1 });
    const consistency = real!.identity[0]!;
    expect(consistency.within.mean).toBeGreaterThan(0.99);
    expect(consistency.across!.mean).toBeLessThan(0);
    expect(consistency.difference!.value).toBeCloseTo(consistency.within.mean - consistency.across!.mean, 9);
    // glee wants joy (happy), grief sadness (sad): s1-glee and s1-grief agree, s2-glee does not, s2-grief has no face.
    expect(real!.expression).toMatchObject({ k: 2, n: 3, level: 'family' });

    const html = insertReportSection('<html><body><h1>r</h1><footer>f</footer></body></html>', renderIdentitySetsSection(evaluation, { real: {}, avatars: {} }));
    expect(html.match(/class="identity-set-row"/g)).toHaveLength(2);
    expect(html).toContain('data-set="s2"');
    expect(html.indexOf('identity-sets')).toBeLessThan(html.indexOf('<footer>'));
    expect(html).toContain('Within − across');
  });
});
