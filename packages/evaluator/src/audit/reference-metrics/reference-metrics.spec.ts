import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { DetectedFace, FaceAnalysis, FaceAnalyzer, RgbImage } from '@geneava/core/contracts';
import { writeColourImage, type Rgb } from '../test-support/colour-faces.js';
import { listImages } from '../../pairing/list-images.js';
import { CLIP_PREPROCESSING } from './contracts.js';
import { analyzerExpressionEmbedder, type FaceExpressionEmbedder } from './expression-embedder.js';
import { ImageEmbedder } from './image-embedder.js';
import { LpipsScorer } from './lpips-scorer.js';
import { computeReferenceMetrics, expressionFolderOf } from './reference-metrics.js';
import { clipFixture, lpipsFixture } from './test-support/fixture-models.js';

const GENERATED: Record<string, Rgb> = {
  'joy/a.png': [200, 40, 40],
  'joy/b.png': [40, 200, 40],
  'sad/c.png': [40, 40, 200],
  'top.png': [120, 10, 10],
};
const REFERENCE: Record<string, Rgb> = {
  'joy/r1.png': [180, 60, 60],
  'sad/r2.png': [60, 60, 180],
  'sad/r3.png': [90, 90, 90],
  'calm/r4.png': [10, 100, 10],
};

const clipVector = (rgb: Rgb) => rgb.map((v, c) => (v / 255 - CLIP_PREPROCESSING.mean[c]!) / CLIP_PREPROCESSING.std[c]!);
const cosine = (x: number[], y: number[]) => {
  const dot = x.reduce((s, v, i) => s + v * y[i]!, 0);
  return dot / Math.sqrt(x.reduce((s, v) => s + v * v, 0) * y.reduce((s, v) => s + v * v, 0));
};
const clipCos = (a: Rgb, b: Rgb) => cosine(clipVector(a), clipVector(b));
const lpips = (a: Rgb, b: Rgb) => a.reduce((s, v, c) => s + Math.abs(v - b[c]!), 0) / (3 * 127.5);
/** The stand-in expression model: (r, g, b) / 10, and no face on a grey image. */
const expressionOf = (rgb: Rgb) => rgb.map((v) => v / 10);
const distance = (a: Rgb, b: Rgb) => Math.hypot(...expressionOf(a).map((v, i) => v - expressionOf(b)[i]!));
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

const colourExpressions: FaceExpressionEmbedder = {
  model: 'poster',
  embedLargestFace: async (image) => {
    const rgb = [image.data[0]!, image.data[1]!, image.data[2]!];
    return rgb[0] === rgb[1] && rgb[1] === rgb[2] ? undefined : Float32Array.from(rgb, (v) => v / 10);
  },
};

describe('reference metrics (Table 1)', () => {
  const onnx = new OnnxRuntime();
  let dir: string;
  let clip: ImageEmbedder;
  let scorer: LpipsScorer;
  let sets: { generated: { name: string; dir: string; files: readonly string[] }; reference: { name: string; dir: string; files: readonly string[] } };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-reference-metrics-'));
    for (const [file, rgb] of Object.entries(GENERATED)) await writeColourImage(join(dir, 'gen', file), rgb, 40);
    for (const [file, rgb] of Object.entries(REFERENCE)) await writeColourImage(join(dir, 'ref', file), rgb, 40);
    await writeFile(join(dir, 'gen', 'sad', 'broken.png'), 'not a png');
    await clipFixture().save(join(dir, 'clip.onnx'));
    await lpipsFixture().save(join(dir, 'lpips.onnx'));
    clip = await ImageEmbedder.create(onnx, join(dir, 'clip.onnx'), 'clip', { device: 'cpu' });
    scorer = await LpipsScorer.create(onnx, join(dir, 'lpips.onnx'), { device: 'cpu' });
    sets = {
      generated: { name: 'generated', dir: join(dir, 'gen'), files: (await listImages(join(dir, 'gen'))).images },
      reference: { name: 'reference', dir: join(dir, 'ref'), files: (await listImages(join(dir, 'ref'))).images },
    };
  });
  afterAll(async () => {
    await clip.dispose();
    await scorer.dispose();
    await onnx.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('averages over every (generated, reference) pair', async () => {
    const result = await computeReferenceMetrics(onnx, sets.generated, sets.reference, { clip, lpips: scorer, expression: colourExpressions }, { device: 'cpu' });
    const gen = ['joy/a.png', 'joy/b.png', 'sad/c.png', 'top.png'].map((f) => GENERATED[f]!);
    const ref = ['calm/r4.png', 'joy/r1.png', 'sad/r2.png', 'sad/r3.png'].map((f) => REFERENCE[f]!);
    const pairs = gen.flatMap((g) => ref.map((r) => [g, r] as const));
    const [clipMetric, lpipsMetric, expression] = result.metrics;
    expect(clipMetric).toMatchObject({ metric: 'reference.clip_cosine', paperName: 'CLIP', pairs: 16, totalPairs: 16, sampled: false, generatedItems: 4, referenceItems: 4 });
    expect(clipMetric!.value).toBeCloseTo(mean(pairs.map(([g, r]) => clipCos(g, r))), 5);
    expect(lpipsMetric).toMatchObject({ metric: 'reference.lpips', pairs: 16, sampled: false });
    expect(lpipsMetric!.value).toBeCloseTo(mean(pairs.map(([g, r]) => lpips(g, r))), 5);
    // r3 is grey: no face, so expression pairs are 4 x 3.
    const faces = ref.filter((r) => !(r[0] === r[1] && r[1] === r[2]));
    expect(expression).toMatchObject({ metric: 'reference.expression_error', pairs: 12, generatedItems: 4, referenceItems: 3 });
    expect(expression!.value).toBeCloseTo(mean(gen.flatMap((g) => faces.map((r) => distance(g, r)))), 4);
    expect(result.generated).toMatchObject({ images: 5, used: 4, noFace: [], unlabelled: [], failed: [{ file: 'sad/broken.png', reason: expect.any(String) }] });
    expect(result.reference.noFace).toEqual(['sad/r3.png']);
  });

  it('pairs only images of the same expression folder when asked, and reports each expression', async () => {
    const result = await computeReferenceMetrics(onnx, sets.generated, sets.reference, { clip, lpips: scorer, expression: colourExpressions }, { pairing: 'expression', device: 'cpu' });
    const G = GENERATED;
    const R = REFERENCE;
    const joy = [[G['joy/a.png']!, R['joy/r1.png']!], [G['joy/b.png']!, R['joy/r1.png']!]] as const;
    const sad = [[G['sad/c.png']!, R['sad/r2.png']!], [G['sad/c.png']!, R['sad/r3.png']!]] as const;
    const [clipMetric, lpipsMetric, expression] = result.metrics;
    expect(clipMetric!.pairs).toBe(4);
    expect(clipMetric!.value).toBeCloseTo(mean([...joy, ...sad].map(([g, r]) => clipCos(g, r))), 5);
    expect(clipMetric!.groups!.map((g) => [g.group, g.pairs])).toEqual([['joy', 2], ['sad', 2]]);
    expect(clipMetric!.groups![1]!.value).toBeCloseTo(mean(sad.map(([g, r]) => clipCos(g, r))), 5);
    expect(lpipsMetric!.value).toBeCloseTo(mean([...joy, ...sad].map(([g, r]) => lpips(g, r))), 5);
    // Expression pairs: joy 2 x 1, sad 1 x 1 (r3 has no face).
    expect(expression!.pairs).toBe(3);
    expect(expression!.value).toBeCloseTo(mean([distance(joy[0][0], joy[0][1]), distance(joy[1][0], joy[1][1]), distance(sad[0][0], sad[0][1])]), 4);
    expect(result.generated.unlabelled).toEqual(['top.png']);
    expect(result.unmatchedGroups).toEqual(['calm']);
  });

  it('samples LPIPS pairs when there are more than asked for, reproducibly', async () => {
    const run = () => computeReferenceMetrics(onnx, sets.generated, sets.reference, { lpips: scorer }, { lpipsPairs: 5, seed: 3, device: 'cpu' });
    const [first] = (await run()).metrics;
    expect(first).toMatchObject({ pairs: 5, totalPairs: 16, sampled: true });
    expect(first!.standardError).toBeCloseTo(first!.sd! / Math.sqrt(5), 12);
    const all = Object.values(GENERATED).flatMap((g) => Object.values(REFERENCE).map((r) => lpips(g, r)));
    expect(first!.value).toBeGreaterThanOrEqual(Math.min(...all) - 1e-6);
    expect(first!.value).toBeLessThanOrEqual(Math.max(...all) + 1e-6);
    expect((await run()).metrics[0]!.value).toBe(first!.value);
  });

  it('needs at least one model, and labels by the first folder', async () => {
    await expect(computeReferenceMetrics(onnx, sets.generated, sets.reference, {})).rejects.toThrow('reference metrics: no model given');
    expect(expressionFolderOf('joy/x/a.png')).toBe('joy');
    expect(expressionFolderOf('a.png')).toBeUndefined();
  });
});

describe('analyzerExpressionEmbedder', () => {
  const face: DetectedFace = { box: { x: 0, y: 0, width: 10, height: 10 }, score: 1, points5: [[0, 0], [1, 0], [0, 1], [0, 2], [1, 2]] };
  const big: DetectedFace = { ...face, box: { x: 0, y: 0, width: 20, height: 20 } };
  const analyzer = (embeddings: Record<string, Float32Array>): FaceAnalyzer => ({
    apiVersion: 1,
    info: { id: 'fake', version: '1', identityModels: [] },
    detect: async () => [face, big],
    analyze: async (_image: RgbImage, options) => (options?.faces ?? []).map((f): FaceAnalysis => ({ ...f, identity: {}, expressionEmbeddings: { ...embeddings, size: Float32Array.from([f.box.width]) } })),
  });
  const image = { width: 1, height: 1, data: new Uint8Array(3) };

  it('embeds the largest face and explains a POSTER file without its feature output', async () => {
    const embedder = analyzerExpressionEmbedder(analyzer({ poster: Float32Array.from([1, 2]) }));
    expect(Array.from((await embedder.embedLargestFace(image))!)).toEqual([1, 2]);
    expect(Array.from((await analyzerExpressionEmbedder(analyzer({}), 'size').embedLargestFace(image))!)).toEqual([20]);
    await expect(analyzerExpressionEmbedder(analyzer({})).embedLargestFace(image)).rejects.toThrow("gives no 'poster' expression embedding");
  });
});
