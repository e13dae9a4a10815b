import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { API_VERSIONS, type GeneratedFace, type GeneratedImage, type GenerationRequest, type PlanItem } from '@geneava/core/contracts';
import { MemoryLogger } from '@geneava/core/util';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { PluginContext } from '@geneava/core/plugins';
import { buildSdxlFixture, type SdxlFixture } from '@geneava/testing';
import { expectedImage, maxPixelDifference } from '../test/expected-fixture-image.js';
import { SDXL_GENERATOR_VERSION, SdxlGenerator } from './pipeline/sdxl-generator.js';
import { SdxlPipeline } from './pipeline/sdxl-pipeline.js';
import sdxlGeneratorPlugin, { type SdxlGeneratorOptions } from './plugin.js';

const item: PlanItem = {
  id: 'joy-female-white-20s',
  expression: 'joy',
  family: 'joy',
  gender: 'female',
  race: 'white',
  ageGroup: '20s',
  replicate: 0,
  seed: 7,
  prompt: 'a photo of a smiling woman',
};

describe('SDXL generator plugin definition', () => {
  it('declares the generator kind, API version, name, version and the sdxl model kind', () => {
    expect(sdxlGeneratorPlugin).toMatchObject({ $$type: 'geneava/plugin', kind: 'generator', apiVersion: API_VERSIONS.generator, name: 'sdxl' });
    expect(sdxlGeneratorPlugin.version).toBe(SDXL_GENERATOR_VERSION);
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string; geneava?: unknown; exports: Record<string, Record<string, string>> };
    expect(manifest.version).toBe(SDXL_GENERATOR_VERSION);
    expect(manifest.geneava).toEqual({ kind: 'generator', apiVersion: sdxlGeneratorPlugin.apiVersion, entry: './plugin' });
    expect(manifest.exports['./plugin']?.['@geneava/source']).toBe('./src/plugin.ts');
    expect(sdxlGeneratorPlugin.models?.map((kind) => kind.kind)).toEqual(['sdxl']);
  });

  it('validates options strictly and fills defaults', () => {
    const schema = sdxlGeneratorPlugin.optionsSchema!;
    expect(schema.parse({ models: 'sdxl' })).toEqual({ models: 'sdxl', loraScale: 1, loras: [], batchSize: 1, hashModels: true });
    expect(schema.parse({ models: 'sdxl', loras: [{ file: 'a.safetensors' }, { file: 'b.safetensors', scale: 0.5 }] }).loras).toEqual([
      { file: 'a.safetensors', scale: 1 },
      { file: 'b.safetensors', scale: 0.5 },
    ]);
    expect(schema.safeParse({ models: 'sdxl', loras: [{ path: 'a.safetensors' }] }).success).toBe(false);
    const rejected = schema.safeParse({ models: 'sdxl', loraSacle: 2 });
    expect(rejected.success).toBe(false);
    expect(JSON.stringify(rejected.error?.issues)).toContain('loraSacle');
    expect(schema.safeParse({}).success).toBe(false);
  });
});

/** The image of a face that was made; a failed one fails the test with its reason. */
function made(face: GeneratedFace): GeneratedImage {
  if (face.status === 'failed') throw new Error(`expected an image, got a failure: ${face.reason}`);
  return face;
}

describe('SDXL generator plugin at work', () => {
  let root: string;
  let fixture: SdxlFixture;
  const runtime = new OnnxRuntime();
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-plugin-'));
    fixture = await buildSdxlFixture(join(root, 'models', 'sdxl'), { generation: 'old', precision: 'fp32' });
  });
  afterAll(async () => {
    await runtime.dispose();
    await rm(root, { recursive: true, force: true });
  });

  function context(options: Record<string, unknown>): PluginContext<SdxlGeneratorOptions> {
    return {
      options: sdxlGeneratorPlugin.optionsSchema!.parse(options),
      projectRoot: root,
      device: 'cpu',
      onnx: runtime,
      logger: new MemoryLogger(),
    };
  }

  it('creates a Generator that yields one face per request, in order, with provenance', async () => {
    const generator = await sdxlGeneratorPlugin.create(context({ models: relative(root, fixture.dir), batchSize: 2 }));
    expect(generator).toBeInstanceOf(SdxlGenerator);
    expect(generator.apiVersion).toBe(1);
    const requests: GenerationRequest[] = [0, 1, 2].map((i) => ({
      item: { ...item, id: `${item.id}-${i}`, seed: i },
      prompt: i === 1 ? 'an angry man' : item.prompt,
      seed: i,
      width: fixture.width,
      height: fixture.height,
      steps: 4,
      guidance: 5,
      scheduler: 'euler',
    }));
    const faces: GeneratedImage[] = [];
    for await (const face of generator.generate(requests)) faces.push(made(face));
    expect(faces.map((f) => f.request.item.id)).toEqual(requests.map((r) => r.item.id));
    faces.forEach((face, i) => {
      const expected = expectedImage(fixture, (generator as SdxlGenerator).pipeline, { ...requests[i]!, id: requests[i]!.item.id });
      expect(maxPixelDifference(face.image, expected)).toBeLessThanOrEqual(1);
      expect(face.provenance).toMatchObject({ generator: 'sdxl', seed: i, batchSize: i < 2 ? 2 : 1 });
    });
    await generator.dispose?.();
    expect(runtime.openSessionCount).toBe(0);
  });

  it('runs a request with an init image and strength as image-to-image, and releases vae_encoder with the rest', async () => {
    const generator = await sdxlGeneratorPlugin.create(context({ models: fixture.dir, hashModels: false }));
    const initImage = { width: fixture.width, height: fixture.height, data: new Uint8Array(fixture.width * fixture.height * 3).fill(90) };
    const request: GenerationRequest = { item, prompt: item.prompt, seed: 3, width: fixture.width, height: fixture.height, steps: 6, guidance: 5, scheduler: 'default', initImage, strength: 0.5 };
    const faces: GeneratedImage[] = [];
    for await (const face of generator.generate([request])) faces.push(made(face));
    expect(faces[0]!.provenance).toMatchObject({ init: 'image (img2img)', strength: 0.5, stepsRun: 3 });
    await generator.dispose?.();
    expect(runtime.openSessionCount).toBe(0);
  });

  it('reports an image that fails as a failed face, with its reason, and makes the next one', async () => {
    const generator = await sdxlGeneratorPlugin.create(context({ models: fixture.dir, hashModels: false }));
    const good: GenerationRequest = { item: { id: 'good' }, prompt: item.prompt, seed: 1, width: fixture.width, height: fixture.height, steps: 2, guidance: 5, scheduler: 'default' };
    const bad: GenerationRequest = { ...good, item, width: 20 };
    const faces: GeneratedFace[] = [];
    for await (const face of generator.generate([bad, good])) faces.push(face);
    expect(faces.map((face) => [face.request.item.id, face.status])).toEqual([
      ['joy-female-white-20s', 'failed'],
      ['good', 'ok'],
    ]);
    expect(faces[0]).toMatchObject({ status: 'failed', reason: 'joy-female-white-20s: width 20 must be a positive multiple of 8' });
    const made = faces[1]!;
    expect(made.status === 'ok' ? made.image.width : undefined).toBe(fixture.width);
    await generator.dispose?.();
    expect(runtime.openSessionCount).toBe(0);
  });

  it('gives every image the SDXL settings it was built with, and finishes each with a refiner from the hand-off point', async () => {
    const request: GenerationRequest = { item, prompt: item.prompt, seed: 4, width: fixture.width, height: fixture.height, steps: 5, guidance: 5, scheduler: 'default' };
    const base = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
    const refinerPipeline = await SdxlPipeline.load(fixture.dir, { runtime, device: 'cpu', hashModels: false });
    const generator = new SdxlGenerator(base, { imageOptions: { clipSkip: 1 }, refiner: { pipeline: refinerPipeline, start: 0.6 } });
    const faces: GeneratedFace[] = [];
    for await (const face of generator.generate([request])) faces.push(face);
    expect(faces[0]).toMatchObject({ status: 'ok', provenance: { clipSkip: 1, 'refiner.start': 0.6 } });
    await generator.dispose();
    // Both pipelines are released with the generator.
    expect(runtime.openSessionCount).toBe(0);
  });
});
