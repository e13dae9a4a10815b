/**
 * The fixture VAE encoder: sample [B, 3, 8h, 8w] (pixels in [-1, 1]) → the latent distribution, as
 * Optimum exports it: `latent_parameters` [B, 8, h, w] = mean ‖ logvar of the DiagonalGaussian (Optimum
 * 1.1x and later), or `latent_sample` [B, 4, h, w] (the v1.10 era; taken as the latent itself).
 * The mean is a linear map of each 8×8 block's average colour (one strided 8×8 convolution); logvar is a
 * constant, so the posterior's std is exp(logvar / 2) everywhere. `fixtureVaeEncode` mirrors it.
 */
import type { RgbImage } from '@geneava/core/contracts';
import { OnnxGraphBuilder, type FloatType, type SaveOptions } from '@geneava/core/onnx';
import { LATENT_CHANNELS, type SdxlFixtureWeights } from './fixture-weights.js';

export type VaeEncoderOutput = 'latent_parameters' | 'latent_sample';

export interface VaeEncoderModelOptions {
  readonly floatType: FloatType;
  readonly weights: SdxlFixtureWeights;
  readonly output: VaeEncoderOutput;
  readonly save?: SaveOptions;
}

const BLOCK = 8;

export async function writeFixtureVaeEncoder(path: string, options: VaeEncoderModelOptions): Promise<void> {
  const { weights } = options;
  const withLogvar = options.output === 'latent_parameters';
  const outChannels = withLogvar ? 2 * LATENT_CHANNELS : LATENT_CHANNELS;
  const kernel = new Float32Array(outChannels * 3 * BLOCK * BLOCK);
  for (let c = 0; c < LATENT_CHANNELS; c++) {
    for (let rgb = 0; rgb < 3; rgb++) {
      kernel.fill(weights.vaeEncoderWeight[c * 3 + rgb]! / (BLOCK * BLOCK), (c * 3 + rgb) * BLOCK * BLOCK, (c * 3 + rgb + 1) * BLOCK * BLOCK);
    }
  }
  const bias = new Float32Array(outChannels);
  bias.set(weights.vaeEncoderBias);
  if (withLogvar) bias.fill(weights.vaeEncoderLogvar, LATENT_CHANNELS);

  const b = new OnnxGraphBuilder({ floatType: options.floatType, opset: 14, producer: 'pytorch' });
  const sample = b.input('sample', 'float', ['batch_size', 3, 'height', 'width']);
  const weight = b.initializer('encoder.conv_in.weight', 'float', [outChannels, 3, BLOCK, BLOCK], kernel);
  const biasName = b.initializer('quant_conv.bias', 'float', [outChannels], bias);
  const latent = b.op.conv(sample, weight, biasName, { name: '/encoder/conv_in/Conv', kernelShape: [BLOCK, BLOCK], strides: [BLOCK, BLOCK] });
  const output = b.op.identity(latent, { output: options.output });
  b.output(output, 'float', ['batch_size', outChannels, 'latent_height', 'latent_width']);
  await b.save(path, options.save);
}

/** The encoder's mean [4, h, w] (float64) and logvar for one image, pixels mapped to [-1, 1] as diffusers does. */
export function fixtureVaeEncode(weights: SdxlFixtureWeights, image: RgbImage): { readonly mean: Float64Array; readonly logvar: number } {
  const h = image.height / BLOCK;
  const w = image.width / BLOCK;
  const mean = new Float64Array(LATENT_CHANNELS * h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const average = [0, 0, 0];
      for (let dy = 0; dy < BLOCK; dy++) {
        for (let dx = 0; dx < BLOCK; dx++) {
          const p = ((y * BLOCK + dy) * image.width + x * BLOCK + dx) * 3;
          for (let rgb = 0; rgb < 3; rgb++) average[rgb]! += ((image.data[p + rgb]! / 255) * 2 - 1) / (BLOCK * BLOCK);
        }
      }
      for (let c = 0; c < LATENT_CHANNELS; c++) {
        let value = weights.vaeEncoderBias[c]!;
        for (let rgb = 0; rgb < 3; rgb++) value += weights.vaeEncoderWeight[c * 3 + rgb]! * average[rgb]!;
        mean[(c * h + y) * w + x] = value;
      }
    }
  }
  return { mean, logvar: weights.vaeEncoderLogvar };
}
