/**
 * Pixels to the VAE's latent distribution (diffusers' vae.encode(image).latent_dist): images are
 * preprocessed as VaeImageProcessor does (/255, then 2x − 1, CHW) and run in one batch. An Optimum
 * `latent_parameters` output holds mean ‖ logvar per image; logvar is clamped to [−30, 20] and
 * std = exp(logvar / 2), as DiagonalGaussianDistribution does. A v1.10-era `latent_sample` output is
 * already a latent: it is taken as the mean with no spread.
 */
import { imagesToTensor } from '@geneava/core/image';
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { vaeEncoderOutput } from '../models/contracts.js';
import { NonFiniteOutputError } from './errors.js';
import { floatFeed } from './model-feeds.js';
import { countNonFinite } from './vae-decode.js';

export interface LatentDistribution {
  /** [images, channels, h, w]. */
  readonly mean: Float32Array;
  /** Same layout; undefined when the encoder returns a sampled latent. */
  readonly std: Float32Array | undefined;
}

export async function encodeImages(vae: OnnxSession, images: readonly RgbImage[], latentChannels: number, requestId: string): Promise<LatentDistribution> {
  const output = vaeEncoderOutput(vae.outputs.map((o) => o.name));
  if (!output) throw new Error(`${vae.label}: has neither a 'latent_parameters' nor a 'latent_sample' output`);
  const pixels = imagesToTensor(images, { layout: 'NCHW', range: [-1, 1] }, 'init images');
  const out = (await vae.run({ sample: floatFeed(pixels.dims, pixels.data) }, [output]))[output]!;
  const values = out.data as Float32Array;
  const bad = countNonFinite(values);
  if (bad > 0) {
    throw new NonFiniteOutputError(vae.label, requestId, bad, "the encoder overflowed; SDXL's VAE needs float32 (or the fp16-fix VAE) in float16 exports");
  }
  if (output === 'latent_sample') return { mean: values, std: undefined };

  const [count, channels, h, w] = out.dims as [number, number, number, number];
  if (channels !== 2 * latentChannels) throw new Error(`${vae.label}: 'latent_parameters' has ${channels} channels, expected ${2 * latentChannels} (mean and logvar)`);
  const plane = latentChannels * h * w;
  const mean = new Float32Array(count * plane);
  const std = new Float32Array(count * plane);
  for (let image = 0; image < count; image++) {
    mean.set(values.subarray(2 * image * plane, (2 * image + 1) * plane), image * plane);
    for (let i = 0; i < plane; i++) {
      const logvar = Math.min(20, Math.max(-30, values[(2 * image + 1) * plane + i]!));
      std[image * plane + i] = Math.exp(0.5 * logvar);
    }
  }
  return { mean, std };
}
