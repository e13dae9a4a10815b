import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { PluginContext } from '@geneava/core/plugins';
import { silentLogger } from '@geneava/core/util';
import { descriptorsDir, fixtureModel, PUBLISHED_SIGNATURES } from '../../test/fixture-models.js';
import type { OnnxStylizerOptions } from '../options.js';
import onnxStylizerPlugin from '../plugin.js';
import { findDescriptor, shippedDescriptorNames, shippedDescriptorsDir } from './find-descriptor.js';
import { loadDescriptor } from './load-descriptor.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'find-descriptor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findDescriptor', () => {
  it('finds the installed package\'s shipped descriptors and lists their names', () => {
    expect(realpathSync(shippedDescriptorsDir() as string)).toBe(realpathSync(descriptorsDir()));
    expect(shippedDescriptorNames()).toEqual(['animeganv2-face-paint-512-v2', 'photo2cartoon', 'whitebox-cartoonization']);
  });

  it('takes a bare name as a shipped descriptor, wherever the caller stands', () => {
    const found = findDescriptor('animeganv2-face-paint-512-v2', dir);
    expect(found.shipped).toBe(true);
    expect(realpathSync(found.file)).toBe(realpathSync(join(descriptorsDir(), 'animeganv2-face-paint-512-v2.json')));
  });

  it('takes anything path-like as a path from the base folder, and a bare name of a local file as that file', () => {
    expect(findDescriptor('styles/anime.json', dir)).toEqual({ file: resolve(dir, 'styles/anime.json'), shipped: false });
    expect(findDescriptor('anime.json', dir)).toEqual({ file: resolve(dir, 'anime.json'), shipped: false });
    writeFileSync(join(dir, 'mystyle'), '{}');
    expect(findDescriptor('mystyle', dir)).toEqual({ file: join(dir, 'mystyle'), shipped: false });
  });

  it('names the shipped descriptors when a name matches none', () => {
    expect(() => findDescriptor('animegan', dir)).toThrow(
      `descriptor "animegan": no shipped descriptor has that name (shipped: animeganv2-face-paint-512-v2, photo2cartoon, whitebox-cartoonization) and ${join(dir, 'animegan')} does not exist; give a shipped name or a descriptor .json path`,
    );
  });

  it('loads a descriptor with its model looked up in a models folder when one is given', async () => {
    const file = join(descriptorsDir(), 'photo2cartoon.json');
    expect((await loadDescriptor(file)).modelPath).toBe(join(descriptorsDir(), 'photo2cartoon_weights.onnx'));
    expect((await loadDescriptor(file, { modelsDir: dir })).modelPath).toBe(join(dir, 'photo2cartoon_weights.onnx'));
  });
});

describe('onnx stylizer plugin, descriptor by name', () => {
  const entry = PUBLISHED_SIGNATURES['animeganv2-face-paint-512-v2.json'];
  const context = (options: OnnxStylizerOptions, onnx: OnnxRuntime): PluginContext<OnnxStylizerOptions> => ({
    options,
    projectRoot: dir,
    device: 'cpu',
    onnx,
    logger: silentLogger,
  });

  it('runs a shipped descriptor with the user\'s model from the models folder, or else the project folder', async () => {
    await writeFile(join(dir, entry.model), fixtureModel(entry.spec({ kind: 'identity' })));
    const onnx = new OnnxRuntime();
    try {
      const fromRoot = await onnxStylizerPlugin.create(context({ descriptor: 'animeganv2-face-paint-512-v2' }, onnx));
      expect(fromRoot.info.id).toBe('animeganv2-face-paint-512-v2');
      rmSync(join(dir, entry.model));
      await expect(onnxStylizerPlugin.create(context({ descriptor: 'animeganv2-face-paint-512-v2' }, onnx))).rejects.toThrow(entry.model);
      const models = join(dir, 'weights');
      mkdirSync(models);
      await writeFile(join(models, entry.model), fixtureModel(entry.spec({ kind: 'identity' })));
      const fromModels = await onnxStylizerPlugin.create(context({ descriptor: 'animeganv2-face-paint-512-v2', models: 'weights' }, onnx));
      expect(fromModels.info.id).toBe('animeganv2-face-paint-512-v2');
    } finally {
      await onnx.dispose();
    }
  });
});
