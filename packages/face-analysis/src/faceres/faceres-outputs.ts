/**
 * Reading HSE FaceRes's age and gender heads (HSE_FaceRec_tf, age_gender_identity/facial_analysis.py).
 * - Age: a softmax over 100 classes; the authors' code adds `min_age = 1`, so class i means i + 1
 *   years. The reported age is the expectation 1 + sum(i * p_i) over all classes (the formula the
 *   authors' code keeps commented out beside its current one): it uses the whole distribution and
 *   moves smoothly between neighbouring ages. 'top2' is the authors' current formula (1 plus the
 *   mean of the two most likely classes weighted by their renormalised probabilities); 'argmax' the
 *   single most likely class plus 1.
 * - Gender: one sigmoid; <= 0.5 is female (Human's reading; the authors' demo draws >= 0.6 as male).
 *   The score is the probability of the chosen label, so it is always >= 0.5.
 */
import { argmax } from '../common/vector-math.js';

export type AgeReading = 'expectation' | 'top2' | 'argmax';

/** Age of class 0 in the HSE model. */
export const FACERES_MIN_AGE = 1;

export function ageFromSoftmax(probabilities: ArrayLike<number>, reading: AgeReading = 'expectation'): number {
  if (probabilities.length === 0) throw new Error('ageFromSoftmax: no age probabilities');
  if (reading === 'argmax') return FACERES_MIN_AGE + argmax(probabilities);
  const indices = Array.from({ length: probabilities.length }, (_, i) => i);
  const used = reading === 'top2' ? indices.sort((a, b) => probabilities[b] - probabilities[a]).slice(0, 2) : indices;
  let total = 0;
  let weighted = 0;
  for (const i of used) {
    weighted += i * probabilities[i];
    total += probabilities[i];
  }
  return FACERES_MIN_AGE + weighted / total;
}

export function genderFromSigmoid(score: number): { readonly label: 'male' | 'female'; readonly score: number } {
  return score <= 0.5 ? { label: 'female', score: 1 - score } : { label: 'male', score };
}
