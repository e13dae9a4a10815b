/**
 * Writes .safetensors files: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and [begin, end) byte range in the data section, padded with spaces to 8 bytes, then the
 * data. Used to build LoRA fixtures in every key format.
 */
import { writeFile } from 'node:fs/promises';
import { elementCount, float32ArrayToFloat16Bits } from '@geneava/core/onnx';

export type SafetensorsDType = 'F32' | 'F16' | 'BF16';

export interface SafetensorsTensor {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

/** bfloat16 bits of a float32, rounded to nearest even as PyTorch's cast does. */
export function float32ToBfloat16Bits(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, true);
  const bits = view.getUint32(0, true);
  if (Number.isNaN(value)) return 0x7fc0;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}

function encodeValues(tensor: SafetensorsTensor): Uint8Array {
  if (tensor.dtype === 'F32') {
    const data = Float32Array.from(tensor.values);
    return new Uint8Array(data.buffer);
  }
  const bits = tensor.dtype === 'F16' ? float32ArrayToFloat16Bits(tensor.values) : Uint16Array.from(Array.from(tensor.values, float32ToBfloat16Bits));
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

/** The bytes of a safetensors file holding `tensors` (in the given order) and string `metadata`. */
export function encodeSafetensors(tensors: Readonly<Record<string, SafetensorsTensor>>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header['__metadata__'] = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor.values.length !== elementCount(tensor.shape)) {
      throw new Error(`safetensors tensor '${name}': shape [${tensor.shape.join(', ')}] needs ${elementCount(tensor.shape)} values, got ${tensor.values.length}`);
    }
    const bytes = encodeValues(tensor);
    header[name] = { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let text = JSON.stringify(header);
  while ((8 + Buffer.byteLength(text)) % 8 !== 0) text += ' ';
  const headerBytes = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

export async function writeSafetensors(path: string, tensors: Readonly<Record<string, SafetensorsTensor>>, metadata?: Readonly<Record<string, string>>): Promise<void> {
  await writeFile(path, encodeSafetensors(tensors, metadata));
}
