import { float32ToFloat16Bits } from '../float16.js';
import { OnnxRuntime } from '../runtime.js';
import { readModelSignature } from '../signature.js';
import type { TensorData } from '../tensor.js';
import { OnnxGraphBuilder } from './builder.js';

// y = x · W + b built once per precision; in float16 the inputs, weights and outputs are all half.
function model(floatType: 'float32' | 'float16'): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ floatType });
  const x = b.input('x', 'float', ['batch', 2]);
  const y = b.op.linear(x, { weightName: 'onnx::MatMul_5', weight: [1, 0.5, -2, 0.25], inFeatures: 2, outFeatures: 2, modulePath: '/proj', bias: [0.5, 1] });
  b.output(b.op.identity(y, { output: 'y' }), 'float', ['batch', 2]);
  b.output(b.op.identity(x, { output: 'x_copy' }), 'float', ['batch', 2]);
  return b;
}

const values = (tensor: TensorData | undefined) => Array.from(tensor!.data as ArrayLike<number>);

describe('float16 models', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it('stores float weights as half bit patterns', () => {
    const weight = model('float16').toModel().graph!.initializer[0]!;
    expect(weight.dataType).toBe(10);
    expect(Array.from(new Uint16Array(Uint8Array.from(weight.rawData!).buffer))).toEqual([0x3c00, 0x3800, 0xc000, 0x3400]);
  });

  it('declares float16 inputs and outputs', async () => {
    const signature = await readModelSignature(model('float16').toBytes());
    expect(signature.inputs).toEqual([{ name: 'x', dtype: 'float16', dims: ['batch', 2] }]);
    expect(signature.outputs.map((o) => o.dtype)).toEqual(['float16', 'float16']);
  });

  it('converts float32 feeds to half and half outputs back to float32 at the boundary', async () => {
    const session = await runtime.createSession(model('float16').toBytes(), { device: 'cpu' });
    expect(session.inputs[0]!.dtype).toBe('float16');
    // [1, 2] · [[1, 0.5], [-2, 0.25]] + [0.5, 1] = [-2.5, 2]; all exactly representable in half.
    const out = await session.run({ x: { dtype: 'float32', dims: [1, 2], data: new Float32Array([1, 2]) } });
    expect(out.y).toEqual({ dtype: 'float32', dims: [1, 2], data: new Float32Array([-2.5, 2]) });
  });

  it('takes and returns raw half bit patterns when asked', async () => {
    const session = await runtime.createSession(model('float16').toBytes(), { device: 'cpu' });
    const bits = new Uint16Array([0x3c00, 0x4000]); // [1, 2]
    const out = await session.run({ x: { dtype: 'float16', dims: [1, 2], data: bits } }, undefined, { keepFloat16: true });
    expect(out.y!.dtype).toBe('float16');
    expect(values(out.y)).toEqual([0xc100, 0x4000]); // [-2.5, 2]
  });

  it('rounds float32 feeds to nearest-even half, like the model would store them', async () => {
    const session = await runtime.createSession(model('float16').toBytes(), { device: 'cpu' });
    const feed = new Float32Array([0.1, 1 + 2 ** -11]); // 1 + 2^-11 is a tie between 1 and 1 + 2^-10: rounds to 1
    const out = await session.run({ x: { dtype: 'float32', dims: [1, 2], data: feed } }, ['x_copy'], { keepFloat16: true });
    expect(Object.keys(out)).toEqual(['x_copy']);
    expect(values(out.x_copy)).toEqual([float32ToFloat16Bits(0.1), 0x3c00]);
    expect(float32ToFloat16Bits(0.1)).toBe(0x2e66);
  });

  it('gives the same result as the float32 build of the same fixture', async () => {
    const feeds = { x: { dtype: 'float32' as const, dims: [2, 2], data: new Float32Array([1, 2, -4, 0.5]) } };
    const full = await (await runtime.createSession(model('float32').toBytes(), { device: 'cpu' })).run(feeds);
    const half = await (await runtime.createSession(model('float16').toBytes(), { device: 'cpu' })).run(feeds);
    expect(values(half.y)).toEqual(values(full.y));
  });

  it('refuses a float16 feed held in a Float32Array', async () => {
    const session = await runtime.createSession(model('float16').toBytes(), { device: 'cpu' });
    await expect(session.run({ x: { dtype: 'float16', dims: [1, 2], data: new Float32Array([1, 2]) } })).rejects.toThrow(
      "model bytes: cannot run: input 'x': float16 data must be a Uint16Array, got Float32Array",
    );
  });
});
