import { faceTransformOf } from '@geneava/core/geometry';
import type { EvaluationContext, EvaluationSubject, MetricRecord } from '@geneava/core/contracts';
import { largestFaceIndex } from '../face-selection.js';
import { stylizationStrength } from './strength.js';

/** The metric name of stylization strength in pair records, reports and CSV columns. */
export const STRENGTH_METRIC = 'stylization.strength';

/**
 * The strength record of one (photo, avatar) pair, measured on the face the preservation metrics score:
 * the photo's largest face, carried onto the avatar by the stylizer's transform for it. Without faces the
 * whole photo is the region. Undefined when the stylizer reports that face is not in its output, or the
 * face lands outside the avatar: there is nothing to compare. The record has no direction (strength is
 * neither good nor bad); details hold the mean departure and the four parts.
 */
export function stylizationStrengthRecord(real: EvaluationSubject, avatar: EvaluationSubject, context: EvaluationContext = {}): MetricRecord | undefined {
  const faces = real.faces ?? [];
  const index = faces.length > 0 ? largestFaceIndex(faces) : -1;
  const transform = index >= 0 ? faceTransformOf(context.faceTransforms, index, real.image, avatar.image) : undefined;
  if (transform === null) return undefined;
  const realBox = index >= 0 ? faces[index]!.box : { x: 0, y: 0, width: real.image.width, height: real.image.height };
  let measured: ReturnType<typeof stylizationStrength>;
  try {
    measured = stylizationStrength(real.image, avatar.image, { realBox, ...(transform ? { transform } : {}) });
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return {
    metric: STRENGTH_METRIC,
    value: measured.strength,
    details: {
      region: index >= 0 ? 'face' : 'image',
      departure: round(measured.departure),
      structure: round(measured.parts.structure),
      edges: round(measured.parts.edges),
      colour: round(measured.parts.colour),
      palette: round(measured.parts.palette),
    },
  };
}
