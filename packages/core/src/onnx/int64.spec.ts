import protobuf from 'protobufjs';
import { OnnxRuntime } from './runtime.js';
import { decodeModel, encodeModel, onnxTypes, unknownFieldsOf, UnknownOnnxFieldsError, type ModelProto } from './proto.js';

const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';
const UINT64_MAX = '18446744073709551615';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const Long = protobuf.util.Long as any;

/**
 * x[1:] along axis 0, spelled the way exporters spell "to the end": `ends` = INT64_MAX, once as an
 * int64_data initializer (Slice) and once as an attribute. Encoded with protobufjs' own 64-bit values,
 * independently of decodeModel/encodeModel.
 */
function sliceToEndBytes(): Uint8Array {
  const int64s = (name: string, values: string[]) => ({ name, dims: [values.length], dataType: 7, int64Data: values.map((v) => Long.fromString(v)) });
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'slice-to-end',
      node: [
        { opType: 'Slice', name: 'slice', input: ['x', 'starts', 'ends', 'axes'], output: ['y'] },
        // An unused node whose attributes hold the sentinels as well (ints and i).
        { opType: 'Constant', name: 'sentinels', output: ['unused'], attribute: [{ name: 'value_ints', type: 7, ints: [Long.fromString(INT64_MAX), Long.fromString(INT64_MIN), 3] }] },
        { opType: 'Constant', name: 'sentinel', output: ['unused2'], attribute: [{ name: 'value_int', type: 2, i: Long.fromString(INT64_MAX) }] },
      ],
      initializer: [
        int64s('starts', ['1']),
        int64s('ends', [INT64_MAX]),
        int64s('axes', ['0']),
        { name: 'unsigned', dims: [1], dataType: 13, uint64Data: [Long.fromString(UINT64_MAX, true)] },
      ],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 4 }] } } } }],
      output: [{ name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'n' }] } } } }],
    },
  };
  return onnxTypes.ModelProto.encode(model as never).finish();
}

describe('ONNX int64 values', () => {
  it('decodes INT64_MAX and INT64_MIN exactly, in initializers and attributes', () => {
    const model = decodeModel(sliceToEndBytes());
    const graph = model.graph!;
    expect(graph.initializer.find((t) => t.name === 'ends')!.int64Data).toEqual([BigInt(INT64_MAX)]);
    expect(graph.initializer.find((t) => t.name === 'starts')!.int64Data).toEqual([1]);
    expect(graph.initializer.find((t) => t.name === 'unsigned')!.uint64Data).toEqual([BigInt(UINT64_MAX)]);
    expect(graph.node[1]!.attribute[0]!.ints).toEqual([BigInt(INT64_MAX), BigInt(INT64_MIN), 3]);
    expect(graph.node[2]!.attribute[0]!.i).toBe(BigInt(INT64_MAX));
    // Sizes stay plain numbers.
    expect(model.irVersion).toBe(8);
    expect(graph.initializer[0]!.dims).toEqual([1]);
  });

  it('re-encodes a decoded model to the same bytes, sentinels included', () => {
    const bytes = sliceToEndBytes();
    expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('writes bigints given by a builder exactly (never as 0)', () => {
    const model = decodeModel(sliceToEndBytes());
    const ends = model.graph!.initializer.find((t) => t.name === 'ends')!;
    const edited: ModelProto = { ...model, graph: { ...model.graph!, initializer: [...model.graph!.initializer.filter((t) => t !== ends), { ...ends, int64Data: [2n ** 62n] }] } };
    const again = decodeModel(encodeModel(edited));
    expect(again.graph!.initializer.find((t) => t.name === 'ends')!.int64Data).toEqual([2n ** 62n]);
  });

  it('still slices to the end after a decode and re-encode (onnxruntime agrees)', async () => {
    const runtime = new OnnxRuntime();
    try {
      const session = await runtime.createSession(encodeModel(decodeModel(sliceToEndBytes())), { device: 'cpu' });
      const out = await session.run({ x: { dtype: 'float32', dims: [4], data: new Float32Array([1, 2, 3, 4]) } });
      expect(Array.from(out['y']!.data as Float32Array)).toEqual([2, 3, 4]);
    } finally {
      await runtime.dispose();
    }
  });

  it('refuses an absurd size instead of rounding it', () => {
    const bytes = onnxTypes.ModelProto.encode({ irVersion: Long.fromString(INT64_MAX), opsetImport: [], metadataProps: [] } as never).finish();
    expect(() => decodeModel(bytes)).toThrow(`ModelProto.irVersion holds ${INT64_MAX}, beyond any real model's sizes`);
  });
});

/** Wire bytes of a length-delimited field. */
function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  return protobuf.Writer.create().uint32((field << 3) | 2).bytes(payload).finish();
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

describe('ONNX fields of newer versions', () => {
  /** A model whose one node carries field 30 (varint 1), a field onnx.proto does not define (yet). */
  function modelWithUnknownNodeField(): Uint8Array {
    const node = concat(onnxTypes.NodeProto.encode({ opType: 'Identity', input: ['x'], output: ['y'] } as never).finish(), Uint8Array.from([(30 << 3) & 0xff | 0x80, 30 >> 4, 1]));
    const graph = lengthDelimited(1, node);
    return concat(onnxTypes.ModelProto.encode({ irVersion: 13 } as never).finish(), lengthDelimited(7, graph));
  }

  it('names the unknown fields a decoded model had', () => {
    const model = decodeModel(modelWithUnknownNodeField());
    expect(model.graph!.node[0]!.opType).toBe('Identity');
    expect(unknownFieldsOf(model)).toEqual(['onnx.NodeProto field 30']);
    expect(unknownFieldsOf(decodeModel(sliceToEndBytes()))).toEqual([]);
  });

  it('refuses to write such a model back (which would drop them), also after a copy', () => {
    const model = decodeModel(modelWithUnknownNodeField());
    expect(() => encodeModel(model)).toThrow(UnknownOnnxFieldsError);
    expect(() => encodeModel({ ...model, graph: { ...model.graph!, node: [] } })).toThrow(
      'the model has fields this program does not know (onnx.NodeProto field 30; IR version 13), likely written by a newer ONNX version; rewriting it would drop them, so it is left unchanged',
    );
  });
});
