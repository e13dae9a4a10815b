import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLocation, encodeModel, type TensorProto } from '../onnx/proto.js';
import { readJsonObject } from './folder-files.js';
import { readOnnxFile } from './onnx-file.js';
import { CheckReportBuilder } from './report-builder.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-checks-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readJsonObject', () => {
  it('returns the object of a JSON file', async () => {
    await writeFile(join(dir, 'good.json'), '{"_class_name": "X", "n": 2}');
    expect(await readJsonObject(join(dir, 'good.json'))).toEqual({ ok: true, value: { _class_name: 'X', n: 2 } });
  });

  it('says why a file is not a usable JSON object', async () => {
    await writeFile(join(dir, 'list.json'), '[1, 2]');
    await writeFile(join(dir, 'broken.json'), '{"a": ');
    expect(await readJsonObject(join(dir, 'list.json'))).toEqual({ ok: false, message: 'does not hold a JSON object' });
    expect(await readJsonObject(join(dir, 'absent.json'))).toEqual({ ok: false, message: 'missing' });
    const broken = await readJsonObject(join(dir, 'broken.json'));
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/^is not valid JSON \(/);
  });
});

describe('CheckReportBuilder and readOnnxFile', () => {
  it('collects every problem and is ok only without problems', async () => {
    const report = new CheckReportBuilder('demo', dir);
    expect(report.build()).toEqual({ kind: 'demo', path: dir, ok: true, problems: [], facts: {} });

    await writeFile(join(dir, 'empty.onnx'), new Uint8Array(0));
    expect(await readOnnxFile(dir, 'missing.onnx', 'demo net', report)).toBeUndefined();
    expect(await readOnnxFile(dir, 'empty.onnx', 'demo net', report)).toBeUndefined();
    report.fact('variant', 'x');
    expect(report.build()).toEqual({
      kind: 'demo',
      path: dir,
      ok: false,
      problems: [
        { file: 'missing.onnx', message: 'missing (the demo net model)' },
        { file: 'empty.onnx', message: 'empty file, expected an ONNX model' },
      ],
      facts: { variant: 'x' },
    });
  });
});

/** An external float32 initializer of `count` values at `offset` of model.onnx_data. */
function externalWeight(name: string, count: number, offset: number, length = count * 4): TensorProto {
  return {
    name,
    dims: [count],
    dataType: 1,
    dataLocation: DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: 'model.onnx_data' },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ],
  };
}

/** unet/model.onnx: y = x + a + b, with a (16 floats) and b (8 floats) in unet/model.onnx_data (96 bytes). */
async function writeUnet(root: string, weights: TensorProto[] = [externalWeight('a', 16, 0), externalWeight('b', 8, 64)]): Promise<void> {
  const value = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 16 }] } } } });
  await mkdir(join(root, 'unet'), { recursive: true });
  await writeFile(
    join(root, 'unet', 'model.onnx'),
    encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      metadataProps: [],
      graph: { node: [{ opType: 'Add', input: ['x', 'a'], output: ['y'], attribute: [] }], initializer: weights, input: [value('x')], output: [value('y')], valueInfo: [] },
    }),
  );
  await writeFile(join(root, 'unet', 'model.onnx_data'), new Uint8Array(96));
}

describe('readOnnxFile and external data', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-external-check-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('passes a model whose external tensors all fit their data file', async () => {
    await writeUnet(root);
    const report = new CheckReportBuilder('sdxl', root);
    expect(await readOnnxFile(root, 'unet/model.onnx', 'SDXL unet', report)).toBeDefined();
    expect(report.build().problems).toEqual([]);
  });

  it('fails a half-truncated data file, naming the tensor and the file, expected vs found', async () => {
    await writeUnet(root);
    await truncate(join(root, 'unet', 'model.onnx_data'), 48);
    const report = new CheckReportBuilder('sdxl', root);
    await readOnnxFile(root, 'unet/model.onnx', 'SDXL unet', report);
    expect(report.build().problems).toEqual([
      {
        file: 'unet/model.onnx_data',
        message:
          "tensor 'a' of unet/model.onnx: needs bytes 0..64, but the file has 48 bytes; the data file is truncated or not the one this model was saved with (and 1 more of its 2 tensors do not fit either)",
      },
    ]);
  });

  it('fails a length entry that does not match the tensor, and data past the end without a length', async () => {
    const noLength: TensorProto = { ...externalWeight('c', 32, 0), externalData: [{ key: 'location', value: 'model.onnx_data' }] };
    await writeUnet(root, [externalWeight('a', 16, 0, 60), noLength]);
    const report = new CheckReportBuilder('sdxl', root);
    await readOnnxFile(root, 'unet/model.onnx', 'SDXL unet', report);
    expect(report.build().problems).toEqual([
      { file: 'unet/model.onnx_data', message: "tensor 'a' of unet/model.onnx: its length entry says 60 bytes, its shape and type need 64 (and 1 more of its 2 tensors do not fit either)" },
    ]);
  });
});
