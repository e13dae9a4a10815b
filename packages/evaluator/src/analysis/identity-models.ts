/**
 * Identity embedders. Both take faces aligned to InsightFace's ArcFace 112 template
 * (estimateArcfaceTransform: Umeyama similarity from the five points) and return L2-normalised
 * embeddings, so that a dot product is the cosine similarity.
 * - mobileface (embedded, becauseofAI MobileFace): NHWC, raw 0..255 RGB; its graph computes
 *   (x - 127.5) * 0.0078125 itself. Feeding 0..1 (as Human does) collapses every face to one
 *   direction. Crops are antialiased (see crop-image.ts).
 * - ArcFace (user-supplied InsightFace export): NCHW, RGB, (x - 127.5) / 127.5, cut with plain
 *   bilinear warpAffine as InsightFace's norm_crop does, so scores stay comparable with published
 *   thresholds such as the paper's 0.68.
 */
import { MOBILEFACE_EMBEDDING_SIZE, faceModel } from '@geneava/face-models';
import { estimateArcfaceTransform, imagesToTensor, type FivePoints, type OnnxSession, type RgbImage } from '@geneava/core';
import { ARCFACE_INPUT } from '../models/index.js';
import { cropImage, type CropSource } from './crop-image.js';
import { conventionTensor } from './model-tensors.js';
import { floatOutput } from './session-io.js';
import { l2Normalize, rowOf } from './vector-math.js';

export const ARCFACE_CROP_SIZE = 112;
const MOBILEFACE = faceModel('mobileface');

/** The ArcFace-aligned crop of a face (size a multiple of 112 scales the template, as InsightFace's estimate_norm). */
export async function alignedFace(image: CropSource, points5: FivePoints, size = ARCFACE_CROP_SIZE, antialias = true): Promise<RgbImage> {
  return cropImage(image, estimateArcfaceTransform(points5, size), size, size, { antialias });
}

/** mobileface embeddings of 112 x 112 aligned crops, L2-normalised. */
export async function mobilefaceEmbeddings(session: OnnxSession, aligned: readonly RgbImage[]): Promise<Float32Array[]> {
  if (aligned.length === 0) return [];
  const tensor = imagesToTensor(aligned, { layout: 'NHWC', range: [0, 255] });
  const output = MOBILEFACE.outputs[0]!.name;
  const result = await session.run({ [MOBILEFACE.input.name]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [output]);
  const data = floatOutput(result, output, session);
  return aligned.map((_, n) => l2Normalize(rowOf(data, n, MOBILEFACE_EMBEDDING_SIZE)));
}

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
