import { float32ArrayToFloat16Bits, type TensorInfo } from '@geneava/core/onnx';
import { applyGuidance, applyGuidanceHalfInto, applyGuidanceInto } from './guidance.js';
import { NoisePrediction } from './noise-prediction.js';
import { UnetSampleInput } from './unet-sample-input.js';

const sampleInfo = (dtype: TensorInfo['dtype']): TensorInfo => ({ name: 'sample', dtype, dims: ['batch_size', 4, 'height', 'width'] });

describe('classifier-free guidance', () => {
  // Batch [uncond_0, uncond_1, cond_0, cond_1], one value per image: noise_i = u_i + g_i (c_i - u_i).
  const output = Float32Array.of(1, 2, 3, 5);

  it('combines each image with its own scale', () => {
    expect(Array.from(applyGuidance(output, 2, [2, 0.5]))).toEqual([5, 3.5]);
  });

  it('writes into a given buffer and returns it', () => {
    const into = new Float32Array(2);
    expect(applyGuidanceInto(output, 2, [2, 0.5], into)).toBe(into);
    expect(Array.from(into)).toEqual([5, 3.5]);
  });

  it('reads float16 bits to the same values', () => {
    const into = new Float32Array(2);
    applyGuidanceHalfInto(float32ArrayToFloat16Bits(output), 2, [2, 0.5], into);
    expect(Array.from(into)).toEqual([5, 3.5]);
  });

  it('refuses an output that does not split into the batch, or a buffer of the wrong size', () => {
    expect(() => applyGuidance(Float32Array.of(1, 2, 3), 1, [5])).toThrow(/3 values does not split into 2 × 1 images/);
    expect(() => applyGuidanceInto(output, 2, [2, 0.5], new Float32Array(3))).toThrow(/holds 3 values, expected 2/);
  });
});

describe('UnetSampleInput', () => {
  const latents = Float32Array.of(1, -2, 0.5, 4);

  it('scales the latents and writes them once per copy of the batch (float32)', () => {
    const input = new UnetSampleInput(sampleInfo('float32'), [2, 4, 1, 1], 2);
    const feed = input.fill(latents, 0.5);
    expect(feed.dtype).toBe('float32');
    expect(feed.dims).toEqual([2, 4, 1, 1]);
    expect(Array.from(feed.data as Float32Array)).toEqual([0.5, -1, 0.25, 2, 0.5, -1, 0.25, 2]);
    // The same buffer every step, refilled.
    expect(input.fill(latents, 1).data).toBe(feed.data);
    expect(Array.from(feed.data as Float32Array)).toEqual([1, -2, 0.5, 4, 1, -2, 0.5, 4]);
  });

  it('gives a float16 UNet the float16 bits of the scaled latents', () => {
    const input = new UnetSampleInput(sampleInfo('float16'), [2, 4, 1, 1], 2);
    const feed = input.fill(latents, 0.1);
    const once = float32ArrayToFloat16Bits(latents.map((v) => v * 0.1));
    expect(feed.dtype).toBe('float16');
    expect(Array.from(feed.data as Uint16Array)).toEqual([...once, ...once]);
    expect(Array.from(input.fill(latents, 1).data as Uint16Array)).toEqual([0x3c00, 0xc000, 0x3800, 0x4400, 0x3c00, 0xc000, 0x3800, 0x4400]);
  });

  it('writes one copy without guidance', () => {
    const input = new UnetSampleInput(sampleInfo('float32'), [1, 4, 1, 1], 1);
    expect(Array.from(input.fill(latents, 2).data as Float32Array)).toEqual([2, -4, 1, 8]);
  });

  it('refuses a non-float input and latents of another size', () => {
    expect(() => new UnetSampleInput(sampleInfo('int64'), [1, 4, 1, 1], 1)).toThrow(/UNet input 'sample' is int64; expected float32 or float16/);
    expect(() => new UnetSampleInput(sampleInfo('float32'), [1, 4, 1, 1], 1).fill(new Float32Array(3), 1)).toThrow(/3 latent values, expected 4/);
  });
});

describe('NoisePrediction', () => {
  const dims = [2, 1, 1, 2];
  const output = Float32Array.of(1, 2, 3, 5);

  it('applies guidance from float32 and float16 output into one reused buffer', () => {
    const prediction = new NoisePrediction('unet', 1, 2, [2]);
    const fromFloats = prediction.read({ dtype: 'float32', dims, data: output });
    expect(Array.from(fromFloats)).toEqual([5, 8]);
    const fromHalves = prediction.read({ dtype: 'float16', dims, data: float32ArrayToFloat16Bits(output) });
    expect(fromHalves).toBe(fromFloats);
    expect(Array.from(fromHalves)).toEqual([5, 8]);
  });

  it('passes float32 output through without guidance and converts float16 output', () => {
    const prediction = new NoisePrediction('unet', 2, 2, undefined);
    expect(prediction.read({ dtype: 'float32', dims, data: output })).toBe(output);
    expect(Array.from(prediction.read({ dtype: 'float16', dims, data: Uint16Array.of(0x3c00, 0xc000, 0x3800, 0x4400) }))).toEqual([1, -2, 0.5, 4]);
  });

  it('names the UNet when its output has the wrong size or type', () => {
    const prediction = new NoisePrediction('unet/model.onnx', 1, 2, [2]);
    expect(() => prediction.read({ dtype: 'float32', dims: [1, 1, 1, 2], data: Float32Array.of(1, 2) })).toThrow(
      /unet\/model\.onnx: output 'out_sample' has 2 values, expected 2 × 2 \(shape \[1, 1, 1, 2\]\)/,
    );
    expect(() => prediction.read({ dtype: 'float64', dims, data: Float64Array.of(1, 2, 3, 5) })).toThrow(/is float64; expected float32 or float16/);
  });
});
