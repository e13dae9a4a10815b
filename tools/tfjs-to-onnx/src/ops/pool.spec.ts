import { OnnxRuntime } from '@geneava/core/onnx';
import { oneTo, runConverted, spatialAttrs, tfAttr, TfjsGraphFixture, values } from '../../test/fixture.js';

const IMAGE = { dims: [1, 4, 4, 1], data: oneTo(16) };

describe('pooling', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  function pool(op: 'MaxPool' | 'AvgPool', size: number, stride: number, padding: 'SAME' | 'VALID') {
    const f = new TfjsGraphFixture();
    f.node('y', op, [f.placeholder('x', [1, 4, 4, 1])], { ...spatialAttrs(padding, [1, stride, stride, 1]), ksize: tfAttr.ints([1, size, size, 1]) });
    return f.graph();
  }

  it('MaxPool 2x2 stride 2 VALID takes each block maximum', async () => {
    const out = await runConverted(runtime, pool('MaxPool', 2, 2, 'VALID'), { x: IMAGE });
    expect(out.y.dims).toEqual([1, 2, 2, 1]);
    expect(values(out.y)).toEqual([6, 8, 14, 16]);
  });

  it('MaxPool 3x3 stride 2 SAME pads at the end only', async () => {
    // Windows cover rows/columns 0..2 and 2..3 (padding after): maxima 11, 12, 15, 16.
    const out = await runConverted(runtime, pool('MaxPool', 3, 2, 'SAME'), { x: IMAGE });
    expect(values(out.y)).toEqual([11, 12, 15, 16]);
  });

  it('AvgPool 3x3 SAME averages over the cells inside the image only', async () => {
    const out = await runConverted(runtime, pool('AvgPool', 3, 1, 'SAME'), { x: IMAGE });
    // Neighbourhood sums divided by the number of real cells (4 in corners, 6 on edges, 9 inside).
    expect(values(out.y)).toEqual([3.5, 4, 5, 5.5, 5.5, 6, 7, 7.5, 9.5, 10, 11, 11.5, 11.5, 12, 13, 13.5]);
  });
});
