import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeType, decodeModel } from '../proto.js';
import { readModelSignature } from '../signature.js';
import { attr, attributeProto } from './attributes.js';
import { OnnxGraphBuilder } from './builder.js';

describe('OnnxGraphBuilder', () => {
  it('writes the model header: IR version, opset imports (custom domains at version 1), producer', () => {
    const b = new OnnxGraphBuilder({ opset: 14, irVersion: 7, producer: 'pytorch' });
    const x = b.input('x', 'float', [1]);
    b.output(b.node('FastGelu', [x], 1, { domain: 'com.microsoft' })[0]!, 'float', [1]);
    const model = decodeModel(b.toBytes());
    expect(model.irVersion).toBe(7);
    expect(model.producerName).toBe('pytorch');
    expect(model.opsetImport).toEqual([{ domain: '', version: 14 }, { domain: 'com.microsoft', version: 1 }]);
    expect(model.graph!.node[0]).toMatchObject({ opType: 'FastGelu', domain: 'com.microsoft', name: '/FastGelu_0', output: ['/FastGelu_0_output_0'] });
  });

  it('names nodes and outputs as TorchScript does, and keeps names unique', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', 'float', [2]);
    const first = b.op.relu(x);
    const second = b.op.relu(first);
    expect([first, second]).toEqual(['/Relu_0_output_0', '/Relu_1_output_0']);
    expect(b.node('Split', [second], 2, { attributes: { axis: 0 } })).toEqual(['/Split_0_output_0', '/Split_0_output_1']);
    expect(b.node('Identity', [x], ['named'], { name: '/my/Identity' })).toEqual(['named']);
  });

  it('refuses graphs that would not load: undefined inputs, duplicate names, outputs of nothing', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', 'float', [2]);
    expect(() => b.op.relu('nope')).toThrow("node /Relu_0: input 'nope' is not defined yet");
    expect(() => b.input('x', 'float', [2])).toThrow("value 'x' is defined twice");
    expect(() => b.output('missing', 'float', [2])).toThrow("output 'missing' is not a value of the graph");
    b.output(x, 'float', [2]);
    expect(() => b.output(x, 'float', [2])).toThrow("output 'x' is declared twice");
    expect(() => b.initializer('w', 'float', [2, 2], [1, 2, 3])).toThrow("tensor 'w': shape [2, 2] needs 4 values, got 3");
  });

  it('types plain attribute values by their content, and explicit ones as asked', () => {
    expect(attributeProto('axis', 1)).toEqual({ name: 'axis', type: AttributeType.INT, i: 1 });
    expect(attributeProto('alpha', 0.5)).toEqual({ name: 'alpha', type: AttributeType.FLOAT, f: 0.5 });
    expect(attributeProto('alpha', attr.float(1))).toEqual({ name: 'alpha', type: AttributeType.FLOAT, f: 1 });
    expect(attributeProto('perm', [1, 0])).toEqual({ name: 'perm', type: AttributeType.INTS, ints: [1, 0] });
    expect(attributeProto('scales', new Float32Array([1, 2]))).toEqual({ name: 'scales', type: AttributeType.FLOATS, floats: [1, 2] });
    expect(attributeProto('mode', 'linear')).toEqual({ name: 'mode', type: AttributeType.STRING, s: new TextEncoder().encode('linear') });
    expect(attributeProto('names', ['a'])).toEqual({ name: 'names', type: AttributeType.STRINGS, strings: [new TextEncoder().encode('a')] });
  });

  it('stores int64 and bool initializers little-endian in raw_data', () => {
    const b = new OnnxGraphBuilder();
    b.initializer('steps', 'int64', [2], [1, -1]);
    b.initializer('mask', 'bool', [2], [true, false]);
    const [steps, mask] = b.toModel().graph!.initializer;
    expect(steps!.dataType).toBe(7);
    expect(Array.from(steps!.rawData!)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]);
    expect(mask!.dataType).toBe(9);
    expect(Array.from(mask!.rawData!)).toEqual([1, 0]);
  });

  describe('signatures of built models', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'geneava-builder-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it.each(['float32', 'float16'] as const)('reads the UNet-like IO back from a saved %s file', async (floatType) => {
      const b = new OnnxGraphBuilder({ floatType, opset: 14, irVersion: 7 });
      const sample = b.input('sample', 'float', ['batch_size', 4, 'height', 'width']);
      const timestep = b.input('timestep', 'int64', [1]);
      const scale = b.op.cast(timestep, 'float');
      b.output(b.op.mul(sample, scale, { output: 'out_sample' }), 'float', ['batch_size', 4, 'height', 'width']);
      const path = join(dir, `unet-${floatType}.onnx`);
      expect(await b.save(path)).toEqual({ modelPath: path });
      expect(await readModelSignature(path)).toEqual({
        file: path,
        inputs: [
          { name: 'sample', dtype: floatType, dims: ['batch_size', 4, 'height', 'width'] },
          { name: 'timestep', dtype: 'int64', dims: [1] },
        ],
        outputs: [{ name: 'out_sample', dtype: floatType, dims: ['batch_size', 4, 'height', 'width'] }],
        opset: 14,
        irVersion: 7,
        producer: 'geneava',
        externalDataFiles: [],
        externalTensors: [],
      });
    });
  });
});
