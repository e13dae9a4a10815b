/** `geneava models check clip|dinov2|lpips FILE`: the reference-metric models, checked without loading weights. */
import type { ModelKindDefinition } from '@geneava/core/plugins';
import { checkModelFile } from '@geneava/face-analysis';
import { CLIP_VISION_CONTRACT, DINOV2_CONTRACT, LPIPS_CONTRACT } from './contracts.js';
import { inspectClipOutputs, inspectDinov2Outputs, inspectLpipsOutputs } from './model-outputs.js';

export const clipModelKind: ModelKindDefinition = {
  kind: 'clip',
  description: 'CLIP vision encoder: input "pixel_values" [N, 3, 224, 224], output "image_embeds" [N, D]',
  check: (path) => checkModelFile(path, { kind: 'clip', contract: CLIP_VISION_CONTRACT, inspect: inspectClipOutputs }),
};

export const dinov2ModelKind: ModelKindDefinition = {
  kind: 'dinov2',
  description: 'DINOv2 image encoder: input "pixel_values" [N, 3, 224, 224], output "pooler_output" [N, D] or "last_hidden_state" [N, T, D]',
  check: (path) => checkModelFile(path, { kind: 'dinov2', contract: DINOV2_CONTRACT, inspect: inspectDinov2Outputs }),
};

export const lpipsModelKind: ModelKindDefinition = {
  kind: 'lpips',
  description: 'LPIPS distance: inputs "in0", "in1" [N, 3, H, W] in [-1, 1], output "distance" [N, 1, 1, 1] or [N]',
  check: (path) => checkModelFile(path, { kind: 'lpips', contract: LPIPS_CONTRACT, inspect: inspectLpipsOutputs }),
};

export const REFERENCE_MODEL_KINDS: readonly ModelKindDefinition[] = [clipModelKind, dinov2ModelKind, lpipsModelKind];
