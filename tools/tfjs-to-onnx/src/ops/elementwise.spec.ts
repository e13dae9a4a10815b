import { OnnxRuntime } from '@geneava/core/onnx';
import { runConverted, tfAttr, TfjsGraphFixture, values } from '../../test/fixture.js';
import { convertTfjsGraphModel } from '../convert.js';

describe('element-wise ops', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it('binary ops broadcast a per-channel constant along the last axis, as in TF', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 2, 2]);
    const c = f.const('c', [2], [2, -4]);
    for (const op of ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum', 'BiasAdd', 'SquaredDifference']) f.node(op, op, [x, c]);
    f.node('AddN', 'AddN', [x, c, x]);
    // No signature: every node nothing reads is an output, named after the node.
    const out = await runConverted(runtime, f.graph(), { x: { dims: [1, 2, 2], data: [1, 8, -6, 4] } });
    expect(values(out.Add)).toEqual([3, 4, -4, 0]);
    expect(values(out.AddV2)).toEqual([3, 4, -4, 0]);
    expect(values(out.BiasAdd)).toEqual([3, 4, -4, 0]);
    expect(values(out.Sub)).toEqual([-1, 12, -8, 8]);
    expect(values(out.Mul)).toEqual([2, -32, -12, -16]);
    expect(values(out.RealDiv)).toEqual([0.5, -2, -3, -1]);
    expect(values(out.Maximum)).toEqual([2, 8, 2, 4]);
    expect(values(out.Minimum)).toEqual([1, -4, -6, -4]);
    expect(values(out.SquaredDifference)).toEqual([1, 144, 64, 64]);
    expect(values(out.AddN)).toEqual([4, 12, -10, 4]);
  });

  it('unary ops and activations', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [4]);
    for (const op of ['Relu', 'Relu6', 'Sigmoid', 'Tanh', 'Abs', 'Neg', 'Square', 'Elu']) f.node(op, op, [x]);
    f.node('LeakyRelu', 'LeakyRelu', [x], { alpha: tfAttr.f(0.5) });
    f.node('Prelu', 'Prelu', [x, f.const('alpha', [1], [0.25])]);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [4], data: [-2, 0, 3, 8] } });
    expect(values(out.Relu)).toEqual([0, 0, 3, 8]);
    expect(values(out.Relu6)).toEqual([0, 0, 3, 6]);
    expect(values(out.Abs)).toEqual([2, 0, 3, 8]);
    expect(values(out.Neg)).toEqual([2, -0, -3, -8]);
    expect(values(out.Square)).toEqual([4, 0, 9, 64]);
    expect(values(out.LeakyRelu)).toEqual([-1, 0, 3, 8]);
    expect(values(out.Prelu)).toEqual([-0.5, 0, 3, 8]);
    expect(values(out.Sigmoid)[1]).toBe(0.5);
    expect(values(out.Sigmoid)[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 6);
    expect(values(out.Tanh)[2]).toBeCloseTo(Math.tanh(3), 6);
    expect(values(out.Elu)[0]).toBeCloseTo(Math.exp(-2) - 1, 6);
  });

  it('Prelu gives PRelu values bit for bit without a PRelu node, for slopes inside and outside [0, 1]', async () => {
    // Values whose products round: an emulation that added or rescaled terms would be off in the last bit.
    const data = [-3.3, 0.1, 7.7, -0.7, 1e-30, -1e-30, 0, 123.456];
    const cases = [
      { name: 'inside', slopes: [0.3, 0.7], ops: ['Max', 'Mul'] },
      { name: 'outside', slopes: [-1.6171875, 1.3701171875], ops: ['Add', 'Min', 'Mul', 'Relu'] },
    ];
    for (const { name, slopes, ops } of cases) {
      const f = new TfjsGraphFixture();
      f.node('y', 'Prelu', [f.placeholder('x', [4, 2]), f.const('alpha', [2], slopes)]);
      const graph = f.graph();
      expect({ name, ops: [...new Set(convertTfjsGraphModel(graph).graph!.node.map((node) => node.opType))].sort() }).toEqual({ name, ops });
      const out = await runConverted(runtime, graph, { x: { dims: [4, 2], data } });
      // ONNX PRelu: x for x >= 0, slope * x (rounded to float32) below.
      const f32 = Math.fround;
      const expected = data.map((v, i) => (f32(v) >= 0 ? f32(v) : f32(f32(slopes[i % 2]!) * f32(v))));
      expect({ name, values: values(out.y) }).toEqual({ name, values: expected });
    }
  });

  it('Exp, Sqrt, Rsqrt, Log and Softmax over the last axis', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [2, 2]);
    for (const op of ['Exp', 'Sqrt', 'Rsqrt', 'Log', 'Softmax']) f.node(op, op, [x]);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [2, 2], data: [1, 4, Math.LN2, Math.log(6)] } });
    expect(values(out.Sqrt)[1]).toBe(2);
    expect(values(out.Rsqrt)[1]).toBe(0.5);
    expect(values(out.Exp)[0]).toBeCloseTo(Math.E, 5);
    expect(values(out.Log)[1]).toBeCloseTo(Math.log(4), 6);
    // Row 2: exp(ln 2) = 2 and exp(ln 6) = 6 -> (0.25, 0.75).
    expect(values(out.Softmax)[2]).toBeCloseTo(0.25, 6);
    expect(values(out.Softmax)[3]).toBeCloseTo(0.75, 6);
    expect(values(out.Softmax)[0] + values(out.Softmax)[1]).toBeCloseTo(1, 6);
  });

  it('Div, Pow, Floor, Reciprocal, and the pass-through ops Snapshot and StopGradient', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [3]);
    const two = f.const('two', [], [2]);
    f.node('Div', 'Div', [x, two]);
    f.node('Pow', 'Pow', [x, two]);
    f.node('Floor', 'Floor', [x]);
    f.node('Reciprocal', 'Reciprocal', [x]);
    f.node('kept', 'Mul', [f.node('snap', 'Snapshot', [x]), f.node('stop', 'StopGradient', [two])]);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [3], data: [-1.5, 0.5, 4] } });
    expect(values(out.Div)).toEqual([-0.75, 0.25, 2]);
    expect(values(out.Pow)).toEqual([2.25, 0.25, 16]);
    expect(values(out.Floor)).toEqual([-2, 0, 4]);
    expect(values(out.Reciprocal)).toEqual([-1 / 1.5, 2, 0.25].map(Math.fround));
    expect(values(out.kept)).toEqual([-3, 1, 8]);
  });

  it('Identity passes its input through, constants included', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [2]);
    const weight = f.node('weight_read', 'Identity', [f.const('w', [2], [10, 20])]);
    f.node('y', 'Mul', [f.node('x_read', 'Identity', [x]), weight]);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [2], data: [1, 2] } });
    expect(values(out.y)).toEqual([10, 40]);
  });
});
