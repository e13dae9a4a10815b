import { createRgbImage } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import { ARCFACE_INPUT } from '../arcface/arcface-contract.js';
import { POSTER_INPUT } from '../poster/poster-contract.js';
import { RETINAFACE_INPUT } from '../retinaface/retinaface-contract.js';
import { SCRFD_INPUT } from '../scrfd/scrfd-contract.js';
import { conventionTensor, emotionTensor } from './model-tensors.js';

/** A 2 x 1 image: pixel 0 is (255, 0, 128), pixel 1 is (10, 20, 30). */
function twoPixels(): RgbImage {
  return { width: 2, height: 1, data: Uint8Array.from([255, 0, 128, 10, 20, 30]) };
}

describe('emotionTensor', () => {
  it('is [N, H, W, 1] of (luma / 255 - 0.5) * 2 with Rec. 601 weights', () => {
    const tensor = emotionTensor([twoPixels()]);
    expect(tensor.dims).toEqual([1, 1, 2, 1]);
    const luma0 = 0.2989 * 255 + 0.587 * 0 + 0.114 * 128;
    const luma1 = 0.2989 * 10 + 0.587 * 20 + 0.114 * 30;
    expect(tensor.data[0]).toBeCloseTo((luma0 / 255 - 0.5) * 2, 6);
    expect(tensor.data[1]).toBeCloseTo((luma1 / 255 - 0.5) * 2, 6);
    expect(emotionTensor([createRgbImage(1, 1)]).data[0]).toBe(-1);
  });
});

describe('conventionTensor', () => {
  it('ArcFace: NCHW, RGB, (x - 127.5) / 127.5', () => {
    const tensor = conventionTensor([twoPixels()], ARCFACE_INPUT);
    expect(tensor.dims).toEqual([1, 3, 1, 2]);
    // Planes R, G, B; two pixels each.
    expect(Array.from(tensor.data)).toEqual([1, -117.5 / 127.5, -1, -107.5 / 127.5, 0.5 / 127.5, -97.5 / 127.5].map(Math.fround));
  });

  it('POSTER: NCHW, RGB, ToTensor then ImageNet mean and std', () => {
    const tensor = conventionTensor([twoPixels()], POSTER_INPUT);
    const expected = [
      (1 - 0.485) / 0.229,
      (10 / 255 - 0.485) / 0.229,
      (0 - 0.456) / 0.224,
      (20 / 255 - 0.456) / 0.224,
      (128 / 255 - 0.406) / 0.225,
      (30 / 255 - 0.406) / 0.225,
    ];
    expected.forEach((value, i) => expect(tensor.data[i]).toBeCloseTo(value, 5));
  });

  it('SCRFD: NCHW, RGB, (x - 127.5) / 128', () => {
    const tensor = conventionTensor([twoPixels()], SCRFD_INPUT);
    expect(tensor.data[0]).toBeCloseTo(127.5 / 128, 7);
    expect(tensor.data[5]).toBeCloseTo((30 - 127.5) / 128, 7);
  });

  it('RetinaFace: NCHW, BGR, minus (104, 117, 123) in B, G, R order', () => {
    const tensor = conventionTensor([twoPixels()], RETINAFACE_INPUT);
    // Plane 0 is blue: 128 - 104 and 30 - 104; plane 2 is red: 255 - 123 and 10 - 123.
    expect(Array.from(tensor.data)).toEqual([24, -74, -117, -97, 132, -113]);
  });

  it('rejects pixel ranges other than 0..255 and 0..1', () => {
    expect(() => conventionTensor([twoPixels()], { ...ARCFACE_INPUT, pixelRange: [-1, 1] })).toThrow(/pixel range/);
  });
});
