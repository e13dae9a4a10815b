/**
 * `geneava models check KIND FILE` for the optional face models the face analyzer can use in place of, or
 * beside, the embedded defaults of @geneava/face-models.
 */
import type { ModelKindDefinition } from '@geneava/core/plugins';
import { inspectArcfaceOutputs } from '../arcface/arcface-outputs.js';
import { checkModelFile, type SingleFileModelSpec } from '../common/check-model-file.js';
import { ARCFACE_CONTRACT } from '../arcface/arcface-contract.js';
import { POSTER_CONTRACT } from '../poster/poster-contract.js';
import { RETINAFACE_CONTRACT } from '../retinaface/retinaface-contract.js';
import { SCRFD_CONTRACT } from '../scrfd/scrfd-contract.js';
import { inspectPosterOutputs } from '../poster/poster-outputs.js';
import { inspectRetinafaceOutputs } from '../retinaface/retinaface-outputs.js';
import { inspectScrfdOutputs } from '../scrfd/scrfd-outputs.js';

function modelKind(spec: SingleFileModelSpec, description: string): ModelKindDefinition {
  return { kind: spec.kind, description, check: (path) => checkModelFile(path, spec) };
}

export const scrfdModelKind = modelKind(
  { kind: 'scrfd', contract: SCRFD_CONTRACT, inspect: inspectScrfdOutputs },
  'InsightFace SCRFD face detector (e.g. buffalo_l det_10g.onnx): input "input.1" [1, 3, H, W], 6/9/10/15 outputs',
);

export const retinafaceModelKind = modelKind(
  { kind: 'retinaface', contract: RETINAFACE_CONTRACT, inspect: inspectRetinafaceOutputs },
  'RetinaFace face detector, biubug6/Pytorch_Retinaface export: input "input0" [1, 3, 640, 640], loc/conf/landms outputs',
);

export const arcfaceModelKind = modelKind(
  { kind: 'arcface', contract: ARCFACE_CONTRACT, inspect: inspectArcfaceOutputs },
  'ArcFace identity embedder (e.g. buffalo_l w600k_r50.onnx): input "input.1" [N, 3, 112, 112], one [N, 512] output',
);

export const posterModelKind = modelKind(
  { kind: 'poster', contract: POSTER_CONTRACT, inspect: inspectPosterOutputs },
  'POSTER expression encoder exported to ONNX: input "image" [N, 3, 224, 224], outputs "logits" [N, 7|8] and optional "feature" [N, 512|768]',
);

export const FACE_ANALYSIS_MODEL_KINDS: readonly ModelKindDefinition[] = [scrfdModelKind, retinafaceModelKind, arcfaceModelKind, posterModelKind];
