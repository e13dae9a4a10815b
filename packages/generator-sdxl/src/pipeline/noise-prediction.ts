/**
 * The UNet's `out_sample` as the noise the scheduler steps with: with guidance, each image's
 * uncond + g·(cond − uncond), read straight from float32 or float16 output into one buffer reused for
 * every step; without, the float32 output itself (or its float16 bits converted into that buffer).
 */
import { GeneavaError, type TensorData } from '@geneava/core';
import { float16ToFloat32Into } from './float16-fast.js';
import { applyGuidanceHalfInto, applyGuidanceInto } from './guidance.js';

export class NoisePrediction {
  private readonly buffer: Float32Array;

  /**
   * @param guidance the scale of each image, or undefined without guidance (the UNet batch is then
   *   `images` rows instead of 2 × images).
   */
  constructor(
    private readonly label: string,
    private readonly images: number,
    private readonly perImage: number,
    private readonly guidance: readonly number[] | undefined,
  ) {
    this.buffer = new Float32Array(images * perImage);
  }

  /** The noise prediction for this step; valid until the next call. */
  read(output: TensorData): Float32Array {
    const rows = this.guidance ? 2 * this.images : this.images;
    if (output.data.length !== rows * this.perImage) {
      throw new GeneavaError(`${this.label}: output 'out_sample' has ${output.data.length} values, expected ${rows} × ${this.perImage} (shape [${output.dims.join(', ')}])`, 'sdxl-model');
    }
    if (output.dtype === 'float16') {
      const bits = output.data as Uint16Array;
      return this.guidance ? applyGuidanceHalfInto(bits, this.images, this.guidance, this.buffer) : float16ToFloat32Into(bits, this.buffer);
    }
    if (output.dtype !== 'float32') throw new GeneavaError(`${this.label}: output 'out_sample' is ${output.dtype}; expected float32 or float16`, 'sdxl-model');
    const values = output.data as Float32Array;
    return this.guidance ? applyGuidanceInto(values, this.images, this.guidance, this.buffer) : values;
  }
}
