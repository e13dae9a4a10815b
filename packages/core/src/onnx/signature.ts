/**
 * Reads what a model file promises (inputs, outputs, opset, producer, external data files) without
 * decoding its weights: node and initializer payloads are skipped by position, so checking a folder of
 * multi-gigabyte models costs a few reads each.
 */
import { basename } from 'node:path';
import { fileSource, memorySource, PastEndError, type ByteSource } from './byte-source.js';
import { bytesPerElement, dtypeOfElementType, elementTypeName } from './dtypes.js';
import { messageOf, ModelFileError } from './errors.js';
import { DataLocation, decodeOperatorSetId, decodeStringEntry, decodeValueInfo, type ValueInfoProto } from './proto.js';
import type { TensorInfo } from './tensor.js';
import { payload, stringPayload, walkMessage, WireFormatError, WireType, type WireField } from './wire.js';

export interface ModelSignature {
  /** The path the signature was read from (absent when read from bytes). */
  readonly file?: string;
  /** Graph inputs that are not initializers: what a caller must feed. */
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  /** Version of the default ("ai.onnx") operator set. */
  readonly opset?: number;
  readonly irVersion?: number;
  readonly producer?: string;
  /** Files (relative to the model's folder) that hold external tensor data, in the order the file names them. */
  readonly externalDataFiles: string[];
  /** Every tensor whose data lives in an external file, with where it says the data is. */
  readonly externalTensors: ExternalTensorRef[];
}

/** Where one tensor's external data is, as the model file says. */
export interface ExternalTensorRef {
  readonly name: string;
  /** Relative to the model's folder. */
  readonly location: string;
  readonly offset: number;
  /** The `length` entry; absent means "to the end of the file". */
  readonly length?: number;
  /** The bytes its shape and element type need; absent for types without a fixed width. */
  readonly byteLength?: number;
}

// Field numbers from onnx.proto.
const MODEL = { IR_VERSION: 1, PRODUCER_NAME: 2, GRAPH: 7, OPSET_IMPORT: 8 } as const;
const GRAPH = { NODE: 1, INITIALIZER: 5, INPUT: 11, OUTPUT: 12 } as const;
const NODE = { ATTRIBUTE: 5 } as const;
const ATTRIBUTE = { T: 5, G: 6, TENSORS: 10, GRAPHS: 11 } as const;
const TENSOR = { DIMS: 1, DATA_TYPE: 2, NAME: 8, EXTERNAL_DATA: 13, DATA_LOCATION: 14 } as const;

/** Reads a model's signature from a path or from its bytes. */
export async function readModelSignature(source: string | Uint8Array): Promise<ModelSignature> {
  const file = typeof source === 'string' ? source : undefined;
  const label = file ?? 'model bytes';
  const bytes = file === undefined ? memorySource(source as Uint8Array) : openModelFile(file);
  try {
    if (bytes.size === 0) throw new ModelFileError(label, 'empty file, expected an ONNX model');
    return { ...readModel(bytes), ...(file === undefined ? {} : { file }) };
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    if (error instanceof PastEndError) {
      throw new ModelFileError(label, 'not a valid ONNX model: the data ends in the middle of a field (truncated file?)');
    }
    // Anything else thrown while walking (wire-format or protobufjs decode errors) means the bytes are not ONNX.
    const reason = messageOf(error);
    throw new ModelFileError(label, `not a valid ONNX model: ${reason}`, { cause: error });
  } finally {
    bytes.close();
  }
}

function openModelFile(file: string): ByteSource {
  try {
    return fileSource(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelFileError(file, 'file not found');
    if (code === 'EISDIR') throw new ModelFileError(file, `is a folder, expected an ONNX model file (e.g. ${basename(file)}/model.onnx)`);
    throw new ModelFileError(file, `cannot be read: ${messageOf(error)}`, { cause: error });
  }
}

function expectWire(field: WireField, wire: number, what: string): void {
  if (field.wire !== wire) throw new WireFormatError(`${what} has the wrong wire type ${field.wire}`);
}

interface GraphFindings {
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializerNames: Set<string>;
  externalDataFiles: Set<string>;
  externalTensors: ExternalTensorRef[];
}

function readModel(source: ByteSource): Omit<ModelSignature, 'file'> {
  let irVersion: number | undefined;
  let producer: string | undefined;
  let opset: number | undefined;
  let graph: GraphFindings | undefined;
  walkMessage(source, 0, source.size, (field) => {
    switch (field.field) {
      case MODEL.IR_VERSION:
        expectWire(field, WireType.VARINT, 'ir_version');
        irVersion = field.value;
        break;
      case MODEL.PRODUCER_NAME:
        expectWire(field, WireType.LENGTH_DELIMITED, 'producer_name');
        producer = stringPayload(source, field);
        break;
      case MODEL.OPSET_IMPORT: {
        expectWire(field, WireType.LENGTH_DELIMITED, 'opset_import');
        const entry = decodeOperatorSetId(payload(source, field));
        if (!entry.domain || entry.domain === 'ai.onnx') opset = entry.version;
        break;
      }
      case MODEL.GRAPH:
        expectWire(field, WireType.LENGTH_DELIMITED, 'graph');
        graph = newFindings();
        readGraph(source, field.start, field.start + field.value, graph, true);
        break;
    }
  });
  if (irVersion === undefined || graph === undefined) {
    throw new WireFormatError(irVersion === undefined ? 'no ir_version field' : 'no graph');
  }
  const { initializerNames } = graph;
  return {
    inputs: graph.inputs.filter((input) => !initializerNames.has(input.name ?? '')).map(tensorInfoOf),
    outputs: graph.outputs.map(tensorInfoOf),
    irVersion,
    ...(opset === undefined ? {} : { opset }),
    ...(producer === undefined ? {} : { producer }),
    externalDataFiles: [...graph.externalDataFiles],
    externalTensors: graph.externalTensors,
  };
}

function newFindings(): GraphFindings {
  return { inputs: [], outputs: [], initializerNames: new Set(), externalDataFiles: new Set(), externalTensors: [] };
}

/**
 * Walks a graph; for the main graph it records inputs/outputs, for subgraphs (If/Loop bodies) only
 * external data references, which live in initializers and in tensor attributes (Constant nodes,
 * externalized by exporters that also convert attributes).
 */
function readGraph(source: ByteSource, start: number, end: number, findings: GraphFindings, main: boolean): void {
  walkMessage(source, start, end, (field) => {
    if (field.wire !== WireType.LENGTH_DELIMITED) return;
    const fieldEnd = field.start + field.value;
    switch (field.field) {
      case GRAPH.NODE:
        readNode(source, field.start, fieldEnd, findings);
        break;
      case GRAPH.INITIALIZER: {
        const name = readTensor(source, field.start, fieldEnd, findings);
        if (main && name !== undefined) findings.initializerNames.add(name);
        break;
      }
      case GRAPH.INPUT:
        if (main) findings.inputs.push(decodeValueInfo(payload(source, field)));
        break;
      case GRAPH.OUTPUT:
        if (main) findings.outputs.push(decodeValueInfo(payload(source, field)));
        break;
    }
  });
}

function readNode(source: ByteSource, start: number, end: number, findings: GraphFindings): void {
  walkMessage(source, start, end, (field) => {
    if (field.field !== NODE.ATTRIBUTE || field.wire !== WireType.LENGTH_DELIMITED) return;
    walkMessage(source, field.start, field.start + field.value, (attribute) => {
      if (attribute.wire !== WireType.LENGTH_DELIMITED) return;
      const attributeEnd = attribute.start + attribute.value;
      if (attribute.field === ATTRIBUTE.T || attribute.field === ATTRIBUTE.TENSORS) {
        readTensor(source, attribute.start, attributeEnd, findings);
      } else if (attribute.field === ATTRIBUTE.G || attribute.field === ATTRIBUTE.GRAPHS) {
        readGraph(source, attribute.start, attributeEnd, findings, false);
      }
    });
  });
}

/** Returns the tensor's name; records where its external data is. Its data payload is skipped unread. */
function readTensor(source: ByteSource, start: number, end: number, findings: GraphFindings): string | undefined {
  let name: string | undefined;
  let external = false;
  const entries = new Map<string, string>();
  const dims: number[] = [];
  let dataType = 0;
  walkMessage(source, start, end, (field) => {
    if (field.field === TENSOR.NAME && field.wire === WireType.LENGTH_DELIMITED) {
      name = stringPayload(source, field);
    } else if (field.field === TENSOR.DIMS) {
      if (field.wire === WireType.VARINT) dims.push(field.value);
      else if (field.wire === WireType.LENGTH_DELIMITED) dims.push(...packedVarints(payload(source, field)));
    } else if (field.field === TENSOR.DATA_TYPE && field.wire === WireType.VARINT) {
      dataType = field.value;
    } else if (field.field === TENSOR.DATA_LOCATION && field.wire === WireType.VARINT) {
      external = field.value === DataLocation.EXTERNAL;
    } else if (field.field === TENSOR.EXTERNAL_DATA && field.wire === WireType.LENGTH_DELIMITED) {
      const entry = decodeStringEntry(payload(source, field));
      if (entry.key) entries.set(entry.key, entry.value ?? '');
    }
  });
  const location = entries.get('location');
  if (external && location) {
    findings.externalDataFiles.add(location);
    const length = entries.has('length') ? sizeEntry(entries.get('length')!, 'length', name) : undefined;
    const byteLength = rawByteLength(dataType, dims);
    findings.externalTensors.push({
      name: name ?? '',
      location,
      offset: entries.has('offset') ? sizeEntry(entries.get('offset')!, 'offset', name) : 0,
      ...(length === undefined ? {} : { length }),
      ...(byteLength === undefined ? {} : { byteLength }),
    });
  }
  return name;
}

function sizeEntry(text: string, key: string, tensor: string | undefined): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new WireFormatError(`tensor '${tensor ?? ''}' has external data ${key} "${text}", not a byte count`);
  return value;
}

/** The values of a packed repeated varint field (dims are never negative). */
function packedVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let value = 0;
  let scale = 1;
  for (const byte of bytes) {
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) {
      values.push(value);
      value = 0;
      scale = 1;
    }
  }
  return values;
}

// Widths of the element types onnxruntime's JS API has no dtype for (bfloat16, complex, float8).
const OTHER_WIDTHS: ReadonlyMap<number, number> = new Map([
  [16, 2],
  [14, 8],
  [15, 16],
  [17, 1],
  [18, 1],
  [19, 1],
  [20, 1],
]);

/** Bytes a tensor of this type and shape takes in raw storage; undefined for strings and sub-byte types. */
function rawByteLength(dataType: number, dims: readonly number[]): number | undefined {
  const dtype = dtypeOfElementType(dataType);
  const width = dtype === undefined ? OTHER_WIDTHS.get(dataType) : bytesPerElement(dtype);
  if (!width) return undefined;
  return dims.reduce((product, dim) => product * dim, width);
}

/** A graph input/output as TensorInfo: symbolic dims keep their names, unnamed free dims become '?'. */
export function tensorInfoOf(value: ValueInfoProto): TensorInfo {
  const name = value.name ?? '';
  const tensorType = value.type?.tensorType;
  if (!tensorType) {
    const kind = Object.keys(value.type ?? {}).find((key) => key.endsWith('Type'))?.replace(/Type$/, '');
    return { name, dtype: 'unknown', declaredType: kind ?? 'no type' };
  }
  const code = tensorType.elemType ?? 0;
  const dtype = dtypeOfElementType(code);
  const dims = tensorType.shape?.dim.map((dim) => dim.dimValue ?? (dim.dimParam || '?'));
  return {
    name,
    dtype: dtype ?? 'unknown',
    ...(dims === undefined ? {} : { dims }),
    ...(dtype === undefined ? { declaredType: elementTypeName(code) } : {}),
  };
}
