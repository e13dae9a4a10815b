/**
 * The embedded analyzer on real photos: the six sample photos of @vladmandic/face-api (22 faces,
 * 3, 3, 3, 4, 5 and 4 per photo, all young women). Identity follows the reference's "fixed geometry"
 * protocol: each face is aligned once, on a 256 px canvas where the 112 px ArcFace crop takes the
 * middle 1/1.5; the variants (mirror, blur, two cartoon-like filters) are made from that canvas, and
 * the same crop is cut back out of the original and of every variant. Every same-person score must
 * beat every different-person score (people in the same photo), and every variant must find its own
 * original first among all 22.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureFaceModels, faceModel } from '@geneava/face-models';
import {
  composeAffine,
  estimateArcfaceTransform,
  invertAffine,
  type AffineMatrix,
} from '@geneava/core/geometry';
import { createRgbImage, decodeImage, rawToSharp, resizeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { Point2, RgbImage } from '@geneava/core/contracts';
import type { EmbeddedDetectedFace } from './analysis-types.js';
import { cropImage } from './common/crop-image.js';
import { EmbeddedFaceAnalyzer } from './embedded-face-analyzer.js';
import { mobilefaceEmbeddings } from './mobileface/mobileface-model.js';
import { cosineSimilarity } from './common/vector-math.js';

const EXPECTED_FACES = [3, 3, 3, 4, 5, 4];
const { floor, round } = Math;

function samplePath(n: number): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

async function sharpRaw(pipeline: ReturnType<typeof rawToSharp>): Promise<RgbImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Four levels per channel: 0, 85, 170, 255. */
function posterize(image: RgbImage): RgbImage {
  return { ...image, data: image.data.map((v) => floor(v / 64) * 85) };
}

function nearest(centres: Float64Array, r: number, g: number, b: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let k = 0; k < centres.length / 3; k++) {
    const dr = r - centres[3 * k]!;
    const dg = g - centres[3 * k + 1]!;
    const db = b - centres[3 * k + 2]!;
    const distance = dr * dr + dg * dg + db * db;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = k;
    }
  }
  return best;
}

/**
 * A flat `colours`-colour palette: median cut (split the box with the widest channel range at its
 * median) for the initial colours, 10 k-means steps to settle them, then every pixel takes its
 * nearest palette colour, without dithering.
 */
function palette(image: RgbImage, colours: number): RgbImage {
  const data = image.data;
  const n = image.width * image.height;
  let boxes: Int32Array[] = [Int32Array.from({ length: n }, (_, i) => i)];
  while (boxes.length < colours) {
    let best = { box: -1, channel: 0, range: 0 };
    boxes.forEach((box, b) => {
      for (let ch = 0; ch < 3; ch++) {
        let lo = 255;
        let hi = 0;
        for (const p of box) {
          const v = data[3 * p + ch]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (hi - lo > best.range) best = { box: b, channel: ch, range: hi - lo };
      }
    });
    if (best.box < 0) break;
    const sorted = boxes[best.box]!.slice().sort((a, b) => data[3 * a + best.channel]! - data[3 * b + best.channel]!);
    const half = floor(sorted.length / 2);
    boxes = [...boxes.slice(0, best.box), sorted.slice(0, half), sorted.slice(half), ...boxes.slice(best.box + 1)];
  }
  const centres = new Float64Array(boxes.length * 3);
  boxes.forEach((box, k) => {
    for (const p of box) for (let ch = 0; ch < 3; ch++) centres[3 * k + ch]! += data[3 * p + ch]! / box.length;
  });
  for (let step = 0; step < 10; step++) {
    const sums = new Float64Array(boxes.length * 4);
    for (let p = 0; p < n; p++) {
      const k = nearest(centres, data[3 * p]!, data[3 * p + 1]!, data[3 * p + 2]!);
      for (let ch = 0; ch < 3; ch++) sums[4 * k + ch]! += data[3 * p + ch]!;
      sums[4 * k + 3]! += 1;
    }
    for (let k = 0; k < boxes.length; k++) if (sums[4 * k + 3]! > 0) for (let ch = 0; ch < 3; ch++) centres[3 * k + ch] = sums[4 * k + ch]! / sums[4 * k + 3]!;
  }
  const out = new Uint8Array(data.length);
  for (let p = 0; p < n; p++) {
    const k = nearest(centres, data[3 * p]!, data[3 * p + 1]!, data[3 * p + 2]!);
    for (let ch = 0; ch < 3; ch++) out[3 * p + ch] = round(centres[3 * k + ch]!);
  }
  return { ...image, data: out };
}

const VARIANTS = {
  flip: (canvas: RgbImage) => sharpRaw(rawToSharp(canvas).flop()),
  blur: (canvas: RgbImage) => sharpRaw(rawToSharp(canvas).blur(2)),
  cartoon: async (canvas: RgbImage) => posterize(await sharpRaw(rawToSharp(canvas).median(5))),
  cartoonStrong: async (canvas: RgbImage) => palette(await sharpRaw(rawToSharp(canvas).median(9)), 8),
} as const;
type Variant = keyof typeof VARIANTS;

const CANVAS = 256;
/** ArcFace 112 crop coordinates to the canvas, where the crop takes the middle CANVAS / 1.5 pixels. */
const CROP_TO_CANVAS: AffineMatrix = (() => {
  const k = CANVAS / 1.5 / 112;
  // Continuous coordinates: (t + 0.5 - 56) * k + 128, minus 0.5 for pixel centres.
  const offset = (0.5 - 56) * k + CANVAS / 2 - 0.5;
  return [k, 0, offset, 0, k, offset];
})();

/** Mean distance between corresponding mesh points, in inter-ocular distances of the first face. */
function meshError(a: EmbeddedDetectedFace, b: { readonly mesh?: readonly Point2[] }): number {
  const iod = Math.hypot(a.points5[1][0] - a.points5[0][0], a.points5[1][1] - a.points5[0][1]);
  let total = 0;
  a.mesh!.forEach(([x, y], i) => (total += Math.hypot(x - b.mesh![i]![0], y - b.mesh![i]![1])));
  return total / a.mesh!.length / iod;
}

describe('EmbeddedFaceAnalyzer on the sample photos', () => {
  const onnx = new OnnxRuntime();
  let analyzer: EmbeddedFaceAnalyzer;
  const photos: RgbImage[] = [];
  const detected: EmbeddedDetectedFace[][] = [];

  beforeAll(async () => {
    analyzer = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu' });
    for (let n = 1; n <= 6; n++) photos.push(await decodeImage(samplePath(n)));
    for (const photo of photos) detected.push(await analyzer.detect(photo));
  });

  afterAll(async () => {
    await analyzer?.dispose();
    await onnx.dispose();
  });

  it('finds every face of every photo and nothing else, largest first', () => {
    expect(detected.map((faces) => faces.length)).toEqual(EXPECTED_FACES);
    for (const face of detected.flat()) {
      expect(face.mesh).toHaveLength(468);
      expect(face.detector).toBe('blazeface');
      expect(face.score).toBeGreaterThan(0.5);
      expect(Math.min(face.box.width, face.box.height)).toBeGreaterThan(100);
      for (const [x, y] of face.points5) {
        expect(x).toBeGreaterThan(face.box.x);
        expect(x).toBeLessThan(face.box.x + face.box.width);
        expect(y).toBeGreaterThan(face.box.y);
        expect(y).toBeLessThan(face.box.y + face.box.height);
      }
    }
    for (const faces of detected) {
      const areas = faces.map((face) => face.box.width * face.box.height);
      expect(areas).toEqual([...areas].sort((a, b) => b - a));
    }
  });

  it('scores every same-person pair above every different-person pair with mobileface (fixed geometry), rank-1 22 of 22', async () => {
    const faces = detected.flatMap((list, i) => list.map((face) => ({ face, photo: i })));
    expect(faces).toHaveLength(22);
    const canvases = await Promise.all(
      faces.map(({ face, photo }) =>
        cropImage(photos[photo]!, composeAffine(CROP_TO_CANVAS, estimateArcfaceTransform(face.points5, 112)), CANVAS, CANVAS, { antialias: true }),
      ),
    );
    const cropOf = (canvas: RgbImage) => cropImage(canvas, invertAffine(CROP_TO_CANVAS), 112, 112, { antialias: true });
    const session = await onnx.createSession(join(await ensureFaceModels(), faceModel('mobileface').onnxFile), { device: 'cpu', contract: faceModel('mobileface').contract });
    const originals = await mobilefaceEmbeddings(session, await Promise.all(canvases.map(cropOf)));

    // People in one photo are certainly different people. Across photos the same woman may appear:
    // the blonde woman of sample 1 and the one of sample 3 look alike and score 0.51, so cross-photo
    // pairs are not used as different-person pairs; rank-1 identification below still uses them all.
    const different: number[] = [];
    for (let a = 0; a < faces.length; a++) {
      for (let b = a + 1; b < faces.length; b++) if (faces[a]!.photo === faces[b]!.photo) different.push(cosineSimilarity(originals[a]!, originals[b]!));
    }
    expect(different).toHaveLength(31);
    const highestDifferent = Math.max(...different);
    expect(highestDifferent).toBeLessThan(0.5);

    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const crops = await Promise.all(canvases.map(async (canvas) => cropOf(await VARIANTS[variant](canvas))));
      const embeddings = await mobilefaceEmbeddings(session, crops);
      const same = embeddings.map((embedding, i) => cosineSimilarity(embedding, originals[i]!));
      const rank1 = embeddings.filter((embedding, i) => {
        const scores = originals.map((original) => cosineSimilarity(embedding, original));
        return scores.indexOf(Math.max(...scores)) === i;
      }).length;
      expect({ variant, lowestSameAboveHighestDifferent: Math.min(...same) > highestDifferent, rank1 }).toEqual({
        variant,
        lowestSameAboveHighestDifferent: true,
        rank1: 22,
      });
    }
  });

  it('analyses every face: unit identity vectors, age, gender, emotion and geometry', async () => {
    const analyses = (await Promise.all(photos.map((photo, i) => analyzer.analyze(photo, { faces: detected[i]! })))).flat();
    expect(analyses).toHaveLength(22);
    for (const face of analyses) {
      expect(face.identity.mobileface).toHaveLength(256);
      expect(face.identity.faceres).toHaveLength(1024);
      for (const vector of Object.values(face.identity)) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      const probabilities = Object.values(face.expression.probabilities);
      expect(probabilities).toHaveLength(7);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(Object.keys(face.expressionClassifiers)).toEqual(['emotion']);
      expect(face.expressionEmbeddings).toEqual({});
      for (const value of Object.values(face.expression.geometry)) expect(Number.isFinite(value)).toBe(true);
      expect(face.expression.geometry.mouthWidth).toBeGreaterThan(0.5);
      expect(face.expression.geometry.mouthWidth).toBeLessThan(1.3);
      expect(face.age).toBeGreaterThan(15);
      expect(face.age).toBeLessThan(50);
    }
    // All 22 subjects are women; FaceRes calls every one female (as the reference measured).
    expect(analyses.filter((face) => face.gender?.label === 'female')).toHaveLength(22);
  });

  it('reuses given faces: without a mesh it runs FaceMesh on an ROI placed by the five points', async () => {
    const photo = photos[5]!;
    const faces = detected[5]!;
    const withMesh = await analyzer.analyze(photo, { faces });
    const bare = await analyzer.analyze(photo, { faces: faces.map(({ box, score, points5 }) => ({ box, score, points5 })) });
    expect(bare).toHaveLength(faces.length);
    bare.forEach((face, i) => {
      // Identity depends only on the five points, which were given.
      expect(Array.from(face.identity.mobileface!)).toEqual(Array.from(withMesh[i]!.identity.mobileface!));
      expect(face.meshConfidence).toBeGreaterThan(0.9);
      expect(meshError(faces[i]!, face)).toBeLessThan(0.05);
    });
  });

  it('gives no face for an image without one, and finds faces in a grayscale photo', async () => {
    expect(await analyzer.detect(createRgbImage(640, 480, [128, 128, 128]))).toEqual([]);
    expect(await analyzer.analyze(createRgbImage(64, 64, [250, 240, 230]))).toEqual([]);
    const gray = await decodeImage(await rawToSharp(photos[0]!).grayscale().jpeg().toBuffer());
    expect((await analyzer.detect(gray)).length).toBe(EXPECTED_FACES[0]);
  });

  it('leaves out faces below minFaceSize', async () => {
    // At 480 px wide the faces are about 50 px.
    const small = await resizeImage(photos[0]!, 480, 320);
    const found = await analyzer.detect(small);
    expect(found.length).toBe(EXPECTED_FACES[0]);
    const strict = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu', minFaceSize: 2 * Math.max(...found.map((f) => f.box.width)) });
    try {
      expect(await strict.detect(small)).toEqual([]);
    } finally {
      await strict.dispose();
    }
  });

  it('turns with the face: geometry and identity of a rotated photo match the upright one', async () => {
    const photo = photos[0]!;
    const upright = await analyzer.analyze(photo, { faces: detected[0]! });
    const turned = await sharpRaw(rawToSharp(photo).rotate(30, { background: { r: 0, g: 0, b: 0 } }));
    const rotated = await analyzer.analyze(turned);
    expect(rotated).toHaveLength(upright.length);
    for (const face of upright) {
      const match = rotated.map((other) => cosineSimilarity(face.identity.mobileface!, other.identity.mobileface!));
      expect(Math.max(...match)).toBeGreaterThan(0.95);
      const other = rotated[match.indexOf(Math.max(...match))]!;
      // Mesh noise is a few hundredths of the inter-ocular distance, more along the jaw line.
      for (const [name, value] of Object.entries(face.expression.geometry)) {
        const difference = Math.abs(value - other.expression.geometry[name as keyof typeof face.expression.geometry]);
        expect({ name, close: difference < 0.05 + 0.08 * Math.abs(value) }).toEqual({ name, close: true });
      }
    }
  });
});
