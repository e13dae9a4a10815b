import { createRgbImage, getPixel } from '@geneava/core/image';
import type { DetectedFace } from '@geneava/core/contracts';
import { BlurStylizer, FacePaintStylizer, FrameStylizer, NoiseStylizer, UnchangedStylizer } from './index.js';

const face: DetectedFace = { box: { x: 10, y: 10, width: 10, height: 10 }, score: 1, points5: [[12, 13], [18, 13], [15, 15], [13, 18], [17, 18]] };

/** A 40x30 image: left half black, right half white. */
function halves() {
  const image = createRgbImage(40, 30, [0, 0, 0]);
  for (let y = 0; y < 30; y++) for (let x = 20; x < 40; x++) image.data.set([255, 255, 255], (y * 40 + x) * 3);
  return image;
}

describe('probe stylizers', () => {
  it('unchanged: a copy of the photo, faces in place', async () => {
    const image = halves();
    const result = await new UnchangedStylizer().stylize({ image, faces: [face] });
    expect(Buffer.from(result.image.data).equals(Buffer.from(image.data))).toBe(true);
    expect(result.image.data).not.toBe(image.data);
    expect(result.faceTransforms).toEqual([[1, 0, 0, 0, 1, 0]]);
    expect(result.outcome).toBe('whole-image');
  });

  it('blur: flat areas stay, an edge becomes a ramp symmetric about it', async () => {
    const result = await new BlurStylizer(2).stylize({ image: halves() });
    expect(getPixel(result.image, 0, 0)).toEqual([0, 0, 0]);
    expect(getPixel(result.image, 39, 29)).toEqual([255, 255, 255]);
    const row = Array.from({ length: 8 }, (_, i) => getPixel(result.image, 16 + i, 15)[0]);
    for (let i = 1; i < row.length; i++) expect(row[i]).toBeGreaterThanOrEqual(row[i - 1]!);
    expect(row[3]! + row[4]!).toBeCloseTo(255, -1);
    expect(row[3]).toBeGreaterThan(0);
    expect(row[4]).toBeLessThan(255);
    expect(() => new BlurStylizer(0)).toThrow('blur radius must be a positive whole number, got 0');
  });

  it('face paint: the grown face box is one flat colour, the rest untouched, faces reported in place', async () => {
    const image = halves();
    const result = await new FacePaintStylizer([10, 200, 30], 0.1).stylize({ image, faces: [face] });
    // Box 10..20 grown by 1 px on every side: 9..21.
    expect(getPixel(result.image, 9, 9)).toEqual([10, 200, 30]);
    expect(getPixel(result.image, 20, 20)).toEqual([10, 200, 30]);
    expect(getPixel(result.image, 8, 9)).toEqual([0, 0, 0]);
    expect(getPixel(result.image, 21, 15)).toEqual([255, 255, 255]);
    expect(result).toMatchObject({ outcome: 'stylized', facesStylized: 1, faceTransforms: [[1, 0, 0, 0, 1, 0]] });
    expect(await new FacePaintStylizer().stylize({ image })).toMatchObject({ outcome: 'no-face', facesStylized: 0, faceTransforms: [] });
  });

  it('noise: every value moved by at most the amplitude, the same bytes twice; checker alternates by pixel', async () => {
    const image = halves();
    const first = await new NoiseStylizer(20).stylize({ image, faces: [face] });
    const again = await new NoiseStylizer(20).stylize({ image, faces: [face] });
    expect(Buffer.from(first.image.data).equals(Buffer.from(again.image.data))).toBe(true);
    let moved = 0;
    first.image.data.forEach((v, i) => {
      expect(Math.abs(v - image.data[i]!)).toBeLessThanOrEqual(20);
      if (v !== image.data[i]) moved++;
    });
    // Clipped at 0 and 255 on this black-and-white picture, so about half the values move.
    expect(moved).toBeGreaterThan(image.data.length / 4);
    expect(first.faceTransforms).toEqual([[1, 0, 0, 0, 1, 0]]);
    const grey = createRgbImage(4, 2, [100, 100, 100]);
    const checker = await new NoiseStylizer(30, 'checker').stylize({ image: grey });
    expect([0, 1, 2, 3].map((x) => getPixel(checker.image, x, 0)[0])).toEqual([130, 70, 130, 70]);
    expect([0, 1, 2, 3].map((x) => getPixel(checker.image, x, 1)[0])).toEqual([70, 130, 70, 130]);
    expect(() => new NoiseStylizer(0)).toThrow('noise amplitude must be within (0, 255], got 0');
  });

  it('frame: the face box\'s edge is one colour, its inside and the rest untouched', async () => {
    const image = halves();
    const result = await new FrameStylizer([10, 200, 30], 0.2).stylize({ image, faces: [face] });
    // Box 10..20, frame 2 px wide: columns and rows 10-11 and 18-19.
    expect(getPixel(result.image, 10, 15)).toEqual([10, 200, 30]);
    expect(getPixel(result.image, 19, 15)).toEqual([10, 200, 30]);
    expect(getPixel(result.image, 15, 11)).toEqual([10, 200, 30]);
    expect(getPixel(result.image, 12, 12)).toEqual([0, 0, 0]);
    expect(getPixel(result.image, 17, 17)).toEqual([0, 0, 0]);
    expect(getPixel(result.image, 9, 15)).toEqual([0, 0, 0]);
    expect(result).toMatchObject({ outcome: 'stylized', facesStylized: 1, faceTransforms: [[1, 0, 0, 0, 1, 0]] });
    expect(await new FrameStylizer().stylize({ image })).toMatchObject({ outcome: 'no-face', facesStylized: 0, faceTransforms: [] });
  });
});
