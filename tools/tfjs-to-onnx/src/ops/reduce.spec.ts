import { OnnxRuntime } from '@geneava/core/onnx';
import { oneTo, runConverted, tfAttr, TfjsGraphFixture, values } from '../../test/fixture.js';

describe('reductions', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it('Mean over the spatial axes of an NHWC tensor is a per-channel average (global pooling)', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 2, 2, 2]);
    f.node('gap', 'Mean', [x, f.const('axes', [2], [1, 2], 'int32')], { keep_dims: tfAttr.b(false) });
    f.node('sum', 'Sum', [x, f.const('last', [], [-1], 'int32')], { keep_dims: tfAttr.b(true) });
    f.node('max', 'Max', [x, f.const('all', [4], [0, 1, 2, 3], 'int32')], { keep_dims: tfAttr.b(false) });
    f.node('min', 'Min', [x, f.const('h', [1], [1], 'int32')], { keep_dims: tfAttr.b(false) });
    f.node('prod', 'Prod', [x, f.const('w', [1], [2], 'int32')], { keep_dims: tfAttr.b(false) });
    f.node('none', 'Mean', [x, f.const('empty', [0], [], 'int32')], { keep_dims: tfAttr.b(false) });
    // Channel 0 holds 1, 3, 5, 7 and channel 1 holds 2, 4, 6, 8.
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 2, 2, 2], data: oneTo(8) } });
    expect(out.gap.dims).toEqual([1, 2]);
    expect(values(out.gap)).toEqual([4, 5]);
    expect(out.sum.dims).toEqual([1, 2, 2, 1]);
    expect(values(out.sum)).toEqual([3, 7, 11, 15]);
    expect(out.max.dims).toEqual([]);
    expect(values(out.max)).toEqual([8]);
    expect(out.min.dims).toEqual([1, 2, 2]);
    expect(values(out.min)).toEqual([1, 2, 3, 4]);
    expect(values(out.prod)).toEqual([1 * 3, 2 * 4, 5 * 7, 6 * 8]);
    // TF reduces nothing over an empty axes list.
    expect(values(out.none)).toEqual(oneTo(8));
  });
});
