import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { PluginContext } from '@geneava/core/plugins';
import { silentLogger } from '@geneava/core/util';
import { DctnetFolderError } from './errors.js';
import type { DctnetStylizerPluginOptions } from './options.js';
import dctnetStylizerPlugin from './plugin.js';
import { IDENTITY, INVERT, writeStyleFolder } from './test-support/dctnet-fixtures.test.js';
import { VERSION } from './version.js';

const onnx = new OnnxRuntime();
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-dctnet-plugin-'));
});
afterAll(async () => {
  await onnx.dispose();
  await rm(root, { recursive: true, force: true });
});

function context(options: unknown): PluginContext<DctnetStylizerPluginOptions> {
  return { options: dctnetStylizerPlugin.optionsSchema!.parse(options), projectRoot: root, device: 'cpu', onnx, logger: silentLogger };
}

describe('dctnet stylizer plugin definition', () => {
  it('declares the stylizer kind, API version, name, version and its model kind', () => {
    expect(dctnetStylizerPlugin.$$type).toBe('geneava/plugin');
    expect(dctnetStylizerPlugin.kind).toBe('stylizer');
    expect(dctnetStylizerPlugin.apiVersion).toBe(API_VERSIONS.stylizer);
    expect(dctnetStylizerPlugin.name).toBe('dctnet');
    expect(dctnetStylizerPlugin.version).toBe(VERSION);
    expect(dctnetStylizerPlugin.models?.map((kind) => kind.kind)).toEqual(['dctnet']);
  });

  it('agrees with the package.json manifest', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
      geneava: { kind: string; apiVersion: number; entry: string };
      exports: Record<string, Record<string, string>>;
    };
    expect(manifest.version).toBe(VERSION);
    expect(manifest.geneava).toEqual({ kind: 'stylizer', apiVersion: dctnetStylizerPlugin.apiVersion, entry: './plugin' });
    expect(manifest.exports['./plugin']?.['@geneava/source']).toBe('./src/plugin.ts');
  });

  it('validates options strictly, with models required and maxShortSide 720 by default', () => {
    const schema = dctnetStylizerPlugin.optionsSchema!;
    expect(schema.parse({ models: 'models/3d' })).toEqual({ models: 'models/3d', maxShortSide: 720 });
    expect(schema.safeParse({}).success).toBe(false);
    const unknown = schema.safeParse({ models: 'm', colour: 'red' });
    expect(JSON.stringify(unknown.error?.issues)).toContain('colour');
    expect(schema.safeParse({ models: 'm', style: 'Anime Style' }).success).toBe(false);
  });
});

describe('dctnet stylizer plugin create()', () => {
  it('resolves the folder against the project root and builds a working stylizer named after it', async () => {
    await writeStyleFolder(join(root, 'models', '3d'), { head: { body: INVERT }, background: { body: IDENTITY } });
    const stylizer = await dctnetStylizerPlugin.create(context({ models: 'models/3d' }));
    try {
      expect(stylizer.info.id).toBe('dctnet-3d');
      const image = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i * 10) };
      const result = await stylizer.stylize({ image });
      expect(Array.from(result.image.data)).toEqual(Array.from(image.data));
      expect(result.outcome).toBe('no-face');
    } finally {
      await stylizer.dispose?.();
    }
  });

  it('takes the style name from the options', async () => {
    await writeStyleFolder(join(root, 'models', 'v2'), { head: { body: INVERT }, background: { body: IDENTITY } });
    const stylizer = await dctnetStylizerPlugin.create(context({ models: 'models/v2', style: 'anime' }));
    expect(stylizer.info.id).toBe('dctnet-anime');
    await stylizer.dispose?.();
  });

  it('checks the folder first and reports every problem in one error, opening no session', async () => {
    await writeStyleFolder(join(root, 'models', 'broken'), {
      head: { body: INVERT, outputDtype: 'float32' },
      background: { body: IDENTITY, batch: true },
    });
    const before = onnx.openSessionCount;
    const error = await Promise.resolve(dctnetStylizerPlugin.create(context({ models: 'models/broken' }))).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DctnetFolderError);
    const message = (error as Error).message;
    expect(message).toMatch(/models[/\\]broken: not a usable DCT-Net style folder \(1 problem\): cartoon_h\.onnx: output 'output_image': expected uint8 \[height, width, 3\] or uint8 \[batch, height, width, 3\], found float32/);
    expect(message).not.toContain('\n');
    expect(onnx.openSessionCount).toBe(before);
  });

  it('reports a missing folder', async () => {
    await expect(Promise.resolve(dctnetStylizerPlugin.create(context({ models: 'nowhere' })))).rejects.toThrow(/nowhere: not a usable DCT-Net style folder \(1 problem\): \.: not a folder/);
  });
});
