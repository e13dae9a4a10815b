/**
 * The image the fixture pipeline must produce from a final latent: latents / scaling factor through the
 * fixture VAE (1×1 convolution, nearest ×8), then diffusers' postprocessing
 * ((x / 2 + 0.5).clamp(0, 1) · 255, rounded), as interleaved RGB.
 */
import type { RgbImage } from '@geneava/core/contracts';
import { LATENT_CHANNELS, type SdxlFixtureWeights } from './fixture-weights.js';

export const SDXL_VAE_SCALING_FACTOR = 0.13025;
export const VAE_UPSCALE = 8;

/** The decoded value (≈ -1..1) of each RGB channel at one latent position. */
export function fixtureVaePixel(weights: SdxlFixtureWeights, latent: ArrayLike<number>, y: number, x: number, scalingFactor = SDXL_VAE_SCALING_FACTOR): [number, number, number] {
  const plane = weights.latentHeight * weights.latentWidth;
  const rgb: [number, number, number] = [0, 0, 0];
  for (let channel = 0; channel < 3; channel++) {
    let sum = weights.vaeBias[channel]!;
    for (let j = 0; j < LATENT_CHANNELS; j++) {
      sum += weights.vaeWeight[channel * LATENT_CHANNELS + j]! * (latent[j * plane + y * weights.latentWidth + x]! / scalingFactor);
    }
    rgb[channel] = sum;
  }
  return rgb;
}

function toPixel(value: number): number {
  const clamped = Math.min(1, Math.max(0, value / 2 + 0.5));
  return Math.round(clamped * 255);
}

export function expectedFixtureImage(weights: SdxlFixtureWeights, latent: ArrayLike<number>, scalingFactor = SDXL_VAE_SCALING_FACTOR): RgbImage {
  const width = weights.latentWidth * VAE_UPSCALE;
  const height = weights.latentHeight * VAE_UPSCALE;
  const data = new Uint8Array(width * height * 3);
  for (let ly = 0; ly < weights.latentHeight; ly++) {
    for (let lx = 0; lx < weights.latentWidth; lx++) {
      const pixel = fixtureVaePixel(weights, latent, ly, lx, scalingFactor).map(toPixel);
      for (let dy = 0; dy < VAE_UPSCALE; dy++) {
        for (let dx = 0; dx < VAE_UPSCALE; dx++) {
          const i = ((ly * VAE_UPSCALE + dy) * width + lx * VAE_UPSCALE + dx) * 3;
          data.set(pixel, i);
        }
      }
    }
  }
  return { width, height, data };
}
