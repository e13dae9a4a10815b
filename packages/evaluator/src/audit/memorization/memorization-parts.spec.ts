import type { DetectedFace, FaceAnalysis, FaceAnalyzer } from '@geneava/core/contracts';
import { createRgbImage } from '@geneava/core/image';
import { analyzerFaceEmbedder } from './face-set-embedder.js';
import { thumbnailRegion } from './face-thumbnail.js';
import { histogramBins, histogramCounts, SIMILARITY_BINS } from './histogram.js';
import { histogramSvg } from './histogram-svg.js';
import { formatExclusionList, itemIds } from './item-ids.js';
import { MEMORIZATION_THRESHOLDS, memorizationThreshold, PAPER_MEMORIZATION_THRESHOLD } from './memorization-thresholds.js';

describe('similarity histogram', () => {
  it('has 40 bins of 0.05 over [-1, 1] with exact edges', () => {
    expect(SIMILARITY_BINS.edges).toHaveLength(41);
    expect(SIMILARITY_BINS.edges[27]).toBe(0.35);
    expect(SIMILARITY_BINS.edges[40]).toBe(1);
  });

  it('puts values on an edge into the bin that edge opens, 1 into the last bin, and clamps outliers', () => {
    const counts = histogramCounts([0.35, 0.3499, 1, -1, 1.2, -3, 0.1 + 0.2]);
    expect(counts[27]).toBe(1); // 0.35
    expect(counts[26]).toBe(2); // 0.3499 and 0.30000000000000004
    expect(counts[39]).toBe(2); // 1 and 1.2
    expect(counts[0]).toBe(2); // -1 and -3
  });

  it('rejects ranges that do not split evenly and non-finite values', () => {
    expect(() => histogramBins(0, 1, 0.3)).toThrow('[0, 1] does not split into bins of 0.3');
    expect(() => histogramCounts([0.2, Number.NaN])).toThrow('histogram: value 1 is NaN');
  });

  it('draws bars for non-empty bins and the threshold line', () => {
    const bins = histogramBins(0, 1, 0.5);
    const svg = histogramSvg(bins, [0, 3], { title: 'a <b>', threshold: 0.5 });
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg).toContain('threshold 0.5');
    expect(svg).toContain('a &lt;b&gt;');
  });
});

describe('item ids and the exclusion list', () => {
  it('uses the file name without extension, and the relative path where names collide', () => {
    expect(itemIds(['joy/a1.png', 'sad/b2.jpg', 'joy/x.png', 'sad/x.png', 'c.d.png'])).toEqual(['a1', 'b2', 'joy/x', 'sad/x', 'c.d']);
  });

  it('writes sorted unique ids, one per line', () => {
    expect(formatExclusionList(['b', 'a', 'b'])).toBe('a\nb\n');
    expect(formatExclusionList([])).toBe('');
  });
});

describe('memorization thresholds', () => {
  it('defaults per identity model and takes an override in [-1, 1]', () => {
    expect(memorizationThreshold('mobileface').threshold).toBe(0.51);
    expect(memorizationThreshold('arcface')).toBe(MEMORIZATION_THRESHOLDS['arcface']);
    expect(memorizationThreshold('arcface', 0.32)).toEqual({ threshold: 0.32, basis: 'configured' });
    expect(() => memorizationThreshold('arcface', 1.5)).toThrow('must be a cosine similarity in [-1, 1], got 1.5');
    expect(() => memorizationThreshold('faceres')).toThrow("no default memorization threshold for identity model 'faceres'");
    // The paper's setting: cosine similarity (not distance) strictly above 0.68.
    expect(PAPER_MEMORIZATION_THRESHOLD).toMatchObject({ threshold: 0.68, strict: true });
    expect(PAPER_MEMORIZATION_THRESHOLD.basis).toContain('cosine similarity exceeds 0.68');
  });
});

describe('thumbnail region', () => {
  it('is a square of 1.4 times the longer box side around the box, kept inside the image', () => {
    expect(thumbnailRegion({ width: 200, height: 100 }, { x: 90, y: 40, width: 20, height: 10 })).toEqual({ left: 86, top: 31, width: 28, height: 28 });
    // Near the corner it moves in; larger than the image it shrinks to the shorter side.
    expect(thumbnailRegion({ width: 200, height: 100 }, { x: 0, y: 0, width: 20, height: 20 })).toEqual({ left: 0, top: 0, width: 28, height: 28 });
    expect(thumbnailRegion({ width: 200, height: 100 }, { x: 50, y: 0, width: 100, height: 100 })).toEqual({ left: 50, top: 0, width: 100, height: 100 });
  });
});

describe('analyzerFaceEmbedder', () => {
  const face = (x: number, size: number): DetectedFace => ({
    box: { x, y: 0, width: size, height: size },
    score: 0.9,
    points5: [[x, 0], [x + 1, 0], [x, 1], [x, 2], [x + 1, 2]],
  });
  function fakeAnalyzer(faces: DetectedFace[], identity: Record<string, Float32Array>): FaceAnalyzer & { analysed: DetectedFace[][] } {
    const analysed: DetectedFace[][] = [];
    return {
      apiVersion: 1,
      info: { id: 'fake', version: '2.0.0', identityModels: Object.keys(identity) },
      analysed,
      detect: async () => faces,
      analyze: async (_image, options) => {
        analysed.push([...(options?.faces ?? [])]);
        return (options?.faces ?? []).map((f): FaceAnalysis => ({ ...f, identity }));
      },
    };
  }
  const image = createRgbImage(4, 4);

  it('analyses only the largest face and returns its embedding, box and the face count', async () => {
    const analyzer = fakeAnalyzer([face(0, 10), face(20, 30), face(60, 20)], { mobileface: Float32Array.from([1, 0]) });
    const embedder = analyzerFaceEmbedder(analyzer, 'mobileface', 'weights-1');
    expect(embedder.fingerprint).toBe('fake@2.0.0/mobileface/weights-1');
    const result = await embedder.embedLargestFace(image);
    expect(analyzer.analysed).toEqual([[face(20, 30)]]);
    expect(result).toEqual({ embedding: Float32Array.from([1, 0]), box: face(20, 30).box, faces: 3 });
  });

  it('gives undefined without a face and says which models exist when the asked one is missing', async () => {
    expect(await analyzerFaceEmbedder(fakeAnalyzer([], {}), 'mobileface').embedLargestFace(image)).toBeUndefined();
    const analyzer = fakeAnalyzer([face(0, 10)], { mobileface: Float32Array.from([1]) });
    await expect(analyzerFaceEmbedder(analyzer, 'arcface').embedLargestFace(image)).rejects.toThrow(
      "face analyzer fake gives no 'arcface' identity embedding (it gives: mobileface)",
    );
  });
});
