import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratedFace, GenerationRequest } from '@geneava/core/contracts';
import { decodeImage, encodeImage } from '@geneava/core/image';
import { buildPlan, type PlanOptions } from '@geneava/core/plan';
import { describeComponent } from '@geneava/core/provenance';
import { buildDataset, type DatasetBuildOptions } from './build-dataset.js';
import type { CurationSettings } from './curate.js';
import { generatorProvider, sourceProvider, type GenerationSettings } from './image-provider.js';
import { itemFromPhoto } from './enumerate-items.js';
import { itemFromPlan } from './item.js';
import { listSourcePhotos } from './source-photos.js';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { drawFaces, FakeAnalyzer, FakeEvaluator, FakeGenerator, FakeStylizer } from './test-support/fakes.js';

/** The fake generator, with the prompt and seed it was given written into each image's provenance. */
class RecordingGenerator extends FakeGenerator {
  override async *generate(requests: readonly GenerationRequest[]): AsyncIterable<GeneratedFace> {
    for await (const face of super.generate(requests)) {
      if (face.status === 'failed') yield face;
      else yield { ...face, provenance: { ...face.provenance, madeFromPrompt: face.request.prompt, madeFromSeed: face.request.seed } };
    }
  }
}

const planOptions: PlanOptions = { expressions: ['joy', 'anger'], genders: ['female'], races: ['white'], ageGroups: ['20s', '30s'] };
const generation: GenerationSettings = { width: 60, height: 48, steps: 1, guidance: 1, scheduler: 'x', batch: 2 };
const curation: CurationSettings = { identityMinCosine: { fake: 0.5 }, requireRedetection: true, keepWhen: 'all' };

let root: string;
let out: string;
let modelDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-fingerprints-'));
  out = join(root, 'dataset');
  modelDir = join(root, 'model');
  await mkdir(join(modelDir, 'unet'), { recursive: true });
  await writeFile(join(modelDir, 'unet', 'weights.bin'), 'base weights');
  process.env['GENEAVA_HASH_CACHE'] = join(root, 'file-hashes.json');
});
afterEach(async () => {
  delete process.env['GENEAVA_HASH_CACHE'];
  await rm(root, { recursive: true, force: true });
});

/** One run's components and inputs; each test changes one of them between runs. */
interface Setup {
  plan?: PlanOptions;
  generation?: GenerationSettings;
  stylizerOptions?: Record<string, unknown>;
  evaluatorThresholds?: Record<string, number>;
  analyzerVersion?: string;
  /** The analyzer finds no face at all. */
  analyzerBlind?: boolean;
  /** The generator's LoRA option: a file in the test folder and its scale. */
  lora?: { file: string; scale: number };
}

interface Run {
  generator: RecordingGenerator;
  analyzer: FakeAnalyzer;
  a: FakeStylizer;
  b: FakeStylizer;
  evaluator: FakeEvaluator;
  ran: number;
  resumed: number;
  /** Files the build said it was hashing. */
  hashing: string[];
}

async function build(setup: Setup = {}): Promise<Run> {
  const generator = new RecordingGenerator();
  describeComponent(generator, {
    settings: { options: { models: '<file:models>', ...(setup.lora ? { lora: '<file:lora>', loraScale: setup.lora.scale } : {}) } },
    files: { models: modelDir, ...(setup.lora ? { lora: join(root, setup.lora.file) } : {}) },
  });
  const analyzer = new FakeAnalyzer();
  if (setup.analyzerVersion) Object.assign(analyzer, { info: { ...analyzer.info, version: setup.analyzerVersion } });
  if (setup.analyzerBlind) Object.assign(analyzer, { detect: async () => [] });
  const a = new FakeStylizer('a', true);
  describeComponent(a, { settings: { options: setup.stylizerOptions ?? { strength: 1 } } });
  const b = new FakeStylizer('b', true);
  const evaluator = new FakeEvaluator();
  describeComponent(evaluator, { settings: { thresholds: setup.evaluatorThresholds ?? { fake: 0.5 } } });
  const hashing: string[] = [];
  const options: DatasetBuildOptions = {
    out,
    items: buildPlan({ ...planOptions, ...setup.plan }).map(itemFromPlan),
    components: {
      provider: generatorProvider(generator, setup.generation ?? generation),
      analyzer,
      stylizers: [{ name: 'a', stylizer: a }, { name: 'b', stylizer: b }],
      evaluator,
    },
    filter: { margin: 0.05, maxFaceFraction: 0.6 },
    curation,
    card: { title: 'Fingerprints', source: 'fake' },
    onProgress: (event) => event.task === 'hash models' && hashing.push(event.item!),
  };
  const result = await buildDataset(options);
  return { generator, analyzer, a, b, evaluator, ran: result.stages.ran, resumed: result.stages.resumed, hashing };
}

async function metadata(): Promise<MetadataRecord[]> {
  return (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
}

/** Every record describes its image: the prompt and seed that made it, and the pixels that seed draws (the fake's background is seed % 200). */
async function expectRecordsMatchFiles(): Promise<void> {
  for (const record of await metadata()) {
    expect(record.provenance).toMatchObject({ madeFromPrompt: record.prompt, madeFromSeed: record.seed });
    const image = await decodeImage(join(out, record.image!));
    expect(image.data[0]).toBe(record.seed! % 200);
  }
}

describe('stage fingerprints', () => {
  it('redoes nothing when no input changed, and records every stage fingerprint', async () => {
    const first = await build();
    expect(first.hashing).toEqual([join(modelDir, 'unet', 'weights.bin')]);
    const again = await build();
    expect(again.hashing).toEqual([]);
    expect(again.generator.generated).toEqual([]);
    expect(again.analyzer.detections).toBe(0);
    expect([...again.a.stylized, ...again.b.stylized]).toEqual([]);
    expect(again.ran).toBe(0);
    const [record] = await metadata();
    expect(Object.keys(record!.fingerprints!).sort()).toEqual(['evaluate:a', 'evaluate:b', 'faces', 'image', 'stylize:a', 'stylize:b']);
    const journal = (await readFile(join(out, '.geneava', 'journal.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(journal.filter((e) => e.status === 'done').every((e) => /^[0-9a-f]{32}$/.test(e.data.fingerprint))).toBe(true);
  });

  it('remakes every image, and what follows it, when the base seed changes; records claim the seed that made each file', async () => {
    const first = await build();
    const again = await build({ plan: { baseSeed: 12345 } });
    expect(again.generator.generated).toHaveLength(first.generator.generated.length);
    expect(again.a.stylized).toHaveLength(first.a.stylized.length);
    expect(again.evaluator.pairs).toHaveLength(first.evaluator.pairs.length);
    await expectRecordsMatchFiles();
  });

  it('remakes the images when the prompt template changes; records claim the prompt that made each file', async () => {
    await build();
    const again = await build({ plan: { promptTemplate: 'A studio portrait of {article} {age} {race} {gender}, {expression}.' } });
    expect(again.generator.generated).toHaveLength(4);
    await expectRecordsMatchFiles();
    expect((await metadata())[0]!.prompt).toMatch(/^A studio portrait of/);
  });

  it('makes only the items that are new to the plan', async () => {
    await build({ plan: { maxItems: 2 } });
    const again = await build();
    expect(again.generator.generated).toHaveLength(2);
    expect(again.resumed).toBeGreaterThan(0);
    await expectRecordsMatchFiles();
  });

  it('remakes the images when the generation settings or the model weights change, instead of refusing the folder', async () => {
    await build();
    expect((await build({ generation: { ...generation, steps: 2 } })).generator.generated).toHaveLength(4);
    expect((await build({ generation: { ...generation, steps: 2 } })).generator.generated).toHaveLength(0);

    // Another fine-tune with the same file names and sizes.
    await writeFile(join(modelDir, 'unet', 'weights.bin'), 'tuned weights');
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(join(modelDir, 'unet', 'weights.bin'), stamp, stamp);
    const tuned = await build({ generation: { ...generation, steps: 2 } });
    expect(tuned.generator.generated).toHaveLength(4);
    expect(tuned.a.stylized).toHaveLength(tuned.b.stylized.length);
  });

  it.each<[string, Setup]>([
    ['guidance', { generation: { ...generation, guidance: 7 } }],
    ['size', { generation: { ...generation, width: 64 } }],
    ['scheduler', { generation: { ...generation, scheduler: 'y' } }],
    ['negative prompt', { plan: { negativePrompt: 'blurry' } }],
    ['LoRA scale', { lora: { file: 'style.safetensors', scale: 0.5 } }],
  ])('remakes every image when the %s changes, and nothing when it is the same again', async (_input, setup) => {
    await writeFile(join(root, 'style.safetensors'), 'lora');
    await build({ lora: { file: 'style.safetensors', scale: 1 } });
    expect((await build({ lora: { file: 'style.safetensors', scale: 1 }, ...setup })).generator.generated).toHaveLength(4);
    expect((await build({ lora: { file: 'style.safetensors', scale: 1 }, ...setup })).generator.generated).toHaveLength(0);
  });

  it('remakes every image when the LoRA file changes', async () => {
    await writeFile(join(root, 'style.safetensors'), 'lora');
    await build({ lora: { file: 'style.safetensors', scale: 1 } });
    await writeFile(join(root, 'style.safetensors'), 'another lora');
    expect((await build({ lora: { file: 'style.safetensors', scale: 1 } })).generator.generated).toHaveLength(4);
  });

  it("restyles with a stylizer whose options changed, and only that stylizer's avatars and their evaluations", async () => {
    const first = await build();
    const fingerprintsBefore = (await metadata()).map((r) => r.fingerprints!);
    const again = await build({ stylizerOptions: { strength: 2 } });
    expect(again.generator.generated).toEqual([]);
    expect(again.analyzer.detections).toBe(0);
    expect(again.a.stylized).toEqual(first.a.stylized);
    expect(again.b.stylized).toEqual([]);
    expect(again.evaluator.pairs.map((p) => p.id)).toEqual(first.a.stylized);
    const fingerprintsAfter = (await metadata()).map((r) => r.fingerprints!);
    expect(fingerprintsAfter[0]!['stylize:a']).not.toBe(fingerprintsBefore[0]!['stylize:a']);
    expect(fingerprintsAfter[0]!['stylize:b']).toBe(fingerprintsBefore[0]!['stylize:b']);
    expect(fingerprintsAfter[0]!['image']).toBe(fingerprintsBefore[0]!['image']);
  });

  it('re-evaluates every pair, and nothing else, when the evaluator settings change', async () => {
    const first = await build();
    const again = await build({ evaluatorThresholds: { fake: 0.6 } });
    expect(again.generator.generated).toEqual([]);
    expect([...again.a.stylized, ...again.b.stylized]).toEqual([]);
    expect(again.evaluator.pairs).toHaveLength(first.evaluator.pairs.length);
  });

  it('detects faces again, and redoes everything after, when the analyzer changes', async () => {
    const first = await build();
    const again = await build({ analyzerVersion: '2' });
    expect(again.generator.generated).toEqual([]);
    expect(again.analyzer.detections).toBeGreaterThanOrEqual(4);
    expect(again.a.stylized).toEqual(first.a.stylized);
    expect(again.b.stylized).toEqual(first.b.stylized);
  });

  it('keeps no avatar of an earlier image in the records once the faces found now stop the item', async () => {
    await build();
    expect((await metadata()).every((r) => r.avatars['a']!.status === 'ok')).toBe(true);
    const again = await build({ analyzerVersion: '2', analyzerBlind: true });
    expect([...again.a.stylized, ...again.b.stylized]).toEqual([]);
    for (const record of await metadata()) {
      expect(record).toMatchObject({ status: 'dropped', reasons: ['filter: no face detected'], avatars: { a: { status: 'not-run' }, b: { status: 'not-run' } } });
      expect(Object.keys(record.fingerprints!).sort()).toEqual(['faces', 'image']);
    }
  });

  it('takes a source photo again when it was replaced under the same name, and only that one', async () => {
    const photos = join(root, 'photos');
    await mkdir(photos, { recursive: true });
    const face = [{ x: 20, y: 16, width: 20, height: 16 }];
    const writePhoto = async (name: string, background: number) => {
      await writeFile(join(photos, name), await encodeImage(drawFaces(60, 48, face, background), 'png'));
    };
    await writePhoto('one.png', 100);
    await writePhoto('two.png', 110);
    const fromPhotos = async () => {
      const analyzer = new FakeAnalyzer();
      const stylizer = new FakeStylizer('a', true);
      await buildDataset({
        out,
        items: (await listSourcePhotos(photos)).map((photo) => itemFromPhoto(photo)),
        components: { provider: sourceProvider({ dir: photos }), analyzer, stylizers: [{ name: 'a', stylizer }], evaluator: new FakeEvaluator() },
        filter: { margin: 0.05, maxFaceFraction: 0.6 },
        curation,
        card: { title: 'Photos', source: 'photos' },
      });
      return stylizer.stylized;
    };
    expect(await fromPhotos()).toEqual(['one', 'two']);
    expect(await fromPhotos()).toEqual([]);
    await writePhoto('two.png', 130);
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(join(photos, 'two.png'), stamp, stamp);
    expect(await fromPhotos()).toEqual(['two']);
    const two = (await metadata()).find((r) => r.id === 'two')!;
    expect(two.provenance?.['sourceSha256']).toBe(createHash('sha256').update(await readFile(join(photos, 'two.png'))).digest('hex'));
    expect((await decodeImage(join(out, two.image!))).data[0]).toBe(130);
  });
});
