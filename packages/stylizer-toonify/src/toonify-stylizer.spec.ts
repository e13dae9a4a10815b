import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectedFace, FivePoints, RgbImage } from '@geneava/core/contracts';
import { applyAffine } from '@geneava/core/geometry';
import { ModelContractError, OnnxRuntime } from '@geneava/core/onnx';
import { createToonifyStylizer, type CreateToonifyStylizerOptions } from './create-toonify-stylizer.js';
import {
  canonicalPoints,
  maxDifference,
  smoothImage,
  writePspNet,
  writeRestyleFolder,
  type PspFixture,
  type RestyleFolderFixture,
} from './test-support/toonify-fixtures.test.js';
import type { ToonifyStylizer } from './toonify-stylizer.js';

const onnx = new OnnxRuntime();
let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-toonify-'));
});
afterAll(async () => {
  await onnx.dispose();
  await rm(root, { recursive: true, force: true });
});

type Settings = Omit<CreateToonifyStylizerOptions, 'models' | 'onnx'>;

async function pspStylizer(fixture: PspFixture = {}, settings: Settings = {}): Promise<ToonifyStylizer> {
  const dir = join(root, `${counter++}`);
  await mkdir(dir, { recursive: true });
  await writePspNet(join(dir, 'toonify.onnx'), fixture);
  return createToonifyStylizer({ models: dir, onnx, device: 'cpu', ...settings });
}

async function restyleStylizer(fixture: RestyleFolderFixture, settings: Settings = {}): Promise<ToonifyStylizer> {
  const dir = await writeRestyleFolder(join(root, `${counter++}`), fixture);
  return createToonifyStylizer({ models: dir, onnx, device: 'cpu', ...settings });
}

function face(points5: FivePoints, size: number): DetectedFace {
  return { box: { x: points5[0][0] - size / 4, y: points5[0][1] - size / 3, width: size / 2, height: size / 2 }, score: 0.9, points5 };
}

/** Pixels at least `margin` inside a `size` square. */
const inside = (size: number, margin: number) => (x: number, y: number) => x >= margin && y >= margin && x < size - margin && y < size - margin;
/** The 256-crop pixel that 1024 pixel (x, y) was upsampled from. */
const fromCrop = (x: number, y: number): [number, number] => [x >> 2, y >> 2];

describe('ToonifyStylizer with pSp, avatar output', () => {
  let stylizer: ToonifyStylizer;
  beforeAll(async () => {
    stylizer = await pspStylizer();
  });
  afterAll(() => stylizer.dispose());

  it('declares a pSp Toonify that does not preserve geometry', () => {
    expect(stylizer.info).toMatchObject({ id: 'toonify-psp', style: 'Toonify (pSp)', needsWeights: true, geometryPreserving: false });
    expect(stylizer.outputSizeFor({ width: 300, height: 200 })).toEqual({ width: 1024, height: 1024 });
  });

  it('returns the net’s 1024 output for a face on the canonical points: the photo, upsampled', async () => {
    const image = smoothImage(256, 256);
    const result = await stylizer.stylize({ image, faces: [face(canonicalPoints(), 256)] });
    expect(result).toMatchObject({ outcome: 'stylized', facesStylized: 1 });
    expect([result.image.width, result.image.height]).toEqual([1024, 1024]);
    // The crop is the photo away from FFHQ's blurred border band; pSp's stand-in repeats each pixel 4x4.
    expect(maxDifference(result.image, image, inside(1024, 120), fromCrop)).toBe(0);
  });

  it('returns the largest face only, and says so', async () => {
    const image = smoothImage(600, 300);
    const small = face(canonicalPoints(128, 20, 40), 128);
    const large = face(canonicalPoints(256, 300, 20), 256);
    const result = await stylizer.stylize({ image, faces: [small, large] });
    expect(result.facesStylized).toBe(1);
    expect(result.notes).toEqual(['2 faces given; without paste-back only the largest is returned']);
    // The large face's square is the photo's [300, 556) x [20, 276): crop pixel (i, j) is photo (300 + i, 20 + j).
    expect(maxDifference(result.image, image, inside(1024, 8), (x, y) => [300 + (x >> 2), 20 + (y >> 2)])).toBe(0);
    // Where the faces went: photo pixel (300, 20) is crop pixel (0, 0), the 4x4 block centred on (1.5, 1.5).
    const [forSmall, forLarge] = result.faceTransforms!;
    expect(forSmall).toEqual(forLarge);
    applyAffine(forLarge!, [300, 20]).forEach((v) => expect(v).toBeCloseTo(1.5, 6));
  });

  it('without faces returns the centre square resized, reported no-face', async () => {
    const image = smoothImage(300, 200);
    const result = await stylizer.stylize({ id: 'empty', image });
    expect(result.outcome).toBe('no-face');
    expect(result.facesStylized).toBe(0);
    expect(result.notes).toEqual(["no faces were given; FFHQ alignment needs each face's five points, so the photo's centre square is returned, resized to 1024x1024"]);
    expect(result.faceTransforms).toEqual([]);
    expect([result.image.width, result.image.height]).toEqual([1024, 1024]);
  });

  it('names the item and the face when the points are unusable', async () => {
    const bad = [[1, 1], [Number.NaN, 1], [2, 2], [3, 3], [4, 4]] as unknown as FivePoints;
    await expect(stylizer.stylize({ id: 'nan', image: smoothImage(20, 20), faces: [face(bad, 10)] })).rejects.toThrow(/^toonify-psp: image "nan": face 1: its five points are not five finite/);
  });

  it('rejects a malformed image with one line naming the item', async () => {
    await expect(stylizer.stylize({ id: 'broken', image: { width: 4, height: 4, data: new Uint8Array(47) } })).rejects.toThrow(/^toonify-psp: image "broken": image data has 47 bytes/);
  });
});

describe('ToonifyStylizer output size and paste-back', () => {
  it('resizes the avatar to outputSize', async () => {
    const stylizer = await pspStylizer({}, { outputSize: 256 });
    try {
      const image = smoothImage(256, 256);
      const result = await stylizer.stylize({ image, faces: [face(canonicalPoints(), 256)] });
      expect([result.image.width, result.image.height]).toEqual([256, 256]);
      // 1024 → 256 of a 4x4-block image gives the blocks back, within the resize's rounding.
      expect(maxDifference(result.image, image, inside(256, 32))).toBeLessThanOrEqual(1);
      // The canonical face fills the 256 crop exactly, and the avatar is that crop: the identity.
      result.faceTransforms![0]!.forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 0, 1, 0][i]!, 6));
    } finally {
      await stylizer.dispose();
    }
  });

  it('pastes each toonified face back in place through a feathered ellipse, keeping the photo’s size', async () => {
    const stylizer = await pspStylizer({ body: 'negate' }, { pasteBack: true });
    try {
      expect(stylizer.info.geometryPreserving).toBe(true);
      const image = smoothImage(500, 300);
      const faces = [face(canonicalPoints(160, 20, 60), 160), face(canonicalPoints(200, 280, 40), 200)];
      const result = await stylizer.stylize({ image, faces });
      expect(result).toMatchObject({ outcome: 'stylized', facesStylized: 2 });
      expect([result.image.width, result.image.height]).toEqual([500, 300]);
      const negated = { ...image, data: image.data.map((v) => 255 - v) };
      // Near each square's centre the negated face shows; the feather is 10% of the square from the ellipse's rim.
      expect(maxDifference(result.image, negated, (x, y) => (x - 100) ** 2 + (y - 140) ** 2 <= 40 ** 2)).toBeLessThanOrEqual(3);
      expect(maxDifference(result.image, negated, (x, y) => (x - 380) ** 2 + (y - 140) ** 2 <= 50 ** 2)).toBeLessThanOrEqual(3);
      // Corners of the squares (outside the ellipses) and the strip between them are untouched.
      expect(maxDifference(result.image, image, (x, y) => (x < 30 && y < 70) || (x >= 181 && x < 279) || y >= 261)).toBe(0);
      expect(result.faceTransforms).toEqual([[1, 0, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0]]);
    } finally {
      await stylizer.dispose();
    }
  });

  it('with paste-back and no faces returns the photo unchanged', async () => {
    const stylizer = await pspStylizer({}, { pasteBack: true });
    try {
      const image = smoothImage(50, 30);
      const result = await stylizer.stylize({ image });
      expect(result.outcome).toBe('no-face');
      expect(Array.from(result.image.data)).toEqual(Array.from(image.data));
      expect(result.image.data).not.toBe(image.data);
    } finally {
      await stylizer.dispose();
    }
  });

  it('refuses outputSize together with paste-back', async () => {
    await expect(pspStylizer({}, { pasteBack: true, outputSize: 512 })).rejects.toThrow('outputSize applies to the aligned avatar only');
    expect(onnx.openSessionCount).toBe(0);
  });
});

describe('ToonifyStylizer with ReStyle', () => {
  it('runs the encoder once from the average image, then the toonify net on the pooled previous output', async () => {
    // encoder: y = avg_image (black); net: y = (face + pooled y) / 2. After 5 passes: face + (black − face) / 16.
    const stylizer = await restyleStylizer({ encoder: { kind: 'second' }, net: { kind: 'blend' } }, { iterations: 5 });
    try {
      expect(stylizer.info).toMatchObject({ id: 'toonify-restyle', style: 'Toonify (ReStyle)', geometryPreserving: false });
      expect(stylizer.info.description).toContain('(5 iterations)');
      const image = smoothImage(256, 256);
      const result = await stylizer.stylize({ image, faces: [face(canonicalPoints(), 256)] });
      const expected: RgbImage = { ...image, data: image.data.map((v) => Math.round((v * 15) / 16)) };
      expect(maxDifference(result.image, expected, inside(1024, 120), fromCrop)).toBeLessThanOrEqual(1);
    } finally {
      await stylizer.dispose();
    }
  });

  it.each([
    [2, 19],
    [3, 32],
    [5, 57],
  ])('threads the latent through %i iterations (encoder +0.5, net +1 each: pixel %i)', async (iterations, level) => {
    // latent_avg = 0; mean latent after n passes = 0.5 + (n − 1); the counter net paints 12.75 · mean.
    const stylizer = await restyleStylizer({ encoder: { kind: 'counter', step: 0.5 }, net: { kind: 'counter', step: 1 }, fp16Names: true }, { iterations });
    try {
      const result = await stylizer.stylize({ image: smoothImage(256, 256), faces: [face(canonicalPoints(), 256)] });
      expect(result.image.data[0]).toBe(level);
      expect(result.image.data.every((v) => v === level)).toBe(true);
    } finally {
      await stylizer.dispose();
    }
  });

  it('refuses fewer than two iterations', async () => {
    await expect(restyleStylizer({ encoder: { kind: 'second' }, net: { kind: 'blend' } }, { iterations: 1 })).rejects.toThrow('needs at least 2 iterations');
    expect(onnx.openSessionCount).toBe(0);
  });

  it('refuses a net with the wrong latent width with a contract error, leaving no session open', async () => {
    const error = await restyleStylizer({ encoder: { kind: 'second' }, net: { kind: 'blend' }, netLatentWidth: 256 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as Error).message).toContain("input 'latent_input': expected float32|float16 [batch, 18, 512], found float32 [batch, 18, 256]");
    expect(onnx.openSessionCount).toBe(0);
  });
});

describe('ToonifyStylizer contracts and sessions', () => {
  it('refuses a pSp net of the wrong input size with a contract error listing expected and found', async () => {
    const error = await pspStylizer({ inputSize: 128 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as Error).message).toContain("input 'input': expected float32 [1, 3, 256, 256], found float32 [1, 3, 128, 128]");
    expect(onnx.openSessionCount).toBe(0);
  });

  it('releases every session on dispose', async () => {
    const stylizer = await restyleStylizer({ encoder: { kind: 'second' }, net: { kind: 'blend' } });
    expect(onnx.openSessionCount).toBe(3);
    await stylizer.dispose();
    expect(onnx.openSessionCount).toBe(0);
  });
});
