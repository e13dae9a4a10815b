/**
 * Stylization strength on reference transforms of real photos (two faces of @vladmandic/face-api's demo
 * photos, cut out at 384x384 around the face the embedded detector finds): unchanged and JPEG-recompressed
 * photos and a mild blur stay low, the classic filter rises with every setting that makes it stronger, and
 * a crop stylizer's transform is followed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeImage, encodeImage, rawToSharp } from '@geneava/core/image';
import { similarityAffine, warpAffine } from '@geneava/core/geometry';
import type { Box, DetectedFace, RgbImage } from '@geneava/core/contracts';
import { ClassicStylizer, type ClassicStylizerOptionsInput } from '@geneava/stylizer-classic';
import { FrameStylizer, NoiseStylizer } from '@geneava/testing';
import { MIN_STYLIZATION_STRENGTH, stylizationStrength } from './strength.js';
import { STRENGTH_METRIC, stylizationStrengthRecord } from './strength-record.js';

interface Photo {
  readonly name: string;
  readonly image: RgbImage;
  /** The face box in the crop (the detector's box on the full photo, shifted by the crop's corner). */
  readonly box: Box;
}

// Face boxes as the embedded detector reports them on the full photos: [x, y, width, height].
const FACES: readonly (readonly [number, readonly [number, number, number, number]])[] = [
  [1, [1467, 227, 208, 206]],
  [2, [1439, 183, 213, 207]],
];
const CROP = 384;

let photos: Photo[];

beforeAll(async () => {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const demo = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  photos = await Promise.all(
    FACES.map(async ([n, [x, y, width, height]]) => {
      const full = await decodeImage(join(demo, `sample${n}.jpg`));
      const left = Math.round(x + width / 2 - CROP / 2);
      const top = Math.round(y + height / 2 - CROP / 2);
      return { name: `sample${n}`, image: crop(full, left, top, CROP, CROP), box: { x: x - left, y: y - top, width, height } };
    }),
  );
}, 60_000);

function crop(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(((top + y) * image.width + left) * 3, ((top + y) * image.width + left + width) * 3), y * width * 3);
  return { width, height, data };
}

async function jpeg(image: RgbImage, quality: number): Promise<RgbImage> {
  return decodeImage(await encodeImage(image, 'jpeg', { quality }));
}

async function blur(image: RgbImage, sigma: number): Promise<RgbImage> {
  const { data, info } = await rawToSharp(image).blur(sigma).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function faceOf(photo: Photo): DetectedFace {
  const { x, y, width: w, height: h } = photo.box;
  return { box: photo.box, score: 1, points5: [[x + 0.3 * w, y + 0.4 * h], [x + 0.7 * w, y + 0.4 * h], [x + 0.5 * w, y + 0.6 * h], [x + 0.35 * w, y + 0.8 * h], [x + 0.65 * w, y + 0.8 * h]] };
}

async function classic(photo: Photo, options: ClassicStylizerOptionsInput): Promise<RgbImage> {
  const result = await new ClassicStylizer(options).stylize({ id: photo.name, image: photo.image, faces: [faceOf(photo)] });
  return result.image;
}

const strengthOf = (photo: Photo, avatar: RgbImage) => stylizationStrength(photo.image, avatar, { realBox: photo.box }).strength;

describe('stylizationStrength on reference transforms', () => {
  it('is exactly 0 for an unchanged photo', () => {
    for (const photo of photos) {
      const result = stylizationStrength(photo.image, { ...photo.image, data: photo.image.data.slice() }, { realBox: photo.box });
      expect(result.strength).toBe(0);
      expect(result.parts).toEqual({ structure: 0, edges: 0, colour: 0, palette: 0 });
    }
  });

  it.each([75, 90])('stays near 0 for JPEG recompression at quality %i', async (quality) => {
    for (const photo of photos) {
      const strength = strengthOf(photo, await jpeg(photo.image, quality));
      expect(strength).toBeGreaterThan(0);
      expect(strength).toBeLessThan(0.05);
    }
  });

  it('is low for a mild Gaussian blur (sigma 1 px), well under the "not stylized" minimum', async () => {
    for (const photo of photos) expect(strengthOf(photo, await blur(photo.image, 1))).toBeLessThan(MIN_STYLIZATION_STRENGTH / 2);
  });

  it('rises with blur: a departure measure, not a quality measure', async () => {
    for (const photo of photos) {
      const mild = strengthOf(photo, await blur(photo.image, 1));
      const heavy = strengthOf(photo, await blur(photo.image, 3));
      expect(heavy).toBeGreaterThan(mild);
    }
  });

  it('puts the classic filter at its defaults above the minimum, and an inverted face near 1', async () => {
    for (const photo of photos) {
      expect(strengthOf(photo, await classic(photo, {}))).toBeGreaterThan(MIN_STYLIZATION_STRENGTH);
      const inverted = { ...photo.image, data: photo.image.data.map((v) => 255 - v) };
      expect(strengthOf(photo, inverted)).toBeGreaterThan(0.9);
    }
  });

  const ladders: readonly [string, readonly ClassicStylizerOptionsInput[]][] = [
    ['fewer quantisation levels', [16, 8, 4, 2].map((levels) => ({ levels, faceLevels: levels }))],
    ['more smoothing passes', [1, 2, 4].map((passes) => ({ smoothingPasses: passes, faceSmoothingPasses: passes }))],
    ['darker edge lines', [0, 0.5, 1].map((edgeStrength) => ({ edgeStrength }))],
  ];
  it.each(ladders)('rises strictly with the classic filter\'s settings: %s', async (_, ladder) => {
    for (const photo of photos) {
      const strengths: number[] = [];
      for (const options of ladder) strengths.push(strengthOf(photo, await classic(photo, options)));
      for (let i = 1; i < strengths.length; i++) expect(strengths[i]).toBeGreaterThan(strengths[i - 1]!);
    }
  }, 60_000);

  it('follows a crop transform: an aligned crop of the unchanged photo is near 0, read without the transform it is not', () => {
    const photo = photos[0]!;
    const { x, y, width } = photo.box;
    // A 160x160 crop, rotated by 12 degrees and scaled down, as a crop stylizer's alignment would make.
    const transform = similarityAffine(0.7, (12 * Math.PI) / 180, [x + width / 2, y + width / 2], [80 - (x + width / 2), 80 - (y + width / 2)]);
    const cropped = warpAffine(photo.image, transform, 160, 160, { border: 'replicate' });
    const followed = stylizationStrength(photo.image, cropped, { realBox: photo.box, transform }).strength;
    const ignored = stylizationStrength(photo.image, cropped, { realBox: photo.box }).strength;
    expect(followed).toBeLessThan(MIN_STYLIZATION_STRENGTH / 2);
    expect(ignored).toBeGreaterThan(0.5);
  });

  it('rejects a face box outside the image with a one-line message', () => {
    const photo = photos[0]!;
    expect(() => stylizationStrength(photo.image, photo.image, { realBox: { x: 1000, y: 1000, width: 10, height: 10 } })).toThrow(
      /^stylization strength: the face maps to less than one pixel of the 384x384 avatar$/,
    );
  });
});

describe('stylizationStrength against gaming (the face left as it was)', () => {
  const probe = async (photo: Photo, stylizer: FrameStylizer | NoiseStylizer) => (await stylizer.stylize({ id: photo.name, image: photo.image, faces: [faceOf(photo)] })).image;

  it('gives a frame drawn along the face box, face untouched, less than the "not stylized" minimum', async () => {
    for (const photo of photos) expect(strengthOf(photo, await probe(photo, new FrameStylizer([255, 0, 255], 0.08)))).toBeLessThan(MIN_STYLIZATION_STRENGTH);
  });

  it.each([
    ['a red cast (+12 levels)', [12, 0, 0]],
    ['a brightness offset (+16 levels)', [16, 16, 16]],
    ['a blue-yellow shift (−10 blue levels)', [0, 0, -10]],
  ] as const)('gives %s over an untouched face less than the minimum', (_, offset) => {
    for (const photo of photos) {
      const cast = { ...photo.image, data: photo.image.data.map((v, i) => Math.max(0, Math.min(255, v + offset[i % 3]!))) };
      expect(strengthOf(photo, cast)).toBeLessThan(MIN_STYLIZATION_STRENGTH);
    }
  });

  it.each([
    ['a contrast increase (x1.3 about the mean level)', (v: number, mean: number) => mean + 1.3 * (v - mean)],
    ['a contrast decrease (x0.75 about the mean level)', (v: number, mean: number) => mean + 0.75 * (v - mean)],
  ] as const)('gives %s over an untouched face less than the minimum', (_, level) => {
    for (const photo of photos) {
      const mean = photo.image.data.reduce((sum, v) => sum + v, 0) / photo.image.data.length;
      const changed = { ...photo.image, data: photo.image.data.map((v) => Math.max(0, Math.min(255, Math.round(level(v, mean))))) };
      expect(strengthOf(photo, changed)).toBeLessThan(MIN_STYLIZATION_STRENGTH);
    }
  });

  it('still counts a greyscale face: no chroma gain explains it away', () => {
    for (const photo of photos) {
      const grey = { ...photo.image, data: photo.image.data.map((_, i, d) => Math.round(0.299 * d[i - (i % 3)]! + 0.587 * d[i - (i % 3) + 1]! + 0.114 * d[i - (i % 3) + 2]!)) };
      expect(strengthOf(photo, grey)).toBeGreaterThan(MIN_STYLIZATION_STRENGTH);
    }
  });

  it('gives a one-pixel checkerboard of ±40 levels less than the minimum', async () => {
    for (const photo of photos) expect(strengthOf(photo, await probe(photo, new NoiseStylizer(40, 'checker')))).toBeLessThan(MIN_STYLIZATION_STRENGTH);
  });

  it('scores fine noise (±20 levels) that leaves the face recognisable below the classic filter at its defaults', async () => {
    for (const photo of photos) {
      const noise = strengthOf(photo, await probe(photo, new NoiseStylizer(20)));
      expect(noise).toBeLessThan(strengthOf(photo, await classic(photo, {})) * 0.75);
    }
  });
});

describe('stylizationStrengthRecord', () => {
  it('measures the largest face, with the parts in its details', async () => {
    const photo = photos[1]!;
    const small: DetectedFace = { box: { x: 10, y: 10, width: 30, height: 30 }, score: 1, points5: faceOf(photo).points5 };
    const avatar = await classic(photo, {});
    const record = stylizationStrengthRecord({ id: 'a', image: photo.image, faces: [small, faceOf(photo)] }, { id: 'a', image: avatar });
    expect(record?.metric).toBe(STRENGTH_METRIC);
    expect(record?.value).toBeCloseTo(strengthOf(photo, avatar), 12);
    expect(record?.details).toMatchObject({ region: 'face' });
    expect(record?.higherIsBetter).toBeUndefined();
  });

  it('measures the whole image when no face is given, and nothing for a face the stylizer says is gone', () => {
    const photo = photos[0]!;
    const same = { id: 'a', image: photo.image };
    expect(stylizationStrengthRecord(same, same)).toMatchObject({ value: 0, details: { region: 'image' } });
    expect(stylizationStrengthRecord({ ...same, faces: [faceOf(photo)] }, same, { faceTransforms: [null] })).toBeUndefined();
  });
});
