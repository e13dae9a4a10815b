import type { RgbImage } from '@geneava/core/contracts';
import { createRgbImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import { drawBackground } from '@geneava/testing';
import { descriptorWithFixture, type FixtureSpec } from '../test/fixture-models.js';
import { createOnnxStylizer } from './create.js';
import type { StylizerDescriptorInput } from './descriptor/schema.js';

const onnx = new OnnxRuntime();
afterAll(() => onnx.dispose());

async function stylizerFor(descriptor: Omit<StylizerDescriptorInput, 'id' | 'style' | 'model'>, spec: FixtureSpec) {
  const path = await descriptorWithFixture({ id: 'toy', style: 'toy', model: 'toy.onnx', ...descriptor }, spec);
  return createOnnxStylizer({ descriptor: path, onnx, device: 'cpu' });
}

const flexibleNchw = (op: FixtureSpec['op']): FixtureSpec => ({ inputName: 'x', inputDims: [1, 3, 'h', 'w'], outputName: 'y', outputDims: [1, 3, 'h', 'w'], op });
const bytes = (image: RgbImage) => Array.from(image.data);

describe('OnnxStylizer on whole images', () => {
  const photo = drawBackground(37, 23, 11);

  it('round-trips [-1, 1] NCHW exactly through an identity model, padding to the multiple and cutting it off again', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 8 }, layout: 'NCHW', range: [-1, 1] }, output: { range: [-1, 1], dtype: 'float32' } },
      flexibleNchw({ kind: 'identity' }),
    );
    const result = await stylizer.stylize({ image: photo });
    expect(result).toEqual({ image: { width: 37, height: 23, data: photo.data }, outcome: 'whole-image', facesStylized: 0, faceTransforms: [] });
    expect(result.image.data).not.toBe(photo.data);
    // Given faces stay where they were (the output has the photo's size).
    const face = { box: { x: 2, y: 2, width: 10, height: 10 }, score: 1, points5: [[4, 5], [9, 5], [7, 7], [5, 10], [9, 10]] } as const;
    expect((await stylizer.stylize({ image: photo, faces: [face] })).faceTransforms).toEqual([[1, 0, 0, 0, 1, 0]]);
    await stylizer.dispose();
  });

  it('maps a negating model to 255 − v per channel', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 8 }, layout: 'NCHW', range: [-1, 1] }, output: { range: [-1, 1], dtype: 'float32' } },
      flexibleNchw({ kind: 'negate' }),
    );
    expect(bytes((await stylizer.stylize({ image: photo })).image)).toEqual(Array.from(photo.data, (v) => 255 - v));
    await stylizer.dispose();
  });

  it('feeds BGR NHWC: zeroing tensor channel 0 (blue in BGR) sets the blue of every pixel to 128', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 8 }, layout: 'NHWC', channelOrder: 'BGR', range: [-1, 1] }, output: { range: [-1, 1], dtype: 'float32' } },
      {
        inputName: 'input_photo:0',
        inputDims: ['n', 'h', 'w', 3],
        outputName: 'out:0',
        outputDims: ['n', 'h', 'w', 3],
        op: { kind: 'scale-channels', factors: [0, 1, 1], shape: [1, 1, 1, 3] },
      },
    );
    // Value 0 in [-1, 1] is pixel 127.5, rounded half up to 128.
    expect(bytes((await stylizer.stylize({ image: photo })).image)).toEqual(Array.from(photo.data, (v, i) => (i % 3 === 2 ? 128 : v)));
    await stylizer.dispose();
  });

  it('reads the output in its own channel order: BGR in, RGB out through an identity model swaps R and B', async () => {
    const stylizer = await stylizerFor(
      {
        input: { size: { multipleOf: 8 }, layout: 'NHWC', channelOrder: 'BGR', range: [-1, 1] },
        output: { channelOrder: 'RGB', range: [-1, 1], dtype: 'float32' },
      },
      { inputName: 'x', inputDims: ['n', 'h', 'w', 3], outputName: 'y', outputDims: ['n', 'h', 'w', 3], op: { kind: 'identity' } },
    );
    const swapped = Array.from(photo.data, (_, i) => photo.data[i - (i % 3) + 2 - (i % 3)]);
    expect(bytes((await stylizer.stylize({ image: photo })).image)).toEqual(swapped);
    await stylizer.dispose();
  });

  it('applies a [0, 1] range on the way in and out: 0.5x + 0.25 gives round(p / 2 + 63.75)', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 1 }, layout: 'NCHW', range: [0, 1] }, output: { range: [0, 1], dtype: 'float32' } },
      flexibleNchw({ kind: 'affine', scale: 0.5, shift: 0.25 }),
    );
    const ramp: RgbImage = { width: 256, height: 1, data: Uint8Array.from({ length: 768 }, (_, i) => Math.floor(i / 3)) };
    expect(bytes((await stylizer.stylize({ image: ramp })).image)).toEqual(Array.from(ramp.data, (p) => Math.round(p / 2 + 63.75)));
    await stylizer.dispose();
  });

  it('normalises by mean and std (ImageNet) and undoes it on the output', async () => {
    const imagenet: { mean: [number, number, number]; std: [number, number, number] } = { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] };
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 8 }, layout: 'NCHW', range: imagenet }, output: { range: imagenet, dtype: 'float32' } },
      flexibleNchw({ kind: 'identity' }),
    );
    expect(bytes((await stylizer.stylize({ image: photo })).image)).toEqual(bytes(photo));
    await stylizer.dispose();
  });

  it('runs a DCT-Net-like graph: float32 HWC BGR 0..255 without a batch axis in, uint8 out', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 16 }, layout: 'NHWC', batch: false, channelOrder: 'BGR', range: [0, 255] }, output: { range: [0, 255], dtype: 'uint8' } },
      { inputName: 'input_image', inputDims: ['h', 'w', 3], outputName: 'output_image', outputDims: ['h', 'w', 3], op: { kind: 'cast-uint8' } },
    );
    expect(bytes((await stylizer.stylize({ image: photo })).image)).toEqual(bytes(photo));
    await stylizer.dispose();
  });

  it('feeds uint8 pixels to a uint8 model', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 4 }, layout: 'NHWC', dtype: 'uint8', range: [0, 255] }, output: { range: [0, 255], dtype: 'uint8' } },
      { inputName: 'x', inputDims: [1, 'h', 'w', 3], inputDtype: 'uint8', outputName: 'y', outputDims: [1, 'h', 'w', 3], op: { kind: 'identity' } },
    );
    expect(bytes((await stylizer.stylize({ image: photo })).image)).toEqual(bytes(photo));
    await stylizer.dispose();
  });

  it('letterboxes into a fixed size and returns the photo size; a flat image stays flat through a 2x upscaling model', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { width: 64, height: 64 }, layout: 'NCHW', range: [-1, 1] }, output: { range: [-1, 1], dtype: 'float32' } },
      { inputName: 'x', inputDims: [1, 3, 64, 64], outputName: 'y', outputDims: [1, 3, 128, 128], op: { kind: 'upscale2-nchw' } },
    );
    const flat = createRgbImage(50, 30, [200, 40, 90]);
    const result = await stylizer.stylize({ image: flat });
    expect([result.image.width, result.image.height]).toEqual([50, 30]);
    // The white letterbox bars are cut off before resizing back, so no white reaches the result.
    expect(bytes(result.image)).toEqual(bytes(flat));
    await stylizer.dispose();
  });

  it('rejects a malformed image naming the stylizer and the item, and honours an aborted signal', async () => {
    const stylizer = await stylizerFor(
      { input: { size: { multipleOf: 8 }, layout: 'NCHW', range: [-1, 1] }, output: { range: [-1, 1], dtype: 'float32' } },
      flexibleNchw({ kind: 'identity' }),
    );
    await expect(stylizer.stylize({ id: 'a.png', image: { width: 2, height: 2, data: new Uint8Array(5) } })).rejects.toThrow(
      'toy: image "a.png": image data has 5 bytes, expected 2x2x3 = 12',
    );
    const controller = new AbortController();
    controller.abort();
    await expect(stylizer.stylize({ image: photo }, { signal: controller.signal })).rejects.toThrow(/abort/i);
    await stylizer.dispose();
  });
});
