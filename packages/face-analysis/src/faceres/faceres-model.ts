/**
 * The embedded HSE FaceRes (MobileNet-v1 224): a 224 x 224 face crop as raw 0..255 RGB, as the
 * reference measured it (Human feeds its 0..1 crop times 255); one face per run because the outputs
 * are declared with batch 1. Gives the 1024-d descriptor (L2-normalised here; all its values are >= 0,
 * so different people still score about 0.44: a looser, secondary identity signal), age and gender.
 */
import { FACERES_AGE_CLASSES, FACERES_DESCRIPTOR_SIZE, faceModel } from '@geneava/face-models';
import type { OnnxSession, TensorData } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import type { AffineMatrix } from '@geneava/core/geometry';
import { forwardTables } from '@geneava/core/image';
import { ageFromSoftmax, genderFromSigmoid, type AgeReading } from './faceres-outputs.js';
import { cropIntoTensor, type CropSource } from '../common/crop-image.js';
import { withImagesTensor, withScratch } from '../common/scratch-tensors.js';
import { floatOutput } from '../common/session-io.js';
import { l2Normalize } from '../common/vector-math.js';

export const FACERES_INPUT_SIZE = 224;
const MODEL = faceModel('faceres');
/** The model's input values of each pixel level: the level itself (range [0, 255]). */
const INPUT_TABLES = forwardTables([0, 255]);
const [DESCRIPTOR, GENDER, AGE] = MODEL.outputs.map((output) => output.name) as [string, string, string];

export interface FaceresResult {
  readonly descriptor: Float32Array;
  readonly age: number;
  readonly gender: { readonly label: 'male' | 'female'; readonly score: number };
}

export async function runFaceres(session: OnnxSession, crop: RgbImage, ageReading: AgeReading = 'expectation'): Promise<FaceresResult> {
  const result = await withImagesTensor([crop], { layout: 'NHWC', range: [0, 255] }, (tensor) =>
    session.run({ [MODEL.input.name]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [DESCRIPTOR, GENDER, AGE]),
  );
  return faceresResult(session, result, ageReading);
}

/**
 * runFaceres on the antialiased crop that `matrix` cuts from `source`, cut straight into the model's
 * input (cropIntoTensor): the same result as runFaceres(session, await cropImage(source, matrix, 224,
 * 224, { antialias: true })), without the crop image.
 */
export async function runFaceresOnCrop(session: OnnxSession, source: CropSource, matrix: AffineMatrix, ageReading: AgeReading = 'expectation'): Promise<FaceresResult> {
  const size = FACERES_INPUT_SIZE;
  const result = await withScratch(size * size * 3, async (data) => {
    await cropIntoTensor(source, matrix, size, size, { data, offset: 0, tables: INPUT_TABLES }, { antialias: true });
    return session.run({ [MODEL.input.name]: { dtype: 'float32', dims: [1, size, size, 3], data } }, [DESCRIPTOR, GENDER, AGE]);
  });
  return faceresResult(session, result, ageReading);
}

function faceresResult(session: OnnxSession, result: Record<string, TensorData>, ageReading: AgeReading): FaceresResult {
  const descriptor = floatOutput(result, DESCRIPTOR, session);
  const age = floatOutput(result, AGE, session);
  if (descriptor.length !== FACERES_DESCRIPTOR_SIZE || age.length !== FACERES_AGE_CLASSES) {
    throw new Error(`${session.label}: expected a ${FACERES_DESCRIPTOR_SIZE}-d descriptor and ${FACERES_AGE_CLASSES} age classes, got ${descriptor.length} and ${age.length}`);
  }
  return {
    descriptor: l2Normalize(descriptor),
    age: ageFromSoftmax(age, ageReading),
    gender: genderFromSigmoid(floatOutput(result, GENDER, session)[0]!),
  };
}
