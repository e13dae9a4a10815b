import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { OnnxGraphBuilder, sdxlFixtureWeights, writeFixtureVaeEncoder, type FloatType } from '@geneava/testing';
import { checkSdxlFolder } from './check-sdxl-folder.js';
import { SDXL_BASE_DIMS } from './contracts.js';
import { sdxlModelKind } from './model-kind.js';

// Tiny stand-ins for the four models of an Optimum SDXL export. Only the IO signature matters to the
// folder check, so each graph just turns its input into outputs of the declared dtypes and shapes.

type IdsType = 'int32' | 'int64';
/** Optimum <= 1.23 wrote an int64 rank-1 timestep; >= 1.24 a float scalar. */
interface TimestepForm {
  readonly dtype: 'int64' | 'float';
  readonly dims: readonly (number | string)[];
}

const OLD_TIMESTEP: TimestepForm = { dtype: 'int64', dims: [1] };
const NEW_TIMESTEP: TimestepForm = { dtype: 'float', dims: [] };
const D = SDXL_BASE_DIMS;

async function writeTextEncoder(
  path: string,
  options: { ids: IdsType; floatType: FloatType; hidden: number; layers: number; second: boolean; skipOutputs?: readonly string[] },
): Promise<void> {
  const b = new OnnxGraphBuilder({ floatType: options.floatType, opset: 14 });
  const ids = b.input('input_ids', options.ids, ['batch_size', 'sequence_length']);
  const asFloat = b.op.unsqueeze(b.op.cast(ids, 'float'), [2]);
  const expandShape = b.constantInitializer('expand_shape', 'int64', [3], [1, 1, options.hidden]);
  const hidden = b.node('Expand', [asFloat, expandShape])[0]!;
  const skip = new Set(options.skipOutputs ?? []);
  const sequenceOutput = (name: string) => {
    if (skip.has(name)) return;
    b.output(b.op.identity(hidden, { output: name }), 'float', ['batch_size', 'sequence_length', options.hidden]);
  };
  if (options.second) {
    // Optimum labels axis 1 of text_embeds "sequence_length" although it holds the projection.
    b.output(b.op.reduceMean(hidden, [1], false, { output: 'text_embeds' }), 'float', ['batch_size', 'sequence_length']);
    sequenceOutput('last_hidden_state');
  } else {
    sequenceOutput('last_hidden_state');
    b.output(b.op.reduceMean(hidden, [1], false, { output: 'pooler_output' }), 'float', ['batch_size', options.hidden]);
  }
  for (let i = 0; i <= options.layers; i++) sequenceOutput(`hidden_states.${i}`);
  await b.save(path);
}

async function writeUnet(
  path: string,
  options: { floatType: FloatType; timestep: TimestepForm; sampleDtype?: 'float' | 'float64'; externalData: boolean },
): Promise<void> {
  const b = new OnnxGraphBuilder({ floatType: options.floatType, opset: 14 });
  const sample = b.input('sample', options.sampleDtype ?? 'float', ['batch_size', D.latentChannels, 'height', 'width']);
  b.input('timestep', options.timestep.dtype, options.timestep.dims);
  b.input('encoder_hidden_states', 'float', ['batch_size', 'sequence_length', D.textEncoderHidden + D.textEncoder2Hidden]);
  b.input('text_embeds', 'float', ['batch_size', D.pooledDim]);
  b.input('time_ids', 'float', ['batch_size', D.timeIdsLength]);
  // One weight, so the model has something to keep in external data as the real UNet does.
  const scale = b.initializer('conv_in.scale', options.sampleDtype ?? 'float', [1, D.latentChannels, 1, 1], [1, 1, 1, 1]);
  const out = b.op.mul(sample, scale, { output: 'out_sample' });
  b.output(out, options.sampleDtype ?? 'float', ['batch_size', D.latentChannels, 'height', 'width']);
  await b.save(path, options.externalData ? { externalData: { location: 'model.onnx_data', sizeThreshold: 1 } } : {});
}

async function writeVaeDecoder(path: string, floatType: FloatType): Promise<void> {
  const b = new OnnxGraphBuilder({ floatType, opset: 14 });
  const latent = b.input('latent_sample', 'float', ['batch_size', D.latentChannels, 'latent_height', 'latent_width']);
  const rgb = b.op.slice(latent, [0], [D.imageChannels], [1]);
  const image = b.op.resize(rgb, { mode: 'nearest', scales: [1, 1, 8, 8], output: 'sample' });
  b.output(image, 'float', ['batch_size', D.imageChannels, 'height', 'width']);
  await b.save(path);
}

interface FolderOptions {
  readonly ids: IdsType;
  readonly timestep: TimestepForm;
  readonly floatType: FloatType;
  /** vae_decoder float type when it differs from the rest. */
  readonly vaeFloatType?: FloatType;
  readonly tokenizerFiles?: 'slow' | 'fast';
}

const OLD_FP32: FolderOptions = { ids: 'int32', timestep: OLD_TIMESTEP, floatType: 'float32' };
const NEW_FP32: FolderOptions = { ids: 'int64', timestep: NEW_TIMESTEP, floatType: 'float32' };
const NEW_FP16: FolderOptions = { ids: 'int64', timestep: NEW_TIMESTEP, floatType: 'float16', tokenizerFiles: 'fast' };

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2));
}

async function writeSdxlFolder(dir: string, options: FolderOptions): Promise<void> {
  for (const sub of ['scheduler', 'tokenizer', 'tokenizer_2', 'text_encoder', 'text_encoder_2', 'unet', 'vae_decoder']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  await writeJson(join(dir, 'model_index.json'), {
    _class_name: 'StableDiffusionXLPipeline',
    _diffusers_version: '0.19.0.dev0',
    force_zeros_for_empty_prompt: true,
  });
  await writeJson(join(dir, 'scheduler/scheduler_config.json'), {
    _class_name: 'EulerDiscreteScheduler',
    beta_schedule: 'scaled_linear',
    timestep_spacing: 'leading',
  });
  for (const tokenizer of ['tokenizer', 'tokenizer_2']) {
    if (options.tokenizerFiles === 'fast') {
      await writeJson(join(dir, tokenizer, 'tokenizer.json'), { version: '1.0', model: { type: 'BPE' } });
    } else {
      await writeJson(join(dir, tokenizer, 'vocab.json'), { '<|startoftext|>': 49406, '<|endoftext|>': 49407 });
      await writeFile(join(dir, tokenizer, 'merges.txt'), '#version: 0.2\ni n\n');
    }
  }
  const { floatType } = options;
  await writeTextEncoder(join(dir, 'text_encoder/model.onnx'), {
    ids: options.ids,
    floatType,
    hidden: D.textEncoderHidden,
    layers: D.textEncoderLayers,
    second: false,
  });
  await writeTextEncoder(join(dir, 'text_encoder_2/model.onnx'), {
    ids: 'int64',
    floatType,
    hidden: D.textEncoder2Hidden,
    layers: D.textEncoder2Layers,
    second: true,
  });
  await writeUnet(join(dir, 'unet/model.onnx'), { floatType, timestep: options.timestep, externalData: true });
  await writeVaeDecoder(join(dir, 'vae_decoder/model.onnx'), options.vaeFloatType ?? floatType);
}

let root: string;
let counter = 0;

async function folder(options: FolderOptions): Promise<string> {
  const dir = join(root, `sdxl-${counter++}`);
  await writeSdxlFolder(dir, options);
  return dir;
}

function problemLines(report: ModelCheckReport): string[] {
  return report.problems.map((problem) => `${problem.file}: ${problem.message}`);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-check-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('checkSdxlFolder on complete exports', () => {
  it('accepts an Optimum <= 1.23 export (int32 ids, int64 [1] timestep) and says so', async () => {
    const dir = await folder(OLD_FP32);
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report).toMatchObject({ kind: 'sdxl', path: dir, ok: true });
    expect(report.facts).toEqual({
      pipeline: 'StableDiffusionXLPipeline',
      force_zeros_for_empty_prompt: 'true',
      scheduler: 'EulerDiscreteScheduler',
      'tokenizer files': 'vocab.json + merges.txt',
      'tokenizer_2 files': 'vocab.json + merges.txt',
      'export generation': 'optimum<=1.23',
      precision: 'fp32',
      'vae_decoder precision': 'fp32',
      'vae_encoder': 'absent (image-to-image unavailable)',
      opset: '14',
    });
  });

  it('checks vae_encoder/ when present: either Optimum output is a fact, a model of another kind a problem', async () => {
    for (const output of ['latent_parameters', 'latent_sample'] as const) {
      const dir = await folder(NEW_FP32);
      await mkdir(join(dir, 'vae_encoder'));
      await writeFixtureVaeEncoder(join(dir, 'vae_encoder/model.onnx'), { floatType: 'float32', weights: sdxlFixtureWeights(3, 4), output });
      const report = await checkSdxlFolder(dir);
      expect(problemLines(report)).toEqual([]);
      expect(report.facts?.['vae_encoder']).toBe(`${output} (image-to-image)`);
    }
    const dir = await folder(NEW_FP32);
    await mkdir(join(dir, 'vae_encoder'));
    await writeVaeDecoder(join(dir, 'vae_encoder/model.onnx'), 'float32');
    const lines = problemLines(await checkSdxlFolder(dir));
    expect(lines.some((line) => line.startsWith('vae_encoder/model.onnx: ') && line.includes("'sample'"))).toBe(true);
    expect(lines).toContain("vae_encoder/model.onnx: has neither a 'latent_parameters' nor a 'latent_sample' output (an Optimum vae_encoder has one of them)");
  });

  it('accepts the symbolic "steps" timestep axis Optimum <= 1.23 actually declares', async () => {
    const dir = await folder({ ...OLD_FP32, timestep: { dtype: 'int64', dims: ['steps'] } });
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report.facts?.['export generation']).toBe('optimum<=1.23');
  });

  it('accepts an Optimum >= 1.24 export (int64 ids, float scalar timestep)', async () => {
    const dir = await folder(NEW_FP32);
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report.facts?.['export generation']).toBe('optimum>=1.24');
    expect(report.facts?.['precision']).toBe('fp32');
  });

  it('accepts an fp16 export with fast-tokenizer files and reports fp16', async () => {
    const dir = await folder(NEW_FP16);
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report.facts).toMatchObject({
      'export generation': 'optimum>=1.24',
      precision: 'fp16',
      'vae_decoder precision': 'fp16',
      'tokenizer files': 'tokenizer.json',
      'tokenizer_2 files': 'tokenizer.json',
    });
  });

  it('accepts a float32 vae_decoder beside fp16 models (the way around the fp16 VAE overflow)', async () => {
    const dir = await folder({ ...NEW_FP16, vaeFloatType: 'float32' });
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report.facts).toMatchObject({ precision: 'fp16', 'vae_decoder precision': 'fp32' });
  });

  it('reports force_zeros_for_empty_prompt false and its default when unset', async () => {
    const off = await folder(NEW_FP32);
    await writeJson(join(off, 'model_index.json'), { _class_name: 'StableDiffusionXLPipeline', force_zeros_for_empty_prompt: false });
    expect((await checkSdxlFolder(off)).facts?.['force_zeros_for_empty_prompt']).toBe('false');

    const unset = await folder(NEW_FP32);
    await writeJson(join(unset, 'model_index.json'), { _class_name: 'StableDiffusionXLPipeline' });
    const report = await checkSdxlFolder(unset);
    expect(report.ok).toBe(true);
    expect(report.facts?.['force_zeros_for_empty_prompt']).toBe('true (not set; the pipeline default)');
  });
});

describe('checkSdxlFolder on broken exports', () => {
  it('reports a wrong dtype, a missing tokenizer file and missing external data together', async () => {
    const dir = await folder(NEW_FP32);
    await writeTextEncoder(join(dir, 'text_encoder_2/model.onnx'), {
      ids: 'int32',
      floatType: 'float32',
      hidden: D.textEncoder2Hidden,
      layers: D.textEncoder2Layers,
      second: true,
    });
    await rm(join(dir, 'tokenizer/merges.txt'));
    await rm(join(dir, 'unet/model.onnx_data'));

    const report = await checkSdxlFolder(dir);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { file: 'tokenizer/merges.txt', message: 'missing (the tokenizer needs vocab.json + merges.txt, or tokenizer.json)' },
      {
        file: 'text_encoder_2/model.onnx',
        message: expect.stringMatching(
          /^input 'input_ids': expected int64 \[batch_size, sequence_length\], found int32 \[batch_size, sequence_length\] \(SDXL text_encoder_2: use the folder written by `optimum-cli export onnx/,
        ),
      },
      { file: 'unet/model.onnx_data', message: 'missing: unet/model.onnx keeps its weights in this external data file' },
    ]);
    // What could still be learnt is reported.
    expect(report.facts).toMatchObject({ 'export generation': 'optimum>=1.24', precision: 'fp32', 'tokenizer_2 files': 'vocab.json + merges.txt' });
  });

  it('reports a folder mixing models of two Optimum generations', async () => {
    const dir = await folder(NEW_FP32);
    await writeTextEncoder(join(dir, 'text_encoder/model.onnx'), {
      ids: 'int32',
      floatType: 'float32',
      hidden: D.textEncoderHidden,
      layers: D.textEncoderLayers,
      second: false,
    });
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([
      '.: models from different Optimum exports: text_encoder/model.onnx input_ids is int32 [batch_size, sequence_length] (optimum<=1.23), ' +
        'unet/model.onnx timestep is float32 [] (optimum>=1.24); use all models from one export',
    ]);
    expect(report.facts?.['export generation']).toBeUndefined();
  });

  it('reports text encoders and UNet of different precisions, and an fp16 VAE beside fp32 models', async () => {
    const dir = await folder(NEW_FP32);
    await writeTextEncoder(join(dir, 'text_encoder/model.onnx'), {
      ids: 'int64',
      floatType: 'float16',
      hidden: D.textEncoderHidden,
      layers: D.textEncoderLayers,
      second: false,
    });
    await writeVaeDecoder(join(dir, 'vae_decoder/model.onnx'), 'float16');
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([
      ".: float precision differs between models (text_encoder/model.onnx fp16, text_encoder_2/model.onnx fp32, unet/model.onnx fp32); the UNet consumes the text encoders' outputs, use all from one export",
    ]);
    expect(report.facts?.['precision']).toBeUndefined();

    await writeTextEncoder(join(dir, 'text_encoder/model.onnx'), {
      ids: 'int64',
      floatType: 'float32',
      hidden: D.textEncoderHidden,
      layers: D.textEncoderLayers,
      second: false,
    });
    expect(problemLines(await checkSdxlFolder(dir))).toEqual([
      '.: vae_decoder/model.onnx is fp16 while the other models are fp32; use the fp32 vae_decoder of the same export',
    ]);
  });

  it('reports a float64 UNet sample with expected vs found, and the precision the rest of the UNet has', async () => {
    const dir = await folder(NEW_FP32);
    await writeUnet(join(dir, 'unet/model.onnx'), {
      floatType: 'float16',
      timestep: NEW_TIMESTEP,
      externalData: true,
      sampleDtype: 'float64',
    });
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([
      expect.stringMatching(/^unet\/model\.onnx: input 'sample': expected float32\|float16 \[batch_size, 4, height, width\], found float64 \[batch_size, 4, height, width\] \(SDXL unet: /),
      "unet/model.onnx: output 'out_sample': expected float32|float16 [batch_size, 4, height, width], found float64 [batch_size, 4, height, width]",
      // float64 counts for neither precision: the unet's precision is its fp16 tensors, which differ from the text encoders'.
      ".: float precision differs between models (text_encoder/model.onnx fp32, text_encoder_2/model.onnx fp32, unet/model.onnx fp16); the UNet consumes the text encoders' outputs, use all from one export",
    ]);
  });

  it('reports a model whose IO mixes float32 and float16', async () => {
    const dir = await folder(NEW_FP32);
    const b = new OnnxGraphBuilder({ opset: 14 });
    const latent = b.input('latent_sample', 'float32', ['batch_size', 4, 'latent_height', 'latent_width']);
    const rgb = b.op.slice(latent, [0], [3], [1]);
    const image = b.op.cast(b.op.resize(rgb, { mode: 'nearest', scales: [1, 1, 8, 8] }), 'float16', { output: 'sample' });
    b.output(image, 'float16', ['batch_size', 3, 'height', 'width']);
    await b.save(join(dir, 'vae_decoder/model.onnx'));
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)).toEqual([
      'vae_decoder/model.onnx: mixes float precisions (fp32: latent_sample; fp16: sample); an Optimum export uses one float dtype per model',
    ]);
    expect(report.facts).toMatchObject({ precision: 'fp32' });
    expect(report.facts?.['vae_decoder precision']).toBeUndefined();
  });

  it('reports a missing required hidden state and a missing UNet input by name', async () => {
    const dir = await folder(OLD_FP32);
    await writeTextEncoder(join(dir, 'text_encoder/model.onnx'), {
      ids: 'int32',
      floatType: 'float32',
      hidden: D.textEncoderHidden,
      layers: D.textEncoderLayers,
      second: false,
      skipOutputs: ['hidden_states.11', 'hidden_states.3'],
    });
    const b = new OnnxGraphBuilder({ opset: 14 });
    const sample = b.input('sample', 'float', ['batch_size', 4, 'height', 'width']);
    b.input('timestep', 'int64', ['steps']);
    b.output(b.op.identity(sample, { output: 'out_sample' }), 'float', ['batch_size', 4, 'height', 'width']);
    await b.save(join(dir, 'unet/model.onnx'));

    const lines = problemLines(await checkSdxlFolder(dir));
    expect(lines).toEqual([
      expect.stringMatching(/^text_encoder\/model\.onnx: output 'hidden_states\.11': missing \(expected float32\|float16 \[batch_size, sequence_length, 768\]\)/),
      expect.stringMatching(/^unet\/model\.onnx: input 'encoder_hidden_states': missing \(expected float32\|float16 \[batch_size, sequence_length, 2048\]\)/),
      "unet/model.onnx: input 'text_embeds': missing (expected float32|float16 [batch_size, 1280])",
      "unet/model.onnx: input 'time_ids': missing (expected float32|float16 [batch_size, 6])",
    ]);
  });

  it('reports a wrong timestep form with both accepted forms', async () => {
    const dir = await folder(NEW_FP32);
    await writeUnet(join(dir, 'unet/model.onnx'), {
      floatType: 'float32',
      timestep: { dtype: 'float', dims: [1] },
      externalData: true,
    });
    const report = await checkSdxlFolder(dir);
    expect(problemLines(report)[0]).toMatch(
      /^unet\/model\.onnx: input 'timestep': expected int64 \[steps\] or float32\|float16 \[\], found float32 \[1\]/,
    );
  });

  it('reports every missing or unreadable file of an almost empty folder', async () => {
    const dir = join(root, 'sdxl-empty');
    await mkdir(join(dir, 'unet'), { recursive: true });
    await mkdir(join(dir, 'tokenizer_2'), { recursive: true });
    await writeFile(join(dir, 'model_index.json'), '{ "_class_name": "StableDiffusionXLPipeline", ');
    await writeFile(join(dir, 'unet/model.onnx'), 'version https://git-lfs.github.com/spec/v1\n');

    const report = await checkSdxlFolder(dir);
    const byFile = Object.fromEntries(report.problems.map((problem) => [problem.file, problem.message]));
    expect(Object.keys(byFile)).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'tokenizer/',
      'tokenizer_2/',
      'text_encoder/model.onnx',
      'text_encoder_2/model.onnx',
      'unet/model.onnx',
      'vae_decoder/model.onnx',
    ]);
    expect(byFile['model_index.json']).toMatch(/^is not valid JSON/);
    expect(byFile['scheduler/scheduler_config.json']).toBe('missing');
    expect(byFile['tokenizer/']).toBe('tokenizer folder is missing (it needs vocab.json + merges.txt, or tokenizer.json)');
    expect(byFile['tokenizer_2/']).toBe('has no tokenizer files (it needs vocab.json + merges.txt, or tokenizer.json)');
    expect(byFile['text_encoder/model.onnx']).toBe('missing (the SDXL text_encoder model)');
    expect(byFile['unet/model.onnx']).toMatch(/^not a valid ONNX model/);
    expect(report.facts).toEqual({ vae_encoder: 'absent (image-to-image unavailable)' });
  });

  it('reports a pipeline of another class and a scheduler config without a class', async () => {
    const dir = await folder(NEW_FP32);
    await writeJson(join(dir, 'model_index.json'), { _class_name: 'StableDiffusionPipeline', force_zeros_for_empty_prompt: 'yes' });
    await writeJson(join(dir, 'scheduler/scheduler_config.json'), { beta_start: 0.00085 });
    expect(problemLines(await checkSdxlFolder(dir))).toEqual([
      'model_index.json: expected _class_name "StableDiffusionXLPipeline", found _class_name "StableDiffusionPipeline"',
      'model_index.json: force_zeros_for_empty_prompt must be true or false, found "yes"',
      'scheduler/scheduler_config.json: has no _class_name (expected e.g. "EulerDiscreteScheduler")',
    ]);
  });

  it('reports a path that is not a folder', async () => {
    const report = await checkSdxlFolder(join(root, 'does-not-exist'));
    expect(report.ok).toBe(false);
    expect(problemLines(report)).toEqual(['.: not a folder (expected an Optimum SDXL export folder)']);
  });
});

describe('sdxlModelKind', () => {
  it('is kind "sdxl" and checks a folder', async () => {
    const dir = await folder(OLD_FP32);
    expect(sdxlModelKind.kind).toBe('sdxl');
    const report = await sdxlModelKind.check(dir);
    expect(report.ok).toBe(true);
    expect(report.facts?.['export generation']).toBe('optimum<=1.23');
  });
});
