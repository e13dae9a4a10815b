import type { ModelProto } from '@geneava/core/onnx';
import { checkOnnxModel } from './check-model.js';

const float = (name: string) => ({ name, type: { tensorType: { elemType: 1 } } });

function model(overrides: Partial<NonNullable<ModelProto['graph']>>, opsetImport = [{ domain: '', version: 13 }]): ModelProto {
  return {
    opsetImport,
    metadataProps: [],
    graph: {
      node: [{ opType: 'Relu', input: ['x'], output: ['y'], attribute: [] }],
      initializer: [],
      input: [float('x')],
      output: [float('y')],
      valueInfo: [],
      ...overrides,
    },
  };
}

describe('checkOnnxModel', () => {
  it('passes a well-formed graph', () => {
    expect(checkOnnxModel(model({}))).toEqual([]);
  });

  it('finds each broken rule', () => {
    expect(checkOnnxModel(model({}, []))).toEqual(['no opset import for the default ONNX domain']);
    expect(
      checkOnnxModel(
        model({
          node: [
            { opType: 'Add', input: ['x', 'later'], output: ['y'], attribute: [] },
            { opType: 'Relu', input: ['x'], output: ['later'], attribute: [] },
            { opType: 'Neg', input: ['x'], output: ['y'], attribute: [] },
          ],
          initializer: [{ name: 'w' }, { name: 'w' }],
          output: [float('y'), float('nothing'), { name: 'untyped' }],
        }),
      ),
    ).toEqual([
      "initializer 'w' redefines a name already in the graph",
      "node 0 (Add) reads 'later' before anything defines it",
      "output of node 2 (Neg) 'y' redefines a name already in the graph",
      "graph output 'nothing' is not produced by the graph",
      "graph output 'untyped' is not produced by the graph",
      "graph output 'untyped' has no element type",
    ]);
  });
});
