import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TfjsGraphFixture, tfAttr } from '../test/fixture.js';
import { parseTfjsGraphModel, readTfjsGraphModel } from './read-model.js';

describe('readTfjsGraphModel', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tfjs-read-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a model whose weights span two shards and two manifest groups', async () => {
    const floats = new Uint8Array(Float32Array.of(1, 2, 3, 4).buffer);
    const json = {
      format: 'graph-model',
      generatedBy: 'test',
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: tfAttr.type('DT_FLOAT'), shape: tfAttr.shape([-1, 3]) } },
          { name: 'a', op: 'Const', attr: {} },
          { name: 'b', op: 'Const', attr: {} },
          { name: 'y', op: 'Add', input: ['x', 'a', '^b'] },
        ],
      },
      weightsManifest: [
        { paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [{ name: 'a', shape: [3], dtype: 'float32' }] },
        { paths: ['group2-shard1of1.bin'], weights: [{ name: 'b', shape: [1], dtype: 'float32' }] },
      ],
    };
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    // Weight 'a' (12 bytes) is split 5 + 7 across the shards, as tfjs-converter splits at any byte.
    await writeFile(join(dir, 'group1-shard1of2.bin'), floats.slice(0, 5));
    await writeFile(join(dir, 'group1-shard2of2.bin'), floats.slice(5, 12));
    await writeFile(join(dir, 'group2-shard1of1.bin'), floats.slice(12, 16));

    const graph = await readTfjsGraphModel(join(dir, 'model.json'));
    expect(Array.from(graph.weights.get('a')!.data as Float32Array)).toEqual([1, 2, 3]);
    expect(Array.from(graph.weights.get('b')!.data as Float32Array)).toEqual([4]);
    // Control inputs are dependencies, not data.
    expect(graph.nodes.find((node) => node.name === 'y')!.inputs).toEqual(['x', 'a']);
    // Without a signature: placeholders in, nodes nothing reads out.
    expect(graph.inputs).toEqual([{ name: 'x', tensor: 'x', dtype: 'float32', shape: [null, 3] }]);
    expect(graph.outputs.map((output) => output.name)).toEqual(['y']);
    expect(graph.generatedBy).toBe('test');
  });

  it('names the file and the problem', async () => {
    const path = join(dir, 'model.json');
    await expect(readTfjsGraphModel(path)).rejects.toThrow(`${path}: cannot be read (ENOENT)`);
    await writeFile(path, '{ nope');
    await expect(readTfjsGraphModel(path)).rejects.toThrow(`${path}: is not valid JSON`);
    await writeFile(path, JSON.stringify({ format: 'layers-model', modelTopology: { node: [] }, weightsManifest: [] }));
    await expect(readTfjsGraphModel(path)).rejects.toThrow("format is 'layers-model', expected 'graph-model'");
    await writeFile(path, JSON.stringify({ modelTopology: { node: [{ name: 'x' }] }, weightsManifest: [] }));
    await expect(readTfjsGraphModel(path)).rejects.toThrow(`${path}: not a TF.js graph model.json: modelTopology.node.0.op:`);
    await writeFile(path, JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }));
    await expect(readTfjsGraphModel(path)).rejects.toThrow(`${path}: weight file 'gone.bin' cannot be read (ENOENT)`);
  });
});

describe('graph inputs and outputs', () => {
  it('follow the signature: keys name them (":0" dropped), tensor names locate them', () => {
    const f = new TfjsGraphFixture();
    f.placeholder('input_1', [-1, 2]);
    f.node('Identity', 'Relu', ['input_1']);
    f.node('Identity_1', 'Neg', ['input_1']);
    const graph = f.graph({
      inputs: { 'input_1:0': { name: 'input_1:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '2' }] } } },
      outputs: {
        scores: { name: 'Identity_1:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '1' }, { size: '2' }] } },
        'Identity:0': { name: 'Identity:0', dtype: 'DT_FLOAT' },
      },
    });
    expect(graph.inputs).toEqual([{ name: 'input_1', tensor: 'input_1', dtype: 'float32', shape: [null, 2] }]);
    expect(graph.outputs).toEqual([
      { name: 'scores', tensor: 'Identity_1', dtype: 'float32', shape: [1, 2] },
      { name: 'Identity', tensor: 'Identity', dtype: 'float32' },
    ]);
  });

  it('takes the signature from userDefinedMetadata as TF.js does', () => {
    const f = new TfjsGraphFixture();
    f.placeholder('x', [1]);
    f.node('y', 'Relu', ['x']);
    f.node('unused', 'Neg', ['x']);
    const { json, files } = f.modelJson();
    const withMetadata = { ...json, userDefinedMetadata: { signature: { outputs: { 'y:0': { name: 'y:0' } } } } };
    expect(parseTfjsGraphModel(withMetadata, files, 'm.json').outputs.map((output) => output.name)).toEqual(['y']);
  });

  it('rejects a signature naming a node that does not exist, and duplicate node names', () => {
    const f = new TfjsGraphFixture();
    f.placeholder('x', [1]);
    expect(() => f.graph({ outputs: { y: { name: 'missing:0' } } })).toThrow("fixture/model.json: signature output 'y' names tensor 'missing:0', but no node 'missing' exists");
    f.placeholder('x', [1]);
    expect(() => f.graph()).toThrow("two nodes are named 'x'");
  });
});
