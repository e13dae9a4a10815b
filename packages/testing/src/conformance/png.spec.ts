import { decodeImage } from '@geneava/core/image';
import { encodePng } from './png.js';

describe('encodePng', () => {
  it('writes a greyscale PNG that decodes to equal R, G and B', async () => {
    const png = encodePng(3, 2, 1, Uint8Array.of(0, 100, 255, 7, 8, 9));
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = await decodeImage(png);
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(Array.from(image.data)).toEqual([0, 0, 0, 100, 100, 100, 255, 255, 255, 7, 7, 7, 8, 8, 8, 9, 9, 9]);
  });

  it('writes RGBA that the decoder flattens onto white (opaque pixels kept, transparent ones white)', async () => {
    const image = await decodeImage(encodePng(2, 1, 4, Uint8Array.of(10, 20, 30, 255, 10, 20, 30, 0)));
    expect(Array.from(image.data)).toEqual([10, 20, 30, 255, 255, 255]);
  });

  it('writes RGB unchanged', async () => {
    const pixels = Uint8Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from((await decodeImage(encodePng(1, 2, 3, pixels))).data)).toEqual(Array.from(pixels));
  });

  it('rejects a buffer that does not fit the size', () => {
    expect(() => encodePng(2, 2, 3, new Uint8Array(11))).toThrow('encodePng: 2x2 with 3 channels needs 12 bytes, got 11');
  });
});
