/**
 * The embedded HSE FaceRes (MobileNet-v1 224): a 224 x 224 face crop as raw 0..255 RGB, as the
 * reference measured it (Human feeds its 0..1 crop times 255); one face per run because the outputs
 * are declared with batch 1. Gives the 1024-d descriptor (L2-normalised here; all its values are >= 0,
 * so different people still score about 0.44: a looser, secondary identity signal), age and gender.
 */
import { FACERES_AGE_CLASSES, FACERES_DESCRIPTOR_SIZE, faceModel } from '@geneava/face-models';
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { ageFromSoftmax, genderFromSigmoid, type AgeReading } from './faceres-outputs.js';
import { withImagesTensor } from '../common/scratch-tensors.js';
import { floatOutput } from '../common/session-io.js';
import { l2Normalize } from '../common/vector-math.js';

export const FACERES_INPUT_SIZE = 224;
const MODEL = faceModel('faceres');
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
