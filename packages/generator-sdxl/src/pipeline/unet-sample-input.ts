/**
 * The UNet's `sample` input, rebuilt in one buffer at every step: the batch's latents times the
 * scheduler's input scale, written twice with guidance (the [uncond, cond] halves see the same
 * latents), in the float type the UNet declares. A float16 UNet gets its bits from here, each value
 * converted once per step instead of a float32 copy of the doubled batch converted at the ONNX boundary.
 */
import { GeneavaError } from '@geneava/core/util';
import type { TensorFeed, TensorInfo } from '@geneava/core/onnx';
import { float32ToFloat16Into } from './float16-fast.js';

export class UnetSampleInput {
  private readonly dims: readonly number[];
  /** Values per copy of the batch: images × channels × height × width. */
  private readonly count: number;
  private readonly floats: Float32Array;
  private readonly halves: Uint16Array | undefined;

  /**
   * @param dims [rows, channels, height, width] of the UNet input; rows = images × copies.
   * @param copies 2 with guidance, else 1.
   */
  constructor(info: TensorInfo, dims: readonly [number, number, number, number], copies: 1 | 2) {
    if (info.dtype !== 'float32' && info.dtype !== 'float16') {
      throw new GeneavaError(`UNet input '${info.name}' is ${info.dtype}; expected float32 or float16`, 'sdxl-model');
    }
    const total = dims[0] * dims[1] * dims[2] * dims[3];
    if (dims[0] % copies !== 0) throw new RangeError(`UNet input: ${dims[0]} rows do not split into ${copies} copies of the batch`);
    this.dims = [...dims];
    this.count = total / copies;
    // float16: the scaled float32 values of one copy, then the bits of every copy.
    this.halves = info.dtype === 'float16' ? new Uint16Array(total) : undefined;
    this.floats = new Float32Array(this.halves ? this.count : total);
  }

  /** The feed for this step: `latents` (one copy of the batch) × `scale`, as many times as there are copies. */
  fill(latents: Float32Array, scale: number): TensorFeed {
    const { count, floats, halves } = this;
    if (latents.length !== count) throw new RangeError(`UNet input: ${latents.length} latent values, expected ${count}`);
    let scaled = floats;
    if (scale === 1 && halves) scaled = latents;
    else if (scale === 1) floats.set(latents);
    else for (let i = 0; i < count; i++) floats[i] = latents[i]! * scale;

    if (halves) {
      float32ToFloat16Into(scaled, halves.subarray(0, count));
      for (let start = count; start < halves.length; start += count) halves.copyWithin(start, 0, count);
      return { dtype: 'float16', dims: this.dims, data: halves };
    }
    for (let start = count; start < floats.length; start += count) floats.copyWithin(start, 0, count);
    return { dtype: 'float32', dims: this.dims, data: floats };
  }
}
