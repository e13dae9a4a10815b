/**
 * ArcFace, the optional identity embedder (a user-supplied InsightFace export): 112 x 112 faces aligned
 * to the ArcFace template (../common/aligned-face.ts), NCHW, RGB, (x - 127.5) / 127.5, cut with plain
 * bilinear warpAffine as InsightFace's norm_crop does, so scores stay comparable with published
 * thresholds such as the paper's 0.68. Embeddings are L2-normalised, so a dot product is the cosine
 * similarity.
 */
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { conventionTensor } from '../common/model-tensors.js';
import { floatOutput } from '../common/session-io.js';
import { l2Normalize, rowOf } from '../common/vector-math.js';
import { ARCFACE_INPUT } from './arcface-contract.js';

/** ArcFace embeddings of 112 x 112 aligned crops, L2-normalised (InsightFace's normed_embedding). */
export async function arcfaceEmbeddings(session: OnnxSession, aligned: readonly RgbImage[]): Promise<Float32Array[]> {
  if (aligned.length === 0) return [];
  const tensor = conventionTensor(aligned, ARCFACE_INPUT);
  const input = session.inputs[0]!.name;
  const output = session.outputs[0]!.name;
  const result = await session.run({ [input]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [output]);
  const data = floatOutput(result, output, session);
  const size = data.length / aligned.length;
  return aligned.map((_, n) => l2Normalize(rowOf(data, n, size)));
}
