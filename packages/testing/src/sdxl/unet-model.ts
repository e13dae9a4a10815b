/**
 * The fixture UNet: Optimum's IO contract (sample, timestep, encoder_hidden_states, text_embeds,
 * time_ids → out_sample) around a perfect denoiser.
 *
 * A sampler feeds the UNet the variance-preserving form of its latent: Euler scales x by
 * 1/sqrt(σ²+1) = sqrt(ᾱ_t) (σ² = (1−ᾱ_t)/ᾱ_t), DDIM and DPM++ keep x itself, which is already in that
 * form. So sample = sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε for every scheduler, and the exact noise prediction is
 *   ε = (sample − sqrt(ᾱ_t) · target) / sqrt(1 − ᾱ_t)
 * with ᾱ_t looked up at the fed timestep. A correct sampler then ends on `target` = x0 + m(conditioning),
 * m = bound · tanh(o / bound) of the Linear layers' output o (see fixture-weights.ts).
 * m passes through four Linear layers exported the TorchScript way (anonymous [in, out] MatMul weights,
 * nodes named after the module path), which are what LoRA patching looks for.
 */
import { OnnxGraphBuilder, type FloatType, type SaveOptions } from '@geneava/core/onnx';
import {
  LATENT_CHANNELS,
  OFFSET_BOUND,
  POOLED_DIM,
  type FixtureLinear,
  type SdxlFixtureWeights,
} from './fixture-weights.js';
import { nodePrefixOfModule } from './module-path.js';
import { alphasCumprod } from './noise-schedule.js';

export type SdxlGeneration = 'old' | 'new';

export interface UnetModelOptions {
  /** 'old' (Optimum <= 1.23): timestep int64 [steps]; 'new' (>= 1.24): a float scalar. */
  readonly generation: SdxlGeneration;
  readonly floatType: FloatType;
  readonly weights: SdxlFixtureWeights;
  /**
   * Multiplies the predicted noise (1 = perfect denoiser). Below 1 the result depends on the initial
   * noise, so seeds become visible in the image.
   */
  readonly noiseScale?: number;
  /**
   * Adds the `timestep_cond` input [batch, size] of guidance-distilled UNets (LCM-SDXL). The perfect
   * denoiser does not read it; tests check what the pipeline feeds there.
   */
  readonly timestepCond?: number;
  readonly save?: SaveOptions;
}

function addLinear(b: OnnxGraphBuilder, input: string, linear: FixtureLinear): string {
  return b.op.linear(input, {
    weightName: linear.weightName,
    weight: linear.weight,
    inFeatures: linear.inFeatures,
    outFeatures: linear.outFeatures,
    modulePath: nodePrefixOfModule(linear.module),
    ...(linear.bias ? { bias: linear.bias } : {}),
  });
}

export async function writeFixtureUnet(path: string, options: UnetModelOptions): Promise<void> {
  const { weights } = options;
  const b = new OnnxGraphBuilder({ floatType: options.floatType, opset: 14, producer: 'pytorch' });
  const sample = b.input('sample', 'float', ['batch_size', LATENT_CHANNELS, 'height', 'width']);
  const timestep = options.generation === 'old' ? b.input('timestep', 'int64', ['steps']) : b.input('timestep', 'float', []);
  const hiddenStates = b.input('encoder_hidden_states', 'float', ['batch_size', 'sequence_length', weights.linears.hidden.inFeatures]);
  const textEmbeds = b.input('text_embeds', 'float', ['batch_size', POOLED_DIM]);
  const timeIds = b.input('time_ids', 'float', ['batch_size', weights.linears.timeIds.inFeatures]);
  if (options.timestepCond !== undefined) b.input('timestep_cond', 'float', ['batch_size', options.timestepCond]);

  const cumprod = alphasCumprod();
  const sqrtAlpha = Float32Array.from(cumprod, (a) => Math.sqrt(a));
  const inverseSqrtOneMinus = Float32Array.from(cumprod, (a) => 1 / Math.sqrt(1 - a));
  const index = options.generation === 'old' ? timestep : b.op.cast(timestep, 'int64', { name: '/time_proj/Cast' });
  const alpha = b.op.gather(b.initializer('fixture.sqrt_alphas_cumprod', 'float', [cumprod.length], sqrtAlpha), index);
  const inverseSigma = b.op.gather(b.initializer('fixture.inv_sqrt_one_minus_alphas_cumprod', 'float', [cumprod.length], inverseSqrtOneMinus), index);

  const { linears } = weights;
  const fromHidden = addLinear(b, b.op.reduceMean(hiddenStates, [1], false), linears.hidden);
  const fromPooled = addLinear(b, textEmbeds, linears.pooled);
  const fromTime = addLinear(b, timeIds, linears.timeIds);
  const offset = addLinear(b, b.op.add(b.op.add(fromHidden, fromPooled), fromTime), linears.out);
  // m = bound · tanh(o / bound), in float32 (Tanh has no float16 kernel on every execution provider).
  const bound = b.initializer('fixture.offset_bound', 'float32', [], [OFFSET_BOUND]);
  const bounded = b.op.mul(b.node('Tanh', [b.op.div(b.op.cast(offset, 'float32'), bound)])[0]!, bound);
  const perChannel = b.op.reshape(b.op.cast(bounded, 'float'), [-1, LATENT_CHANNELS, 1, 1]);
  const x0 = b.initializer('fixture.x0', 'float', [1, LATENT_CHANNELS, weights.latentHeight, weights.latentWidth], weights.x0);
  const target = b.op.add(x0, perChannel);

  const residual = b.op.sub(sample, b.op.mul(target, alpha));
  let noise = b.op.mul(residual, inverseSigma);
  if (options.noiseScale !== undefined && options.noiseScale !== 1) {
    noise = b.op.mul(noise, b.initializer('fixture.noise_scale', 'float', [], [options.noiseScale]));
  }
  b.output(b.op.identity(noise, { output: 'out_sample' }), 'float', ['batch_size', LATENT_CHANNELS, 'height', 'width']);
  await b.save(path, options.save);
}
