import { OnnxRuntime } from '@geneava/core/onnx';
import { runConverted, TfjsGraphFixture, values } from '../test/fixture.js';
import { convertTfjsGraphModel } from './convert.js';

const DATA = [-7.5, -1, -0, 0.25, 3, 5.999, 6, 6.5, 100];

/** Values with -0 read as 0: the rewrites keep every number, not the sign of zero. */
function numbers(list: readonly number[]): number[] {
  return list.map((v) => v + 0);
}

function opsOf(f: TfjsGraphFixture): string[] {
  return convertTfjsGraphModel(f.graph()).graph!.node.map((node) => node.opType!);
}

describe('clamp fusion', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it("turns Keras's ReLU6 (Relu -> Minimum(6) -> Maximum(0)) into one Clip with the same values", async () => {
    const f = new TfjsGraphFixture();
    const relu = f.node('relu', 'Relu', [f.placeholder('x', [DATA.length])]);
    const min = f.node('min', 'Minimum', [relu, f.const('six', [], [6])]);
    f.node('y', 'Maximum', [min, f.const('zero', [], [0])]);
    expect(opsOf(f)).toEqual(['Clip']);
    const model = convertTfjsGraphModel(f.graph());
    // The constants the removed nodes read are gone; the Clip reads two new scalars.
    expect(model.graph!.initializer.map((tensor) => tensor.dims)).toEqual([[], []]);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [DATA.length], data: DATA } });
    expect(numbers(values(out.y))).toEqual(numbers(DATA.map((v) => Math.fround(Math.min(Math.max(v, 0), 6)))));
  });

  it('fuses Minimum(Maximum(x, lo), hi) with the constant on either side, and keeps a Relu when lo < 0', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [DATA.length]);
    const relu = f.node('relu', 'Relu', [x]);
    const max = f.node('max', 'Maximum', [f.const('lo', [1], [-1]), relu]);
    f.node('y', 'Minimum', [max, f.const('hi', [1], [2.5])]);
    expect(opsOf(f)).toEqual(['Relu', 'Clip']);
    const out = await runConverted(runtime, f.graph(), { x: { dims: [DATA.length], data: DATA } });
    expect(numbers(values(out.y))).toEqual(numbers(DATA.map((v) => Math.min(Math.max(Math.max(v, 0), -1), 2.5))));
  });

  it('leaves clamps alone whose middle value is read elsewhere, or whose bounds are not scalars or cross', async () => {
    const shared = new TfjsGraphFixture();
    const min = shared.node('min', 'Minimum', [shared.placeholder('x', [3]), shared.const('six', [], [6])]);
    shared.node('y', 'Maximum', [min, shared.const('zero', [], [0])]);
    shared.node('z', 'Neg', [min]);
    expect(opsOf(shared).sort()).toEqual(['Max', 'Min', 'Neg']);

    const vector = new TfjsGraphFixture();
    const vmin = vector.node('min', 'Minimum', [vector.placeholder('x', [2]), vector.const('six', [2], [6, 5])]);
    vector.node('y', 'Maximum', [vmin, vector.const('zero', [], [0])]);
    expect(opsOf(vector)).toEqual(['Min', 'Max']);

    const crossed = new TfjsGraphFixture();
    const cmin = crossed.node('min', 'Minimum', [crossed.placeholder('x', [2]), crossed.const('lo', [], [0])]);
    crossed.node('y', 'Maximum', [cmin, crossed.const('hi', [], [6])]);
    expect(opsOf(crossed)).toEqual(['Min', 'Max']);
    const out = await runConverted(runtime, crossed.graph(), { x: { dims: [2], data: [-3, 3] } });
    expect(values(out.y)).toEqual([6, 6]);
  });
});
