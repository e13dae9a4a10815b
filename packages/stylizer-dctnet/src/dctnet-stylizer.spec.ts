import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectedFace, FaceAnalyzer, FivePoints, RgbImage } from '@geneava/core/contracts';
import { DCTNET_288_POINTS } from '@geneava/core/geometry';
import { createRgbImage } from '@geneava/core/image';
import { ModelContractError, OnnxRuntime } from '@geneava/core/onnx';
import { createDctnetStylizer } from './create-dctnet-stylizer.js';
import type { DctnetStylizer } from './dctnet-stylizer.js';
import { IDENTITY, INVERT, inverted, maxDifference, smoothImage, writeStyleFolder, type StyleFolderFixture } from './test-support/dctnet-fixtures.test.js';

const onnx = new OnnxRuntime();
let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-dctnet-'));
});
afterAll(async () => {
  await onnx.dispose();
  await rm(root, { recursive: true, force: true });
});

async function stylizerFor(fixture: StyleFolderFixture, style = 'anime', extra: { faceAnalyzer?: FaceAnalyzer; maxShortSide?: number } = {}): Promise<DctnetStylizer> {
  const dir = await writeStyleFolder(join(root, `${counter++}`, style), fixture);
  return createDctnetStylizer({ models: dir, onnx, device: 'cpu', ...extra });
}

/** A face whose five points are DCT-Net's 288 reference points scaled by `scale` and shifted by (dx, dy). */
function faceAt(scale: number, dx: number, dy: number): DetectedFace {
  const points5 = DCTNET_288_POINTS.map(([x, y]) => [x * scale + dx, y * scale + dy]) as unknown as FivePoints;
  return { box: { x: dx, y: dy, width: 288 * scale, height: 288 * scale }, score: 0.99, points5 };
}

/** Pixels within `rx` x `ry` of (cx, cy). */
const near = (cx: number, cy: number, rx: number, ry: number) => (x: number, y: number) => Math.abs(x - cx) <= rx && Math.abs(y - cy) <= ry;
/** Pixels inside the ellipse centred on (cx, cy) with semi-axes rx, ry. */
const within = (cx: number, cy: number, rx: number, ry: number) => (x: number, y: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

describe('DctnetStylizer: background only', () => {
  let stylizer: DctnetStylizer;
  beforeAll(async () => {
    stylizer = await stylizerFor({ head: { body: INVERT }, background: { body: IDENTITY } });
  });
  afterAll(() => stylizer.dispose());

  it('declares its id, style and a geometry-preserving, weight-needing stylizer', () => {
    expect(stylizer.info).toMatchObject({ id: 'dctnet-anime', style: 'DCT-Net anime', needsWeights: true, geometryPreserving: true });
    expect(stylizer.info.description).toContain('procedural elliptical');
  });

  it.each([
    [37, 23],
    [50, 32],
    [64, 48],
  ])('returns the identity background graph’s result exactly for %ix%i (padded to 16, cropped back), reported no-face', async (width, height) => {
    const image = smoothImage(width, height);
    const result = await stylizer.stylize({ id: 'plain', image });
    expect(result.outcome).toBe('no-face');
    expect(result.facesStylized).toBe(0);
    expect(result.notes).toEqual(['no face: background pass only']);
    expect(result.image.width).toBe(width);
    expect(result.image.height).toBe(height);
    expect(Array.from(result.image.data)).toEqual(Array.from(image.data));
    expect(result.image.data).not.toBe(image.data);
  });

  it('shrinks an image whose short side exceeds 720 and resizes the result back', async () => {
    const image = smoothImage(1500, 800);
    const result = await stylizer.stylize({ image });
    expect([result.image.width, result.image.height]).toEqual([1500, 800]);
    expect(result.notes).toEqual(['stylized at 1350x720 (short side limited to 720) and resized back', 'no face: background pass only']);
    // Down to 1350x720 and up again: a smooth ramp comes back within a couple of levels.
    expect(maxDifference(result.image, image, (x, y) => x > 2 && y > 2 && x < 1497 && y < 797)).toBeLessThanOrEqual(2);
  });

  it('treats an explicitly empty face list as no face', async () => {
    const result = await stylizer.stylize({ image: smoothImage(40, 40), faces: [] });
    expect(result.outcome).toBe('no-face');
  });

  it('rejects a malformed image with one line naming the item', async () => {
    await expect(stylizer.stylize({ id: 'broken', image: { width: 4, height: 4, data: new Uint8Array(47) } })).rejects.toThrow(
      /^dctnet-anime: image "broken": image data has 47 bytes, expected 4x4x3 = 48$/,
    );
  });
});

describe('DctnetStylizer: faces', () => {
  let stylizer: DctnetStylizer;
  beforeAll(async () => {
    stylizer = await stylizerFor({ head: { body: INVERT }, background: { body: IDENTITY } }, '3d');
  });
  afterAll(() => stylizer.dispose());

  it('inverts the head of a face on the reference points exactly and leaves the outside alone', async () => {
    const image = smoothImage(288, 288);
    const result = await stylizer.stylize({ image, faces: [faceAt(1, 0, 0)] });
    expect(result.outcome).toBe('stylized');
    expect(result.facesStylized).toBe(1);
    // Identity crop: the ellipse's mask is 1 more than 0.15·288 = 43.2 px inside its rim (semi-axes 115, 141).
    expect(maxDifference(result.image, inverted(image), near(144, 144, 40, 60))).toBe(0);
    // Outside the ellipse the mask is 0: the background graph's (identity) result.
    expect(maxDifference(result.image, image, (x, y) => ((x - 144) / 117) ** 2 + ((y - 144) / 143) ** 2 > 1)).toBe(0);
  });

  it('follows a smaller, shifted face and blends it back into a larger frame', async () => {
    const image = smoothImage(400, 320);
    // Half-size face whose crop origin is (100, 80): the crop centre (144, 144) is image (172, 152).
    const result = await stylizer.stylize({ image, faces: [faceAt(0.5, 100, 80)] });
    expect(maxDifference(result.image, inverted(image), near(172, 152, 25, 35))).toBeLessThanOrEqual(1);
    expect(maxDifference(result.image, image, (x, y) => x < 95 || x > 250 || y < 75 || y > 230)).toBe(0);
  });

  it('stylizes every face given and counts them', async () => {
    const image = smoothImage(600, 300);
    const result = await stylizer.stylize({ image, faces: [faceAt(0.5, 50, 40), faceAt(0.5, 350, 60)] });
    expect(result.outcome).toBe('stylized');
    expect(result.facesStylized).toBe(2);
    // Heads go back where they were: both faces are reported in place.
    expect(result.faceTransforms).toEqual([[1, 0, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0]]);
    expect(maxDifference(result.image, inverted(image), near(122, 112, 20, 30))).toBeLessThanOrEqual(1);
    expect(maxDifference(result.image, inverted(image), near(422, 132, 20, 30))).toBeLessThanOrEqual(1);
    expect(maxDifference(result.image, image, (x) => x > 230 && x < 330)).toBe(0);
  });

  it('maps faces of a shrunk image into the working size and back', async () => {
    const image = smoothImage(1500, 800);
    // Full-size face with its crop origin at (600, 300): head centre at image (744, 444). The mask is 1
    // inside the ellipse with semi-axes (115 − 43.2, 141 − 43.2) of the crop, which is the image's scale.
    const result = await stylizer.stylize({ image, faces: [faceAt(1, 600, 300)] });
    expect(result.facesStylized).toBe(1);
    expect(maxDifference(result.image, inverted(image), within(744, 444, 68, 94))).toBeLessThanOrEqual(3);
    expect(maxDifference(result.image, image, (x, y) => x > 5 && y > 5 && y < 795 && (x < 550 || x > 950))).toBeLessThanOrEqual(2);
  });

  it('names the item and the face when its points are unusable', async () => {
    const same: FivePoints = [[5, 5], [5, 5], [5, 5], [5, 5], [5, 5]];
    await expect(stylizer.stylize({ id: 'flat', image: smoothImage(40, 40), faces: [{ box: { x: 0, y: 0, width: 10, height: 10 }, score: 1, points5: same }] })).rejects.toThrow(
      /^dctnet-3d: image "flat": face 1: its five points are degenerate/,
    );
  });

  it('asks the face analyzer when the caller gives no faces, and notes it', async () => {
    const image = smoothImage(288, 288);
    const calls: RgbImage[] = [];
    const faceAnalyzer = {
      apiVersion: 1,
      info: { id: 'fake-analyzer', version: '0', identityModels: [] },
      detect: async (seen: RgbImage) => {
        calls.push(seen);
        return [faceAt(1, 0, 0)];
      },
      analyze: async () => [],
    } satisfies FaceAnalyzer;
    const withAnalyzer = await stylizerFor({ head: { body: INVERT }, background: { body: IDENTITY } }, 'sketch', { faceAnalyzer });
    try {
      const result = await withAnalyzer.stylize({ image });
      expect(calls).toHaveLength(1);
      expect(result).toMatchObject({ outcome: 'stylized', facesStylized: 1, notes: ['1 face(s) found by fake-analyzer'] });
      // Transforms are per face of the input; the caller gave none.
      expect(result.faceTransforms).toEqual([]);
      expect(maxDifference(result.image, inverted(image), near(144, 144, 40, 60))).toBe(0);
      // Faces given by the caller win, even none.
      expect((await withAnalyzer.stylize({ image, faces: [] })).outcome).toBe('no-face');
      expect(calls).toHaveLength(1);
    } finally {
      await withAnalyzer.dispose();
    }
  });
});

describe('DctnetStylizer: head mask from alpha.jpg', () => {
  it('blends with the published mask instead of the ellipse', async () => {
    // White square [96, 192)² on black: the head shows only there.
    const alpha = createRgbImage(288, 288);
    for (let y = 96; y < 192; y++) alpha.data.fill(255, (y * 288 + 96) * 3, (y * 288 + 192) * 3);
    const stylizer = await stylizerFor({ head: { body: INVERT }, background: { body: IDENTITY }, alpha }, 'artstyle');
    try {
      expect(stylizer.info.description).toContain('alpha.jpg');
      const image = smoothImage(288, 288);
      const result = await stylizer.stylize({ image, faces: [faceAt(1, 0, 0)] });
      expect(maxDifference(result.image, inverted(image), near(144, 144, 40, 40))).toBeLessThanOrEqual(2);
      // Inside the ellipse's full-weight zone but outside the square: untouched with this mask.
      expect(maxDifference(result.image, image, near(144, 60, 30, 20))).toBeLessThanOrEqual(2);
    } finally {
      await stylizer.dispose();
    }
  });
});

describe('DctnetStylizer: graph signatures', () => {
  it('runs graphs with a batch dim, tf2onnx ":0" names and the older file names', async () => {
    const stylizer = await stylizerFor({ head: { body: INVERT, batch: true, suffix: true }, background: { body: IDENTITY, batch: true, suffix: true }, olderNames: true }, 'handdrawn');
    try {
      const image = smoothImage(288, 288);
      const result = await stylizer.stylize({ image, faces: [faceAt(1, 0, 0)] });
      expect(maxDifference(result.image, inverted(image), near(144, 144, 40, 60))).toBe(0);
      expect(maxDifference(result.image, image, (x, y) => x < 20 || y < 3)).toBe(0);
    } finally {
      await stylizer.dispose();
    }
  });

  it('feeds BGR and reads BGR back', async () => {
    // Graph channels are B, G, R: output [B, G, G] read as BGR is R = G, G = G, B = B.
    const stylizer = await stylizerFor({ head: { body: INVERT }, background: { body: { kind: 'gather', channels: [0, 1, 1] } } });
    try {
      const image: RgbImage = { width: 2, height: 1, data: Uint8Array.from([10, 20, 30, 200, 100, 50]) };
      const result = await stylizer.stylize({ image });
      expect(Array.from(result.image.data)).toEqual([20, 20, 30, 100, 100, 50]);
    } finally {
      await stylizer.dispose();
    }
  });

  it('refuses a graph with the wrong output dtype with a contract error listing expected and found, leaving no session open', async () => {
    const before = onnx.openSessionCount;
    const error = await stylizerFor({ head: { body: INVERT, outputDtype: 'float32' }, background: { body: IDENTITY } }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as Error).message).toMatch(/cartoon_h\.onnx: does not match the DCT-Net head contract \(1 problem\)/);
    expect((error as Error).message).toContain(
      "output 'output_image': expected uint8 [height, width, 3] or uint8 [batch, height, width, 3], found float32 [unk__10, unk__11, 3]",
    );
    expect(onnx.openSessionCount).toBe(before);
  });

  it('releases both sessions on dispose', async () => {
    const before = onnx.openSessionCount;
    const stylizer = await stylizerFor({ head: { body: INVERT }, background: { body: IDENTITY } });
    expect(onnx.openSessionCount).toBe(before + 2);
    await stylizer.dispose();
    expect(onnx.openSessionCount).toBe(before);
  });
});
