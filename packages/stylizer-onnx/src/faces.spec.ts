import type { DetectedFace, FivePoints, Point2, RgbImage } from '@geneava/core/contracts';
import { applyAffine, ARCFACE_112_TEMPLATE, DCTNET_288_POINTS } from '@geneava/core/geometry';
import { createRgbImage, getPixel } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import { descriptorWithFixture, type FixtureOp } from '../test/fixture-models.js';
import { createOnnxStylizer } from './create.js';

const onnx = new OnnxRuntime();
afterAll(() => onnx.dispose());

/** One colour per point: left eye red, right eye green, nose blue, mouth corners yellow and magenta. */
const COLOURS: readonly (readonly [number, number, number])[] = [
  [220, 20, 20],
  [20, 220, 20],
  [20, 20, 220],
  [220, 220, 20],
  [220, 20, 220],
];

/** A grey picture with a disc of each point's colour centred on each of the five points. */
function dots(width: number, height: number, faces: readonly FivePoints[], radius: number): RgbImage {
  const image = createRgbImage(width, height, [128, 128, 128]);
  for (const points of faces) {
    points.forEach(([cx, cy], i) => {
      for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
        for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) image.data.set(COLOURS[i]!, (y * width + x) * 3);
        }
      }
    });
  }
  return image;
}

function face(points5: FivePoints, size = 60): DetectedFace {
  const [cx, cy] = points5[2];
  return { box: { x: cx - size / 2, y: cy - size / 2, width: size, height: size }, score: 1, points5 };
}

const similar = (points: FivePoints, scale: number, dx: number, dy: number): FivePoints =>
  points.map(([x, y]) => [x * scale + dx, y * scale + dy] as Point2) as unknown as FivePoints;

async function aligned(type: 'arcface' | 'ffhq' | 'dctnet', crop: number, op: FixtureOp, pasteBack: boolean) {
  const path = await descriptorWithFixture(
    {
      id: `${type}-toy`,
      style: 'toy',
      model: 'crop.onnx',
      input: { size: { width: crop, height: crop }, layout: 'NCHW', range: [-1, 1] },
      output: { range: [-1, 1], dtype: 'float32' },
      alignment: { type, pasteBack },
    },
    { inputName: 'x', inputDims: [1, 3, crop, crop], outputName: 'y', outputDims: [1, 3, crop, crop], op },
  );
  return createOnnxStylizer({ descriptor: path, onnx, device: 'cpu' });
}

const at = (image: RgbImage, [x, y]: Point2) => getPixel(image, Math.round(x), Math.round(y));

describe('aligned crops (identity model, no paste-back): each point lands where its alignment puts it', () => {
  it("arcface: the five points land on InsightFace's 112 template", async () => {
    // The face is an exact similarity (x1.5, shifted) of the template, so Umeyama maps it back exactly.
    const points = similar(ARCFACE_112_TEMPLATE, 1.5, 30, 20);
    const stylizer = await aligned('arcface', 112, { kind: 'identity' }, false);
    const result = await stylizer.stylize({ image: dots(240, 220, [points], 4), faces: [face(points)] });
    expect([result.outcome, result.facesStylized, result.image.width, result.image.height]).toEqual(['stylized', 1, 112, 112]);
    ARCFACE_112_TEMPLATE.forEach((target, i) => expect(at(result.image, target)).toEqual(COLOURS[i]));
    await stylizer.dispose();
  });

  it("dctnet: the five points land on DCT-Net's 288 head-crop reference points", async () => {
    const points = similar(DCTNET_288_POINTS, 0.5, 30, 20);
    const stylizer = await aligned('dctnet', 288, { kind: 'identity' }, false);
    const result = await stylizer.stylize({ image: dots(220, 200, [points], 4), faces: [face(points)] });
    DCTNET_288_POINTS.forEach((target, i) => expect(at(result.image, target)).toEqual(COLOURS[i]));
    await stylizer.dispose();
  });

  it('ffhq: an upright face lands where the FFHQ quad puts it (hand-computed for crop 256)', async () => {
    // Eyes (80, 80) and (120, 80), nose (100, 100), mouth corners (84, 120) and (116, 120):
    // eye_to_eye (40, 0), eye_to_mouth (0, 40); x = (40 + 40, 0) scaled to max(2·40, 1.8·40) = 80; c = (100, 84).
    // The quad's left edge is at x = 20, its top at y = 4, side 160 -> crop 256: scale 1.6, then −0.5.
    // Left eye (80 − 20)·1.6 − 0.5 = 95.5, y (80 − 4)·1.6 − 0.5 = 121.1; right eye x 159.5; nose (127.5, 153.1);
    // mouth corners x (64·1.6 − 0.5) = 101.9 and (96·1.6 − 0.5) = 153.1, y (116·1.6 − 0.5) = 185.1.
    const points: FivePoints = [[80, 80], [120, 80], [100, 100], [84, 120], [116, 120]];
    const expected: FivePoints = [[95.5, 121.1], [159.5, 121.1], [127.5, 153.1], [101.9, 185.1], [153.1, 185.1]];
    const stylizer = await aligned('ffhq', 256, { kind: 'identity' }, false);
    const result = await stylizer.stylize({ image: dots(200, 200, [points], 5), faces: [face(points)] });
    expected.forEach((target, i) => expect(at(result.image, target)).toEqual(COLOURS[i]));
    // The reported transform is the alignment: it takes each point to where its dot landed.
    expect(result.faceTransforms).toHaveLength(1);
    points.forEach((point, i) => applyAffine(result.faceTransforms![0]!, point).forEach((v, k) => expect(v).toBeCloseTo(expected[i]![k]!, 9)));
    await stylizer.dispose();
  });
});

describe('paste-back (negating model)', () => {
  const left: FivePoints = [[60, 80], [100, 80], [80, 100], [64, 120], [96, 120]];
  const right: FivePoints = [[180, 80], [220, 80], [200, 100], [184, 120], [216, 120]];
  const photo = dots(280, 200, [left, right], 5);

  it('negates each face inside the feathered ellipse and leaves the rest of the photo untouched', async () => {
    const stylizer = await aligned('ffhq', 256, { kind: 'negate' }, true);
    const result = await stylizer.stylize({ id: 'pair', image: photo, faces: [face(left), face(right)] });
    expect([result.outcome, result.facesStylized, result.image.width, result.image.height]).toEqual(['stylized', 2, 280, 200]);
    // Nose discs are inside both crops' full-weight region: exactly 255 − colour.
    expect(getPixel(result.image, 80, 100)).toEqual([235, 235, 35]);
    expect(getPixel(result.image, 200, 100)).toEqual([235, 235, 35]);
    // Far from both faces (the crops reach 80 px around each face centre): unchanged grey.
    expect(getPixel(result.image, 140, 195)).toEqual([128, 128, 128]);
    expect(getPixel(result.image, 0, 0)).toEqual([128, 128, 128]);
    expect(result.faceTransforms).toEqual([[1, 0, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0]]);
    await stylizer.dispose();
  });

  it("returns the photo unchanged as 'no-face' when no faces are given", async () => {
    const stylizer = await aligned('ffhq', 256, { kind: 'negate' }, true);
    const result = await stylizer.stylize({ image: photo });
    expect(result.outcome).toBe('no-face');
    expect(result.facesStylized).toBe(0);
    expect(Buffer.from(result.image.data).equals(Buffer.from(photo.data))).toBe(true);
    expect(result.image.data).not.toBe(photo.data);
    expect(result.notes).toEqual(['no faces were given; "ffhq" alignment needs each face\'s five points, so the photo is returned unchanged']);
    expect(result.faceTransforms).toEqual([]);
    await stylizer.dispose();
  });
});

describe('crops without paste-back', () => {
  it('returns the largest face only, and says so', async () => {
    const small: FivePoints = [[40, 40], [60, 40], [50, 50], [42, 60], [58, 60]];
    const large: FivePoints = [[150, 100], [190, 100], [170, 120], [154, 140], [186, 140]];
    const stylizer = await aligned('ffhq', 256, { kind: 'identity' }, false);
    const result = await stylizer.stylize({ image: dots(260, 200, [small, large], 5), faces: [face(small, 30), face(large, 60)] });
    expect([result.outcome, result.facesStylized]).toEqual(['stylized', 1]);
    expect(result.notes).toEqual(['2 faces given; without paste-back only the largest is returned']);
    // The large face has the proportions of the hand-computed one: its nose lands at (127.5, 153.1).
    expect(at(result.image, [127.5, 153.1])).toEqual(COLOURS[2]);
    // Both faces are reported through the large face's crop: its nose lands there, the small face outside.
    const [forSmall, forLarge] = result.faceTransforms!;
    expect(forSmall).toEqual(forLarge);
    applyAffine(forLarge!, large[2]).forEach((v, k) => expect(v).toBeCloseTo([127.5, 153.1][k]!, 9));
    expect(applyAffine(forLarge!, small[2])[0]).toBeLessThan(0);
    await stylizer.dispose();
  });

  it("returns the centre square at the crop size as 'no-face' without faces", async () => {
    const stylizer = await aligned('arcface', 112, { kind: 'identity' }, false);
    const result = await stylizer.stylize({ image: createRgbImage(300, 200, [10, 20, 30]) });
    expect([result.outcome, result.image.width, result.image.height]).toEqual(['no-face', 112, 112]);
    expect(getPixel(result.image, 56, 56)).toEqual([10, 20, 30]);
    await stylizer.dispose();
  });

  it('names the item and the face whose points are degenerate', async () => {
    const stylizer = await aligned('ffhq', 256, { kind: 'identity' }, false);
    const zeros: FivePoints = [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]];
    await expect(stylizer.stylize({ id: 'z.png', image: createRgbImage(20, 20), faces: [face(zeros, 10)] })).rejects.toThrow(
      /^ffhq-toy: image "z.png": face 1: /,
    );
    await stylizer.dispose();
  });
});
