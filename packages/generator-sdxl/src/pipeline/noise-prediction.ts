/**
 * The UNet's `out_sample` as the noise the scheduler steps with: with guidance, each image's
 * uncond + g·(cond − uncond), read straight from float32 or float16 output into one buffer reused for
 * every step; without, the float32 output itself (or its float16 bits converted into that buffer).
 */
import { GeneavaError } from '@geneava/core/util';
import type { TensorData } from '@geneava/core/onnx';
import { float16ToFloat32Into } from './float16-fast.js';
import { applyGuidanceHalfInto, applyGuidanceInto, rescaleGuidedNoise } from './guidance.js';

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
    /** Per image guidance_rescale φ (with guidance only); all 0 or absent: off. */
    private readonly rescale: readonly number[] = [],
  ) {
    this.buffer = new Float32Array(images * perImage);
    this.rescaling = guidance !== undefined && rescale.some((phi) => phi > 0);
  }

  private readonly rescaling: boolean;
  /** The conditional half of a float16 output as float32, for guidance_rescale. */
  private condFloats: Float32Array | undefined;

  /** The noise prediction for this step; valid until the next call. */
  read(output: TensorData): Float32Array {
    const rows = this.guidance ? 2 * this.images : this.images;
    if (output.data.length !== rows * this.perImage) {
      throw new GeneavaError(`${this.label}: output 'out_sample' has ${output.data.length} values, expected ${rows} × ${this.perImage} (shape [${output.dims.join(', ')}])`, 'sdxl-model');
    }
    const half = this.buffer.length;
    if (output.dtype === 'float16') {
      const bits = output.data as Uint16Array;
      if (!this.guidance) return float16ToFloat32Into(bits, this.buffer);
      applyGuidanceHalfInto(bits, this.images, this.guidance, this.buffer);
      if (!this.rescaling) return this.buffer;
      this.condFloats ??= new Float32Array(half);
      return rescaleGuidedNoise(this.buffer, float16ToFloat32Into(bits.subarray(half), this.condFloats), this.images, this.rescale);
    }
    if (output.dtype !== 'float32') throw new GeneavaError(`${this.label}: output 'out_sample' is ${output.dtype}; expected float32 or float16`, 'sdxl-model');
    const values = output.data as Float32Array;
    if (!this.guidance) return values;
    applyGuidanceInto(values, this.images, this.guidance, this.buffer);
    return this.rescaling ? rescaleGuidedNoise(this.buffer, values.subarray(half), this.images, this.rescale) : this.buffer;
  }
}
