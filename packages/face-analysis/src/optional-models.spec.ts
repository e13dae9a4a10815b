/**
 * The user-supplied models (SCRFD, RetinaFace, ArcFace, POSTER) through EmbeddedFaceAnalyzer, with
 * tiny ONNX files that have the real exports' names and shapes and outputs computable by hand:
 * detectors return planted detections, ArcFace returns the channel means of its input, POSTER a fixed
 * linear map of them. The checks follow each model's documented preprocessing and decoding.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureFaceModels } from '@geneava/face-models';
import { OnnxGraphBuilder } from '@geneava/testing';
import { createRgbImage, decodeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { FivePoints, RgbImage } from '@geneava/core/contracts';
import { ARCFACE_INPUT } from './arcface/arcface-contract.js';
import { POSTER_INPUT } from './poster/poster-contract.js';
import type { Corners } from './common/candidate.js';
import { EmbeddedFaceAnalyzer } from './embedded-face-analyzer.js';
import { alignedFace } from './common/aligned-face.js';
import { letterboxScale, topLeftLetterbox } from './common/letterbox.js';
import { conventionTensor } from './common/model-tensors.js';
import { RetinafaceDetector } from './retinaface/retinaface-detector.js';
import { ScrfdDetector } from './scrfd/scrfd-detector.js';
import { l2Normalize, softmax } from './common/vector-math.js';

/** A value that is 0 but depends on the input, so constant outputs keep the input in the graph. */
function zeroOf(b: OnnxGraphBuilder, input: string): string {
  const mean = b.op.reduceMean(input, [0, 1, 2, 3], false);
  return b.op.mul(mean, b.constantInitializer('zero', 'float', [], [0]));
}

function constantOutput(b: OnnxGraphBuilder, zero: string, name: string, dims: number[], data: Float32Array): void {
  const value = b.constantInitializer(`${name}_value`, 'float', dims, Array.from(data));
  b.output(b.op.add(value, zero, { output: name }), 'float', dims);
}

interface Planted {
  /** Box and five points in detector-input pixels. */
  readonly box: Corners;
  readonly points: readonly (readonly [number, number])[];
  readonly score: number;
}

/**
 * An SCRFD export (9 outputs, 2-D, InsightFace names) for a 640 x 640 input whose outputs hold the
 * planted faces at stride-32 anchors: anchor centre (x * 32, y * 32) nearest to the box centre,
 * distances and keypoint offsets in strides.
 */
function scrfdFixture(planted: readonly Planted[]): Uint8Array {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const input = b.input('input.1', 'float', [1, 3, '?', '?']);
  const zero = zeroOf(b, input);
  const strides = [8, 16, 32];
  const counts = strides.map((s) => (640 / s) ** 2 * 2);
  const scores = counts.map((n) => new Float32Array(n));
  const boxes = counts.map((n) => new Float32Array(n * 4));
  const kps = counts.map((n) => new Float32Array(n * 10));
  planted.forEach((face, k) => {
    const cx = Math.round((face.box.x1 + face.box.x2) / 2 / 32);
    const cy = Math.round((face.box.y1 + face.box.y2) / 2 / 32);
    // Planted faces use the second anchor of their cell when the first is taken.
    const i = (cy * 20 + cx) * 2 + (k % 2);
    scores[2]![i] = face.score;
    boxes[2]!.set([cx - face.box.x1 / 32, cy - face.box.y1 / 32, face.box.x2 / 32 - cx, face.box.y2 / 32 - cy], 4 * i);
    kps[2]!.set(face.points.flatMap(([x, y]) => [x / 32 - cx, y / 32 - cy]), 10 * i);
  });
  const names = ['448', '471', '494', '451', '474', '497', '454', '477', '500'];
  const groups = [scores, boxes, kps];
  groups.forEach((group, g) => group.forEach((data, s) => constantOutput(b, zero, names[g * 3 + s]!, [counts[s]!, [1, 4, 10][g]!], data)));
  return b.toBytes();
}

/** A RetinaFace export at a static 64 x 64 input: 168 priors, one planted face at prior 0 of the 16 px level. */
function retinafaceFixture(): Uint8Array {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const input = b.input('input0', 'float', [1, 3, 64, 64]);
  const zero = zeroOf(b, input);
  const priors = 168;
  const loc = new Float32Array(priors * 4);
  const conf = new Float32Array(priors * 2);
  const landms = new Float32Array(priors * 10);
  for (let p = 0; p < priors; p++) conf.set([0.99, 0.01], 2 * p);
  // Prior 18 is row 1, column 1, first size of the step-8 level: centre (12/64, 12/64), size 16/64.
  conf.set([0.1, 0.9], 2 * 18);
  loc.set([0, 0, 5 * Math.LN2, 5 * Math.LN2], 4 * 18);
  landms.set([-2, -2, 2, -2, 0, 0, -2, 2, 2, 2], 10 * 18);
  constantOutput(b, zero, 'output0', [1, priors, 4], loc);
  constantOutput(b, zero, '586', [1, priors, 2], conf);
  constantOutput(b, zero, '585', [1, priors, 10], landms);
  return b.toBytes();
}

/** An ArcFace-shaped file: embedding = channel means of the normalised input, as a [N, 3] output '683'. */
function arcfaceFixture(): Uint8Array {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const input = b.input('input.1', 'float', ['None', 3, 112, 112]);
  b.output(b.op.reduceMean(input, [2, 3], false, { output: '683' }), 'float', ['None', 3]);
  return b.toBytes();
}

const POSTER_LOGITS = [1, 0, 0, 2, 0, 0, 0, 0, 1, -1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 3];
const POSTER_FEATURE = Array.from({ length: 3 * 512 }, (_, i) => ((i % 7) - 3) / 10);

/** A POSTER-shaped file: logits = means x W[3, 7], feature = means x F[3, 512]. */
function posterFixture(): Uint8Array {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const input = b.input('image', 'float', ['batch', 3, 224, 224]);
  const means = b.op.reduceMean(input, [2, 3], false);
  b.output(b.op.matMul(means, b.initializer('w_logits', 'float', [3, 7], POSTER_LOGITS), { output: 'logits' }), 'float', ['batch', 7]);
  b.output(b.op.matMul(means, b.initializer('w_feature', 'float', [3, 512], POSTER_FEATURE), { output: 'feature' }), 'float', ['batch', 512]);
  return b.toBytes();
}

/** Per-channel means of an NCHW batch's first image. */
function channelMeans(data: Float32Array, size: number): number[] {
  const plane = size * size;
  return [0, 1, 2].map((c) => data.subarray(c * plane, (c + 1) * plane).reduce((sum, v) => sum + v, 0) / plane);
}

function samplePath(n: number): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

describe('optional detectors', () => {
  const onnx = new OnnxRuntime();
  afterAll(() => onnx.dispose());

  it('ScrfdDetector letterboxes at the top-left, decodes, divides by det_scale and suppresses overlaps', async () => {
    // A 1280 x 960 image becomes 640 x 480 on the canvas: det_scale 0.5.
    const face: Planted = {
      box: { x1: 256, y1: 96, x2: 384, y2: 288 },
      points: [
        [288, 160],
        [352, 160],
        [320, 192],
        [294, 224],
        [346, 224],
      ],
      score: 0.9,
    };
    const shifted: Planted = { ...face, box: { x1: 260, y1: 100, x2: 388, y2: 292 }, score: 0.7 };
    const weak: Planted = { ...face, box: { x1: 0, y1: 0, x2: 60, y2: 60 }, score: 0.3 };
    const session = await onnx.createSession(scrfdFixture([face, shifted, weak]), { device: 'cpu', label: 'scrfd fixture' });
    const found = await new ScrfdDetector(session).detect(createRgbImage(1280, 960));
    expect(found).toHaveLength(1);
    expect(found[0]!.score).toBeCloseTo(0.9, 6);
    const box = found[0]!.box;
    [box.x1, box.y1, box.x2, box.y2].forEach((v, i) => expect(v).toBeCloseTo([512, 192, 768, 576][i]!, 3));
    expect(found[0]!.points5![0][0]).toBeCloseTo(576, 3);
    expect(found[0]!.points5![4][1]).toBeCloseTo(448, 3);
    expect(found[0]!.eyes![1][0]).toBeCloseTo(704, 3);
  });

  it('RetinafaceDetector reads the static input size, decodes priors and divides by the resize scale', async () => {
    const session = await onnx.createSession(retinafaceFixture(), { device: 'cpu', label: 'retinaface fixture' });
    // 128 x 96 -> 64 x 48 on the 64 x 64 input: scale 0.5.
    const found = await new RetinafaceDetector(session).detect(createRgbImage(128, 96));
    expect(found).toHaveLength(1);
    expect(found[0]!.score).toBeCloseTo(0.9, 6);
    // Centre (12, 12), size 16 * exp(ln 2) = 32 input pixels: box (-4, -4, 28, 28), times 2.
    const box = found[0]!.box;
    [box.x1, box.y1, box.x2, box.y2].forEach((v, i) => expect(v).toBeCloseTo([-8, -8, 56, 56][i]!, 3));
    // Landmark 0: 12 + (-2) * 0.1 * 16 = 8.8 input pixels.
    expect(found[0]!.points5![0][0]).toBeCloseTo(17.6, 3);
    expect(found[0]!.points5![4][1]).toBeCloseTo(30.4, 3);
  });
});

describe('EmbeddedFaceAnalyzer with user-supplied models', () => {
  const onnx = new OnnxRuntime();
  let dir: string;
  let photo: RgbImage;
  let reference: EmbeddedFaceAnalyzer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-optional-models-'));
    photo = await decodeImage(samplePath(6));
    reference = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu' });
  });

  afterAll(async () => {
    await reference?.dispose();
    await onnx.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('detects with SCRFD: its box, score and five points, then the mesh on its ROI', async () => {
    const [target] = await reference.detect(photo);
    const box = topLeftLetterbox(photo.width, photo.height, 640);
    const scale = letterboxScale(box);
    const toInput = ([x, y]: readonly [number, number]) => [x * scale, y * scale] as const;
    const d = target!.detectorBox;
    const planted: Planted = {
      box: { x1: d.x * scale, y1: d.y * scale, x2: (d.x + d.width) * scale, y2: (d.y + d.height) * scale },
      points: target!.points5.map(toInput),
      score: 0.8,
    };
    const path = join(dir, 'det_10g.onnx');
    await writeFile(path, scrfdFixture([planted]));
    const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu', detector: { scrfd: path } });
    try {
      const [face, ...rest] = await analyzer.analyze(photo);
      expect(rest).toHaveLength(0);
      expect(face!.detector).toBe('scrfd');
      expect(face!.score).toBeCloseTo(0.8, 6);
      // The five points are SCRFD's, back in image coordinates.
      face!.points5.forEach(([x, y], k) => {
        expect(x).toBeCloseTo(target!.points5[k]![0], 2);
        expect(y).toBeCloseTo(target!.points5[k]![1], 2);
      });
      expect(face!.mesh).toHaveLength(468);
      expect(Math.abs(face!.box.x - target!.box.x)).toBeLessThan(5);
      expect(face!.identity.mobileface).toHaveLength(256);
    } finally {
      await analyzer.dispose();
    }
  });

  it('adds ArcFace (key arcface) and POSTER (embedding and classes) on their documented inputs', async () => {
    const arcface = join(dir, 'w600k_r50.onnx');
    const poster = join(dir, 'poster.onnx');
    await writeFile(arcface, arcfaceFixture());
    await writeFile(poster, posterFixture());
    const analyzer = await EmbeddedFaceAnalyzer.create({
      onnx,
      modelsDir: await ensureFaceModels(),
      device: 'cpu',
      arcface,
      poster: { path: poster, dataset: 'rafdb' },
    });
    try {
      expect(analyzer.info.identityModels).toEqual(['mobileface', 'faceres', 'arcface']);
      const faces = await reference.detect(photo);
      const analyses = await analyzer.analyze(photo, { faces });
      expect(analyses).toHaveLength(faces.length);
      const points5: FivePoints = faces[0]!.points5;

      // ArcFace: plain bilinear ArcFace crop, RGB, (x - 127.5) / 127.5, NCHW; the fixture returns channel means.
      const arcCrop = await alignedFace(photo, points5, 112, false);
      const arcMeans = channelMeans(conventionTensor([arcCrop], ARCFACE_INPUT).data, 112);
      const expectedArc = l2Normalize(arcMeans);
      Array.from(analyses[0]!.identity.arcface!).forEach((v, i) => expect(v).toBeCloseTo(expectedArc[i]!, 4));

      // POSTER: ArcFace-aligned 224 crop, ImageNet mean/std; labels in RAF-DB order, named as the emotion model names them.
      const posterMeans = channelMeans(conventionTensor([await alignedFace(photo, points5, 224)], POSTER_INPUT).data, 224);
      const logits = [0, 1, 2, 3, 4, 5, 6].map((j) => posterMeans.reduce((sum, m, c) => sum + m * POSTER_LOGITS[c * 7 + j]!, 0));
      const probabilities = softmax(logits);
      const names = ['surprise', 'fear', 'disgust', 'happy', 'sad', 'angry', 'neutral'];
      const poster0 = analyses[0]!.expressionClassifiers.poster!;
      expect(Object.keys(poster0)).toEqual(names);
      names.forEach((name, j) => expect(poster0[name]).toBeCloseTo(probabilities[j]!, 4));
      const feature = analyses[0]!.expressionEmbeddings.poster!;
      expect(feature).toHaveLength(512);
      expect(feature[5]).toBeCloseTo(posterMeans.reduce((sum, m, c) => sum + m * POSTER_FEATURE[c * 512 + 5]!, 0), 4);
      expect(Object.keys(analyses[0]!.expressionClassifiers)).toEqual(['emotion', 'poster']);
    } finally {
      await analyzer.dispose();
    }
  });

  it('keys POSTER classes by index when the training set is not named', async () => {
    const poster = join(dir, 'poster-unnamed.onnx');
    await writeFile(poster, posterFixture());
    const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu', poster });
    try {
      const faces = (await reference.detect(photo)).slice(0, 1);
      const [face] = await analyzer.analyze(photo, { faces });
      expect(Object.keys(face!.expressionClassifiers.poster!)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    } finally {
      await analyzer.dispose();
    }
  });

  it('rejects a file that breaks its contract and closes the sessions it opened', async () => {
    const wrong = join(dir, 'not-arcface.onnx');
    await writeFile(wrong, posterFixture());
    const before = onnx.openSessionCount;
    await expect(EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu', arcface: wrong })).rejects.toThrow(/ArcFace/);
    expect(onnx.openSessionCount).toBe(before);
  });
});
