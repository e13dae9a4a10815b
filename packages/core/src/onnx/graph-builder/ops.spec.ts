import { OnnxRuntime } from '../runtime.js';
import type { TensorData, TensorFeed } from '../tensor.js';
import { OnnxGraphBuilder } from './builder.js';

// Every helper is checked by running its model in onnxruntime against values worked out by hand.
const runtime = new OnnxRuntime();
afterAll(() => runtime.dispose());

async function run(builder: OnnxGraphBuilder, feeds: Record<string, TensorFeed> = {}): Promise<Record<string, TensorData>> {
  const session = await runtime.createSession(builder.toBytes(), { device: 'cpu' });
  try {
    return await session.run(feeds);
  } finally {
    await session.dispose();
  }
}

const f32 = (dims: number[], values: number[]): TensorFeed => ({ dtype: 'float32', dims, data: Float32Array.from(values) });
const values = (tensor: TensorData | undefined) => Array.from(tensor!.data as ArrayLike<number | bigint>);

describe('OnnxOps on onnxruntime', () => {
  it('linear: MatMul with an anonymous [in, out] weight, then Add(bias, ·), named as TorchScript names them', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('hidden_states', 'float', ['batch', 2]);
    const y = b.op.linear(x, {
      weightName: 'onnx::MatMul_123',
      weight: [1, 2, 3, 4, 5, 6],
      inFeatures: 2,
      outFeatures: 3,
      modulePath: '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_out.0',
      bias: [1, -1, 0.5],
    });
    b.output(b.op.identity(y, { output: 'out' }), 'float', ['batch', 3]);
    const model = b.toModel();
    const matMul = model.graph!.node.find((node) => node.opType === 'MatMul')!;
    expect(matMul.name).toBe('/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_out.0/MatMul');
    expect(matMul.input).toEqual(['hidden_states', 'onnx::MatMul_123']);
    expect(model.graph!.initializer.map((t) => [t.name, t.dims])).toEqual([
      ['onnx::MatMul_123', [2, 3]],
      ['down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0.bias', [3]],
    ]);
    // [1, 2] · [[1, 2, 3], [4, 5, 6]] = [9, 12, 15]; plus the bias.
    const { out } = await run(b, { hidden_states: f32([2, 2], [1, 2, 0, 1]) });
    expect(out!.dims).toEqual([2, 3]);
    expect(values(out)).toEqual([10, 11, 15.5, 5, 4, 6.5]);
  });

  it('matMul of two inputs', async () => {
    const b = new OnnxGraphBuilder();
    const out = b.op.matMul(b.input('a', 'float', [1, 2]), b.input('b', 'float', [2, 1]));
    b.output(out, 'float', [1, 1]);
    expect(values((await run(b, { a: f32([1, 2], [3, 4]), b: f32([2, 1], [5, 6]) }))[out])).toEqual([39]);
  });

  it('gemm with transB and a bias, as a 2-D Linear exports', async () => {
    const b = new OnnxGraphBuilder();
    const w = b.initializer('time_embedding.linear_1.weight', 'float', [4, 3], [1, 1, 1, 0, 1, 0, 2, 0, 0, 1, 0, -1]);
    const bias = b.initializer('time_embedding.linear_1.bias', 'float', [4], [0.5, 0, 0, 1]);
    const out = b.op.gemm(b.input('a', 'float', [2, 3]), w, bias, { transB: true });
    b.output(out, 'float', [2, 4]);
    const result = await run(b, { a: f32([2, 3], [1, 0, 2, 0, 1, 1]) });
    expect(values(result[out])).toEqual([3.5, 0, 2, 0, 2.5, 1, 0, 0]);
  });

  it('conv 3x3 with padding: a box-sum channel and an identity channel', async () => {
    const b = new OnnxGraphBuilder();
    const kernel = [...new Array(9).fill(1), 0, 0, 0, 0, 1, 0, 0, 0, 0];
    const w = b.initializer('conv_in.weight', 'float', [2, 1, 3, 3], kernel);
    const bias = b.initializer('conv_in.bias', 'float', [2], [0.5, -1]);
    const out = b.op.conv(b.input('x', 'float', [1, 1, 3, 3]), w, bias, { kernelShape: [3, 3], pads: [1, 1, 1, 1] });
    b.output(out, 'float', [1, 2, 3, 3]);
    const result = (await run(b, { x: f32([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]) }))[out]!;
    expect(result.dims).toEqual([1, 2, 3, 3]);
    // Neighbourhood sums of [[1,2,3],[4,5,6],[7,8,9]] with zero padding, plus 0.5; then x - 1.
    expect(values(result)).toEqual([12.5, 21.5, 16.5, 27.5, 45.5, 33.5, 24.5, 39.5, 28.5, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each([12, 17])('resize nearest x2 by scales and linear to a size with align_corners (opset %i)', async (opset) => {
    const b = new OnnxGraphBuilder({ opset });
    const x = b.input('x', 'float', [1, 1, 2, 2]);
    const nearest = b.op.resize(x, { mode: 'nearest', scales: [1, 1, 2, 2] });
    const linear = b.op.resize(x, { mode: 'linear', sizes: [1, 1, 3, 3], coordinateTransformationMode: 'align_corners' });
    b.output(nearest, 'float', [1, 1, 4, 4]);
    b.output(linear, 'float', [1, 1, 3, 3]);
    const result = await run(b, { x: f32([1, 1, 2, 2], [1, 2, 3, 4]) });
    expect(values(result[nearest])).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(values(result[linear])).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });

  it('concat, cast float -> int64 (truncating), gather', async () => {
    const b = new OnnxGraphBuilder();
    const joined = b.op.concat([b.input('a', 'float', [1, 2]), b.input('b', 'float', [1, 1])], 1);
    const ints = b.op.cast(joined, 'int64');
    const table = b.initializer('table', 'float', [3, 2], [1, 2, 3, 4, 5, 6]);
    const picked = b.op.gather(table, b.input('indices', 'int64', [2]), 0);
    b.output(joined, 'float', [1, 3]);
    b.output(ints, 'int64', [1, 3]);
    b.output(picked, 'float', [2, 2]);
    const result = await run(b, {
      a: f32([1, 2], [1.7, -2.2]),
      b: f32([1, 1], [3.5]),
      indices: { dtype: 'int64', dims: [2], data: [2, 0] },
    });
    expect(values(result[joined])).toEqual([Math.fround(1.7), Math.fround(-2.2), 3.5]);
    expect(result[ints]!.dtype).toBe('int64');
    expect(values(result[ints])).toEqual([1n, -2n, 3n]);
    expect(values(result[picked])).toEqual([5, 6, 1, 2]);
  });

  it('elementwise add, sub, mul, div with broadcasting, and a Constant node', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', 'float', [2]);
    const two = b.constant('float', [], [2]);
    const sum = b.op.add(x, two);
    const difference = b.op.sub(x, two);
    const product = b.op.mul(x, two);
    const quotient = b.op.div(x, two);
    for (const out of [sum, difference, product, quotient]) b.output(out, 'float', [2]);
    const result = await run(b, { x: f32([2], [3, -1]) });
    expect([sum, difference, product, quotient].map((name) => values(result[name]))).toEqual([
      [5, 1],
      [1, -3],
      [6, -2],
      [1.5, -0.5],
    ]);
  });

  it.each([12, 18])('transpose, reshape, slice, reduceMean, unsqueeze, squeeze (opset %i)', async (opset) => {
    const b = new OnnxGraphBuilder({ opset });
    const x = b.input('x', 'float', [2, 3]);
    const transposed = b.op.transpose(x, [1, 0]);
    const reshaped = b.op.reshape(x, [3, 2]);
    const sliced = b.op.slice(b.op.reshape(x, [1, 6]), [1], [5], [1], [2]);
    const mean = b.op.reduceMean(x, [1], false);
    const unsqueezed = b.op.unsqueeze(mean, [0]);
    const squeezed = b.op.squeeze(unsqueezed, [0]);
    b.output(transposed, 'float', [3, 2]);
    b.output(reshaped, 'float', [3, 2]);
    b.output(sliced, 'float', [1, 2]);
    b.output(mean, 'float', [2]);
    b.output(unsqueezed, 'float', [1, 2]);
    b.output(squeezed, 'float', [2]);
    const result = await run(b, { x: f32([2, 3], [1, 2, 3, 4, 5, 6]) });
    expect(values(result[transposed])).toEqual([1, 4, 2, 5, 3, 6]);
    expect(result[reshaped]!.dims).toEqual([3, 2]);
    expect(values(result[reshaped])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values(result[sliced])).toEqual([2, 4]);
    expect(values(result[mean])).toEqual([2, 5]);
    expect(result[unsqueezed]!.dims).toEqual([1, 2]);
    expect(result[squeezed]!.dims).toEqual([2]);
  });

  it.each([10, 17])('clip, relu, sigmoid, softmax (opset %i)', async (opset) => {
    const b = new OnnxGraphBuilder({ opset });
    const x = b.input('x', 'float', [1, 3]);
    const clipped = b.op.clip(x, -1, 1);
    const lowerOnly = b.op.clip(x, 0);
    const relu = b.op.relu(x);
    const sigmoid = b.op.sigmoid(x);
    const softmax = b.op.softmax(b.input('logits', 'float', [1, 2]), 1);
    for (const out of [clipped, lowerOnly, relu, sigmoid]) b.output(out, 'float', [1, 3]);
    b.output(softmax, 'float', [1, 2]);
    const result = await run(b, { x: f32([1, 3], [-2, 0.5, Math.log(3)]), logits: f32([1, 2], [0, Math.log(3)]) });
    expect(values(result[clipped])).toEqual([-1, 0.5, 1]);
    expect(values(result[lowerOnly])).toEqual([0, 0.5, Math.fround(Math.log(3))]);
    expect(values(result[relu])).toEqual([0, 0.5, Math.fround(Math.log(3))]);
    const s = values(result[sigmoid]) as number[];
    expect(s[1]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
    expect(s[2]).toBeCloseTo(0.75, 6); // sigmoid(ln 3) = 3/4
    const p = values(result[softmax]) as number[];
    expect(p[0]).toBeCloseTo(0.25, 6);
    expect(p[1]).toBeCloseTo(0.75, 6);
  });

  it('shape and constantOfShape', async () => {
    const b = new OnnxGraphBuilder();
    const shape = b.op.shape(b.input('x', 'float', ['batch', 3]));
    const filled = b.op.constantOfShape(shape, 7);
    b.output(shape, 'int64', [2]);
    b.output(filled, 'float', ['batch', 3]);
    const result = await run(b, { x: f32([2, 3], [0, 0, 0, 0, 0, 0]) });
    expect(values(result[shape])).toEqual([2n, 3n]);
    expect(values(result[filled])).toEqual([7, 7, 7, 7, 7, 7]);
  });
});
