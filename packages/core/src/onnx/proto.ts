/**
 * The ONNX protobuf schema (the part of onnx.proto that models, graphs and tensors use), defined with
 * protobufjs reflection so that no generated code or .proto file has to ship. Field numbers follow
 * onnx.proto (stable since IR v3). The schema covers everything Optimum and the TorchScript/dynamo
 * exporters write (functions, sparse initializers, metadata props, training info). Fields it does not
 * know (a newer IR version's) cannot be kept through a decode; a decoded model that had any is marked,
 * and encodeModel refuses it rather than write the model without them.
 */
import protobuf from 'protobufjs';
import { exactLongs, longsForEncoding, type Int64 } from './int64.js';
import { unknownFields } from './unknown-fields.js';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const field = (type: string, id: number) => ({ type, id });
const entries = (id: number) => repeated('StringStringEntryProto', id);

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: field('string', 1), value: field('string', 2) } },
        OperatorSetIdProto: { fields: { domain: field('string', 1), version: field('int64', 2) } },
        ModelProto: {
          fields: {
            irVersion: field('int64', 1),
            opsetImport: repeated('OperatorSetIdProto', 8),
            producerName: field('string', 2),
            producerVersion: field('string', 3),
            domain: field('string', 4),
            modelVersion: field('int64', 5),
            docString: field('string', 6),
            graph: field('GraphProto', 7),
            metadataProps: entries(14),
            trainingInfo: repeated('TrainingInfoProto', 20),
            functions: repeated('FunctionProto', 25),
          },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: field('string', 2),
            initializer: repeated('TensorProto', 5),
            sparseInitializer: repeated('SparseTensorProto', 15),
            docString: field('string', 10),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
            valueInfo: repeated('ValueInfoProto', 13),
            quantizationAnnotation: repeated('TensorAnnotation', 14),
            metadataProps: entries(16),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: field('string', 3),
            opType: field('string', 4),
            domain: field('string', 7),
            overload: field('string', 8),
            attribute: repeated('AttributeProto', 5),
            docString: field('string', 6),
            metadataProps: entries(9),
          },
        },
        AttributeProto: {
          fields: {
            name: field('string', 1),
            refAttrName: field('string', 21),
            docString: field('string', 13),
            type: field('int32', 20),
            f: field('float', 2),
            i: field('int64', 3),
            s: field('bytes', 4),
            t: field('TensorProto', 5),
            g: field('GraphProto', 6),
            sparseTensor: field('SparseTensorProto', 22),
            tp: field('TypeProto', 14),
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
            strings: repeated('bytes', 9),
            tensors: repeated('TensorProto', 10),
            graphs: repeated('GraphProto', 11),
            sparseTensors: repeated('SparseTensorProto', 23),
            typeProtos: repeated('TypeProto', 15),
          },
        },
        ValueInfoProto: {
          fields: {
            name: field('string', 1),
            type: field('TypeProto', 2),
            docString: field('string', 3),
            metadataProps: entries(4),
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            dataType: field('int32', 2),
            segment: field('Segment', 3),
            floatData: repeated('float', 4),
            int32Data: repeated('int32', 5),
            stringData: repeated('bytes', 6),
            int64Data: repeated('int64', 7),
            name: field('string', 8),
            docString: field('string', 12),
            rawData: field('bytes', 9),
            externalData: entries(13),
            dataLocation: field('int32', 14),
            doubleData: repeated('double', 10),
            uint64Data: repeated('uint64', 11),
            metadataProps: entries(16),
          },
          nested: { Segment: { fields: { begin: field('int64', 1), end: field('int64', 2) } } },
        },
        SparseTensorProto: {
          fields: { values: field('TensorProto', 1), indices: field('TensorProto', 2), dims: repeated('int64', 3) },
        },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: field('int64', 1), dimParam: field('string', 2), denotation: field('string', 3) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType', 'sequenceType', 'mapType', 'optionalType', 'sparseTensorType'] } },
          fields: {
            tensorType: field('Tensor', 1),
            sequenceType: field('Sequence', 4),
            mapType: field('Map', 5),
            optionalType: field('Optional', 9),
            sparseTensorType: field('SparseTensor', 8),
            denotation: field('string', 6),
          },
          nested: {
            Tensor: { fields: { elemType: field('int32', 1), shape: field('TensorShapeProto', 2) } },
            Sequence: { fields: { elemType: field('TypeProto', 1) } },
            Map: { fields: { keyType: field('int32', 1), valueType: field('TypeProto', 2) } },
            Optional: { fields: { elemType: field('TypeProto', 1) } },
            SparseTensor: { fields: { elemType: field('int32', 1), shape: field('TensorShapeProto', 2) } },
          },
        },
        TensorAnnotation: {
          fields: { tensorName: field('string', 1), quantParameterTensorNames: entries(2) },
        },
        TrainingInfoProto: {
          fields: {
            initialization: field('GraphProto', 1),
            algorithm: field('GraphProto', 2),
            initializationBinding: entries(3),
            updateBinding: entries(4),
          },
        },
        FunctionProto: {
          fields: {
            name: field('string', 1),
            input: repeated('string', 4),
            output: repeated('string', 5),
            attribute: repeated('string', 6),
            attributeProto: repeated('AttributeProto', 11),
            node: repeated('NodeProto', 7),
            docString: field('string', 8),
            opsetImport: repeated('OperatorSetIdProto', 9),
            domain: field('string', 10),
            overload: field('string', 13),
            valueInfo: repeated('ValueInfoProto', 12),
            metadataProps: entries(14),
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(SCHEMA);

/** The reflected message types, for code that walks bytes itself (see signature.ts). */
export const onnxTypes = {
  ModelProto: root.lookupType('onnx.ModelProto'),
  GraphProto: root.lookupType('onnx.GraphProto'),
  NodeProto: root.lookupType('onnx.NodeProto'),
  TensorProto: root.lookupType('onnx.TensorProto'),
  ValueInfoProto: root.lookupType('onnx.ValueInfoProto'),
  OperatorSetIdProto: root.lookupType('onnx.OperatorSetIdProto'),
  StringStringEntryProto: root.lookupType('onnx.StringStringEntryProto'),
} as const;

/** AttributeProto.AttributeType. */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

/** TensorProto.DataLocation: EXTERNAL means the bytes live in the file named by external_data. */
export const DataLocation = { DEFAULT: 0, EXTERNAL: 1 } as const;

// Decoded objects. Sizes and versions (dims, ir_version, offsets) arrive as numbers; int64 values
// (attribute ints, int64_data) as exact Int64: a number, or a bigint past 2^53 (see int64.ts).

export interface StringStringEntryProto {
  key?: string;
  value?: string;
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: number;
}

export interface TensorShapeDimension {
  dimValue?: number;
  dimParam?: string;
  denotation?: string;
}

export interface TensorShapeProto {
  dim: TensorShapeDimension[];
}

export interface TypeProtoTensor {
  elemType?: number;
  shape?: TensorShapeProto;
}

/** Only tensor types are spelled out; sequence/map/optional types pass through untouched. */
export interface TypeProto {
  tensorType?: TypeProtoTensor;
  sequenceType?: unknown;
  mapType?: unknown;
  optionalType?: unknown;
  sparseTensorType?: unknown;
  denotation?: string;
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
  docString?: string;
  metadataProps?: StringStringEntryProto[];
}

/** Exactly one of the *Data fields, rawData or externalData holds the values. */
export interface TensorProto {
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  stringData?: Uint8Array[];
  int64Data?: Int64[];
  name?: string;
  docString?: string;
  rawData?: Uint8Array;
  externalData?: StringStringEntryProto[];
  dataLocation?: number;
  doubleData?: number[];
  uint64Data?: Int64[];
  metadataProps?: StringStringEntryProto[];
}

/** `type` says which one value field is in use (see AttributeType). */
export interface AttributeProto {
  name?: string;
  refAttrName?: string;
  docString?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProto;
  g?: GraphProto;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
  tensors?: TensorProto[];
  graphs?: GraphProto[];
  sparseTensor?: unknown;
  tp?: TypeProto;
}

export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType?: string;
  domain?: string;
  overload?: string;
  attribute: AttributeProto[];
  docString?: string;
  metadataProps?: StringStringEntryProto[];
}

export interface GraphProto {
  node: NodeProto[];
  name?: string;
  initializer: TensorProto[];
  sparseInitializer?: unknown[];
  docString?: string;
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
  quantizationAnnotation?: unknown[];
  metadataProps?: StringStringEntryProto[];
}

export interface ModelProto {
  irVersion?: number;
  opsetImport: OperatorSetIdProto[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph?: GraphProto;
  metadataProps: StringStringEntryProto[];
  trainingInfo?: unknown[];
  functions?: unknown[];
}

// Bytes fields stay views into the input (no copy of raw weights); int64 as decimal strings, made
// exact numbers or bigints by exactLongs; repeated fields always present so callers can iterate
// without null checks.
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, arrays: true };

/** Set on a decoded model that had fields this schema does not know (see encodeModel). */
const UNKNOWN_FIELDS = Symbol('onnx unknown fields');

/** A model holds fields this program does not know; rewriting it would drop them. */
export class UnknownOnnxFieldsError extends Error {
  constructor(readonly fields: readonly string[], irVersion: number | undefined) {
    super(
      `the model has fields this program does not know (${fields.join(', ')}${irVersion === undefined ? '' : `; IR version ${irVersion}`}), ` +
        'likely written by a newer ONNX version; rewriting it would drop them, so it is left unchanged',
    );
    this.name = 'UnknownOnnxFieldsError';
  }
}

/**
 * A plain Reader even for Buffers: protobufjs picks its Buffer reader by Buffer.isBuffer, which test
 * runners that patch typed-array instanceof answer wrongly for plain Uint8Arrays; the plain reader
 * handles both.
 */
function reader(bytes: Uint8Array): protobuf.Reader {
  return new protobuf.Reader(bytes);
}

function decodeAs<T>(type: protobuf.Type, bytes: Uint8Array): T {
  return exactLongs(type, type.toObject(type.decode(reader(bytes)), TO_OBJECT)) as T;
}

/** Decodes a whole model. Throws protobufjs' error on bytes that are not a valid message. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const model = decodeAs<ModelProto>(onnxTypes.ModelProto, bytes);
  const unknown = unknownFields(onnxTypes.ModelProto, bytes);
  // An own enumerable symbol: copies made with spread keep it, protobufjs and JSON ignore it.
  if (unknown.length > 0) (model as { [UNKNOWN_FIELDS]?: string[] })[UNKNOWN_FIELDS] = unknown;
  return model;
}

/** The fields a decoded model had that this schema does not know (empty for most files). */
export function unknownFieldsOf(model: ModelProto): readonly string[] {
  return (model as { [UNKNOWN_FIELDS]?: string[] })[UNKNOWN_FIELDS] ?? [];
}

/**
 * Encodes a model; int64 values are written exactly as decoded. Refuses a model decoded with fields
 * this schema does not know (UnknownOnnxFieldsError), and objects whose fields have the wrong types
 * (a builder bug, not a user error).
 */
export function encodeModel(model: ModelProto): Uint8Array {
  const unknown = unknownFieldsOf(model);
  if (unknown.length > 0) throw new UnknownOnnxFieldsError(unknown, model.irVersion);
  const message = longsForEncoding(onnxTypes.ModelProto, model);
  const problem = onnxTypes.ModelProto.verify(message);
  if (problem) throw new Error(`cannot encode ONNX model: ${problem}`);
  return onnxTypes.ModelProto.encode(message as unknown as protobuf.Message).finish();
}

/** Decodes a single ValueInfoProto (used by the signature reader on graph inputs/outputs). */
export function decodeValueInfo(bytes: Uint8Array): ValueInfoProto {
  return decodeAs<ValueInfoProto>(onnxTypes.ValueInfoProto, bytes);
}

/** Decodes a single OperatorSetIdProto. */
export function decodeOperatorSetId(bytes: Uint8Array): OperatorSetIdProto {
  return decodeAs<OperatorSetIdProto>(onnxTypes.OperatorSetIdProto, bytes);
}

/** Decodes a single StringStringEntryProto. */
export function decodeStringEntry(bytes: Uint8Array): StringStringEntryProto {
  return decodeAs<StringStringEntryProto>(onnxTypes.StringStringEntryProto, bytes);
}
