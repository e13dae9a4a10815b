import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileError } from './errors.js';
import { DataLocation, encodeModel, type GraphProto, type ModelProto, type TensorProto } from './proto.js';
import { readModelSignature } from './signature.js';

const value = (name: string, elemType: number, dims?: (number | string | null)[]) => ({
  name,
  type: {
    tensorType: {
      elemType,
      ...(dims ? { shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : d === null ? {} : { dimParam: d })) } } : {}),
    },
  },
});

const external = (name: string, location: string): TensorProto => ({
  name,
  dims: [4],
  dataType: 1,
  dataLocation: DataLocation.EXTERNAL,
  externalData: [
    { key: 'location', value: location },
    { key: 'offset', value: '0' },
    { key: 'length', value: '16' },
  ],
});

function graph(parts: Partial<GraphProto>): GraphProto {
  return { name: 'g', node: [], initializer: [], input: [], output: [], valueInfo: [], ...parts };
}

function model(parts: Partial<ModelProto> & { graph: GraphProto }): ModelProto {
  return { irVersion: 7, opsetImport: [{ domain: '', version: 14 }, { domain: 'com.microsoft', version: 1 }], producerName: 'pytorch', metadataProps: [], ...parts };
}

// A UNet-like signature: an initializer also listed as an input (IR < 4 style) must not count as an input.
function unetLike(weight: TensorProto): ModelProto {
  return model({
    graph: graph({
      input: [
        value('sample', 1, ['batch_size', 4, 'height', 'width']),
        value('timestep', 7, ['steps']),
        value('weight', 1, [4]),
        value('scalar', 1, []),
        value('unnamed', 10, [null, 3]),
        value('rank_unknown', 16),
      ],
      output: [value('out_sample', 1, ['batch_size', 4, 'height', 'width'])],
      initializer: [weight],
      node: [{ opType: 'Identity', input: ['sample'], output: ['out_sample'], attribute: [] }],
    }),
  });
}

describe('readModelSignature', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-signature-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads inputs (without initializers), outputs, symbolic dims, opset and producer', async () => {
    const bytes = encodeModel(unetLike({ name: 'weight', dims: [4], dataType: 1, rawData: new Uint8Array(16) }));
    const signature = await readModelSignature(bytes);
    expect(signature.inputs).toEqual([
      { name: 'sample', dtype: 'float32', dims: ['batch_size', 4, 'height', 'width'] },
      { name: 'timestep', dtype: 'int64', dims: ['steps'] },
      { name: 'scalar', dtype: 'float32', dims: [] },
      { name: 'unnamed', dtype: 'float16', dims: ['?', 3] },
      { name: 'rank_unknown', dtype: 'unknown', declaredType: 'bfloat16' },
    ]);
    expect(signature.outputs).toEqual([{ name: 'out_sample', dtype: 'float32', dims: ['batch_size', 4, 'height', 'width'] }]);
    expect(signature.opset).toBe(14);
    expect(signature.irVersion).toBe(7);
    expect(signature.producer).toBe('pytorch');
    expect(signature.externalDataFiles).toEqual([]);
    expect(signature.file).toBeUndefined();
  });

  it('lists external data files from initializers, Constant attributes and subgraphs once each', async () => {
    const constant = { name: 'value', type: 4, t: external('', 'constants.bin') };
    const subgraph = graph({ initializer: [external('inner', 'branch.bin')], output: [value('o', 1, [4])] });
    const bytes = encodeModel(
      model({
        graph: graph({
          input: [value('cond', 9, [])],
          output: [value('y', 1, [4])],
          initializer: [external('a', 'model.onnx_data'), external('b', 'model.onnx_data')],
          node: [
            { opType: 'Constant', input: [], output: ['c'], attribute: [constant] },
            { opType: 'If', input: ['cond'], output: ['y'], attribute: [{ name: 'then_branch', type: 5, g: subgraph }, { name: 'else_branch', type: 5, g: subgraph }] },
          ],
        }),
      }),
    );
    const signature = await readModelSignature(bytes);
    // File order: onnx.proto puts nodes (field 1) before initializers (field 5).
    expect(signature.externalDataFiles).toEqual(['constants.bin', 'branch.bin', 'model.onnx_data']);
    expect(signature.inputs.map((i) => i.name)).toEqual(['cond']);
  });

  it('reads from a path and skips a multi-megabyte inline weight without losing its place', async () => {
    // 3 MB of weights spans several read windows; the fields after it must still be found.
    const weight = { name: 'weight', dims: [786432], dataType: 1, rawData: new Uint8Array(786432 * 4).fill(7) };
    const path = join(dir, 'big.onnx');
    await writeFile(path, encodeModel(unetLike(weight)));
    const signature = await readModelSignature(path);
    expect(signature.file).toBe(path);
    expect(signature.inputs.map((i) => i.name)).toEqual(['sample', 'timestep', 'scalar', 'unnamed', 'rank_unknown']);
    expect(signature.outputs.map((o) => o.name)).toEqual(['out_sample']);
  });

  it('rejects a JPEG renamed to .onnx with a one-line message naming the file', async () => {
    const path = join(dir, 'photo.onnx');
    const jpegHeader = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48];
    await writeFile(path, Uint8Array.from([...jpegHeader, ...new Array(200).fill(0x55)]));
    const error = await readModelSignature(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a valid ONNX model`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects a truncated model', async () => {
    const bytes = encodeModel(unetLike({ name: 'weight', dims: [4], dataType: 1, rawData: new Uint8Array(16) }));
    const path = join(dir, 'truncated.onnx');
    await writeFile(path, bytes.subarray(0, bytes.length - 20));
    await expect(readModelSignature(path)).rejects.toThrow(`${path}: not a valid ONNX model: the data ends in the middle of a field (truncated file?)`);
  });

  it('rejects protobuf that is not a model, an empty file, a missing file and a folder', async () => {
    // A valid protobuf message (a lone string field 2) that has no graph: not a model.
    await expect(readModelSignature(Uint8Array.from([0x12, 0x01, 0x61]))).rejects.toThrow('model bytes: not a valid ONNX model: no ir_version field');
    await expect(readModelSignature(Uint8Array.from([0x08, 0x07]))).rejects.toThrow('model bytes: not a valid ONNX model: no graph');
    const empty = join(dir, 'empty.onnx');
    await writeFile(empty, new Uint8Array(0));
    await expect(readModelSignature(empty)).rejects.toThrow(`${empty}: empty file, expected an ONNX model`);
    await expect(readModelSignature(join(dir, 'missing.onnx'))).rejects.toThrow(`${join(dir, 'missing.onnx')}: file not found`);
    const folder = join(dir, 'unet');
    await mkdir(folder);
    await expect(readModelSignature(folder)).rejects.toThrow(`${folder}: is a folder, expected an ONNX model file (e.g. unet/model.onnx)`);
  });
});
