/**
 * The faces every stylizer is given, whichever command runs it (`stylize`, `compare`, `run`): the
 * detector's faces rounded as a dataset run records them (box, score and five points to 1/100 px, no
 * dense mesh). One form everywhere means one stylizer makes the same avatar bytes from the same photo.
 */
import type { DetectedFace, FivePoints } from '../contracts/image.js';

const round2 = (value: number) => Math.round(value * 100) / 100;

/** One face as stylizers receive it and the dataset journal records it. */
export function roundedFace(face: DetectedFace): DetectedFace {
  const { x, y, width, height } = face.box;
  return {
    box: { x: round2(x), y: round2(y), width: round2(width), height: round2(height) },
    score: Math.round(face.score * 10000) / 10000,
    points5: face.points5.map(([px, py]) => [round2(px), round2(py)] as const) as unknown as FivePoints,
  };
}

/** The faces handed to StylizeInput.faces: every detected face, in the detector's order, rounded. */
export function facesForStylizer(faces: readonly DetectedFace[]): DetectedFace[] {
  return faces.map(roundedFace);
}
