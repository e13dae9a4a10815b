/**
 * The SDXL refiner (text_encoder_2 only, 5 time ids ending in an aesthetic score) and the base →
 * refiner hand-off of diffusers' denoising_end / denoising_start, on fixture folders of both kinds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alphasCumprod,
  buildSdxlFixture,
  conditioningOffset,
  expectedFixtureImage,
  expectedLatent,
  fixtureConditioning,
  guidedOffset,
  type SdxlFixture,
} from '@geneava/testing';
import { maxPixelDifference } from '../../test/expected-fixture-image.js';
import { feedValues, RecordingRuntime } from '../../test/recording-runtime.js';
import { checkSdxlFolder } from '../models/check-sdxl-folder.js';
import { denoisingEndIndex, denoisingStartIndex } from './denoising-range.js';
import type { SdxlImageRequest } from './image-request.js';
import { SdxlPipeline, type SdxlOutcome } from './sdxl-pipeline.js';

let root: string;
let base: SdxlFixture;
let refiner: SdxlFixture;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-refiner-'));
  base = await buildSdxlFixture(join(root, 'base'), { noiseScale: 0.9 });
  refiner = await buildSdxlFixture(join(root, 'refiner'), { refiner: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(fixture: SdxlFixture, req: SdxlImageRequest) {
  const runtime = new RecordingRuntime();
  const pipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
  try {
    let outcome: SdxlOutcome | undefined;
    for await (const o of pipeline.generate([req])) outcome = o;
    if (outcome?.status !== 'ok') throw (outcome as { error: Error } | undefined)?.error ?? new Error('no outcome');
    return { outcome, unet: runtime.runsOf('unet'), pipeline };
  } finally {
    await pipeline.dispose();
    await runtime.dispose();
  }
}

function request(fixture: SdxlFixture, overrides: Partial<SdxlImageRequest> = {}): SdxlImageRequest {
  return { id: 'img', prompt: 'a smiling woman', seed: 5, width: fixture.width, height: fixture.height, steps: 10, guidance: 5, ...overrides };
}

/** The refiner fixture's target: x0 + m with CFG over an encoded "" (force_zeros_for_empty_prompt is false). */
function refinerTarget(pipeline: SdxlPipeline, prompt: string, score: number, negativeScore: number): Float64Array {
  const { weights } = refiner;
  const offset = (text: string, aesthetic: number) =>
    conditioningOffset(weights, fixtureConditioning(weights, [], pipeline.tokenIds(text).ids2), [refiner.height, refiner.width, 0, 0, aesthetic]);
  return expectedLatent(weights, guidedOffset(offset('', negativeScore), offset(prompt, score), 5));
}

describe('the SDXL refiner folder', () => {
  it('is recognised by its model_index.json and checked without text_encoder/ and tokenizer/', async () => {
    const report = await checkSdxlFolder(refiner.dir);
    expect(report.problems).toEqual([]);
    expect(report.facts).toMatchObject({ pipeline: 'StableDiffusionXLImg2ImgPipeline', variant: 'refiner (text_encoder_2 only, 5 time ids with an aesthetic score)', force_zeros_for_empty_prompt: 'false' });
  });

  it('conditions on text_encoder_2 alone with [h, w, top, left, aesthetic score] time ids (6 and 2.5 by default)', async () => {
    const { outcome, unet, pipeline } = await run(refiner, request(refiner));
    expect(unet[0]!['encoder_hidden_states']!.dims).toEqual([2, 77, 1280]);
    expect(feedValues(unet[0]!['time_ids'])).toEqual([24, 32, 0, 0, 2.5, 24, 32, 0, 0, 6]);
    expect(outcome.provenance['negative']).toBe('encoded');
    const expected = expectedFixtureImage(refiner.weights, refinerTarget(pipeline, 'a smiling woman', 6, 2.5), refiner.scalingFactor);
    expect(maxPixelDifference(outcome.image, expected)).toBeLessThanOrEqual(1);
  });

  it('reads the prompt, not prompt_2, with its one text encoder (diffusers zips [prompt, prompt_2] with [tokenizer_2])', async () => {
    const plain = await run(refiner, request(refiner));
    const withPrompt2 = await run(refiner, request(refiner, { prompt2: 'an angry old man' }));
    expect(maxPixelDifference(plain.outcome.image, withPrompt2.outcome.image)).toBe(0);
  });

  it('takes other aesthetic scores', async () => {
    const { outcome, unet, pipeline } = await run(refiner, request(refiner, { aestheticScore: 7.5, negativeAestheticScore: 1 }));
    expect(feedValues(unet[0]!['time_ids'])).toEqual([24, 32, 0, 0, 1, 24, 32, 0, 0, 7.5]);
    const expected = expectedFixtureImage(refiner.weights, refinerTarget(pipeline, 'a smiling woman', 7.5, 1), refiner.scalingFactor);
    expect(maxPixelDifference(outcome.image, expected)).toBeLessThanOrEqual(1);
  });
});

describe('denoising_end / denoising_start hand-off', () => {
  it('splits the schedule at int(round(T − f·T)): the base runs t ≥ cutoff, the refiner the rest', () => {
    const timesteps = [901, 801, 701, 601, 501, 401, 301, 201, 101, 1];
    expect(denoisingEndIndex(timesteps, 0, 0.8, 1000)).toBe(8);
    expect(denoisingStartIndex(timesteps, 0.8, 1000)).toBe(8);
    // cutoff 250: the base runs 901..301, the refiner 201, 101, 1.
    expect(denoisingEndIndex(timesteps, 0, 0.75, 1000)).toBe(7);
    expect(denoisingStartIndex(timesteps, 0.75, 1000)).toBe(7);
    expect(denoisingEndIndex(timesteps, 0, 0.5, 1000)).toBe(5);
  });

  it('continues from the base latents as they are, with the rest of the same schedule', async () => {
    const first = await run(base, request(base, { denoisingEnd: 0.8 }));
    expect(first.unet.map((feeds) => feedValues(feeds['timestep'])[0])).toEqual([901, 801, 701, 601, 501, 401, 301, 201]);
    expect(first.outcome.provenance['denoisingEnd']).toBe(0.8);
    const latents = first.outcome.latents;
    expect(latents).toHaveLength(4 * 3 * 4);

    const second = await run(refiner, request(refiner, { denoisingStart: 0.8, initLatents: latents }));
    expect(second.unet.map((feeds) => feedValues(feeds['timestep'])[0])).toEqual([101, 1]);
    // No noise added, no VAE: the refiner's first input is the base latents scaled for σ(101).
    const ac = alphasCumprod()[101]!;
    const sigma = Math.sqrt((1 - ac) / ac);
    const input = feedValues(second.unet[0]!['sample']).slice(0, latents.length);
    input.forEach((value, i) => expect(value).toBeCloseTo(latents[i]! / Math.sqrt(sigma * sigma + 1), 4));
    const expected = expectedFixtureImage(refiner.weights, refinerTarget(second.pipeline, 'a smiling woman', 6, 2.5), refiner.scalingFactor);
    expect(maxPixelDifference(second.outcome.image, expected)).toBeLessThanOrEqual(1);
  });

  it('refuses a start without latents, latents of another size, and a start past the end', async () => {
    const runtime = new RecordingRuntime();
    const pipeline = await SdxlPipeline.load(refiner.dir, { runtime, device: 'cpu', hashModels: false });
    const messages: string[] = [];
    for await (const outcome of pipeline.generate([
      request(refiner, { id: 'no-latents', denoisingStart: 0.8 }),
      request(refiner, { id: 'small', denoisingStart: 0.8, initLatents: new Float32Array(5) }),
      request(refiner, { id: 'order', denoisingStart: 0.8, denoisingEnd: 0.5, initLatents: new Float32Array(48) }),
      request(refiner, { id: 'late', denoisingStart: 0.9999, initLatents: new Float32Array(48) }),
    ])) {
      messages.push(outcome.status === 'failed' ? outcome.error.message : 'ok');
    }
    await pipeline.dispose();
    await runtime.dispose();
    expect(messages).toEqual([
      'no-latents: denoising start and init latents go together (a refiner continues from the latents of a base run stopped at denoising end)',
      'small: init latents hold 5 values, expected 4 × 3 × 4 = 48',
      'order: denoising start 0.8 must be below denoising end 0.5',
      'late: denoising start 0.9999 leaves none of the 10 steps to run',
    ]);
  });
});
