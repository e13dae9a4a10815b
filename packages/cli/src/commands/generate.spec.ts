import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, resizeImage, writeImageAtomic } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import { baseHandOffRequest, refinerHandOffRequest, SdxlPipeline, type SdxlImageRequest } from '@geneava/generator-sdxl';
import { buildSdxlFixture, fixtureLoraModules, writeLoraFile, writeSafetensors, type SdxlFixture } from '@geneava/testing';
import { readPngText } from '@geneava/pipeline';
import { run } from '../test-support/run.js';

let root: string;
let newFixture: SdxlFixture;
let oldFixture: SdxlFixture;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-cli-generate-'));
  newFixture = await buildSdxlFixture(join(root, 'sdxl-new'), { generation: 'new', precision: 'fp32' });
  oldFixture = await buildSdxlFixture(join(root, 'sdxl-old'), { generation: 'old', precision: 'fp32' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function workDir(): Promise<string> {
  return mkdtemp(join(root, 'work-'));
}

/** The image the library gives for a request, to compare the CLI's files with. */
async function libraryImage(dir: string, request: SdxlImageRequest, lora?: { file: string; scale: number }): Promise<RgbImage> {
  const pipeline = await SdxlPipeline.load(dir, { device: 'cpu', hashModels: false, ...(lora ? { lora } : {}) });
  try {
    for await (const outcome of pipeline.generate([request])) if (outcome.status === 'ok') return outcome.image;
    throw new Error('the library failed the request');
  } finally {
    await pipeline.dispose();
  }
}

const lines = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('geneava generate', () => {
  it('generates --count images of a --prompt, batched, with PNG text and metadata lines', async () => {
    const cwd = await workDir();
    const result = await run(
      ['generate', '--models', newFixture.dir, '--prompt', 'a photo of a smiling woman', '--size', '32x24', '--steps', '4', '--count', '3', '--seed', '10', '--batch', '2', '--out', 'out', '--device', 'cpu'],
      cwd,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Generated 3 of 3 images in ${join(cwd, 'out')}; records in metadata.jsonl\n`);
    expect((await readdir(join(cwd, 'out', 'images'))).sort()).toEqual(['prompt-10.png', 'prompt-11.png', 'prompt-12.png']);
    const records = await lines(join(cwd, 'out', 'metadata.jsonl'));
    expect(records.map((r) => [r['id'], r['seed'], r['image']])).toEqual([
      ['prompt-10', 10, 'images/prompt-10.png'],
      ['prompt-11', 11, 'images/prompt-11.png'],
      ['prompt-12', 12, 'images/prompt-12.png'],
    ]);
    expect(records[0]).toMatchObject({ prompt: 'a photo of a smiling woman', steps: 4, guidance: 5, width: 32, height: 24, scheduler: expect.stringMatching(/EulerDiscreteScheduler/) });
    expect((records[0]!['provenance'] as Record<string, unknown>)['unet/model.onnx.sha256']).toMatch(/^[0-9a-f]{64}$/);

    const png = new Uint8Array(await readFile(join(cwd, 'out', 'images', 'prompt-11.png')));
    const text = readPngText(png);
    expect(text['prompt']).toBe('a photo of a smiling woman');
    expect(text['seed']).toBe('11');
    expect(JSON.parse(text['geneava']!)).toMatchObject({ id: 'prompt-11', steps: 4 });
    const image = await decodeImage(png);
    const expected = await libraryImage(newFixture.dir, { id: 'x', prompt: 'a photo of a smiling woman', seed: 11, width: 32, height: 24, steps: 4, guidance: 5 });
    expect(Buffer.from(image.data).equals(Buffer.from(expected.data))).toBe(true);
  });

  it('generates one image per plan item into images/<expression>/<id>.png, with a LoRA of each export generation', async () => {
    const cwd = await workDir();
    expect((await run(['plan', '--expressions', 'joy,anger', '--races', 'white', '--age-groups', '20s', '--out', 'plan.jsonl'], cwd)).code).toBe(0);
    const lora = join(cwd, 'lora.safetensors');
    await writeLoraFile(lora, fixtureLoraModules(Object.values(oldFixture.weights.linears), 4, 5), { format: 'kohya', alpha: 4 });
    const result = await run(
      ['generate', '--models', oldFixture.dir, '--plan', 'plan.jsonl', '--lora', 'lora.safetensors', '--lora-scale', '0.5', '--size', '32x24', '--steps', '3', '--batch', '3', '--out', 'data', '--device', 'cpu', '--json'],
      cwd,
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.items.map((i: { id: string; status: string; image: string }) => `${i.status} ${i.image}`)).toEqual([
      'ok images/joy/joy-female-white-20s.png',
      'ok images/joy/joy-male-white-20s.png',
      'ok images/anger/anger-female-white-20s.png',
      'ok images/anger/anger-male-white-20s.png',
    ]);
    expect(summary.lora).toMatchObject({ format: 'kohya', scale: 0.5, unmatched: [] });
    const records = await lines(join(cwd, 'data', 'metadata.jsonl'));
    expect(records[2]).toMatchObject({ id: 'anger-female-white-20s', expression: 'anger', family: 'anger', gender: 'female', race: 'white', ageGroup: '20s' });
    const plan = await lines(join(cwd, 'plan.jsonl'));
    expect(records[2]!['seed']).toBe(plan[2]!['seed']);
    expect(records[2]!['provenance']).toMatchObject({ 'lora.format': 'kohya', 'lora.scale': 0.5, exportGeneration: 'optimum<=1.23' });

    const image = await decodeImage(join(cwd, 'data', 'images', 'anger', 'anger-female-white-20s.png'));
    const request = { id: 'x', prompt: plan[2]!['prompt'] as string, seed: plan[2]!['seed'] as number, width: 32, height: 24, steps: 3, guidance: 5 };
    const withLora = await libraryImage(oldFixture.dir, request, { file: lora, scale: 0.5 });
    expect(Buffer.from(image.data).equals(Buffer.from(withLora.data))).toBe(true);
    const withoutLora = await libraryImage(oldFixture.dir, request);
    expect(Buffer.from(image.data).equals(Buffer.from(withoutLora.data))).toBe(false);
  });

  it('writes byte-identical PNGs when run again with the same settings, batched or not', async () => {
    const cwd = await workDir();
    const args = ['generate', '--models', newFixture.dir, '--prompt', 'a man', '--size', '32x24', '--steps', '2', '--count', '2', '--device', 'cpu'];
    expect((await run([...args, '--out', 'a'], cwd)).code).toBe(0);
    expect((await run([...args, '--out', 'b', '--batch', '2'], cwd)).code).toBe(0);
    for (const file of ['prompt-0.png', 'prompt-1.png']) {
      const [a, b] = await Promise.all(['a', 'b'].map((dir) => readFile(join(cwd, dir, 'images', file))));
      expect(a!.equals(b!)).toBe(true);
    }
  });

  it('checks the model folder before any heavy work and lists every problem (exit 1)', async () => {
    const cwd = await workDir();
    const broken = await buildSdxlFixture(join(cwd, 'broken'), { generation: 'new', precision: 'fp32' });
    await rm(join(broken.dir, 'vae_decoder', 'model.onnx'));
    await rm(join(broken.dir, 'tokenizer', 'vocab.json'));
    const result = await run(['generate', '--models', 'broken', '--prompt', 'a face', '--size', '32x24', '--out', 'out', '--device', 'cpu'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${broken.dir}: not a valid sdxl model (2 problems); nothing was generated\n`);
    expect(result.stderr).toContain('  tokenizer/vocab.json: missing');
    expect(result.stderr).toContain('  vae_decoder/model.onnx: missing (the SDXL vae_decoder model)');
    await expect(stat(join(cwd, 'out'))).rejects.toThrow();
  });

  it('exits 2 when some images fail and 1 when all do, naming each failure', async () => {
    const cwd = await workDir();
    // A folder where the PNG must go makes that one image fail to be written.
    await mkdir(join(cwd, 'out', 'images', 'prompt-1.png'), { recursive: true });
    const partial = await run(['generate', '--models', newFixture.dir, '--prompt', 'a man', '--size', '32x24', '--steps', '2', '--count', '3', '--out', 'out', '--device', 'cpu'], cwd);
    expect(partial.code).toBe(2);
    expect(partial.stdout).toMatch(/^Generated 2 of 3 images \(1 failed\)/);
    expect(partial.stdout).toMatch(/failed: prompt-1: cannot write .*prompt-1\.png/);
    expect(await lines(join(cwd, 'out', 'metadata.jsonl'))).toHaveLength(2);

    const overflow = await buildSdxlFixture(join(cwd, 'fp16-vae'), { generation: 'new', precision: 'fp16', vaeOverflow: true });
    const failed = await run(['generate', '--models', overflow.dir, '--prompt', 'a man', '--size', '32x24', '--steps', '2', '--out', 'out2', '--device', 'cpu'], cwd);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/failed: prompt-0: .*vae_decoder\/model\.onnx produced 2304 NaN\/Inf values for image 'prompt-0': SDXL's VAE overflows in float16/);
  });

  it.each([
    [['--prompt', 'a', '--plan', 'p.jsonl'], /give either --plan FILE or --prompt TEXT/],
    [['--prompt', 'a', '--size', '30'], /--size 30: expected WIDTHxHEIGHT or one size, each a positive multiple of 8/],
    [['--prompt', 'a', '--scheduler', 'heun'], /--scheduler: unknown scheduler "heun"/],
    [['--prompt', 'a', '--steps', '0'], /--steps must be a positive integer, got 0/],
    [['--plan', 'missing.jsonl'], /missing\.jsonl: cannot be read \(ENOENT\)/],
    [['--prompt', 'a', '--strength', '0.5'], /--strength applies to image-to-image; give --init-image too/],
    [['--prompt', 'a', '--crop-top-left', '3'], /--crop-top-left 3: expected TOP,LEFT in pixels/],
    [['--prompt', 'a', '--original-size', 'big'], /--original-size big: expected WIDTHxHEIGHT or one size/],
    [['--prompt', 'a', '--init-image', 'none.png'], /none\.png: the --init-image cannot be read as an image/],
  ])('rejects %j as a usage error before loading anything', async (extra, message) => {
    const cwd = await workDir();
    const result = await run(['generate', '--models', newFixture.dir, '--out', 'out', '--device', 'cpu', ...extra], cwd);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
  });

  it('passes image-to-image and the diffusers options to every image, and records them', async () => {
    const cwd = await workDir();
    // The init image is 16x16: the CLI fits it to --size first.
    const source: RgbImage = { width: 16, height: 16, data: Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 37) % 256) };
    await writeImageAtomic(join(cwd, 'anchor.png'), source);
    const flags = ['--init-image', 'anchor.png', '--strength', '0.5', '--prompt-2', 'an old man', '--clip-skip', '1', '--original-size', '2048x1536', '--crop-top-left', '16,8', '--scheduler', 'ddim', '--eta', '0.3'];
    const result = await run(['generate', '--models', newFixture.dir, '--prompt', 'a smiling woman', '--size', '32x24', '--steps', '6', '--out', 'out', '--device', 'cpu', ...flags], cwd);
    expect(result.code).toBe(0);
    const [record] = await lines(join(cwd, 'out', 'metadata.jsonl'));
    expect(record!['provenance']).toMatchObject({ init: 'image (img2img)', strength: 0.5, stepsRun: 3, prompt2: 'an old man', clipSkip: 1, originalSize: '2048x1536', cropTopLeft: '16,8', eta: 0.3 });
    const image = await decodeImage(join(cwd, 'out', 'images', 'prompt-0.png'));
    const expected = await libraryImage(newFixture.dir, {
      id: 'x',
      prompt: 'a smiling woman',
      seed: 0,
      width: 32,
      height: 24,
      steps: 6,
      guidance: 5,
      scheduler: 'ddim',
      eta: 0.3,
      initImage: await resizeImage(source, 32, 24),
      strength: 0.5,
      prompt2: 'an old man',
      clipSkip: 1,
      originalSize: { width: 2048, height: 1536 },
      cropTopLeft: { top: 16, left: 8 },
    });
    expect(Buffer.from(image.data).equals(Buffer.from(expected.data))).toBe(true);

    // Other options, other fingerprint: the image is made again, not skipped.
    const again = await run(['generate', '--models', newFixture.dir, '--prompt', 'a smiling woman', '--size', '32x24', '--steps', '6', '--out', 'out', '--device', 'cpu', ...flags, '--guidance-rescale', '0.5'], cwd);
    expect(again.stdout).toMatch(/^Generated 1 of 1 image in/);
  });

  it('applies several LoRAs with their own scales and prints every module not applied and every ignored key group', async () => {
    const cwd = await workDir();
    const targets = Object.values(newFixture.weights.linears);
    const [first, second] = fixtureLoraModules(targets, 2, 5);
    await writeLoraFile(join(cwd, 'a.safetensors'), [first!], { format: 'kohya', alpha: 2 });
    // The second LoRA also names a layer the UNet lacks and carries a key of no known format.
    await writeSafetensors(join(cwd, 'b.safetensors'), {
      'unet.down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora.down.weight': { dtype: 'F32', shape: [2, 1280], values: second!.down },
      'unet.down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora.up.weight': { dtype: 'F32', shape: [4, 2], values: second!.up },
      'unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora.down.weight': { dtype: 'F32', shape: [2, 1280], values: second!.down },
      'unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora.up.weight': { dtype: 'F32', shape: [4, 2], values: second!.up },
      'unet.some_training_step': { dtype: 'F32', shape: [1], values: [100] },
    });
    const args = ['generate', '--models', newFixture.dir, '--prompt', 'a man', '--size', '32x24', '--steps', '2', '--device', 'cpu', '--out', 'out'];
    const result = await run([...args, '--lora', 'a.safetensors', '--lora', 'b.safetensors', '--lora-scale', '0.5', '--lora-scale', '1.5'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`LoRA ${join(cwd, 'a.safetensors')} (kohya, scale 0.5): 1 module(s) patched\n`);
    expect(result.stdout).toContain(`LoRA ${join(cwd, 'b.safetensors')} (diffusers, scale 1.5): 1 module(s) patched\n`);
    expect(result.stdout).toContain(
      '  not applied: 1 module(s) (no node /down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul, /Gemm or /Conv in the graph), e.g. down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q\n',
    );
    expect(result.stdout).toContain('  ignored: 1 key(s) (not a LoRA weight key of a known format), e.g. unet.some_training_step\n');
    const [record] = await lines(join(cwd, 'out', 'metadata.jsonl'));
    expect(record!['provenance']).toMatchObject({ lora: 'a.safetensors', 'lora.scale': 0.5, lora2: 'b.safetensors', 'lora2.scale': 1.5 });

    const mismatch = await run([...args, '--out', 'x', '--lora', 'a.safetensors', '--lora', 'b.safetensors', '--lora-scale', '1', '--lora-scale', '2', '--lora-scale', '3'], cwd);
    expect(mismatch.code).toBe(64);
    expect(mismatch.stderr).toContain('--lora-scale: give one scale for all LoRAs or one per --lora (2 LoRA(s), 3 scales)');
  });

  it('hands the base latents to an SDXL refiner with --refiner (denoising_end / denoising_start)', async () => {
    const cwd = await workDir();
    const refiner = await buildSdxlFixture(join(cwd, 'refiner'), { refiner: true });
    const args = ['generate', '--models', newFixture.dir, '--prompt', 'a smiling woman', '--size', '32x24', '--steps', '10', '--device', 'cpu'];
    const result = await run([...args, '--out', 'out', '--refiner', 'refiner', '--refiner-start', '0.7'], cwd);
    expect(result.code).toBe(0);
    const [record] = await lines(join(cwd, 'out', 'metadata.jsonl'));
    expect(record!['provenance']).toMatchObject({ denoisingEnd: 0.7, 'refiner.start': 0.7, 'refiner.models': 'refiner' });

    // The same two calls through the library.
    const request: SdxlImageRequest = { id: 'x', prompt: 'a smiling woman', seed: 0, width: 32, height: 24, steps: 10, guidance: 5 };
    const base = await SdxlPipeline.load(newFixture.dir, { device: 'cpu', hashModels: false });
    const refinerPipeline = await SdxlPipeline.load(refiner.dir, { device: 'cpu', hashModels: false });
    let expected: RgbImage | undefined;
    for await (const first of base.generate([baseHandOffRequest(request, 0.7)])) {
      if (first.status !== 'ok') throw first.error;
      for await (const second of refinerPipeline.generate([refinerHandOffRequest(request, first.latents, 0.7)])) if (second.status === 'ok') expected = second.image;
    }
    await base.dispose();
    await refinerPipeline.dispose();
    const image = await decodeImage(join(cwd, 'out', 'images', 'prompt-0.png'));
    expect(Buffer.from(image.data).equals(Buffer.from(expected!.data))).toBe(true);

    const usage = await run([...args, '--out', 'x', '--refiner-start', '0.5'], cwd);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('--refiner-start needs --refiner');
  });

  it('prints the warning of a prompt the tokenizers truncate', async () => {
    const cwd = await workDir();
    const long = Array.from({ length: 80 }, () => 'smiling').join(' ');
    const result = await run(['generate', '--models', newFixture.dir, '--prompt', long, '--size', '32x24', '--steps', '1', '--out', 'out', '--device', 'cpu'], cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('prompt-0: prompt is 5 token(s) over the 75 text_encoder reads; the end is cut off (as diffusers does)');
  });

  it('is listed in the help', async () => {
    const result = await run(['--help'], root);
    expect(result.stdout).toContain('geneava generate');
  });
});
