import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelContractError, OnnxRuntime, type OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { buildSdxlFixture, type SdxlFixture } from '@geneava/testing';
import { VAE_ENCODER_FILE } from '../models/contracts.js';
import { componentModelFile, SCHEDULER_CONFIG_FILE } from '../models/sdxl-layout.js';
import { readSchedulerConfigFile } from '../schedulers/read-scheduler-config.js';
import { ClipTokenizer } from '../tokenizer/index.js';
import { SdxlComponentError } from './errors.js';
import type { SdxlImageRequest } from './image-request.js';
import type { SdxlComponents } from './sdxl-components.js';
import { SdxlPipeline } from './sdxl-pipeline.js';

let root: string;
let runtime: OnnxRuntime;
let euler: SdxlFixture;
let ddim: SdxlFixture;
let components: SdxlComponents;
const loaded: SdxlPipeline[] = [];

async function schedulerConfigOf(fixture: SdxlFixture): Promise<Readonly<Record<string, unknown>>> {
  const config = await readSchedulerConfigFile(join(fixture.dir, SCHEDULER_CONFIG_FILE));
  if (!config.ok) throw new Error(config.message);
  return config.value;
}

/** The components a user assembles by hand: sessions of their own runtime, tokenizers, a scheduler config. */
async function componentsOf(fixture: SdxlFixture): Promise<SdxlComponents> {
  const open = (component: 'text_encoder' | 'text_encoder_2' | 'unet' | 'vae_decoder'): Promise<OnnxSession> =>
    runtime.createSession(join(fixture.dir, componentModelFile(component)), { device: 'cpu' });
  return {
    tokenizer: await ClipTokenizer.fromFolder(join(fixture.dir, 'tokenizer')),
    tokenizer2: await ClipTokenizer.fromFolder(join(fixture.dir, 'tokenizer_2')),
    textEncoder: await open('text_encoder'),
    textEncoder2: await open('text_encoder_2'),
    unet: await open('unet'),
    vaeDecoder: await open('vae_decoder'),
    vaeEncoder: await runtime.createSession(join(fixture.dir, VAE_ENCODER_FILE), { device: 'cpu' }),
    scheduler: { config: await schedulerConfigOf(fixture) },
    config: { vaeScalingFactor: fixture.scalingFactor },
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-components-'));
  runtime = new OnnxRuntime();
  // Two exports that differ only in scheduler/scheduler_config.json.
  euler = await buildSdxlFixture(join(root, 'euler'));
  ddim = await buildSdxlFixture(join(root, 'ddim'), { scheduler: 'DDIMScheduler' });
  components = await componentsOf(euler);
});
afterAll(async () => {
  await Promise.all(loaded.map((p) => p.dispose()));
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

function request(overrides: Partial<SdxlImageRequest> = {}): SdxlImageRequest {
  return { id: 'img', prompt: 'a photo of a smiling woman', seed: 7, width: euler.width, height: euler.height, steps: 5, guidance: 5, ...overrides };
}

async function images(pipeline: SdxlPipeline, requests: readonly SdxlImageRequest[]): Promise<RgbImage[]> {
  const out: RgbImage[] = [];
  for await (const outcome of pipeline.generate(requests)) {
    if (outcome.status !== 'ok') throw new Error(outcome.error.message);
    out.push(outcome.image);
  }
  return out;
}

async function loadFolder(fixture: SdxlFixture): Promise<SdxlPipeline> {
  const pipeline = await SdxlPipeline.load(fixture.dir, { device: 'cpu', hashModels: false });
  loaded.push(pipeline);
  return pipeline;
}

const twoRequests = () => [request(), request({ id: 'second', seed: 8, prompt: 'a photo of an angry man', negativePrompt: 'blurry' })];

describe('SdxlPipeline built from components', () => {
  it('generates exactly the images of the loaded folder', async () => {
    const pipeline = new SdxlPipeline(components);
    const fromFolder = await images(await loadFolder(euler), twoRequests());
    const fromComponents = await images(pipeline, twoRequests());
    expect(fromComponents.map((i) => i.data)).toEqual(fromFolder.map((i) => i.data));
    expect(pipeline.models).toBeUndefined();
  });

  it('after swapping the scheduler, generates exactly the images of the folder saved with that scheduler', async () => {
    const pipeline = new SdxlPipeline(components);
    const before = await images(pipeline, twoRequests());
    pipeline.scheduler = { config: await schedulerConfigOf(ddim) };
    const swapped = await images(pipeline, twoRequests());
    const fromDdimFolder = await images(await loadFolder(ddim), twoRequests());
    expect(swapped.map((i) => i.data)).toEqual(fromDdimFolder.map((i) => i.data));
    // The fixture's UNet is a perfect denoiser, so samplers differ by little; they must still differ.
    expect(swapped.map((i) => i.data)).not.toEqual(before.map((i) => i.data));
  });

  it('runs a sampler chosen by name from the same config, as a loaded folder does for a request naming it', async () => {
    const pipeline = new SdxlPipeline(components);
    pipeline.scheduler = { config: pipeline.scheduler.config, name: 'dpm++2m' };
    const [byComponent] = await images(pipeline, [request()]);
    const [byRequest] = await images(await loadFolder(euler), [request({ scheduler: 'dpm++2m' })]);
    expect(byComponent!.data).toEqual(byRequest!.data);
    const outcome = (await pipeline.generate([request()]).next()).value;
    expect(outcome?.status === 'ok' && outcome.provenance['scheduler']).toMatch(/DPMSolverMultistepScheduler/);
  });

  it('refuses a scheduler that does not fit, and keeps the one it had', async () => {
    const pipeline = new SdxlPipeline(components);
    const config = pipeline.scheduler.config;
    expect(() => {
      pipeline.scheduler = { config: { ...config, num_train_timesteps: 500 } };
    }).toThrow(/scheduler: has num_train_timesteps 500, but the UNet's scheduler has 1000/);
    expect(() => {
      pipeline.scheduler = { config: { ...config, _class_name: 'HeunDiscreteScheduler' } };
    }).toThrow(SdxlComponentError);
    expect(pipeline.scheduler.config).toBe(config);
  });

  it('checks each component against its role', () => {
    const { textEncoder: _dropped, ...withoutTextEncoder } = components;
    expect(() => new SdxlPipeline(withoutTextEncoder)).toThrow(/component textEncoder: is missing/);
    expect(() => new SdxlPipeline({ ...components, vaeDecoder: components.unet })).toThrow(ModelContractError);
    expect(() => new SdxlPipeline({ ...components, config: { vaeScalingFactor: 0 } })).toThrow(/vaeScalingFactor must be a positive number/);
    expect(() => new SdxlPipeline({ ...components, scheduler: { config: {} } })).toThrow(/component scheduler: .*_class_name/);
  });

  it('leaves the sessions it was given open when disposed, so pipelines can share them', async () => {
    const first = new SdxlPipeline(components);
    await first.dispose();
    const [image] = await images(new SdxlPipeline(components), [request()]);
    expect(image!.width).toBe(euler.width);
  });

  it('says that image-to-image needs a vaeEncoder component when it has none', async () => {
    const { vaeEncoder: _dropped, ...withoutEncoder } = components;
    const pipeline = new SdxlPipeline(withoutEncoder);
    const init = { width: euler.width, height: euler.height, data: new Uint8Array(euler.width * euler.height * 3) };
    const outcome = (await pipeline.generate([request({ initImage: init, strength: 0.5 })]).next()).value;
    expect(outcome?.status === 'failed' && outcome.error.message).toMatch(/needs a vaeEncoder component/);
  });
});
