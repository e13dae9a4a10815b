/**
 * Model inputs built the way each file declares them, never guessed: the two Optimum generations
 * differ in text_encoder input_ids (int32 before 1.24, int64 after) and in the UNet timestep (int64 of
 * shape [1] before, a float scalar after), and fp16 exports take float16 where others take float32.
 * Float inputs are given as float32; the ONNX adapter converts them for float16 models.
 */
import { float32ArrayToFloat16Bits, type OnnxSession, type TensorFeed, type TensorInfo } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';

export function declaredInput(session: OnnxSession, name: string): TensorInfo {
  const info = session.inputs.find((input) => input.name === name);
  if (!info) throw new GeneavaError(`${session.label}: has no input '${name}'`, 'sdxl-model');
  return info;
}

/** input_ids [rows, sequence] in the integer type the text encoder declares. */
export function tokenIdsFeed(info: TensorInfo, rows: readonly (readonly number[])[]): TensorFeed {
  const sequence = rows[0]?.length ?? 0;
  const flat = rows.flat();
  const dims = [rows.length, sequence];
  if (info.dtype === 'int32') return { dtype: 'int32', dims, data: Int32Array.from(flat) };
  if (info.dtype === 'int64') return { dtype: 'int64', dims, data: flat };
  throw new GeneavaError(`text encoder input '${info.name}' is ${info.dtype}; expected int32 or int64 token ids`, 'sdxl-model');
}

/**
 * The UNet timestep: int64 of shape [1] (integer timesteps; Karras-style fractional ones are rounded,
 * as a cast to the declared integer type does), or a float scalar, or float [1] when a file says so.
 */
export function timestepFeed(info: TensorInfo, timestep: number): TensorFeed {
  const dims = info.dims?.length === 0 ? [] : [1];
  if (info.dtype === 'int64') return { dtype: 'int64', dims, data: [Math.round(timestep)] };
  if (info.dtype === 'float32' || info.dtype === 'float16') return { dtype: 'float32', dims, data: Float32Array.of(timestep) };
  throw new GeneavaError(`UNet input 'timestep' is ${info.dtype}; expected int64 or a float type`, 'sdxl-model');
}

export function floatFeed(dims: readonly number[], data: Float32Array): TensorFeed {
  return { dtype: 'float32', dims: [...dims], data };
}

/**
 * A float input fed many times unchanged (the conditioning, once per denoising step): converted to the
 * declared float16 once here instead of at every run.
 */
export function reusableFloatFeed(info: TensorInfo, dims: readonly number[], data: Float32Array): TensorFeed {
  if (info.dtype === 'float16') return { dtype: 'float16', dims: [...dims], data: float32ArrayToFloat16Bits(data) };
  return floatFeed(dims, data);
}
