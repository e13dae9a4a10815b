import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel, OnnxRuntime, readModelSignature } from '@geneava/core/onnx';
import { runConverted, spatialAttrs, tfAttr, TfjsGraphFixture, values } from '../test/fixture.js';
import { checkOnnxModel } from './check-model.js';
import { convertTfjsGraphModel, convertTfjsGraphModelToBytes, supportedTfOps } from './convert.js';
import { UnsupportedOpsError } from './errors.js';
import { CONVERTER_VERSION } from './version.js';

describe('convertTfjsGraphModel', () => {
  const runtime = new OnnxRuntime();
  afterAll(() => runtime.dispose());

  it('lists every unsupported op the outputs need, with counts, in one error', () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [1, 4, 4, 1]);
    const a = f.node('a', 'StridedSlice', [x]);
    const b = f.node('b', 'StridedSlice', [a]);
    const c = f.node('c', 'Shape', [b]);
    const d = f.node('d', 'MirrorPad', [c, f.const('p', [4, 2], new Array(8).fill(0), 'int32')], { mode: tfAttr.s('SYMMETRIC') });
    f.node('e', '_FusedConv2D', [d, f.const('w', [1, 1, 1, 1], [1])], { ...spatialAttrs('VALID'), fused_ops: tfAttr.strings(['FusedBatchNorm']) });
    // An unused branch does not count: TF.js never runs it either.
    f.node('unused', 'Atan2', [x, x]);
    const graph = f.graph({ outputs: { e: { name: 'e:0' } } });

    let error: unknown;
    try {
      convertTfjsGraphModel(graph);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsupportedOpsError);
    expect((error as UnsupportedOpsError).ops).toEqual([
      { op: 'StridedSlice', count: 2 },
      { op: 'MirrorPad[SYMMETRIC]', count: 1 },
      { op: 'Shape', count: 1 },
      { op: '_FusedConv2D[FusedBatchNorm]', count: 1 },
    ]);
    expect((error as Error).message).toBe(
      'fixture/model.json: 5 nodes with unsupported TF ops: StridedSlice x2, MirrorPad[SYMMETRIC] x1, Shape x1, _FusedConv2D[FusedBatchNorm] x1',
    );
  });

  it('names inputs and outputs as the signature does and declares their shapes with a symbolic batch', async () => {
    const f = new TfjsGraphFixture();
    f.placeholder('data', [-1, 2]);
    f.node('Identity_2', 'Relu', ['data']);
    // A node whose name is also an output name it does not produce keeps the output name free.
    f.node('mesh', 'Neg', ['data']);
    f.node('Identity_3', 'Add', ['Identity_2', 'mesh']);
    const graph = f.graph({
      inputs: { 'data:0': { name: 'data:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '2' }] } } },
      outputs: { mesh: { name: 'Identity_3:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '2' }] } } },
    });
    const bytes = convertTfjsGraphModelToBytes(graph);
    const signature = await readModelSignature(bytes);
    expect(signature.inputs).toEqual([{ name: 'data', dtype: 'float32', dims: ['batch', 2] }]);
    expect(signature.outputs).toEqual([{ name: 'mesh', dtype: 'float32', dims: ['batch', 2] }]);
    expect(signature.opset).toBe(13);

    const out = await runConverted(runtime, graph, { data: { dims: [1, 2], data: [-3, 5] } });
    // relu(x) + (-x) = (0 + 3, 5 - 5).
    expect(values(out.mesh)).toEqual([3, 0]);
  });

  it('converts nodes listed in any order and emits them in dependency order', async () => {
    const f = new TfjsGraphFixture();
    const x = f.placeholder('x', [2]);
    const doubled = f.node('doubled', 'Add', [x, x]);
    f.node('y', 'Mul', [doubled, f.const('three', [], [3])]);
    f.nodes.reverse();
    const model = convertTfjsGraphModel(f.graph());
    expect(checkOnnxModel(model)).toEqual([]);
    expect(model.graph!.node.map((node) => node.opType)).toEqual(['Add', 'Mul']);
    expect(values((await runConverted(runtime, f.graph(), { x: { dims: [2], data: [1, -2] } })).y)).toEqual([6, -12]);
  });

  it('writes opset 13, the producer and TF.js provenance into the model', () => {
    const f = new TfjsGraphFixture();
    f.node('y', 'Relu', [f.placeholder('x', [1])]);
    const model = decodeModel(convertTfjsGraphModelToBytes(f.graph(), { metadata: { source: 'fixture' } }));
    expect(model.opsetImport).toEqual([{ domain: '', version: 13 }]);
    expect(model.irVersion).toBe(7);
    expect(model.producerName).toBe('@geneava/tfjs-to-onnx');
    expect(model.producerVersion).toBe(CONVERTER_VERSION);
    expect(model.graph!.name).toBe('model');
    expect(model.metadataProps).toEqual([
      { key: 'tfjs.generatedBy', value: 'fixture' },
      { key: 'tfjs.convertedBy', value: 'hand' },
      { key: 'source', value: 'fixture' },
    ]);
  });

  it('an output that is a graph input or a constant gets its own name through an Identity', async () => {
    const f = new TfjsGraphFixture();
    f.placeholder('x', [2]);
    f.const('c', [2], [7, 8]);
    const graph = f.graph({ outputs: { echo: { name: 'x:0' }, weights: { name: 'c:0' } } });
    const out = await runConverted(runtime, graph, { x: { dims: [2], data: [1, 2] } });
    expect(values(out.echo)).toEqual([1, 2]);
    expect(values(out.weights)).toEqual([7, 8]);
  });

  it('reports graph problems with the file and node', () => {
    const missingWeight = new TfjsGraphFixture();
    missingWeight.node('y', 'Relu', [missingWeight.node('w', 'Const', [])]);
    expect(() => convertTfjsGraphModel(missingWeight.graph())).toThrow("fixture/model.json: constant 'w' has no entry in the weights manifest");

    const cycle = new TfjsGraphFixture();
    cycle.node('a', 'Relu', ['b']);
    cycle.node('b', 'Relu', ['a']);
    expect(() => convertTfjsGraphModel(cycle.graph({ outputs: { a: { name: 'a:0' } } }))).toThrow('the graph has a cycle through node');

    const dangling = new TfjsGraphFixture();
    dangling.node('y', 'Relu', ['nowhere']);
    expect(() => convertTfjsGraphModel(dangling.graph())).toThrow("node 'y' reads 'nowhere', which is not a node of the graph");

    const unfed = new TfjsGraphFixture();
    unfed.placeholder('x', [1]);
    unfed.node('y', 'Add', ['x', unfed.placeholder('z', [1])]);
    expect(() => convertTfjsGraphModel(unfed.graph({ inputs: { x: { name: 'x:0' } }, outputs: { y: { name: 'y:0' } } }))).toThrow(
      "placeholder 'z' is needed by the outputs but is not an input of the graph's signature",
    );

    const wrongIndex = new TfjsGraphFixture();
    wrongIndex.node('y', 'Relu', [`${wrongIndex.placeholder('x', [1])}:1`]);
    expect(() => convertTfjsGraphModel(wrongIndex.graph())).toThrow("node 'y' (Relu): tensor 'x:1' is not produced by the graph");
  });

  it('supports the ops of the default face models', () => {
    const faceModelOps = ['_FusedConv2D', 'Conv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative', 'MaxPool', 'AvgPool', 'Pad', 'PadV2'];
    const arithmetic = ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum', 'AddN', 'Relu', 'Relu6', 'Sigmoid', 'Tanh', 'Abs'];
    const more = ['Neg', 'Exp', 'Sqrt', 'Rsqrt', 'Square', 'Prelu', 'Softmax', 'Mean', 'Sum', 'Max', 'Min', 'Reshape', 'Squeeze'];
    const last = ['ExpandDims', 'ConcatV2', 'MatMul', '_FusedMatMul', 'Identity'];
    expect(supportedTfOps()).toEqual(expect.arrayContaining([...faceModelOps, ...arithmetic, ...more, ...last]));
  });
});

describe('CONVERTER_VERSION', () => {
  it('follows the package version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(CONVERTER_VERSION).toBe(pkg.version);
  });
});
