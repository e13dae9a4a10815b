import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { OnnxGraphBuilder } from '@geneava/testing';
import { CLIP_PREPROCESSING, DINOV2_PREPROCESSING } from './contracts.js';
import { ImageEmbedder } from './image-embedder.js';
import { LpipsScorer } from './lpips-scorer.js';
import { clipModelKind, dinov2ModelKind, lpipsModelKind } from './model-kinds.js';
import { centreCrop, shortestSideSize } from './preprocess.js';
import { clipFixture, dinov2Fixture, lpipsFixture } from './test-support/fixture-models.js';

type Rgb = readonly [number, number, number];
const normalised = (rgb: Rgb, p: { mean: readonly number[]; std: readonly number[] }) => rgb.map((v, c) => (v / 255 - p.mean[c]!) / p.std[c]!);

let dir: string;
const onnx = new OnnxRuntime();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-reference-models-'));
});
afterAll(async () => {
  await onnx.dispose();
  await rm(dir, { recursive: true, force: true });
});
async function save(name: string, builder: OnnxGraphBuilder): Promise<string> {
  const path = join(dir, name);
  await builder.save(path);
  return path;
}

describe('preprocessing as the Hugging Face image processors do it', () => {
  it('resizes the shortest side and truncates the longer one', () => {
    expect(shortestSideSize(1024, 768, 224)).toEqual({ width: 298, height: 224 }); // 224 * 1024 / 768 = 298.67
    expect(shortestSideSize(768, 1024, 256)).toEqual({ width: 256, height: 341 });
    expect(shortestSideSize(500, 500, 224)).toEqual({ width: 224, height: 224 });
  });

  it('crops the centre with floor offsets', () => {
    const image = createRgbImage(5, 3);
    image.data.forEach((_, i) => (image.data[i] = Math.floor(i / 3)));
    // 5 x 3 -> 2 x 2: left floor(3 / 2) = 1, top floor(1 / 2) = 0: pixels 1, 2 and 6, 7.
    expect(Array.from(centreCrop(image, 2).data.filter((_, i) => i % 3 === 0))).toEqual([1, 2, 6, 7]);
    expect(() => centreCrop(image, 4)).toThrow('a 4 x 4 crop does not fit a 5 x 3 image');
  });
});

describe('CLIP and DINOv2 embedders', () => {
  it('normalises with CLIP mean/std, channels in RGB order', async () => {
    const clip = await ImageEmbedder.create(onnx, await save('clip.onnx', clipFixture()), 'clip', { device: 'cpu' });
    try {
      const colour: Rgb = [200, 100, 30];
      const [vector] = await clip.embed([createRgbImage(320, 240, colour)]);
      normalised(colour, CLIP_PREPROCESSING).forEach((v, c) => expect(vector![c]).toBeCloseTo(v, 5));
      expect(clip.output).toBe('image_embeds');
      expect(clip.preprocessing).toBe(CLIP_PREPROCESSING);
    } finally {
      await clip.dispose();
    }
  });

  it('crops exactly the centre: a 300 x 224 image loses its first 38 columns', async () => {
    const clip = await ImageEmbedder.create(onnx, await save('clip.onnx', clipFixture()), 'clip', { device: 'cpu' });
    const image: RgbImage = createRgbImage(300, 224, [255, 255, 255]);
    for (let y = 0; y < 224; y++) image.data.fill(0, y * 900, y * 900 + 38 * 3);
    const white = normalised([255, 255, 255], CLIP_PREPROCESSING);
    const [vector] = await clip.embed([image]);
    await clip.dispose();
    white.forEach((v, c) => expect(vector![c]).toBeCloseTo(v, 5));
  });

  it('reads the DINOv2 CLS token (token 0) or pooler_output, with ImageNet mean/std, in batches', async () => {
    const colours: Rgb[] = [[10, 20, 30], [250, 128, 0], [90, 90, 90]];
    for (const output of ['last_hidden_state', 'pooler_output'] as const) {
      const dino = await ImageEmbedder.create(onnx, await save(`dino-${output}.onnx`, dinov2Fixture(output)), 'dinov2', { device: 'cpu', batchSize: 2 });
      const vectors = await dino.embed(colours.map((c) => createRgbImage(300, 260, c)));
      await dino.dispose();
      expect(dino.output).toBe(output);
      expect(vectors).toHaveLength(3);
      vectors.forEach((vector, i) => normalised(colours[i]!, DINOV2_PREPROCESSING).forEach((v, c) => expect(vector[c]).toBeCloseTo(v, 5)));
    }
  });

  it('takes a fixed input size from the file and a fixed batch of 1', async () => {
    const clip = await ImageEmbedder.create(onnx, await save('clip336.onnx', clipFixture({ size: 336, batchOne: true })), 'clip', { device: 'cpu' });
    expect(clip.preprocessing).toMatchObject({ resizeShortest: 336, crop: 336 });
    expect(clip.batchSize).toBe(1);
    expect(await clip.embed([createRgbImage(400, 340, [1, 2, 3]), createRgbImage(340, 400, [1, 2, 3])])).toHaveLength(2);
    await clip.dispose();
    const dino = await ImageEmbedder.create(onnx, await save('dino.onnx', dinov2Fixture('pooler_output')), 'dinov2');
    expect(dino.preprocessing).toBe(DINOV2_PREPROCESSING);
    await dino.dispose();
  });

  it('rejects a file that is not the contract, naming it', async () => {
    const path = await save('lpips-as-clip.onnx', lpipsFixture());
    await expect(ImageEmbedder.create(onnx, path, 'clip')).rejects.toThrow(/CLIP vision encoder/);
    expect(onnx.openSessionCount).toBe(0);
  });
});

describe('LPIPS scorer', () => {
  it('feeds both images in [-1, 1] and reads one distance per pair, [N,1,1,1] or [N]', async () => {
    for (const shape of ['4d', '1d'] as const) {
      const lpips = await LpipsScorer.create(onnx, await save(`lpips-${shape}.onnx`, lpipsFixture(shape)), { device: 'cpu', batchSize: 2 });
      const a = await lpips.prepare(createRgbImage(300, 256, [255, 0, 0]));
      const b = await lpips.prepare(createRgbImage(256, 400, [0, 0, 255]));
      const c = await lpips.prepare(createRgbImage(512, 512, [255, 51, 0]));
      expect(a.width).toBe(256);
      const distances = await lpips.distances([[a, b], [a, c], [b, b]]);
      await lpips.dispose();
      // (255 + 0 + 255) / (3 * 127.5) = 4/3; (0 + 51 + 0) / 382.5 = 0.1333.
      expect(distances[0]).toBeCloseTo(4 / 3, 5);
      expect(distances[1]).toBeCloseTo(51 / 382.5, 5);
      expect(distances[2]).toBe(0);
    }
  });
});

describe('models check clip, dinov2, lpips', () => {
  const problems = (report: { problems: readonly { message: string }[] }) => report.problems.map((p) => p.message);

  it('accepts files with the contracts and reports their facts', async () => {
    const clip = await clipModelKind.check(await save('clip.onnx', clipFixture()));
    expect(clip.ok).toBe(true);
    expect(clip.facts).toMatchObject({ 'input size': 'free (images are cropped to 224 x 224)', 'embedding size': '3' });
    const dino = await dinov2ModelKind.check(await save('dino.onnx', dinov2Fixture('last_hidden_state')));
    expect(dino.ok).toBe(true);
    expect(dino.facts?.['embedding']).toBe('last_hidden_state[:, 0] (CLS token), 3-d');
    const lpips = await lpipsModelKind.check(await save('lpips.onnx', lpipsFixture('1d', { size: 64 })));
    expect(lpips.ok).toBe(true);
    expect(lpips.facts?.['input size']).toBe('64 x 64');
  });

  it('reports what is wrong with other files', async () => {
    const clip = await clipModelKind.check(await save('lpips.onnx', lpipsFixture()));
    expect(clip.ok).toBe(false);
    expect(problems(clip).join('\n')).toMatch(/pixel_values/);
    const b = new OnnxGraphBuilder({ opset: 17 });
    const x = b.input('pixel_values', 'float32', ['batch', 3, 224, 224]);
    b.output(b.op.reduceMean(x, [2, 3], false, { output: 'features' }), 'float32', ['batch', 3]);
    const dino = await dinov2ModelKind.check(await save('features.onnx', b));
    expect(problems(dino)).toEqual(["has neither 'pooler_output' nor 'last_hidden_state'; the DINOv2 embedding is the CLS token of one of them"]);
  });
});
