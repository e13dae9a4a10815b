/**
 * POSTER, the optional expression model (a user-supplied export, see the README): 224 x 224 RGB,
 * ToTensor then ImageNet mean/std, NCHW; outputs 'logits' and, when exported, the 'feature' embedding
 * the paper's expression error is computed on. Faces are aligned to the ArcFace template at 224 px,
 * which frames them as RAF-DB's aligned images (the training data of POSTER's RAF-DB checkpoint) do.
 */
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { conventionTensor } from '../common/model-tensors.js';
import { keyed, type Probabilities } from '../common/probabilities.js';
import { floatOutput } from '../common/session-io.js';
import { rowOf, softmax } from '../common/vector-math.js';
import { POSTER_INPUT, POSTER_LABEL_ORDERS, type PosterDataset } from './poster-contract.js';

export const POSTER_CROP_SIZE = 224;

/** POSTER's two-letter codes to the names the emotion model uses, so both can be compared class by class. */
export const POSTER_CLASS_NAMES: Readonly<Record<string, string>> = {
  SU: 'surprise',
  FE: 'fear',
  DI: 'disgust',
  HA: 'happy',
  SA: 'sad',
  AN: 'angry',
  NE: 'neutral',
  CO: 'contempt',
};

export interface PosterResult {
  /** softmax(logits), keyed by class name when the training set is known, else by class index. */
  readonly probabilities: Probabilities;
  /** The 'feature' output (512-d for POSTER V1), as the model returns it: not normalised. */
  readonly embedding?: Float32Array;
}

export async function posterResults(session: OnnxSession, aligned: readonly RgbImage[], dataset?: PosterDataset): Promise<PosterResult[]> {
  if (aligned.length === 0) return [];
  const tensor = conventionTensor(aligned, POSTER_INPUT);
  const hasFeature = session.outputs.some((output) => output.name === 'feature');
  const fetches = hasFeature ? ['logits', 'feature'] : ['logits'];
  const result = await session.run({ image: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, fetches);
  const logits = floatOutput(result, 'logits', session);
  const classes = logits.length / aligned.length;
  const names = posterClassNames(classes, dataset, session.label);
  const feature = hasFeature ? floatOutput(result, 'feature', session) : undefined;
  return aligned.map((_, n) => {
    const probabilities = keyed(softmax(rowOf(logits, n, classes)), names);
    if (!feature) return { probabilities };
    return { probabilities, embedding: rowOf(feature, n, feature.length / aligned.length) };
  });
}

function posterClassNames(classes: number, dataset: PosterDataset | undefined, label: string): readonly string[] {
  if (dataset === undefined) return Array.from({ length: classes }, (_, i) => String(i));
  const order = POSTER_LABEL_ORDERS[dataset];
  if (order.length !== classes) throw new Error(`${label}: the model has ${classes} classes, but dataset '${dataset}' has ${order.length}`);
  return order.map((code) => POSTER_CLASS_NAMES[code] ?? code);
}
