/**
 * diffusers' conditioning options end to end on the fixture, each compared with the image the fixture
 * mirror predicts for it and shown to change the image: prompt_2 / negative_prompt_2, clip_skip, the
 * size conditioning (original size, crop, target size, negative ones), guidance_rescale, and the
 * warning for prompts the tokenizers truncate.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSdxlFixture, type SdxlFixture } from '@geneava/testing';
import { expectedImage, maxPixelDifference } from '../../test/expected-fixture-image.js';
import { feedValues, RecordingRuntime } from '../../test/recording-runtime.js';
import { rescaleGuidedNoise } from './guidance.js';
import type { SdxlImageRequest } from './image-request.js';
import { SdxlPipeline, type SdxlOutcome } from './sdxl-pipeline.js';

let root: string;
let fixture: SdxlFixture;
let runtime: RecordingRuntime;
let pipeline: SdxlPipeline;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-conditioning-'));
  fixture = await buildSdxlFixture(join(root, 'fixture'));
  runtime = new RecordingRuntime();
  pipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
});
afterAll(async () => {
  await pipeline.dispose();
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

function request(overrides: Partial<SdxlImageRequest> = {}): SdxlImageRequest {
  return { id: 'img', prompt: 'a photo of a smiling woman', seed: 3, width: fixture.width, height: fixture.height, steps: 4, guidance: 5, ...overrides };
}

async function generate(req: SdxlImageRequest): Promise<Extract<SdxlOutcome, { status: 'ok' }>> {
  for await (const outcome of pipeline.generate([req])) {
    if (outcome.status !== 'ok') throw outcome.error;
    return outcome;
  }
  throw new Error('no outcome');
}

async function expectMirrored(req: SdxlImageRequest, differsFrom: SdxlImageRequest): Promise<Extract<SdxlOutcome, { status: 'ok' }>> {
  const outcome = await generate(req);
  expect(maxPixelDifference(outcome.image, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(1);
  expect(maxPixelDifference(outcome.image, expectedImage(fixture, pipeline, differsFrom))).toBeGreaterThan(3);
  return outcome;
}

describe('prompt_2 and negative_prompt_2', () => {
  it('prompt_2 conditions text_encoder_2 (and the pooled embedding) only', async () => {
    const outcome = await expectMirrored(request({ prompt2: 'an angry old man with a beard' }), request());
    expect(outcome.provenance['prompt2']).toBe('an angry old man with a beard');
  });

  it('negative_prompt_2 conditions the negative rows of text_encoder_2', async () => {
    await expectMirrored(request({ negativePrompt: 'blurry', negativePrompt2: 'a cartoon drawing of a cat' }), request({ negativePrompt: 'blurry' }));
  });

  it('an empty prompt_2 falls back to the prompt, as `prompt_2 or prompt` does', async () => {
    const outcome = await generate(request({ prompt2: '' }));
    expect(maxPixelDifference(outcome.image, (await generate(request())).image)).toBe(0);
  });
});

describe('clip_skip', () => {
  it('reads hidden_states[-(clip_skip + 2)] of both encoders', async () => {
    const outcome = await expectMirrored(request({ clipSkip: 1 }), request());
    expect(outcome.provenance['clipSkip']).toBe(1);
    await expectMirrored(request({ clipSkip: 2 }), request());
  });
});

describe('size conditioning', () => {
  it('feeds original size, crop and target size as [h, w, top, left, h, w], negatives the same by default', async () => {
    const req = request({ originalSize: { width: 2048, height: 1536 }, cropTopLeft: { top: 16, left: 8 }, targetSize: { width: 1024, height: 768 } });
    const before = runtime.runsOf('unet').length;
    await expectMirrored(req, request());
    const timeIds = feedValues(runtime.runsOf('unet')[before]!['time_ids']);
    expect(timeIds).toEqual([1536, 2048, 16, 8, 768, 1024, 1536, 2048, 16, 8, 768, 1024]);
  });

  it('gives the negative rows their own size conditioning when asked (negative_original_size / _target_size)', async () => {
    const req = request({ negativePrompt: 'blurry', negativeOriginalSize: { width: 512, height: 512 }, negativeCropTopLeft: { top: 4, left: 0 }, negativeTargetSize: { width: 1024, height: 1024 } });
    const before = runtime.runsOf('unet').length;
    await expectMirrored(req, request({ negativePrompt: 'blurry' }));
    const timeIds = feedValues(runtime.runsOf('unet')[before]!['time_ids']);
    expect(timeIds).toEqual([512, 512, 4, 0, 1024, 1024, 24, 32, 0, 0, 24, 32]);
  });

  it('refuses half a negative size conditioning and bad sizes', async () => {
    const failures: string[] = [];
    for await (const outcome of pipeline.generate([
      request({ id: 'half', negativeOriginalSize: { width: 512, height: 512 } }),
      request({ id: 'size', originalSize: { width: 0, height: 512 } }),
      request({ id: 'skip', clipSkip: -1 }),
      request({ id: 'rescale', guidanceRescale: 1.5 }),
    ])) {
      if (outcome.status === 'failed') failures.push(outcome.error.message);
    }
    expect(failures).toEqual([
      'half: negative original size and negative target size go together (give both, or neither)',
      'size: original size 0x512 must be positive whole numbers',
      'skip: clip skip -1 must be a whole number of at least 0',
      'rescale: guidance rescale 1.5 must be in 0..1',
    ]);
  });
});

describe('guidance_rescale', () => {
  it('rescales each image to φ·std(text)/std(cfg) + (1 − φ) of itself, with the unbiased std', () => {
    const cfg = Float32Array.of(1, 3, 5, 7, -1, 0, 0, 1);
    const text = Float32Array.of(0, 1, 2, 3, 2, 2, 2, 2);
    const std = (values: number[]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    };
    const factor = 0.7 * (std([0, 1, 2, 3]) / std([1, 3, 5, 7])) + 0.3;
    const out = rescaleGuidedNoise(cfg.slice(), text, 2, [0.7, 0]);
    expect(Array.from(out.slice(0, 4))).toEqual([1, 3, 5, 7].map((v) => Math.fround(v * factor)));
    expect(Array.from(out.slice(4))).toEqual([-1, 0, 0, 1]);
  });

  it('changes the guided image and is recorded', async () => {
    const plain = await generate(request());
    const rescaled = await generate(request({ guidanceRescale: 0.7 }));
    expect(rescaled.provenance['guidanceRescale']).toBe(0.7);
    expect(maxPixelDifference(plain.image, rescaled.image)).toBeGreaterThan(0);
  });
});

describe('prompts over 77 tokens', () => {
  it('are truncated as diffusers does, with a warning naming the text and how much was cut', async () => {
    const long = Array.from({ length: 90 }, (_, i) => (i % 2 ? 'smiling' : 'woman')).join(' ');
    const outcome = await generate(request({ prompt: long, negativePrompt: 'blurry' }));
    expect(outcome.warnings).toEqual(['prompt is 15 token(s) over the 75 text_encoder reads; the end is cut off (as diffusers does)']);
    expect((await generate(request())).warnings).toEqual([]);
  });
});
