import { OnnxRuntime } from '@geneava/core/onnx';
import { oneTo, runConverted, spatialAttrs, tfAttr, TfjsGraphFixture, values } from '../../test/fixture.js';

// The 4x4 single-channel image 1..16, row by row.
const IMAGE = { dims: [1, 4, 4, 1], data: oneTo(16) };

describe('convolutions', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  function conv(op: string, kernelShape: number[], kernel: number[], attrs: Record<string, unknown>, inputShape = [-1, 4, 4, 1], extra: (f: TfjsGraphFixture) => string[] = () => []) {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', inputShape);
    const w = f.const('w', kernelShape, kernel);
    f.node('y', op, [x, w, ...extra(f)], attrs as never);
    return f.graph();
  }

  it('Conv2D 3x3 SAME stride 1 sums each zero-padded neighbourhood', async () => {
    const graph = conv('Conv2D', [3, 3, 1, 1], new Array(9).fill(1), spatialAttrs('SAME'));
    const out = await runConverted(runtime, graph, { x: IMAGE });
    expect(out.y.dims).toEqual([1, 4, 4, 1]);
    expect(values(out.y)).toEqual([14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54]);
  });

  it('Conv2D SAME stride 2 puts the odd padding at the end, as TF does', async () => {
    // Total padding 1: TF pads bottom/right only, so the first window covers rows and columns 0..2.
    const graph = conv('Conv2D', [3, 3, 1, 1], new Array(9).fill(1), spatialAttrs('SAME', [1, 2, 2, 1]));
    const out = await runConverted(runtime, graph, { x: IMAGE });
    expect(out.y.dims).toEqual([1, 2, 2, 1]);
    expect(values(out.y)).toEqual([54, 45, 72, 54]);
  });

  it('Conv2D VALID keeps rows as rows and columns as columns', async () => {
    // Taps: (row 0, col 1) weight 1 and (row 2, col 2) weight 10, so y(i, j) = x(i, j+1) + 10 x(i+2, j+2).
    const kernel = new Array(9).fill(0);
    kernel[0 * 3 + 1] = 1;
    kernel[2 * 3 + 2] = 10;
    const out = await runConverted(runtime, conv('Conv2D', [3, 3, 1, 1], kernel, spatialAttrs('VALID')), { x: IMAGE });
    expect(out.y.dims).toEqual([1, 2, 2, 1]);
    expect(values(out.y)).toEqual([2 + 110, 3 + 120, 6 + 150, 7 + 160]);
  });

  it('Conv2D EXPLICIT padding pads the sides TF lists: one row on top, one column on the right', async () => {
    const attrs = { ...spatialAttrs('VALID'), padding: tfAttr.s('EXPLICIT'), explicit_paddings: tfAttr.ints([0, 0, 1, 0, 0, 1, 0, 0]) };
    const out = await runConverted(runtime, conv('Conv2D', [2, 2, 1, 1], [1, 1, 1, 1], attrs), { x: IMAGE });
    // y(i, j) sums rows i-1..i and columns j..j+1 of the padded image.
    expect(out.y.dims).toEqual([1, 4, 4, 1]);
    expect(values(out.y)).toEqual([3, 5, 7, 4, 14, 18, 22, 12, 30, 34, 38, 20, 46, 50, 54, 28]);
  });

  it('Conv2D re-lays an HWIO kernel: output channel o sums input channel i times W[i][o]', async () => {
    // 1x1 kernel, 2 input and 3 output channels: W = [[1, 2, 3], [4, 5, 6]].
    const graph = conv('Conv2D', [1, 1, 2, 3], [1, 2, 3, 4, 5, 6], spatialAttrs('VALID'), [1, 1, 2, 2]);
    const out = await runConverted(runtime, graph, { x: { dims: [1, 1, 2, 2], data: [1, 10, 2, -1] } });
    expect(values(out.y)).toEqual([41, 52, 63, -2, -1, 0]);
  });

  it('DepthwiseConv2dNative orders output channels c*M + m and filters each channel on its own', async () => {
    // HWCM [1, 1, 2, 2]: channel 0 -> (x0*1, x0*2), channel 1 -> (x1*3, x1*4).
    const graph = conv('DepthwiseConv2dNative', [1, 1, 2, 2], [1, 2, 3, 4], spatialAttrs('VALID'), [1, 1, 1, 2]);
    const out = await runConverted(runtime, graph, { x: { dims: [1, 1, 1, 2], data: [1, 10] } });
    expect(values(out.y)).toEqual([1, 2, 30, 40]);
  });

  it('DepthwiseConv2dNative 3x3 SAME applies each channel its own kernel', async () => {
    // Channel 0: all ones (neighbourhood sums); channel 1: centre tap 2 (doubling). HWCM [3, 3, 2, 1].
    const kernel = new Array(18).fill(0);
    for (let tap = 0; tap < 9; tap++) kernel[tap * 2] = 1;
    kernel[4 * 2 + 1] = 2;
    const graph = conv('DepthwiseConv2dNative', [3, 3, 2, 1], kernel, spatialAttrs('SAME'), [1, 4, 4, 2]);
    const image = oneTo(16).flatMap((v) => [v, v]);
    const out = await runConverted(runtime, graph, { x: { dims: [1, 4, 4, 2], data: image } });
    const sums = [14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54];
    expect(values(out.y)).toEqual(sums.flatMap((sum, i) => [sum, 2 * (i + 1)]));
  });

  it('_FusedConv2D with BiasAdd + Relu6 adds the bias, then clips to [0, 6]', async () => {
    const attrs = { ...spatialAttrs('VALID'), fused_ops: tfAttr.strings(['BiasAdd', 'Relu6']), num_args: tfAttr.i(1), epsilon: tfAttr.f(0) };
    const graph = conv('_FusedConv2D', [1, 1, 1, 1], [1], attrs, [1, 1, 4, 1], (f) => [f.const('bias', [1], [1])]);
    const out = await runConverted(runtime, graph, { x: { dims: [1, 1, 4, 1], data: [-3, 0.5, 2, 10] } });
    expect(values(out.y)).toEqual([0, 1.5, 3, 6]);
  });

  it('_FusedConv2D with BiasAdd + Prelu uses one slope per channel', async () => {
    // Identity 1x1 kernel over 2 channels, bias (0, -1), alpha (0.125, 0.5).
    const attrs = { ...spatialAttrs('VALID'), fused_ops: tfAttr.strings(['BiasAdd', 'Prelu']), num_args: tfAttr.i(2) };
    const graph = conv('_FusedConv2D', [1, 1, 2, 2], [1, 0, 0, 1], attrs, [1, 1, 2, 2], (f) => [f.const('bias', [2], [0, -1]), f.const('alpha', [2], [0.125, 0.5])]);
    const out = await runConverted(runtime, graph, { x: { dims: [1, 1, 2, 2], data: [-2, 3, 4, -1] } });
    expect(values(out.y)).toEqual([-0.25, 2, 4, -1]);
  });

  it('FusedDepthwiseConv2dNative with BiasAdd + Relu and _FusedConv2D with LeakyRelu', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 1, 2, 1]);
    const depthwise = f.node('dw', 'FusedDepthwiseConv2dNative', [x, f.const('k', [1, 1, 1, 1], [2]), f.const('b', [1], [-1])], {
      ...spatialAttrs('VALID'),
      fused_ops: tfAttr.strings(['BiasAdd', 'Relu']),
      num_args: tfAttr.i(1),
    });
    f.node('leaky', '_FusedConv2D', [depthwise, f.const('k2', [1, 1, 1, 1], [-1]), f.const('b2', [1], [0])], {
      ...spatialAttrs('VALID'),
      fused_ops: tfAttr.strings(['BiasAdd', 'LeakyRelu']),
      num_args: tfAttr.i(1),
      leakyrelu_alpha: tfAttr.f(0.25),
    });
    // x (3, -1) -> 2x - 1 = (5, -3) -> relu (5, 0) -> negated (-5, 0) -> leaky (-1.25, 0).
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 1, 2, 1], data: [3, -1] } });
    expect(values(out.leaky)).toEqual([-1.25, 0]);
  });

  it('keeps a -1 batch symbolic: two images go through in one run', async () => {
    const graph = conv('Conv2D', [1, 1, 1, 1], [3], spatialAttrs('VALID'), [-1, 1, 1, 1]);
    const out = await runConverted(runtime, graph, { x: { dims: [2, 1, 1, 1], data: [1, 2] } });
    expect(out.y.dims).toEqual([2, 1, 1, 1]);
    expect(values(out.y)).toEqual([3, 6]);
  });

  it('refuses a kernel computed in the graph, naming the node', () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 1, 1, 1]);
    f.node('y', 'Conv2D', [x, f.node('computed', 'Relu', [f.const('w', [1, 1, 1, 1], [1])])], spatialAttrs('VALID'));
    return expect(runConverted(runtime, f.graph(), {})).rejects.toThrow("fixture/model.json: node 'y' (Conv2D): its kernel (input 1, 'computed') must be a constant");
  });
});
