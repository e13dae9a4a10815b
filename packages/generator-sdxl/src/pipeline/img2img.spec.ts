/**
 * Image-to-image against values computed here from diffusers' formulas: the partial schedule
 * (get_timesteps), the VAE posterior sample scaled by scaling_factor, the noise added at the first
 * step's sigma, and an imperfect-denoiser replay of the whole run, so the init image must show.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbImage } from '@geneava/core/contracts';
import {
  alphasCumprod,
  buildSdxlFixture,
  conditioningOffset,
  expectedFixtureImage,
  expectedLatent,
  fixtureConditioning,
  fixtureVaeEncode,
  type SdxlFixture,
  type SdxlFixtureOptions,
} from '@geneava/testing';
import { maxPixelDifference } from '../../test/expected-fixture-image.js';
import { feedValues, RecordingRuntime } from '../../test/recording-runtime.js';
import { GaussianStream } from '../random/index.js';
import { img2imgBeginIndex } from './img2img.js';
import type { SdxlImageRequest } from './image-request.js';
import { SdxlPipeline, type SdxlOutcome } from './sdxl-pipeline.js';

const NOISE_SCALE = 0.9;
const ac = alphasCumprod();
let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-img2img-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function initImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([(x * 8) % 256, (y * 10) % 256, ((x + y) * 5) % 256], (y * width + x) * 3);
  }
  return { width, height, data };
}

interface Recorded {
  readonly outcomes: SdxlOutcome[];
  readonly unetInputs: number[][];
  readonly timesteps: number[];
  readonly encoderInputs: number[][];
  readonly pipeline: SdxlPipeline;
}

async function generate(fixture: SdxlFixture, requests: SdxlImageRequest[]): Promise<Recorded> {
  const runtime = new RecordingRuntime();
  const pipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
  try {
    const outcomes: SdxlOutcome[] = [];
    for await (const outcome of pipeline.generate(requests)) outcomes.push(outcome);
    return {
      outcomes,
      unetInputs: runtime.runsOf('unet').map((feeds) => feedValues(feeds['sample'])),
      timesteps: runtime.runsOf('unet').map((feeds) => feedValues(feeds['timestep'])[0]!),
      encoderInputs: runtime.runsOf('vae_encoder').map((feeds) => feedValues(feeds['sample'])),
      pipeline,
    };
  } finally {
    await pipeline.dispose();
    await runtime.dispose();
  }
}

async function fixtureWith(options: SdxlFixtureOptions = {}): Promise<SdxlFixture> {
  return buildSdxlFixture(join(root, `fixture-${counter++}`), { noiseScale: NOISE_SCALE, ...options });
}

function request(fixture: SdxlFixture, overrides: Partial<SdxlImageRequest> = {}): SdxlImageRequest {
  return { id: 'edit', prompt: 'a smiling woman', seed: 11, width: fixture.width, height: fixture.height, steps: 6, guidance: 1, initImage: initImage(fixture.width, fixture.height), strength: 0.5, ...overrides };
}

const sigmaAt = (t: number) => Math.sqrt((1 - ac[t]!) / ac[t]!);

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  expect(Math.max(...actual.map((value, i) => Math.abs(value - expected[i]!)))).toBeLessThan(tolerance);
}

describe('get_timesteps (strength)', () => {
  it('runs the last int(steps × strength) steps of the full schedule', () => {
    expect(img2imgBeginIndex(6, 0.5)).toBe(3);
    expect(img2imgBeginIndex(30, 0.3)).toBe(21);
    expect(img2imgBeginIndex(10, 0.3)).toBe(7);
    expect(img2imgBeginIndex(4, 0.7)).toBe(2);
    expect(img2imgBeginIndex(4, 1)).toBe(0);
    expect(() => img2imgBeginIndex(3, 0.3)).toThrow('strength 0.3 of 3 steps runs no denoising step (int(steps × strength) is 0); raise the steps or the strength');
    expect(() => img2imgBeginIndex(3, 0)).toThrow('strength 0 must be in (0, 1]');
    expect(() => img2imgBeginIndex(3, 1.5)).toThrow('strength 1.5 must be in (0, 1]');
  });
});

describe('SDXL image-to-image from vae_encoder/', () => {
  it('encodes the image, samples the posterior, scales by scaling_factor and noises it to σ of the first step run (Euler)', async () => {
    const fixture = await fixtureWith();
    const req = request(fixture);
    const { outcomes, unetInputs, timesteps, encoderInputs, pipeline } = await generate(fixture, [req]);
    const outcome = outcomes[0]!;
    if (outcome.status !== 'ok') throw outcome.error;
    // Euler, 6 leading steps: 831, 665, 499, 333, 167, 1; strength 0.5 runs the last 3.
    expect(timesteps).toEqual([333, 167, 1]);
    expect(outcome.provenance).toMatchObject({ init: 'image (img2img)', strength: 0.5, stepsRun: 3 });

    const image = req.initImage!;
    expect(encoderInputs).toHaveLength(1);
    expect(encoderInputs[0]![0]).toBeCloseTo((image.data[0]! / 255) * 2 - 1, 6);
    const { mean, logvar } = fixtureVaeEncode(fixture.weights, image);
    const stream = new GaussianStream(req.seed);
    const posterior = stream.normals(mean.length);
    const noise = stream.normals(mean.length);
    const sigma = sigmaAt(333);
    let x = Array.from(mean, (m, i) => fixture.scalingFactor * (m + Math.exp(logvar / 2) * posterior[i]!) + sigma * noise[i]!);

    // Replay the 3 Euler steps with the fixture UNet (keeps 10% of the noise, so the start shows).
    const { ids, ids2 } = pipeline.tokenIds(req.prompt);
    const m = conditioningOffset(fixture.weights, fixtureConditioning(fixture.weights, ids, ids2), [fixture.height, fixture.width, 0, 0, fixture.height, fixture.width]);
    const target = expectedLatent(fixture.weights, m);
    const sigmas = [...timesteps.map(sigmaAt), 0];
    timesteps.forEach((t, i) => {
      const input = x.map((v) => v / Math.sqrt(sigmas[i]! ** 2 + 1));
      expectClose(unetInputs[i]!, input, 2e-4);
      const eps = input.map((v, k) => (NOISE_SCALE * (v - Math.sqrt(ac[t]!) * target[k]!)) / Math.sqrt(1 - ac[t]!));
      x = x.map((v, k) => v + eps[k]! * (sigmas[i + 1]! - sigmas[i]!));
    });
    expect(maxPixelDifference(outcome.image, expectedFixtureImage(fixture.weights, x, fixture.scalingFactor))).toBeLessThanOrEqual(1);

    // The init image matters beyond rounding: the inverted image gives another result.
    const other = (await generate(fixture, [{ ...req, initImage: { ...image, data: image.data.map((v) => 255 - v) } }])).outcomes[0]!;
    if (other.status !== 'ok') throw other.error;
    expect(maxPixelDifference(other.image, outcome.image)).toBeGreaterThan(1);
  });

  it('takes a v1.10-era latent_sample output as the latent itself (no posterior draw)', async () => {
    const fixture = await fixtureWith({ vaeEncoder: 'latent_sample', generation: 'old' });
    const req = request(fixture, { scheduler: 'ddim', strength: 0.7, steps: 4 });
    const { outcomes, unetInputs, timesteps } = await generate(fixture, [req]);
    expect(outcomes[0]!.status).toBe('ok');
    // DDIM, 4 leading steps 751, 501, 251, 1; int(4 × 0.7) = 2 runs 251 and 1.
    expect(timesteps).toEqual([251, 1]);
    const { mean } = fixtureVaeEncode(fixture.weights, req.initImage!);
    const noise = new GaussianStream(req.seed).normals(mean.length);
    const a = ac[251]!;
    expectClose(unetInputs[0]!, Array.from(mean, (m, i) => Math.sqrt(a) * fixture.scalingFactor * m + Math.sqrt(1 - a) * noise[i]!), 2e-4);
  });

  it('starts DPM++ 2M at the begin index and gives each image of a batch its own init image and seed', async () => {
    const fixture = await fixtureWith();
    const a = request(fixture, { id: 'a', scheduler: 'dpm++2m', steps: 5, strength: 0.6 });
    const b = request(fixture, { id: 'b', scheduler: 'dpm++2m', steps: 5, strength: 0.6, seed: 12, initImage: { ...a.initImage!, data: a.initImage!.data.map((v) => 255 - v) } });
    const runtime = new RecordingRuntime();
    const pipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
    const batched: RgbImage[] = [];
    for await (const outcome of pipeline.generate([a, b], { batchSize: 2 })) {
      if (outcome.status !== 'ok') throw outcome.error;
      batched.push(outcome.image);
    }
    // DPM leading on an n+1 grid for 5 steps: ratio 1000 // 6 = 166, so 831, 665, 499, 333, 167;
    // int(5 × 0.6) = 3 runs from index 2.
    expect(runtime.runsOf('unet').map((feeds) => feedValues(feeds['timestep'])[0])).toEqual([499, 333, 167]);
    await pipeline.dispose();
    await runtime.dispose();
    const single = await generate(fixture, [b]);
    const alone = single.outcomes[0]!;
    if (alone.status !== 'ok') throw alone.error;
    expect(Buffer.from(alone.image.data).equals(Buffer.from(batched[1]!.data))).toBe(true);
  });

  it('fails such requests alone with a clear message', async () => {
    const fixture = await fixtureWith({ vaeEncoder: 'none' });
    const { outcomes } = await generate(fixture, [
      request(fixture, { id: 'no-encoder' }),
      request(fixture, { id: 'strength-only', initImage: undefined }),
      request(fixture, { id: 'wrong-size', initImage: initImage(16, 16) }),
      request(fixture, { id: 'too-weak', steps: 3, strength: 0.3 }),
      request(fixture, { id: 'text', initImage: undefined, strength: undefined }),
    ]);
    const messages = outcomes.map((o) => (o.status === 'failed' ? o.error.message : 'ok'));
    expect(messages[0]).toBe(`no-encoder: image-to-image needs vae_encoder/model.onnx in ${fixture.dir} (export it with optimum-cli, which writes it by default)`);
    expect(messages[1]).toBe('strength-only: strength 0.5 needs an init image (image-to-image)');
    expect(messages[2]).toBe("wrong-size: the init image is 16x16 but the request is 32x24; give the image's own size");
    expect(messages[3]).toBe('too-weak: strength 0.3 of 3 steps runs no denoising step (int(steps × strength) is 0); raise the steps or the strength');
    expect(messages[4]).toBe('ok');
  });
});
