/**
 * mobileface, the embedded identity embedder (becauseofAI MobileFace): 112 x 112 faces aligned to the
 * ArcFace template, NHWC, raw 0..255 RGB; its graph computes (x - 127.5) * 0.0078125 itself. Feeding
 * 0..1 (as Human does) collapses every face to one direction. Crops are antialiased (see
 * ../common/crop-image.ts). Embeddings are L2-normalised, so a dot product is the cosine similarity.
 */
import { MOBILEFACE_EMBEDDING_SIZE, faceModel } from '@geneava/face-models';
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { withImagesTensor } from '../common/scratch-tensors.js';
import { floatOutput } from '../common/session-io.js';
import { l2Normalize, rowOf } from '../common/vector-math.js';

const MOBILEFACE = faceModel('mobileface');

/** mobileface embeddings of 112 x 112 aligned crops, L2-normalised. */
export async function mobilefaceEmbeddings(session: OnnxSession, aligned: readonly RgbImage[]): Promise<Float32Array[]> {
  if (aligned.length === 0) return [];
  const output = MOBILEFACE.outputs[0]!.name;
  const result = await withImagesTensor(aligned, { layout: 'NHWC', range: [0, 255] }, (tensor) =>
    session.run({ [MOBILEFACE.input.name]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [output]),
  );
  const data = floatOutput(result, output, session);
  return aligned.map((_, n) => l2Normalize(rowOf(data, n, MOBILEFACE_EMBEDDING_SIZE)));
}
