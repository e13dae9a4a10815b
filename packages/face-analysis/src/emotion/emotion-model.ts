/**
 * emotion, the embedded expression classifier (oarriaga mini-Xception): 64 x 64 grayscale face crops,
 * (g - 0.5) * 2; a softmax over angry, disgust, fear, happy, sad, surprise, neutral.
 */
import { EMOTION_CLASSES, faceModel } from '@geneava/face-models';
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { emotionTensor } from '../common/model-tensors.js';
import { keyed, type Probabilities } from '../common/probabilities.js';
import { floatOutput } from '../common/session-io.js';
import { rowOf } from '../common/vector-math.js';

export const EMOTION_INPUT_SIZE = 64;
const EMOTION = faceModel('emotion');

export async function emotionProbabilities(session: OnnxSession, crops: readonly RgbImage[]): Promise<Probabilities[]> {
  if (crops.length === 0) return [];
  const tensor = emotionTensor(crops);
  const output = EMOTION.outputs[0]!.name;
  const result = await session.run({ [EMOTION.input.name]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, [output]);
  const data = floatOutput(result, output, session);
  return crops.map((_, n) => keyed(rowOf(data, n, EMOTION_CLASSES.length), EMOTION_CLASSES));
}
