/**
 * Parity of the converted default models with the TF.js originals: each model runs in onnxruntime
 * (the converted file, as ensureFaceModels provides it) and in TF.js (the original graph, wasm
 * backend) on the same real face crop, scaled as the catalogue says, and every output must agree.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import sharp from 'sharp';
import { OnnxRuntime, type TensorData } from '@geneava/core/onnx';
import { tfjsWeightFiles } from '@geneava/tfjs-to-onnx';
import { FACE_MODEL_CATALOG } from './catalog.js';
import type { FaceModelEntry } from './catalog-types.js';
import { ensureFaceModels } from './ensure-models.js';
import { locateHumanModels } from './human-models.js';
import { findPackageDir, resolutionBases } from './locate-packages.js';

// The face on the right of face-api's sample1.jpg (1920 x 1280), with about 1.4x margin: checked by eye.
const FACE_BOX = { left: 1380, top: 110, width: 400, height: 400 };

function samplePhoto(): string {
  const faceApi = findPackageDir('@vladmandic/face-api', resolutionBases());
  if (!faceApi) throw new Error('@vladmandic/face-api (a dev dependency holding the sample photos) is not installed');
  return join(faceApi, 'demo', 'sample1.jpg');
}

/** The face crop resized to the model's input and mapped from 0..255 to its input range. */
async function faceInput(model: FaceModelEntry): Promise<{ dims: number[]; data: Float32Array }> {
  const [, height, width, channels] = model.input.shape as [unknown, number, number, number];
  let image = sharp(samplePhoto()).extract(FACE_BOX).resize(width, height, { fit: 'fill' });
  if (model.input.colour === 'grayscale') image = image.grayscale();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== channels) throw new Error(`${model.name}: crop has ${info.channels} channels, the model takes ${channels}`);
  const [low, high] = model.input.range;
  return { dims: [1, height, width, channels], data: Float32Array.from(data, (pixel) => low + ((high - low) * pixel) / 255) };
}

/** The original graph through TF.js, weights read from the package's files. */
async function loadTfjs(modelJsonPath: string): Promise<tf.GraphModel> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  const folder = join(modelJsonPath, '..');
  const shards = await Promise.all(tfjsWeightFiles(json).map((path) => readFile(join(folder, path))));
  const weights = Buffer.concat(shards);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group: { weights: tf.io.WeightsManifestEntry[] }) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

function compare(expected: Float32Array, actual: Float32Array): { cosine: number; maxAbsDiff: number } {
  let dot = 0;
  let expectedNorm = 0;
  let actualNorm = 0;
  let maxAbsDiff = 0;
  for (let i = 0; i < expected.length; i++) {
    dot += expected[i] * actual[i];
    expectedNorm += expected[i] ** 2;
    actualNorm += actual[i] ** 2;
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[i] - actual[i]));
  }
  return { cosine: dot / Math.sqrt(expectedNorm * actualNorm), maxAbsDiff };
}

/** What the converted models must say about this crop, so the parity is shown on a real face. */
const ON_THIS_FACE: Partial<Record<FaceModelEntry['name'], (outputs: Record<string, TensorData>) => void>> = {
  // Some anchor scores the face (logit > 0, i.e. probability > 0.5).
  blazeface: (out) => expect(Math.max(...(out.Identity.data as Float32Array), ...(out.Identity_1.data as Float32Array))).toBeGreaterThan(0),
  facemesh: (out) => expect((out.output_faceflag.data as Float32Array)[0]).toBeGreaterThan(0.9),
  // The subject is a woman: gender score <= 0.5.
  faceres: (out) => expect((out['gender_pred/Sigmoid'].data as Float32Array)[0]).toBeLessThan(0.5),
};

describe('converted face models match TF.js on a real face', () => {
  const runtime = new OnnxRuntime();
  let modelsDir: string;
  let sourceDir: string;
  const report: string[] = [];

  beforeAll(async () => {
    const wasm = findPackageDir('@tensorflow/tfjs-backend-wasm', resolutionBases());
    if (!wasm) throw new Error('@tensorflow/tfjs-backend-wasm (a dev dependency) is not installed');
    setWasmPaths(`${join(wasm, 'dist')}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    modelsDir = await ensureFaceModels();
    sourceDir = (await locateHumanModels()).dir;
  });
  afterAll(async () => {
    await runtime.dispose();
    // The numbers, for whoever reads the test log.
    process.stdout.write(`parity (TF.js wasm vs onnxruntime CPU):\n${report.join('\n')}\n`);
  });

  it.each(FACE_MODEL_CATALOG.map((model) => [model.name, model] as const))('%s', async (_name, model) => {
    const input = await faceInput(model);
    const graph = await loadTfjs(join(sourceDir, model.source.file));
    const inputTensor = tf.tensor(input.data, input.dims);
    const outputs = graph.execute(inputTensor, graph.outputNodes);
    const tfjsOutputs = Array.isArray(outputs) ? outputs : [outputs];
    const expected = new Map<string, Float32Array>();
    for (const [i, key] of graph.outputNodes.entries()) {
      expected.set(key.replace(/:0$/, ''), (await tfjsOutputs[i].data()) as Float32Array);
    }
    tf.dispose([inputTensor, ...tfjsOutputs]);
    graph.dispose();

    const session = await runtime.createSession(join(modelsDir, model.onnxFile), { device: 'cpu', contract: model.contract });
    let actual: Record<string, TensorData>;
    try {
      actual = await session.run({ [model.input.name]: { dtype: 'float32', dims: input.dims, data: input.data } });
    } finally {
      await session.dispose();
    }

    expect([...expected.keys()].sort()).toEqual(model.outputs.map((output) => output.name).sort());
    for (const output of model.outputs) {
      const tfjsValues = expected.get(output.name)!;
      const onnxValues = actual[output.name].data as Float32Array;
      expect(onnxValues.length).toBe(tfjsValues.length);
      const { cosine, maxAbsDiff } = compare(tfjsValues, onnxValues);
      report.push(`  ${model.name} ${output.name}: cosine ${cosine.toFixed(7)}, max abs diff ${maxAbsDiff.toExponential(2)}`);
      expect(cosine).toBeGreaterThanOrEqual(0.9999);
    }
    ON_THIS_FACE[model.name]?.(actual);
  });
});
