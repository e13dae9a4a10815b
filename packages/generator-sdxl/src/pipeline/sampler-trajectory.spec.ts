/**
 * End-to-end sampler checks that a perfect denoiser cannot give: the fixture UNet keeps 10% of the
 * noise in (noiseScale 0.9), so every step's UNet input depends on the timesteps (the UNet looks up ᾱ_t
 * at the fed timestep), on steps_offset, on the sigmas and on init_noise_sigma. Each step's input is
 * compared with a float64 replay built from the reference timesteps of the published SDXL config
 * (leading spacing, steps_offset 1) and the formulas of diffusers' schedulers, not from this package's
 * scheduler code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbImage } from '@geneava/core/contracts';
import { alphasCumprod, buildSdxlFixture, conditioningOffset, expectedFixtureImage, expectedLatent, fixtureConditioning, type SdxlFixture } from '@geneava/testing';
import { maxPixelDifference } from '../../test/expected-fixture-image.js';
import { feedValues, RecordingRuntime } from '../../test/recording-runtime.js';
import { gaussian } from '../random/index.js';
import type { SdxlImageRequest } from './image-request.js';
import { SdxlPipeline } from './sdxl-pipeline.js';

const NOISE_SCALE = 0.9;
const STEPS = 4;
let root: string;
let fixture: SdxlFixture;
const ac = alphasCumprod();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-trajectory-'));
  fixture = await buildSdxlFixture(join(root, 'fixture'), { noiseScale: NOISE_SCALE });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Run {
  readonly inputs: number[][];
  readonly timesteps: number[];
  readonly image: RgbImage;
  readonly pipeline: SdxlPipeline;
}

async function run(scheduler: string): Promise<Run> {
  const runtime = new RecordingRuntime();
  const pipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
  const request: SdxlImageRequest = { id: 'img', prompt: 'a smiling woman', seed: 7, width: fixture.width, height: fixture.height, steps: STEPS, guidance: 1, scheduler };
  try {
    let image: RgbImage | undefined;
    for await (const outcome of pipeline.generate([request])) {
      if (outcome.status !== 'ok') throw outcome.error;
      image = outcome.image;
    }
    const runs = runtime.runsOf('unet');
    return { inputs: runs.map((feeds) => feedValues(feeds['sample'])), timesteps: runs.map((feeds) => feedValues(feeds['timestep'])[0]!), image: image!, pipeline };
  } finally {
    await pipeline.dispose();
    await runtime.dispose();
  }
}

/** The fixture UNet's output for the variance-preserving input `input` at timestep t. */
function unet(input: readonly number[], target: Float64Array, t: number): number[] {
  return input.map((x, i) => (NOISE_SCALE * (x - Math.sqrt(ac[t]!) * target[i]!)) / Math.sqrt(1 - ac[t]!));
}

function targetOf(pipeline: SdxlPipeline, prompt: string): Float64Array {
  const { ids, ids2 } = pipeline.tokenIds(prompt);
  const m = conditioningOffset(fixture.weights, fixtureConditioning(fixture.weights, ids, ids2), [fixture.height, fixture.width, 0, 0, fixture.height, fixture.width]);
  return expectedLatent(fixture.weights, m);
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(...actual.map((value, i) => Math.abs(value - expected[i]!)));
  expect(worst).toBeLessThan(tolerance);
}

describe('sampler trajectories against the reference schedules (imperfect denoiser)', () => {
  it('Euler: timesteps 751, 501, 251, 1, the reference sigmas and init_noise_sigma sqrt(σ_max² + 1)', async () => {
    const { inputs, timesteps, image, pipeline } = await run('euler');
    expect(timesteps).toEqual([751, 501, 251, 1]);
    const sigmas = [...timesteps.map((t) => Math.sqrt((1 - ac[t]!) / ac[t]!)), 0];
    // The reference table (numpy float32) of the SDXL config for 4 steps.
    expectClose(sigmas, [4.1167, 1.62369, 0.6984, 0.04131, 0], 1e-4);
    const initNoiseSigma = Math.sqrt(sigmas[0]! ** 2 + 1);
    expect(initNoiseSigma).toBeCloseTo(4.236415, 5);

    const target = targetOf(pipeline, 'a smiling woman');
    let x = Array.from(gaussian(target.length, 7), (n) => n * initNoiseSigma);
    for (let i = 0; i < STEPS; i++) {
      const input = x.map((v) => v / Math.sqrt(sigmas[i]! ** 2 + 1));
      expectClose(inputs[i]!, input, 2e-4);
      const eps = unet(input, target, timesteps[i]!);
      x = x.map((v, k) => v + eps[k]! * (sigmas[i + 1]! - sigmas[i]!));
    }
    expect(maxPixelDifference(image, expectedFixtureImage(fixture.weights, x, fixture.scalingFactor))).toBeLessThanOrEqual(1);
  });

  it('DDIM: the same leading timesteps, unit initial noise, ᾱ_prev of t − 250 and ᾱ_0 at the end', async () => {
    const { inputs, timesteps, image, pipeline } = await run('ddim');
    expect(timesteps).toEqual([751, 501, 251, 1]);
    const target = targetOf(pipeline, 'a smiling woman');
    let x = Array.from(gaussian(target.length, 7));
    for (let i = 0; i < STEPS; i++) {
      expectClose(inputs[i]!, x, 2e-4);
      const t = timesteps[i]!;
      const eps = unet(x, target, t);
      const prevT = t - 1000 / STEPS;
      const aPrev = prevT >= 0 ? ac[prevT]! : ac[0]!;
      x = x.map((v, k) => {
        const x0 = (v - Math.sqrt(1 - ac[t]!) * eps[k]!) / Math.sqrt(ac[t]!);
        return Math.sqrt(aPrev) * x0 + Math.sqrt(1 - aPrev) * eps[k]!;
      });
    }
    expect(maxPixelDifference(image, expectedFixtureImage(fixture.weights, x, fixture.scalingFactor))).toBeLessThanOrEqual(1);
  });

  it('DPM++ 2M: leading spacing on an n+1 grid (801, 601, 401, 201) and the midpoint update', async () => {
    const { inputs, timesteps, image, pipeline } = await run('dpm++2m');
    expect(timesteps).toEqual([801, 601, 401, 201]);
    const target = targetOf(pipeline, 'a smiling woman');
    const sigmas = [...timesteps.map((t) => Math.sqrt((1 - ac[t]!) / ac[t]!)), 0];
    const alphaOf = (s: number) => 1 / Math.sqrt(s * s + 1);
    const lambdaOf = (s: number) => Math.log(alphaOf(s)) - Math.log(s * alphaOf(s));
    let x = Array.from(gaussian(target.length, 7));
    let previousX0: number[] | undefined;
    for (let i = 0; i < STEPS; i++) {
      expectClose(inputs[i]!, x, 2e-4);
      const s0 = sigmas[i]!;
      const s1 = sigmas[i + 1]!;
      const eps = unet(x, target, timesteps[i]!);
      const x0 = x.map((v, k) => (v - s0 * alphaOf(s0) * eps[k]!) / alphaOf(s0));
      if (s1 === 0) {
        x = x0;
        break;
      }
      const h = lambdaOf(s1) - lambdaOf(s0);
      const a = alphaOf(s1) * (Math.exp(-h) - 1);
      const ratio = (s1 * alphaOf(s1)) / (s0 * alphaOf(s0));
      if (!previousX0) x = x.map((v, k) => ratio * v - a * x0[k]!);
      else {
        const r0 = (lambdaOf(s0) - lambdaOf(sigmas[i - 1]!)) / h;
        const prev = previousX0;
        x = x.map((v, k) => ratio * v - a * x0[k]! - 0.5 * a * ((x0[k]! - prev[k]!) / r0));
      }
      previousX0 = x0;
    }
    expect(maxPixelDifference(image, expectedFixtureImage(fixture.weights, x, fixture.scalingFactor))).toBeLessThanOrEqual(1);
  });
});
