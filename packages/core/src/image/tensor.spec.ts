import type { RgbImage } from '../contracts/image.js';
import { imagesIntoTensor, imagesToTensor, imageToTensor, stackTensors, tensorToImage, tensorToImages } from './tensor.js';
import type { MeanStd, TensorFormat, TensorLayout, ValueRange } from './tensor-format.js';

// 2x2 image: pixels (row-major) p0 = (0, 10, 20), p1 = (255, 128, 1), p2 = (30, 40, 50), p3 = (7, 8, 9).
const small: RgbImage = { width: 2, height: 2, data: Uint8Array.from([0, 10, 20, 255, 128, 1, 30, 40, 50, 7, 8, 9]) };
const f = Math.fround;

/** Every level 0..255 in every channel, in a different order per channel. */
const levels: RgbImage = (() => {
  const data = new Uint8Array(16 * 16 * 3);
  for (let i = 0; i < 256; i++) data.set([i, 255 - i, (i * 7) % 256], i * 3);
  return { width: 16, height: 16, data };
})();

describe('imageToTensor', () => {
  it('NCHW, RGB, 0..255: one plane per channel', () => {
    const t = imageToTensor(small, { layout: 'NCHW' });
    expect(t.dims).toEqual([1, 3, 2, 2]);
    expect(Array.from(t.data)).toEqual([0, 255, 30, 7, 10, 128, 40, 8, 20, 1, 50, 9]);
  });

  it('NHWC, BGR, 0..1: interleaved, blue first, p/255', () => {
    const t = imageToTensor(small, { layout: 'NHWC', channelOrder: 'BGR', range: [0, 1] });
    expect(t.dims).toEqual([1, 2, 2, 3]);
    const expected = [20, 10, 0, 1, 128, 255, 50, 40, 30, 9, 8, 7].map((p) => f(p / 255));
    expect(Array.from(t.data)).toEqual(expected);
  });

  it('HWC, RGB, −1..1: p/127.5 − 1', () => {
    const t = imageToTensor(small, { layout: 'HWC', range: [-1, 1] });
    expect(t.dims).toEqual([2, 2, 3]);
    expect(t.data[0]).toBe(-1);
    expect(t.data[3]).toBe(1);
    expect(Array.from(t.data)).toEqual(Array.from(small.data, (p) => f(p / 127.5 - 1)));
  });

  it('CHW, BGR, with ImageNet mean/std given in RGB order', () => {
    const imagenet: MeanStd = { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] };
    const t = imageToTensor(small, { layout: 'CHW', channelOrder: 'BGR', range: imagenet });
    expect(t.dims).toEqual([3, 2, 2]);
    // Plane 0 is blue: (20 − 103.53)/57.375 for p0.
    expect(t.data[0]).toBe(f((20 - 103.53) / 57.375));
    // Plane 2 is red: (255 − 123.675)/58.395 for p1.
    expect(t.data[9]).toBe(f((255 - 123.675) / 58.395));
  });
});

describe('round trips', () => {
  const layouts: TensorLayout[] = ['NCHW', 'NHWC', 'CHW', 'HWC'];
  const ranges: (ValueRange | MeanStd)[] = [[0, 255], [0, 1], [-1, 1], { mean: 127.5, std: 127.5 }, { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] }];
  for (const layout of layouts) {
    for (const channelOrder of ['RGB', 'BGR'] as const) {
      for (const range of ranges) {
        it(`${layout} ${channelOrder} ${JSON.stringify(range)} returns every level unchanged`, () => {
          const format: TensorFormat = { layout, channelOrder, range };
          const t = imageToTensor(levels, format);
          expect(tensorToImage(t.data, t.dims, format)).toEqual(levels);
        });
      }
    }
  }
});

describe('tensorToImage', () => {
  it('rounds to the nearest level and clamps out-of-range values (NaN reads as 0)', () => {
    const data = Float32Array.from([0.5 / 255, 1.49 / 255, 2.51 / 255, -0.2, 1.7, Number.NaN]);
    const image = tensorToImage(data, [1, 2, 3], { layout: 'HWC', range: [0, 1] });
    expect(Array.from(image.data)).toEqual([1, 1, 3, 0, 255, 0]);
  });

  it('reads uint8 HWC output such as a model that emits bytes', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(tensorToImage(bytes, [1, 2, 3], { layout: 'HWC' }).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(tensorToImage(bytes, [1, 2, 3], { layout: 'HWC', channelOrder: 'BGR' }).data)).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it('checks dims against the layout and the data', () => {
    expect(() => tensorToImage(new Float32Array(12), [1, 4, 1, 3], { layout: 'NCHW' })).toThrow(/4 channels, expected 3/);
    expect(() => tensorToImage(new Float32Array(11), [1, 3, 2, 2], { layout: 'NCHW' })).toThrow(/need 12 values, the data has 11/);
    expect(() => tensorToImage(new Float32Array(12), [3, 2, 2], { layout: 'NCHW' })).toThrow(/do not fit layout NCHW/);
    expect(() => tensorToImage(new Float32Array(12), [1, 3, 2, 2], { layout: 'NCHW' }, 1)).toThrow(/batch index 1/);
  });
});

describe('batches', () => {
  const other: RgbImage = { width: 2, height: 2, data: small.data.map((v) => 255 - v) };

  it('stacks images along N and splits them again', () => {
    const format: TensorFormat = { layout: 'NCHW', range: [0, 1] };
    const batch = imagesToTensor([small, other], format);
    expect(batch.dims).toEqual([2, 3, 2, 2]);
    expect(Array.from(batch.data.subarray(12))).toEqual(Array.from(imageToTensor(other, format).data));
    expect(tensorToImages(batch.data, batch.dims, format)).toEqual([small, other]);
    expect(tensorToImage(batch.data, batch.dims, format, 1)).toEqual(other);
  });

  it('stackTensors concatenates batched tensors', () => {
    const format: TensorFormat = { layout: 'NHWC' };
    const stacked = stackTensors([imageToTensor(small, format), imagesToTensor([other, small], format)], 'NHWC');
    expect(stacked.dims).toEqual([3, 2, 2, 3]);
    expect(stacked).toEqual(imagesToTensor([small, other, small], format));
  });

  it('imagesIntoTensor overwrites a reused buffer with the values imagesToTensor gives', () => {
    const buffer = new Float32Array(2 * 2 * 2 * 3).fill(Number.NaN);
    for (const format of [{ layout: 'NHWC', range: [0, 1] }, { layout: 'NCHW', channelOrder: 'BGR', range: { mean: 127.5, std: 127.5 } }] as TensorFormat[]) {
      const filled = imagesIntoTensor([small, other], format, buffer);
      expect(filled.data).toBe(buffer);
      expect(filled).toEqual(imagesToTensor([small, other], format));
    }
    expect(() => imagesIntoTensor([small], { layout: 'NHWC' }, buffer)).toThrow(/buffer holds 24 values, the batch needs 12/);
  });

  it('refuses mixed sizes, and several images in a layout without N', () => {
    const big: RgbImage = { width: 3, height: 2, data: new Uint8Array(18) };
    expect(() => imagesToTensor([small, big], { layout: 'NCHW' })).toThrow(/image 1 is 3x2, image 0 is 2x2/);
    expect(() => imagesToTensor([small, small], { layout: 'HWC' })).toThrow(/has no batch axis/);
    expect(() => imageToTensor(small, { layout: 'NCHW', range: [1, 1] })).toThrow(/two different finite numbers/);
  });
});
