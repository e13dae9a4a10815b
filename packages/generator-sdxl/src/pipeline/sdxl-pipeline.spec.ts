import { rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime, type CreateSessionOptions, type OnnxSession, type TensorFeed } from '@geneava/core/onnx';
import type { ProgressEvent } from '@geneava/core/contracts';
import { buildSdxlFixture, DIFFUSERS_DPM_SCHEDULER_CONFIG_TEXT, fixtureLoraModules, mergedMatMulWeight, writeLoraFile, writeSafetensors, type SdxlFixture, type SdxlFixtureOptions } from '@geneava/testing';
import { expectedImage, maxPixelDifference } from '../../test/expected-fixture-image.js';
import { feedValues, RecordingRuntime } from '../../test/recording-runtime.js';
import type { SdxlImageRequest } from './image-request.js';
import { SdxlPipeline, type LoadedSdxlPipeline, type SdxlOutcome } from './sdxl-pipeline.js';

let root: string;
let counter = 0;
const pipelines: SdxlPipeline[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-pipeline-'));
});
afterAll(async () => {
  await Promise.all(pipelines.map((p) => p.dispose()));
  await rm(root, { recursive: true, force: true });
});

async function fixtureWith(options: SdxlFixtureOptions): Promise<SdxlFixture> {
  return buildSdxlFixture(join(root, `fixture-${counter++}`), options);
}

async function load(fixture: SdxlFixture, options: Parameters<typeof SdxlPipeline.load>[1] = {}): Promise<LoadedSdxlPipeline> {
  const pipeline = await SdxlPipeline.load(fixture.dir, { device: 'cpu', ...options });
  pipelines.push(pipeline);
  return pipeline;
}

function request(fixture: SdxlFixture, overrides: Partial<SdxlImageRequest> = {}): SdxlImageRequest {
  return { id: 'img', prompt: 'a photo of a smiling woman', seed: 42, width: fixture.width, height: fixture.height, steps: 6, guidance: 5, ...overrides };
}

async function collect(pipeline: SdxlPipeline, requests: SdxlImageRequest[], options: Parameters<SdxlPipeline['generate']>[1] = {}): Promise<SdxlOutcome[]> {
  const outcomes: SdxlOutcome[] = [];
  for await (const outcome of pipeline.generate(requests, options)) outcomes.push(outcome);
  return outcomes;
}

function okImage(outcome: SdxlOutcome | undefined) {
  if (outcome?.status !== 'ok') throw new Error(`expected an image, got ${outcome?.status === 'failed' ? outcome.error.message : 'nothing'}`);
  return outcome;
}

describe.each([
  ['old', 'fp32', 1],
  ['new', 'fp32', 1],
  ['new', 'fp16', 2],
] as const)('SDXL pipeline on an Optimum %s-generation %s export', (generation, precision, tolerance) => {
  let fixture: SdxlFixture;
  let pipeline: SdxlPipeline;
  beforeAll(async () => {
    fixture = await fixtureWith({ generation, precision });
    pipeline = await load(fixture);
  });

  it('returns the image the perfect-denoiser UNet denoises towards (Euler, guidance 5, zero negative)', async () => {
    const req = request(fixture);
    const [outcome] = await collect(pipeline, [req]);
    const { image, provenance } = okImage(outcome);
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(tolerance);
    expect(provenance).toMatchObject({
      generator: 'sdxl',
      exportGeneration: generation === 'old' ? 'optimum<=1.23' : 'optimum>=1.24',
      precision,
      device: 'cpu',
      seed: 42,
      steps: 6,
      guidance: 5,
      negative: 'zeros (force_zeros_for_empty_prompt)',
      width: 32,
      height: 24,
    });
    expect(provenance['unet/model.onnx.sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(provenance['scheduler']).toMatch(/EulerDiscreteScheduler/);
  });

  it.each(['ddim', 'dpm++2m', 'dpm++2m-karras', 'dpm++2m-sde', 'dpm++2m-sde-karras', 'euler-a', 'euler-karras', 'unipc', 'lcm'])('ends where the %s sampler must with a perfect denoiser', async (scheduler) => {
    const req = request(fixture, { scheduler, steps: 8, prompt: 'an angry man' });
    const { image } = okImage((await collect(pipeline, [req]))[0]);
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(tolerance);
  });
});

describe('SDXL conditioning', () => {
  let fixture: SdxlFixture;
  let pipeline: SdxlPipeline;
  beforeAll(async () => {
    fixture = await fixtureWith({ generation: 'new', precision: 'fp32' });
    pipeline = await load(fixture);
  });

  it('encodes an explicit negative prompt, even "", instead of zeroing it', async () => {
    const zeroed = request(fixture, { id: 'zeroed' });
    const blurry = request(fixture, { id: 'blurry', negativePrompt: 'blurry' });
    const empty = request(fixture, { id: 'empty', negativePrompt: '' });
    const outcomes = await collect(pipeline, [zeroed, blurry, empty], { batchSize: 3 });
    const images = outcomes.map((o) => okImage(o).image);
    expect(okImage(outcomes[1]).provenance['negative']).toBe('encoded');
    [zeroed, blurry, empty].forEach((req, i) => expect(maxPixelDifference(images[i]!, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(1));
    // The three negatives condition differently enough to show in the pixels.
    expect(maxPixelDifference(images[0]!, images[2]!)).toBeGreaterThan(5);
    expect(maxPixelDifference(images[1]!, images[2]!)).toBeGreaterThan(2);
  });

  it('turns guidance off at scale 1 (the UNet sees only the prompt)', async () => {
    const req = request(fixture, { guidance: 1 });
    const { image, provenance } = okImage((await collect(pipeline, [req]))[0]);
    expect(provenance['negative']).toBe('none (no guidance)');
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(1);
  });

  it('encodes "" for an absent negative prompt when force_zeros_for_empty_prompt is false', async () => {
    const other = await fixtureWith({ generation: 'old', precision: 'fp32', forceZerosForEmptyPrompt: false });
    const otherPipeline = await load(other);
    const req = request(other);
    const { image } = okImage((await collect(otherPipeline, [req]))[0]);
    expect(maxPixelDifference(image, expectedImage(other, otherPipeline, req, { forceZerosForEmptyPrompt: false }))).toBeLessThanOrEqual(1);
    expect(maxPixelDifference(image, expectedImage(other, otherPipeline, req))).toBeGreaterThan(5);
  });

  it('feeds the UNet [negatives..., positives...] with zero negatives and one set of time ids per row', async () => {
    const feeds: Record<string, TensorFeed>[] = [];
    class RecordingRuntime extends OnnxRuntime {
      override async createSession(model: string | Uint8Array, options?: CreateSessionOptions): Promise<OnnxSession> {
        const session = await super.createSession(model, options);
        if (!session.label.includes('unet')) return session;
        return {
          label: session.label,
          device: session.device,
          inputs: session.inputs,
          outputs: session.outputs,
          run: (f, fetches, runOptions) => {
            feeds.push(f);
            return session.run(f, fetches, runOptions);
          },
          dispose: () => session.dispose(),
        };
      }
    }
    const runtime = new RecordingRuntime();
    const recorded = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu' });
    await collect(recorded, [request(fixture, { id: 'a', steps: 2 }), request(fixture, { id: 'b', prompt: 'a man', steps: 2 })], { batchSize: 2 });
    await recorded.dispose();
    await runtime.dispose();
    expect(feeds).toHaveLength(2);
    const hidden = feeds[0]!['encoder_hidden_states']!;
    const embeds = feeds[0]!['text_embeds']!;
    expect(hidden.dims).toEqual([4, 77, 2048]);
    const rowSize = 77 * 2048;
    const row = (data: ArrayLike<number>, r: number, size: number) => Array.from(data).slice(r * size, (r + 1) * size);
    const isZero = (values: number[]) => values.every((v) => v === 0);
    expect([0, 1, 2, 3].map((r) => isZero(row(hidden.data as Float32Array, r, rowSize)))).toEqual([true, true, false, false]);
    expect([0, 1, 2, 3].map((r) => isZero(row(embeds.data as Float32Array, r, 1280)))).toEqual([true, true, false, false]);
    expect(Array.from(feeds[0]!['time_ids']!.data as Float32Array)).toEqual([24, 32, 0, 0, 24, 32].flatMap((v) => [v]).concat([24, 32, 0, 0, 24, 32], [24, 32, 0, 0, 24, 32], [24, 32, 0, 0, 24, 32]));
    // The latents are duplicated: uncond and cond halves of the sample are equal.
    const sample = Array.from(feeds[0]!['sample']!.data as Float32Array);
    expect(sample.slice(0, sample.length / 2)).toEqual(sample.slice(sample.length / 2));
    expect(feeds[0]!['timestep']!).toMatchObject({ dtype: 'float32', dims: [] });
  });
});

describe('seeds and batches', () => {
  it('gives each seed the same image batched or not, and different seeds different images', async () => {
    // A denoiser that leaves part of the noise in, so the initial noise (the seed) shows in the image.
    const fixture = await fixtureWith({ generation: 'old', precision: 'fp32', noiseScale: 0.9 });
    const pipeline = await load(fixture);
    const requests = [
      request(fixture, { id: 'a', seed: 1 }),
      request(fixture, { id: 'b', seed: 2, prompt: 'a man', negativePrompt: 'blurry' }),
      request(fixture, { id: 'c', seed: 3, guidance: 7 }),
    ];
    const batched = (await collect(pipeline, requests, { batchSize: 3 })).map((o) => okImage(o).image);
    const single = await Promise.all(requests.map(async (r) => okImage((await collect(pipeline, [r]))[0]).image));
    batched.forEach((image, i) => expect(Buffer.from(image.data).equals(Buffer.from(single[i]!.data))).toBe(true));
    const otherSeed = okImage((await collect(pipeline, [{ ...requests[0]!, seed: 99 }]))[0]).image;
    expect(maxPixelDifference(otherSeed, batched[0]!)).toBeGreaterThan(0);
    const again = okImage((await collect(pipeline, [requests[0]!]))[0]).image;
    expect(Buffer.from(again.data).equals(Buffer.from(batched[0]!.data))).toBe(true);
  });

  it('reports progress per step and per image, and fails bad requests alone', async () => {
    const fixture = await fixtureWith({ generation: 'new', precision: 'fp32' });
    const pipeline = await load(fixture);
    const events: ProgressEvent[] = [];
    const outcomes = await collect(
      pipeline,
      [
        request(fixture, { id: 'one', steps: 3 }),
        request(fixture, { id: 'odd-size', width: 30 }),
        request(fixture, { id: 'bad-scheduler', scheduler: 'heun' }),
        request(fixture, { id: 'two', steps: 3 }),
        request(fixture, { id: 'three', steps: 3 }),
      ],
      { batchSize: 2, onProgress: (event) => events.push(event) },
    );
    expect(outcomes.map((o) => `${o.request.id}:${o.status}`)).toEqual(['one:ok', 'odd-size:failed', 'bad-scheduler:failed', 'two:ok', 'three:ok']);
    const failure = (id: string) => (outcomes.find((o) => o.request.id === id) as { error: Error }).error.message;
    expect(failure('odd-size')).toBe('odd-size: width 30 must be a positive multiple of 8');
    expect(failure('bad-scheduler')).toMatch(/^bad-scheduler: unknown scheduler "heun" \(use euler, euler-karras, euler-a, ddim, dpm\+\+2m/);
    const generate = events.filter((e) => e.task === 'generate');
    expect(generate.map((e) => [e.done, e.total, e.item, e.status])).toEqual([
      [1, 5, 'one', 'ok'],
      [2, 5, 'odd-size', 'failed'],
      [3, 5, 'bad-scheduler', 'failed'],
      [4, 5, 'two', 'ok'],
      [5, 5, 'three', 'ok'],
    ]);
    // Batches: [one], [two, three]; 3 steps each.
    const steps = events.filter((e) => e.task === 'denoise');
    expect(steps.map((e) => [e.done, e.total, e.item])).toEqual([
      [1, 3, 'one'],
      [2, 3, 'one'],
      [3, 3, 'one'],
      [1, 3, 'two'],
      [2, 3, 'two'],
      [3, 3, 'two'],
    ]);
  });
});

describe('sampler options', () => {
  it('DDIM eta adds step noise (recorded in the provenance) and applies to DDIM only', async () => {
    const fixture = await fixtureWith({});
    const pipeline = await load(fixture);
    const plain = okImage((await collect(pipeline, [request(fixture, { scheduler: 'ddim' })]))[0]);
    const noisy = okImage((await collect(pipeline, [request(fixture, { scheduler: 'ddim', eta: 1 })]))[0]);
    expect(noisy.provenance['scheduler']).toMatch(/DDIMScheduler \(.*eta 1\)/);
    expect(maxPixelDifference(plain.image, noisy.image)).toBeGreaterThan(0);
    const [wrong] = await collect(pipeline, [request(fixture, { id: 'euler-eta', eta: 0.5 })]);
    expect((wrong as { error: Error }).error.message).toBe('euler-eta: eta 0.5 applies to the DDIM scheduler only (the scheduler is euler)');
  });

  it('feeds a guidance-distilled UNet (timestep_cond) the guidance embedding and runs it without CFG', async () => {
    const fixture = await fixtureWith({ timestepCond: 8 });
    const runtime = new RecordingRuntime();
    const pipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
    pipelines.push(pipeline);
    const req = request(fixture, { scheduler: 'lcm', steps: 4, guidance: 8.5 });
    const { image, provenance } = okImage((await collect(pipeline, [req]))[0]);
    const runs = runtime.runsOf('unet');
    expect(runs.map((feeds) => feedValues(feeds['timestep'])[0])).toEqual([999, 759, 499, 259]);
    // get_guidance_scale_embedding(w = 7.5, 8), computed with numpy.
    const expected = [-0.8512359, 0.5626783, -0.4352329, 0.6816388, -0.5247832, -0.826676, -0.9003179, 0.7316889];
    const fed = feedValues(runs[0]!['timestep_cond']);
    fed.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 3));
    expect(runs[0]!['sample']!.dims[0]).toBe(1);
    expect(provenance['negative']).toBe('none (no guidance)');
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, { ...req, guidance: 1 }))).toBeLessThanOrEqual(1);
  });
});

describe('scheduler configs as diffusers saves them', () => {
  it('loads a DPM-Solver config with lambda_min_clipped: -Infinity and samples with it', async () => {
    const fixture = await fixtureWith({ scheduler: 'DPMSolverMultistepScheduler', schedulerConfigText: DIFFUSERS_DPM_SCHEDULER_CONFIG_TEXT });
    const pipeline = await load(fixture);
    expect(pipeline.models.settings.schedulerConfig['lambda_min_clipped']).toBe(-Infinity);
    const req = request(fixture, { steps: 5 });
    const { image, provenance } = okImage((await collect(pipeline, [req]))[0]);
    expect(provenance['scheduler']).toMatch(/^DPMSolverMultistepScheduler \(dpmsolver\+\+, order 2, midpoint, leading spacing/);
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(1);
  });
});

describe('VAE and folder problems', () => {
  it('detects NaN from a float16 VAE and gives the fp16-VAE advice', async () => {
    const fixture = await fixtureWith({ generation: 'new', precision: 'fp16', vaeOverflow: true });
    const pipeline = await load(fixture);
    const [outcome] = await collect(pipeline, [request(fixture, { id: 'joy-1', steps: 2 })]);
    expect(outcome?.status).toBe('failed');
    const message = (outcome as { error: Error }).error.message;
    expect(message).toMatch(/vae_decoder\/model\.onnx produced 2304 NaN\/Inf values for image 'joy-1': SDXL's VAE overflows in float16; use the float32 vae_decoder of the export/);
    expect(message).toContain('madebyollin/sdxl-vae-fp16-fix');
  });

  it('reads the scaling factor from vae_decoder/config.json, SDXL default when absent', async () => {
    for (const vaeScalingFactor of [0.2, undefined]) {
      const fixture = await fixtureWith({ generation: 'new', precision: 'fp32', vaeScalingFactor });
      const pipeline = await load(fixture);
      const req = request(fixture, { steps: 4 });
      const { image, provenance } = okImage((await collect(pipeline, [req]))[0]);
      expect(provenance['vaeScalingFactor']).toBe(vaeScalingFactor ?? 0.13025);
      expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req))).toBeLessThanOrEqual(1);
    }
  });

  it('checks the folder before loading any model and reports every problem at once', async () => {
    const fixture = await fixtureWith({ generation: 'new', precision: 'fp32' });
    await rm(join(fixture.dir, 'tokenizer_2', 'merges.txt'));
    await rm(join(fixture.dir, 'unet', 'model.onnx_data'));
    const runtime = new OnnxRuntime();
    await expect(SdxlPipeline.load(fixture.dir, { runtime })).rejects.toThrow(
      /not a usable SDXL export \(2 problems\): tokenizer_2\/merges\.txt: missing .*; unet\/model\.onnx_data: missing: unet\/model\.onnx keeps its weights in this external data file/,
    );
    expect(runtime.openSessionCount).toBe(0);
  });

  it("fails a 'cuda' request with the install advice when this install has no CUDA provider", async () => {
    const runtime = new OnnxRuntime();
    if ((await runtime.availableDevices()).includes('cuda')) return;
    const fixture = await fixtureWith({ generation: 'new', precision: 'fp32' });
    await expect(SdxlPipeline.load(fixture.dir, { runtime, device: 'cuda' })).rejects.toThrow(/CUDA execution provider unavailable .*To enable CUDA: .*ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules\/onnxruntime-node\/script\/install\.js/);
    expect(runtime.openSessionCount).toBe(0);
  });
});

describe('SDXL pipeline with a LoRA', () => {
  it('generates the image of the UNet with the LoRA merged in, and records it', async () => {
    const fixture = await fixtureWith({ generation: 'old', precision: 'fp32' });
    const targets = Object.values(fixture.weights.linears);
    const modules = fixtureLoraModules(targets, 4, 11);
    const file = join(fixture.dir, '..', `lora-${counter++}.safetensors`);
    await writeLoraFile(file, modules, { format: 'kohya', alpha: 2 });
    const pipeline = await load(fixture, { lora: { file, scale: 0.7 } });
    const req = request(fixture);
    const { image, provenance } = okImage((await collect(pipeline, [req]))[0]);
    const merged = new Map(modules.map((m, i) => [m.module, mergedMatMulWeight(targets[i]!, m, 0.7, 2)]));
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req, { weightOverrides: merged }))).toBeLessThanOrEqual(1);
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req))).toBeGreaterThan(5);
    expect(provenance).toMatchObject({ 'lora.format': 'kohya', 'lora.scale': 0.7, 'lora.modules': 4 });
    expect(provenance['lora.sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(pipeline.models.lora?.unmatched).toEqual([]);
  });

  it('applies kohya text-encoder LoRA (lora_te1_, lora_te2_) to the text encoders, stacked with a UNet LoRA of its own scale', async () => {
    const fixture = await fixtureWith({ generation: 'new', precision: 'fp32' });
    const te = join(fixture.dir, '..', `te-${counter++}.safetensors`);
    const teDown = 0.5;
    // Along u itself, so the change reaches the fixture UNet (whose weights follow u) visibly.
    const up1 = Float32Array.from(fixture.weights.textEncoder.u, (v) => v * 8);
    const up2 = Float32Array.from(fixture.weights.textEncoder2.u, (v) => v * 2);
    await writeSafetensors(te, {
      'lora_te1_text_model_encoder_layers_0_mlp_fc2.lora_down.weight': { dtype: 'F32', shape: [1, 1], values: [teDown] },
      'lora_te1_text_model_encoder_layers_0_mlp_fc2.lora_up.weight': { dtype: 'F32', shape: [768, 1], values: up1 },
      'lora_te2_text_model_encoder_layers_0_mlp_fc2.lora_down.weight': { dtype: 'F32', shape: [1, 1], values: [teDown] },
      'lora_te2_text_model_encoder_layers_0_mlp_fc2.lora_up.weight': { dtype: 'F32', shape: [1280, 1], values: up2 },
      'lora_te2_text_model_encoder_layers_0_mlp_fc2.alpha': { dtype: 'F32', shape: [], values: [2] },
    });
    const targets = Object.values(fixture.weights.linears);
    const modules = fixtureLoraModules(targets, 4, 11);
    const unetLora = join(fixture.dir, '..', `unet-${counter++}.safetensors`);
    await writeLoraFile(unetLora, modules, { format: 'kohya', alpha: 2 });
    const pipeline = await load(fixture, { loras: [{ file: te, scale: 0.8 }, { file: unetLora, scale: 0.7 }] });
    expect(pipeline.models.loras.map((l) => [l.applied, l.unmatched])).toEqual([
      [['text_encoder:text_model.encoder.layers.0.mlp.fc2', 'text_encoder_2:text_model.encoder.layers.0.mlp.fc2'], []],
      [modules.map((m) => m.module), []],
    ]);
    const req = request(fixture);
    const { image, provenance } = okImage((await collect(pipeline, [req]))[0]);
    // u' = u + scale · alpha/rank · up · down (alpha 1 = rank for te1, 2 for te2).
    const u = Float32Array.from(fixture.weights.textEncoder.u, (v, k) => v + 0.8 * 1 * up1[k]! * teDown);
    const u2 = Float32Array.from(fixture.weights.textEncoder2.u, (v, k) => v + 0.8 * 2 * up2[k]! * teDown);
    const merged = new Map(modules.map((m, i) => [m.module, mergedMatMulWeight(targets[i]!, m, 0.7, 2)]));
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req, { weightOverrides: merged, u, u2 }))).toBeLessThanOrEqual(1);
    expect(maxPixelDifference(image, expectedImage(fixture, pipeline, req, { weightOverrides: merged }))).toBeGreaterThan(3);
    expect(provenance).toMatchObject({ 'lora.scale': 0.8, 'lora.modules': 2, 'lora2.scale': 0.7, 'lora2.modules': 4 });
  });
});
