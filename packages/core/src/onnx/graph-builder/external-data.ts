/**
 * External data as the ONNX exporters write it for models over 2 GB: one data file, each large
 * initializer's raw bytes appended in order, the tensor keeping only location/offset/length.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataLocation, type ModelProto, type TensorProto } from '../proto.js';

export interface ExternalDataOptions {
  /** The data file name, relative to the model's folder (exporters use "model.onnx_data"). */
  readonly location: string;
  /** Initializers with at least this many bytes move out (default 1024, as onnx's save does). */
  readonly sizeThreshold?: number;
}

/** A copy of `model` whose large initializers refer to `location`, and the bytes that file must hold. */
export function externalizeInitializers(model: ModelProto, options: ExternalDataOptions): { model: ModelProto; data: Uint8Array } {
  const threshold = options.sizeThreshold ?? 1024;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const initializer = (model.graph?.initializer ?? []).map((tensor): TensorProto => {
    const raw = tensor.rawData;
    if (!raw || raw.length < threshold) return tensor;
    const externalData = [
      { key: 'location', value: options.location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.length) },
    ];
    chunks.push(raw);
    offset += raw.length;
    const { rawData: _moved, ...rest } = tensor;
    return { ...rest, dataLocation: DataLocation.EXTERNAL, externalData };
  });
  const data = new Uint8Array(offset);
  let position = 0;
  for (const chunk of chunks) {
    data.set(chunk, position);
    position += chunk.length;
  }
  const graph = model.graph ? { ...model.graph, initializer } : undefined;
  return { model: { ...model, ...(graph ? { graph } : {}) }, data };
}

/** The external data entry `key` of a tensor, if present. */
export function externalDataEntry(tensor: TensorProto, key: string): string | undefined {
  return tensor.externalData?.find((entry) => entry.key === key)?.value;
}

/** A copy of `model` with every external initializer read back inline from the files in `dir`. */
export async function inlineExternalData(model: ModelProto, dir: string): Promise<ModelProto> {
  const files = new Map<string, Uint8Array>();
  const initializer: TensorProto[] = [];
  for (const tensor of model.graph?.initializer ?? []) {
    if (tensor.dataLocation !== DataLocation.EXTERNAL) {
      initializer.push(tensor);
      continue;
    }
    const location = externalDataEntry(tensor, 'location');
    if (!location) throw new Error(`initializer '${tensor.name}' is external but names no location`);
    let file = files.get(location);
    if (!file) {
      file = new Uint8Array(await readFile(join(dir, location)));
      files.set(location, file);
    }
    const offset = Number(externalDataEntry(tensor, 'offset') ?? 0);
    const length = Number(externalDataEntry(tensor, 'length') ?? file.length - offset);
    if (offset + length > file.length) throw new Error(`initializer '${tensor.name}': ${location} is shorter than offset + length`);
    const { externalData: _entries, dataLocation: _location, ...rest } = tensor;
    initializer.push({ ...rest, rawData: file.slice(offset, offset + length) });
  }
  return { ...model, ...(model.graph ? { graph: { ...model.graph, initializer } } : {}) };
}
