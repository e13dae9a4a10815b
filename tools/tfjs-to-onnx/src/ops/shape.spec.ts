import { OnnxRuntime } from '@geneava/core/onnx';
import { oneTo, runConverted, tfAttr, TfjsGraphFixture, values } from '../../test/fixture.js';

describe('shape and padding ops', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it('Reshape, Squeeze, ExpandDims, Transpose', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 2, 3]);
    f.node('reshaped', 'Reshape', [x, f.const('shape', [2], [3, -1], 'int32')]);
    f.node('squeezed', 'Squeeze', [x], { squeeze_dims: tfAttr.ints([0]) });
    f.node('expanded', 'ExpandDims', [x, f.const('axis', [], [-1], 'int32')]);
    f.node('transposed', 'Transpose', [x, f.const('perm', [3], [0, 2, 1], 'int32')]);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 2, 3], data: oneTo(6) } });
    expect(out.reshaped.dims).toEqual([3, 2]);
    expect(out.squeezed.dims).toEqual([2, 3]);
    expect(out.expanded.dims).toEqual([1, 2, 3, 1]);
    expect(out.transposed.dims).toEqual([1, 3, 2]);
    expect(values(out.transposed)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(values(out.reshaped)).toEqual(oneTo(6));
  });

  it('ConcatV2 takes its axis from the last input; Pack stacks on a new axis', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 2]);
    const c = f.const('c', [1, 2], [7, 8]);
    f.node('concat', 'ConcatV2', [x, c, f.const('axis', [], [-1], 'int32')], { N: tfAttr.i(2) });
    f.node('packed', 'Pack', [x, c], { axis: tfAttr.i(1), N: tfAttr.i(2) });
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 2], data: [1, 2] } });
    expect(out.concat.dims).toEqual([1, 4]);
    expect(values(out.concat)).toEqual([1, 2, 7, 8]);
    expect(out.packed.dims).toEqual([1, 2, 2]);
    expect(values(out.packed)).toEqual([1, 2, 7, 8]);
  });

  it('Pad, PadV2 and MirrorPad (REFLECT) re-order TF paddings into ONNX pads', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 3]);
    // Axis 0 unpadded, axis 1: 1 before and 2 after.
    const paddings = f.const('paddings', [2, 2], [0, 0, 1, 2], 'int32');
    f.node('zero', 'Pad', [x, paddings]);
    f.node('filled', 'PadV2', [x, paddings, f.const('fill', [], [-1])]);
    f.node('mirrored', 'MirrorPad', [x, paddings], { mode: tfAttr.s('REFLECT') });
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 3], data: [1, 2, 3] } });
    expect(values(out.zero)).toEqual([0, 1, 2, 3, 0, 0]);
    expect(values(out.filled)).toEqual([-1, 1, 2, 3, -1, -1]);
    expect(values(out.mirrored)).toEqual([2, 1, 2, 3, 2, 1]);
  });
});
