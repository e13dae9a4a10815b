import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { PluginContext } from '@geneava/core/plugins';
import { silentLogger } from '@geneava/core/util';
import { ToonifyModelsError } from './errors.js';
import type { ToonifyStylizerPluginOptions } from './options.js';
import toonifyStylizerPlugin from './plugin.js';
import { canonicalPoints, smoothImage, writePspNet, writeRestyleFolder } from './test-support/toonify-fixtures.test.js';
import { VERSION } from './version.js';

const onnx = new OnnxRuntime();
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-toonify-plugin-'));
  await mkdir(join(root, 'models', 'psp'), { recursive: true });
  await writePspNet(join(root, 'models', 'psp', 'toonify.onnx'));
  await writeRestyleFolder(join(root, 'models', 'restyle'), { encoder: { kind: 'second' }, net: { kind: 'blend' }, fp16Names: true });
});
afterAll(async () => {
  await onnx.dispose();
  await rm(root, { recursive: true, force: true });
});

function context(options: unknown): PluginContext<ToonifyStylizerPluginOptions> {
  return { options: toonifyStylizerPlugin.optionsSchema!.parse(options), projectRoot: root, device: 'cpu', onnx, logger: silentLogger };
}

describe('toonify stylizer plugin definition', () => {
  it('declares the stylizer kind, API version, name, version and its model kind', () => {
    expect(toonifyStylizerPlugin.$$type).toBe('geneava/plugin');
    expect(toonifyStylizerPlugin.kind).toBe('stylizer');
    expect(toonifyStylizerPlugin.apiVersion).toBe(API_VERSIONS.stylizer);
    expect(toonifyStylizerPlugin.name).toBe('toonify');
    expect(toonifyStylizerPlugin.version).toBe(VERSION);
    expect(toonifyStylizerPlugin.models?.map((kind) => kind.kind)).toEqual(['toonify']);
  });

  it('agrees with the package.json manifest', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
      geneava: { kind: string; apiVersion: number; entry: string };
      exports: Record<string, Record<string, string>>;
    };
    expect(manifest.version).toBe(VERSION);
    expect(manifest.geneava).toEqual({ kind: 'stylizer', apiVersion: toonifyStylizerPlugin.apiVersion, entry: './plugin' });
    expect(manifest.exports['./plugin']?.['@geneava/source']).toBe('./src/plugin.ts');
  });

  it('validates options strictly and fills in defaults', () => {
    const schema = toonifyStylizerPlugin.optionsSchema!;
    expect(schema.parse({ models: 'm' })).toEqual({ models: 'm', iterations: 5, pasteBack: false, padding: 'reflect', featherShape: 'ellipse' });
    expect(schema.safeParse({}).success).toBe(false);
    expect(JSON.stringify(schema.safeParse({ models: 'm', size: 3 }).error?.issues)).toContain('size');
    expect(schema.safeParse({ models: 'm', iterations: 1 }).success).toBe(false);
    const both = schema.safeParse({ models: 'm', pasteBack: true, outputSize: 512 });
    expect(both.success).toBe(false);
    expect(JSON.stringify(both.error?.issues)).toContain('outputSize applies to the aligned avatar only');
  });
});

describe('toonify stylizer plugin create()', () => {
  it('builds a pSp stylizer from a folder relative to the project root', async () => {
    const stylizer = await toonifyStylizerPlugin.create(context({ models: 'models/psp', outputSize: 64 }));
    try {
      expect(stylizer.info.id).toBe('toonify-psp');
      const image = smoothImage(256, 256);
      const result = await stylizer.stylize({ image, faces: [{ box: { x: 64, y: 64, width: 128, height: 128 }, score: 1, points5: canonicalPoints() }] });
      expect([result.image.width, result.image.height]).toEqual([64, 64]);
      expect(result.outcome).toBe('stylized');
    } finally {
      await stylizer.dispose?.();
    }
  });

  it('builds a ReStyle stylizer from the net file, with paste-back', async () => {
    const stylizer = await toonifyStylizerPlugin.create(context({ models: 'models/restyle/toonify-fp16.onnx', pasteBack: true, iterations: 3 }));
    try {
      expect(stylizer.info).toMatchObject({ id: 'toonify-restyle', geometryPreserving: true });
      expect(stylizer.info.description).toContain('(3 iterations)');
    } finally {
      await stylizer.dispose?.();
    }
  });

  it('checks the model first and reports every problem in one line, opening no session', async () => {
    const dir = join(root, 'models', 'incomplete');
    await writeRestyleFolder(dir, { encoder: { kind: 'second' }, net: { kind: 'blend' }, netLatentWidth: 256 });
    await rm(join(dir, 'face-pool.onnx'));
    await rm(join(dir, 'average', 'avg_image.npy'));
    const error = await Promise.resolve(toonifyStylizerPlugin.create(context({ models: 'models/incomplete' }))).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ToonifyModelsError);
    const message = (error as Error).message;
    expect(message).toMatch(/incomplete: not a usable Toonify model \(4 problems\): /);
    expect(message).toContain("toonify.onnx: input 'latent_input': expected float32|float16 [batch, 18, 512], found float32 [batch, 18, 256]");
    expect(message).toContain('face-pool.onnx: missing');
    expect(message).toContain('average/avg_image.npy: missing');
    expect(message).not.toContain('\n');
    expect(onnx.openSessionCount).toBe(0);
  });
});
