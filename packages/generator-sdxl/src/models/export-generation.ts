/**
 * Which Optimum version made an export, read from the two IO details that changed in Optimum 1.24:
 * text_encoder input_ids (int32 before, int64 after) and the UNet timestep (int64 [1] before, a float
 * scalar after). The pipeline must build those tensors as the files declare, and components of two
 * different exports in one folder are reported: they mean the folder was assembled by hand.
 */
import { formatTensorInfo, type ModelIo, type TensorInfo } from '@geneava/core/onnx';

export type OptimumGeneration = 'optimum<=1.23' | 'optimum>=1.24';

/** One piece of evidence: which file's tensor points to which generation. */
export interface GenerationEvidence {
  readonly file: string;
  readonly tensor: string;
  readonly found: string;
  readonly generation: OptimumGeneration;
}

function find(tensors: readonly TensorInfo[], name: string): TensorInfo | undefined {
  return tensors.find((info) => info.name === name);
}

/** text_encoder input_ids: int32 up to Optimum 1.23, int64 from 1.24. */
export function textEncoderEvidence(file: string, io: ModelIo): GenerationEvidence | undefined {
  const ids = find(io.inputs, 'input_ids');
  const generation = ids?.dtype === 'int32' ? 'optimum<=1.23' : ids?.dtype === 'int64' ? 'optimum>=1.24' : undefined;
  return ids && generation ? { file, tensor: 'input_ids', found: formatTensorInfo(ids), generation } : undefined;
}

/** unet timestep: int64 rank 1 up to Optimum 1.23, a float scalar from 1.24. */
export function unetTimestepEvidence(file: string, io: ModelIo): GenerationEvidence | undefined {
  const timestep = find(io.inputs, 'timestep');
  if (!timestep) return undefined;
  const rank = timestep.dims?.length;
  let generation: OptimumGeneration | undefined;
  if (timestep.dtype === 'int64' && rank !== 0) generation = 'optimum<=1.23';
  else if ((timestep.dtype === 'float32' || timestep.dtype === 'float16') && (rank === 0 || rank === undefined)) {
    generation = 'optimum>=1.24';
  }
  return generation ? { file, tensor: 'timestep', found: formatTensorInfo(timestep), generation } : undefined;
}

export type GenerationVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly generation: OptimumGeneration }
  | { readonly kind: 'mixed'; readonly message: string };

export function judgeGeneration(evidence: readonly GenerationEvidence[]): GenerationVerdict {
  if (evidence.length === 0) return { kind: 'none' };
  const generations = new Set(evidence.map((item) => item.generation));
  if (generations.size === 1) return { kind: 'single', generation: evidence[0]!.generation };
  const parts = evidence.map((item) => `${item.file} ${item.tensor} is ${item.found} (${item.generation})`);
  return {
    kind: 'mixed',
    message: `models from different Optimum exports: ${parts.join(', ')}; use all models from one export`,
  };
}
