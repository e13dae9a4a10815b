import { OnnxRuntime } from '@geneava/core/onnx';
import { runConverted, tfAttr, TfjsGraphFixture, values } from '../../test/fixture.js';

describe('matrix products', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it('MatMul, with transpose_b applied to the constant at conversion time', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [-1, 2]);
    f.node('plain', 'MatMul', [x, f.const('w', [2, 3], [1, 2, 3, 4, 5, 6])], { transpose_a: tfAttr.b(false), transpose_b: tfAttr.b(false) });
    f.node('transposed', 'MatMul', [x, f.const('wt', [3, 2], [1, 4, 2, 5, 3, 6])], { transpose_a: tfAttr.b(false), transpose_b: tfAttr.b(true) });
    const out = await runConverted(runtime, f.graph(), { x: { dims: [2, 2], data: [1, 1, 1, -1] } });
    expect(out.plain.dims).toEqual([2, 3]);
    expect(values(out.plain)).toEqual([5, 7, 9, -3, -3, -3]);
    expect(values(out.transposed)).toEqual([5, 7, 9, -3, -3, -3]);
  });

  it('MatMul with transpose_a of a computed operand inserts a Transpose', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [2, 1]);
    f.node('y', 'MatMul', [x, f.const('w', [2, 2], [1, 2, 3, 4])], { transpose_a: tfAttr.b(true), transpose_b: tfAttr.b(false) });
    const out = await runConverted(runtime, f.graph(), { x: { dims: [2, 1], data: [1, 10] } });
    expect(values(out.y)).toEqual([31, 42]);
  });

  it('_FusedMatMul with BiasAdd + Relu', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 2]);
    f.node('y', '_FusedMatMul', [x, f.const('w', [2, 3], [1, 2, 3, 4, 5, 6]), f.const('b', [3], [-10, 0, 10])], {
      transpose_a: tfAttr.b(false),
      transpose_b: tfAttr.b(false),
      fused_ops: tfAttr.strings(['BiasAdd', 'Relu']),
      num_args: tfAttr.i(1),
      epsilon: tfAttr.f(0),
    });
    // (1, 1) x W = (5, 7, 9); + bias = (-5, 7, 19); relu -> (0, 7, 19).
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 2], data: [1, 1] } });
    expect(values(out.y)).toEqual([0, 7, 19]);
  });
});
