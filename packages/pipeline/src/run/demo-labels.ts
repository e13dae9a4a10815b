/**
 * Labels of the 22 faces in the six group photos shipped with @vladmandic/face-api (demo/sample1..6.jpg),
 * used by `geneava run --demo`. They were written by one person looking at each face, for
 * demonstration only: the expression is the closest Emo135 name where the face shows one clearly and
 * "unlabelled" otherwise (Emo135 has no neutral class); gender and age group are that person's
 * perception. Race is deliberately not annotated from appearance, so it stays unlabelled.
 *
 * Each face is found by where its centre is in the photo, as fractions of the photo's width and height
 * (measured from the embedded detector's boxes); a detected face takes the label of the nearest centre
 * within DEMO_LABEL_TOLERANCE.
 */
import type { SourceLabels } from '@geneava/core/dataset-format';

export interface DemoFaceLabel extends SourceLabels {
  /** Face centre as fractions of the photo's width and height. */
  readonly at: readonly [number, number];
}

/** Farthest a detected face's centre may be from a labelled centre (fractions of the photo) to take its label. */
export const DEMO_LABEL_TOLERANCE = 0.06;

const face = (x: number, y: number, expression: string, ageGroup: string): DemoFaceLabel => ({ at: [x, y], expression, gender: 'female', ageGroup });

/** By photo id (the file name without extension). */
export const DEMO_FACE_LABELS: Readonly<Record<string, readonly DemoFaceLabel[]>> = {
  sample1: [face(0.265, 0.384, 'contentment', '20s'), face(0.487, 0.428, 'bliss', '20s'), face(0.818, 0.258, 'glee', '20s')],
  sample2: [face(0.228, 0.209, 'amusement', '20s'), face(0.512, 0.266, 'unlabelled', '20s'), face(0.805, 0.21, 'contentment', '20s')],
  sample3: [face(0.363, 0.352, 'unlabelled', '20s'), face(0.617, 0.275, 'happiness', '30s'), face(0.825, 0.331, 'delight', '30s')],
  sample4: [face(0.172, 0.227, 'unlabelled', '20s'), face(0.392, 0.133, 'amusement', '20s'), face(0.558, 0.217, 'happiness', '20s'), face(0.709, 0.192, 'joy', '20s')],
  sample5: [
    face(0.247, 0.738, 'surprise', '40s'),
    face(0.354, 0.395, 'amusement', '20s'),
    face(0.449, 0.164, 'unlabelled', '30s'),
    face(0.625, 0.236, 'contentment', '30s'),
    face(0.787, 0.386, 'unlabelled', '30s'),
  ],
  sample6: [face(0.186, 0.415, 'happiness', '20s'), face(0.403, 0.321, 'cheerfulness', '20s'), face(0.661, 0.301, 'affection', '20s'), face(0.828, 0.276, 'contentment', '30s')],
};

/** The label of the face centred at (x, y) (fractions) in a demo photo, if one is near enough. */
export function demoFaceLabel(photoId: string, x: number, y: number): SourceLabels | undefined {
  let best: DemoFaceLabel | undefined;
  let bestDistance = DEMO_LABEL_TOLERANCE;
  for (const label of DEMO_FACE_LABELS[photoId] ?? []) {
    const distance = Math.hypot(label.at[0] - x, label.at[1] - y);
    if (distance <= bestDistance) {
      best = label;
      bestDistance = distance;
    }
  }
  if (!best) return undefined;
  const { at: _at, ...labels } = best;
  return labels;
}
