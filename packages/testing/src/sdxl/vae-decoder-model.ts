/**
 * The fixture VAE decoder: latent_sample [B, 4, h, w] → sample [B, 3, 8h, 8w], a 1×1 convolution of the
 * latent channels followed by nearest ×8 upsampling. `overflow` makes it behave like SDXL's VAE in
 * float16: an intermediate value overflows and the output is NaN.
 */
import { OnnxGraphBuilder, type FloatType, type SaveOptions } from '@geneava/core/onnx';
import { LATENT_CHANNELS, type SdxlFixtureWeights } from './fixture-weights.js';

export interface VaeDecoderModelOptions {
  readonly floatType: FloatType;
  readonly weights: SdxlFixtureWeights;
  readonly overflow?: boolean;
  readonly save?: SaveOptions;
}

export async function writeFixtureVaeDecoder(path: string, options: VaeDecoderModelOptions): Promise<void> {
  const { weights } = options;
  const b = new OnnxGraphBuilder({ floatType: options.floatType, opset: 14, producer: 'pytorch' });
  const latent = b.input('latent_sample', 'float', ['batch_size', LATENT_CHANNELS, 'latent_height', 'latent_width']);
  const weight = b.initializer('decoder.conv_out.weight', 'float', [3, LATENT_CHANNELS, 1, 1], weights.vaeWeight);
  const bias = b.initializer('decoder.conv_out.bias', 'float', [3], weights.vaeBias);
  let rgb = b.op.conv(latent, weight, bias, { name: '/decoder/conv_out/Conv', kernelShape: [1, 1] });
  if (options.overflow) {
    // (x·1e30)·1e30 is ±Inf in any float type; Inf − Inf is NaN.
    const huge = b.initializer('decoder.overflow_scale', 'float', [], [1e30]);
    const infinite = b.op.mul(b.op.mul(rgb, huge), huge);
    rgb = b.op.sub(infinite, infinite);
  }
  const image = b.op.resize(rgb, {
    mode: 'nearest',
    scales: [1, 1, 8, 8],
    coordinateTransformationMode: 'asymmetric',
    nearestMode: 'floor',
    output: 'sample',
  });
  b.output(image, 'float', ['batch_size', 3, 'height', 'width']);
  await b.save(path, options.save);
}
