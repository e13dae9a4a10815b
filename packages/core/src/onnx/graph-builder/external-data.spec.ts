import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileError } from '../errors.js';
import { DataLocation, decodeModel, encodeModel } from '../proto.js';
import { OnnxRuntime } from '../runtime.js';
import { readModelSignature } from '../signature.js';
import type { TensorData } from '../tensor.js';
import { OnnxGraphBuilder } from './builder.js';
import { externalDataEntry, inlineExternalData } from './external-data.js';

// y = x · W + b with W = 2·I (64 bytes) and b = [1, 2, 3, 4] (16 bytes): both leave the model file.
function linearModel(): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder();
  const x = b.input('x', 'float', ['batch', 4]);
  const weight = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2];
  const y = b.op.linear(x, { weightName: 'onnx::MatMul_7', weight, inFeatures: 4, outFeatures: 4, modulePath: '/unet/to_q', bias: [1, 2, 3, 4] });
  b.output(b.op.identity(y, { output: 'y' }), 'float', ['batch', 4]);
  return b;
}

const ones = { x: { dtype: 'float32' as const, dims: [1, 4], data: new Float32Array([1, 1, 1, 1]) } };
const values = (tensor: TensorData | undefined) => Array.from(tensor!.data as Float32Array);

describe('models with external data', () => {
  const runtime = new OnnxRuntime();
  let dir: string;
  let modelPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-external-'));
    modelPath = join(dir, 'model.onnx');
    const saved = await linearModel().save(modelPath, { externalData: { location: 'model.onnx_data', sizeThreshold: 16 } });
    expect(saved).toEqual({ modelPath, dataPath: join(dir, 'model.onnx_data') });
  });
  afterAll(async () => {
    await runtime.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one data file with offset/length entries, as exporters do', async () => {
    const model = decodeModel(await readFile(modelPath));
    const [weight, bias] = model.graph!.initializer;
    expect(weight!.dataLocation).toBe(DataLocation.EXTERNAL);
    expect(weight!.rawData).toBeUndefined();
    expect(weight!.externalData).toEqual([
      { key: 'location', value: 'model.onnx_data' },
      { key: 'offset', value: '0' },
      { key: 'length', value: '64' },
    ]);
    expect(externalDataEntry(bias!, 'offset')).toBe('64');
    expect(externalDataEntry(bias!, 'length')).toBe('16');
    const data = await readFile(join(dir, 'model.onnx_data'));
    expect(data.length).toBe(80);
    expect(Array.from(new Float32Array(Uint8Array.from(data.subarray(64)).buffer))).toEqual([1, 2, 3, 4]);
    expect((await readModelSignature(modelPath)).externalDataFiles).toEqual(['model.onnx_data']);
  });

  it('keeps initializers under the threshold inline', async () => {
    const path = join(dir, 'partial.onnx');
    await linearModel().save(path, { externalData: { location: 'partial.onnx_data', sizeThreshold: 17 } });
    const [weight, bias] = decodeModel(await readFile(path)).graph!.initializer;
    expect(weight!.dataLocation).toBe(DataLocation.EXTERNAL);
    expect(bias!.dataLocation).toBeUndefined();
    expect((await stat(join(dir, 'partial.onnx_data'))).size).toBe(64);
  });

  it('loads from the path, finding model.onnx_data beside it', async () => {
    const session = await runtime.createSession(modelPath, { device: 'cpu' });
    expect(values((await session.run(ones)).y)).toEqual([3, 4, 5, 6]);
  });

  it('loads patched bytes with the external data folder given (how a LoRA branch is added to a UNet)', async () => {
    // y' = y + x · D with an inline D = I: the base weights stay in model.onnx_data, untouched.
    const model = decodeModel(await readFile(modelPath));
    const graph = model.graph!;
    graph.initializer.push({ name: 'lora_delta', dims: [4, 4], dataType: 1, rawData: new Uint8Array(new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]).buffer) });
    const identity = graph.node.findIndex((node) => node.opType === 'Identity');
    graph.node.splice(
      identity,
      0,
      { name: '/unet/to_q/lora/MatMul', opType: 'MatMul', input: ['x', 'lora_delta'], output: ['lora_out'], attribute: [] },
      { name: '/unet/to_q/lora/Add', opType: 'Add', input: ['/unet/to_q/Add_output_0', 'lora_out'], output: ['patched'], attribute: [] },
    );
    graph.node[graph.node.length - 1]!.input = ['patched'];
    const bytes = encodeModel(model);

    const session = await runtime.createSession(bytes, { device: 'cpu', externalDataDir: dir, label: 'patched unet' });
    expect(session.label).toBe('patched unet');
    expect(values((await session.run(ones)).y)).toEqual([4, 5, 6, 7]);

    // Without the folder, onnxruntime refuses to resolve the data file: the error names the model.
    await expect(runtime.createSession(bytes, { device: 'cpu', label: 'patched unet' })).rejects.toThrow(ModelFileError);
    await expect(runtime.createSession(bytes, { device: 'cpu', label: 'patched unet' })).rejects.toThrow(
      /^patched unet: cannot be loaded by onnxruntime: .*\(a model given as bytes needs externalDataDir: the folder holding its external data files\)$/,
    );
  });

  it('takes in-memory replacements for the data file', async () => {
    // Same layout, weight 3·I and bias [0, 0, 0, 1].
    const replacement = new Float32Array([3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 1]);
    const bytes = await readFile(modelPath);
    const session = await runtime.createSession(bytes, {
      device: 'cpu',
      externalData: [{ path: 'model.onnx_data', data: new Uint8Array(replacement.buffer) }],
    });
    expect(values((await session.run(ones)).y)).toEqual([3, 3, 3, 4]);
  });

  it('reads external data back inline', async () => {
    const inline = await inlineExternalData(decodeModel(await readFile(modelPath)), dir);
    expect(inline.graph!.initializer.every((t) => t.dataLocation === undefined && t.rawData?.length)).toBe(true);
    const session = await runtime.createSession(encodeModel(inline), { device: 'cpu' });
    expect(values((await session.run(ones)).y)).toEqual([3, 4, 5, 6]);
  });
});
