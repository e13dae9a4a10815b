/**
 * Latents to pixels: latents / scaling_factor through vae_decoder, one image per run (the old Optimum
 * pipeline decoded one at a time because a batched float16 decode went wrong), then diffusers'
 * postprocessing (x / 2 + 0.5).clamp(0, 1) · 255, rounded. NaN or Inf anywhere is an error: SDXL's VAE
 * overflows in float16 and would otherwise yield a black or garbage image silently.
 */
import { tensorToImage } from '@geneava/core/image';
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { NonFiniteOutputError } from './errors.js';
import { floatFeed } from './model-feeds.js';

const FP16_VAE_ADVICE =
  "SDXL's VAE overflows in float16; use the float32 vae_decoder of the export (an fp16 export's other models can stay fp16), " +
  'or an fp16-fix VAE (madebyollin/sdxl-vae-fp16-fix) exported to ONNX';
const OTHER_VAE_ADVICE = 'the decoder overflowed on these latents; check that vae_decoder belongs to this SDXL export';

export function countNonFinite(values: Float32Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) count++;
  return count;
}

export interface VaeDecodeInput {
  readonly vae: OnnxSession;
  readonly label: string;
  readonly scalingFactor: number;
}

/** Decodes one latent [channels, h, w] of image `requestId`. */
export async function decodeLatent(input: VaeDecodeInput, latent: Float32Array, dims: readonly [number, number, number], requestId: string): Promise<RgbImage> {
  const scaled = new Float32Array(latent.length);
  for (let i = 0; i < latent.length; i++) scaled[i] = latent[i]! / input.scalingFactor;
  const out = await input.vae.run({ latent_sample: floatFeed([1, ...dims], scaled) }, ['sample']);
  const sample = out['sample']!;
  const values = sample.data as Float32Array;
  const bad = countNonFinite(values);
  if (bad > 0) {
    const half = input.vae.inputs.find((i) => i.name === 'latent_sample')?.dtype === 'float16';
    throw new NonFiniteOutputError(input.label, requestId, bad, half ? FP16_VAE_ADVICE : OTHER_VAE_ADVICE);
  }
  return tensorToImage(values, sample.dims, { layout: 'NCHW', range: [-1, 1] });
}
