import { DataLocation, decodeModel, encodeModel, onnxTypes, type ModelProto, type TensorProto } from './proto.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

const floatValue = (name: string, dims: (number | string)[]) => ({
  name,
  type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

function sampleModel(): ModelProto {
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'spec',
    metadataProps: [{ key: 'k', value: 'v' }],
    graph: {
      name: 'g',
      node: [
        {
          name: '/scale/Mul',
          opType: 'Mul',
          input: ['x', 'w'],
          output: ['y'],
          attribute: [],
        },
        {
          name: '/Constant',
          opType: 'Constant',
          input: [],
          output: ['c'],
          attribute: [{ name: 'value', type: 4, t: { dims: [], dataType: 7, rawData: new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]) } }],
        },
      ],
      initializer: [{ name: 'w', dims: [2], dataType: 1, rawData: new Uint8Array(new Float32Array([2, 3]).buffer) }],
      input: [floatValue('x', ['batch', 2])],
      output: [floatValue('y', ['batch', 2])],
      valueInfo: [],
    },
  };
}

function graphNames(model: ModelProto): string[] {
  return model.graph!.node.map((node) => node.name ?? '');
}

describe('ONNX protobuf schema', () => {
  it('round-trips a model through encode and decode', () => {
    // A plain Uint8Array (not a Buffer), as read from a file handle or built in memory.
    const decoded = decodeModel(Uint8Array.from(encodeModel(sampleModel())));
    expect(graphNames(decoded)).toEqual(['/scale/Mul', '/Constant']);
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetImport).toEqual([{ domain: '', version: 17 }]);
    expect(decoded.metadataProps).toEqual([{ key: 'k', value: 'v' }]);
    const graph = decoded.graph!;
    expect(graph.node.map((n) => n.opType)).toEqual(['Mul', 'Constant']);
    expect(graph.node[0]!.input).toEqual(['x', 'w']);
    expect(graph.input[0]!.type!.tensorType!.shape!.dim).toEqual([{ dimParam: 'batch' }, { dimValue: 2 }]);
    expect(Array.from(new Float32Array(Uint8Array.from(graph.initializer[0]!.rawData!).buffer))).toEqual([2, 3]);
    const constant = graph.node[1]!.attribute[0]!;
    expect(constant.type).toBe(4);
    expect(constant.t!.dataType).toBe(7);
  });

  // Hand-encoded wire bytes pin the field numbers to onnx.proto's.
  it('writes ModelProto fields with onnx.proto field numbers', () => {
    const bytes = hex(encodeModel({ irVersion: 8, producerName: 'a', opsetImport: [{ domain: '', version: 17 }], metadataProps: [] }));
    // ir_version=1 varint (08 08), producer_name=2 (12 01 61), opset_import=8 (42 ..: domain=1 "", version=2 17)
    expect(bytes).toBe('0808' + '120161' + '42040a001011');
  });

  it('writes TensorProto external-data fields with onnx.proto field numbers', () => {
    const tensor: TensorProto = {
      dims: [3],
      dataType: 1,
      name: 'w',
      dataLocation: DataLocation.EXTERNAL,
      externalData: [{ key: 'location', value: 'd' }],
    };
    const bytes = hex(onnxTypes.TensorProto.encode(tensor as never).finish());
    // dims=1 packed (0a 01 03), data_type=2 (10 01), name=8 (42 01 77),
    // external_data=13 (6a 0d: key=1 "location", value=2 "d"), data_location=14 (70 01)
    expect(bytes).toBe('0a0103' + '1001' + '420177' + '6a0d0a086c6f636174696f6e120164' + '7001');
  });

  it('writes node, attribute, graph and value-info fields with onnx.proto field numbers', () => {
    const attribute = hex(onnxTypes.NodeProto.encode({ opType: 'X', attribute: [{ name: 'a', type: 2, i: 1 }], domain: 'd', input: [], output: [] } as never).finish());
    // op_type=4 (22 01 58), attribute=5 (2a 08: name=1 (0a 01 61), i=3 (18 01), type=20 (a0 01 02)), domain=7 (3a 01 64)
    expect(attribute).toBe('220158' + '2a080a01611801a00102' + '3a0164');
    const graph = hex(onnxTypes.GraphProto.encode({ name: 'g', input: [{ name: 'x' }], output: [{ name: 'y' }], node: [], initializer: [], valueInfo: [] } as never).finish());
    // name=2 (12 01 67), input=11 (5a 03 0a 01 78), output=12 (62 03 0a 01 79)
    expect(graph).toBe('120167' + '5a030a0178' + '62030a0179');
  });

  it('rejects objects with wrongly typed fields instead of writing a broken file', () => {
    expect(() => encodeModel({ irVersion: 'eight' } as unknown as ModelProto)).toThrow(/cannot encode ONNX model: irVersion/);
  });
});
