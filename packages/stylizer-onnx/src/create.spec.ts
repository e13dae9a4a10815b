import { readFileSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { PluginContext } from '@geneava/core/plugins';
import { silentLogger } from '@geneava/core/util';
import { descriptorsDir, shippedWithFixture } from '../test/fixture-models.js';
import { createOnnxStylizer } from './create.js';
import { DescriptorError } from './descriptor/load-descriptor.js';
import type { OnnxStylizerOptions } from './options.js';
import onnxStylizerPlugin from './plugin.js';
import { VERSION } from './version.js';

describe('createOnnxStylizer', () => {
  it('checks the descriptor against the model before opening a session, reporting every problem in one line', async () => {
    const onnx = new OnnxRuntime();
    // Photo2Cartoon's descriptor next to a model with AnimeGANv2's signature.
    const animegan = await shippedWithFixture('animeganv2-face-paint-512-v2.json', { kind: 'identity' });
    const path = join(dirname(animegan), 'photo2cartoon.json');
    await copyFile(join(descriptorsDir(), 'photo2cartoon.json'), path);
    await copyFile(join(dirname(animegan), 'face_paint_512_v2.onnx'), join(dirname(animegan), 'photo2cartoon_weights.onnx'));
    const error = await createOnnxStylizer({ descriptor: path, onnx, device: 'cpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DescriptorError);
    expect((error as Error).message).toBe(
      `${path}: model photo2cartoon_weights.onnx: input 'input' is not in the model (inputs: 'input_image'); ` +
        "model photo2cartoon_weights.onnx: output 'output' is not in the model (outputs: 'output_image')",
    );
    expect(onnx.openSessionCount).toBe(0);
    await onnx.dispose();
  });

  it('names the descriptor and the model file when the model is missing', async () => {
    const path = await shippedWithFixture('whitebox-cartoonization.json', { kind: 'identity' });
    await rm(join(dirname(path), 'cartoonizer.onnx'));
    await expect(createOnnxStylizer({ descriptor: path, onnx: new OnnxRuntime(), device: 'cpu' })).rejects.toThrow(
      `${path}: model cartoonizer.onnx: file not found`,
    );
  });

  it('describes itself from the descriptor and releases its session on dispose()', async () => {
    const onnx = new OnnxRuntime();
    const stylizer = await createOnnxStylizer({ descriptor: await shippedWithFixture('photo2cartoon.json', { kind: 'identity' }), onnx, device: 'cpu' });
    expect(stylizer.apiVersion).toBe(API_VERSIONS.stylizer);
    expect(stylizer.info).toEqual({
      id: 'photo2cartoon',
      style: 'Photo2Cartoon (minivision)',
      version: '1',
      needsWeights: true,
      geometryPreserving: true,
      description: 'minivision-ai photo2cartoon: a 256x256 face crop to a cartoon portrait, pasted back into the photo.',
    });
    expect(stylizer.tensors).toEqual({ inputName: 'input', inputDtype: 'float32', outputName: 'output' });
    expect(onnx.openSessionCount).toBe(1);
    await stylizer.dispose();
    expect(onnx.openSessionCount).toBe(0);
  });
});

describe('onnx stylizer plugin', () => {
  it('declares the stylizer kind, its name, version and model kind, and agrees with package.json', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
      geneava: unknown;
      exports: Record<string, Record<string, string>>;
    };
    expect(onnxStylizerPlugin.kind).toBe('stylizer');
    expect(onnxStylizerPlugin.apiVersion).toBe(API_VERSIONS.stylizer);
    expect(onnxStylizerPlugin.name).toBe('onnx');
    expect(onnxStylizerPlugin.version).toBe(VERSION);
    expect(manifest.version).toBe(VERSION);
    expect(manifest.geneava).toEqual({ kind: 'stylizer', apiVersion: onnxStylizerPlugin.apiVersion, entry: './plugin' });
    expect(manifest.exports['./plugin']?.['@geneava/source']).toBe('./src/plugin.ts');
    expect(onnxStylizerPlugin.models?.map((kind) => kind.kind)).toEqual(['onnx-stylizer']);
  });

  it('validates its options strictly', () => {
    const schema = onnxStylizerPlugin.optionsSchema!;
    expect(schema.parse({ descriptor: 'styles/anime.json' })).toEqual({ descriptor: 'styles/anime.json' });
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ descriptor: 'a.json', model: 'x' }).success).toBe(false);
    expect(schema.parse({ descriptor: 'photo2cartoon', models: 'weights' })).toEqual({ descriptor: 'photo2cartoon', models: 'weights' });
  });

  it('creates a stylizer from a descriptor path relative to the project root, through the run\'s ONNX runtime', async () => {
    const path = await shippedWithFixture('whitebox-cartoonization.json', { kind: 'identity' });
    const onnx = new OnnxRuntime();
    const context: PluginContext<OnnxStylizerOptions> = {
      options: { descriptor: basename(path) },
      projectRoot: dirname(path),
      device: 'cpu',
      onnx,
      logger: silentLogger,
    };
    const stylizer = await onnxStylizerPlugin.create(context);
    expect(stylizer.info.id).toBe('whitebox-cartoonization');
    expect(onnx.openSessionCount).toBe(1);
    await onnx.dispose();
    expect(onnx.openSessionCount).toBe(0);
  });
});
