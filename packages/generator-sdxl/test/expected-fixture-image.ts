/**
 * Test support: the image the fixture folder must give for a request,
 * predicted with @geneava/testing's float64 mirror of the fixture models and this pipeline's own
 * tokenizers (tested on their own). A correct pipeline (conditioning, guidance, sampler, VAE scaling,
 * postprocessing) reproduces it within float rounding.
 */
import type { RgbImage } from '@geneava/core/contracts';
import {
  alphasCumprod,
  conditioningOffset,
  expectedFixtureImage,
  expectedLatent,
  fixtureConditioning,
  guidedOffset,
  zeroConditioning,
  type SdxlFixture,
} from '@geneava/testing';
import { requestedScheduler, sizeConditioning, type SdxlImageRequest } from '../src/pipeline/image-request.js';
import { timeIdsOf } from '../src/pipeline/conditioning.js';
import { gaussian } from '../src/random/index.js';
import { createScheduler, SDXL_BASE_SCHEDULER_CONFIG } from '../src/schedulers/index.js';
import type { SdxlPipeline } from '../src/pipeline/sdxl-pipeline.js';

export interface ExpectationOptions {
  readonly forceZerosForEmptyPrompt?: boolean;
  /** Merged Linear weights ([in, out]) by module path, for a UNet with a LoRA. */
  readonly weightOverrides?: ReadonlyMap<string, ArrayLike<number>>;
  /** The text encoders' u with a text-encoder LoRA merged in. */
  readonly u?: ArrayLike<number>;
  readonly u2?: ArrayLike<number>;
}

export function expectedImage(fixture: SdxlFixture, pipeline: SdxlPipeline, request: SdxlImageRequest, options: ExpectationOptions = {}): RgbImage {
  const { weights } = fixture;
  // clip_skip k reads hidden_states[-(k + 2)] of both encoders.
  const skip = request.clipSkip ?? 0;
  const layers = { textEncoder: 11 - skip, textEncoder2: 31 - skip, ...(options.u ? { u: options.u } : {}), ...(options.u2 ? { u2: options.u2 } : {}) };
  const encode = (text: string, text2: string) => {
    const { ids, ids2 } = pipeline.tokenIds(text, text2);
    return fixtureConditioning(weights, ids, ids2, layers);
  };
  const { size, negativeSize } = sizeConditioning(request);
  const offset = (conditioning: ReturnType<typeof encode>, timeIds: readonly number[]) => conditioningOffset(weights, conditioning, timeIds, options.weightOverrides);
  const cond = offset(encode(request.prompt, request.prompt2 || request.prompt), timeIdsOf(size));
  let m = cond;
  if (request.guidance > 1) {
    const zeroed = request.negativePrompt === undefined && (options.forceZerosForEmptyPrompt ?? true);
    const negative = request.negativePrompt ?? '';
    const uncond = offset(zeroed ? zeroConditioning() : encode(negative, request.negativePrompt2 || negative), timeIdsOf(negativeSize ?? size));
    m = guidedOffset(uncond, cond, request.guidance);
  }
  const target = expectedLatent(weights, m);
  const latent = requestedScheduler(request.scheduler) === 'ddim' ? ddimFinalLatent(target, request) : target;
  return expectedFixtureImage(weights, latent, fixture.scalingFactor);
}

/**
 * DDIM (eta 0) with a perfect denoiser keeps predicting the same noise ε = (x_T − sqrt(ᾱ_T)·x0) / sqrt(1 − ᾱ_T)
 * from its initial sample x_T, and with set_alpha_to_one false its last step lands on
 * sqrt(ᾱ_0)·x0 + sqrt(1 − ᾱ_0)·ε rather than on x0, as diffusers' does.
 */
function ddimFinalLatent(target: Float64Array, request: SdxlImageRequest): Float64Array {
  const cumprod = alphasCumprod();
  const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'ddim' });
  scheduler.setTimesteps(request.steps);
  const first = cumprod[scheduler.timesteps[0]!]!;
  const last = cumprod[0]!;
  const noise = gaussian(target.length, request.seed);
  return target.map((x0, i) => {
    const epsilon = (noise[i]! - Math.sqrt(first) * x0) / Math.sqrt(1 - first);
    return Math.sqrt(last) * x0 + Math.sqrt(1 - last) * epsilon;
  });
}

/** Largest per-channel difference between two images of the same size. */
export function maxPixelDifference(a: RgbImage, b: RgbImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`images differ in size: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
  return worst;
}
