/**
 * Vertex indices of MediaPipe's 468-point face mesh used by this package (canonical_face_model
 * numbering). "Right" and "left" are the subject's: the subject's right eye is on the image left of an
 * upright, unmirrored face, which InsightFace's point order calls "left eye".
 */
export const MESH = {
  /** Subject's right eye: outer corner 33, inner corner 133, upper lid 159, lower lid 145. */
  rightEyeOuter: 33,
  rightEyeInner: 133,
  rightEyeUpper: 159,
  rightEyeLower: 145,
  /** Subject's left eye: inner corner 362, outer corner 263, upper lid 386, lower lid 374. */
  leftEyeInner: 362,
  leftEyeOuter: 263,
  leftEyeUpper: 386,
  leftEyeLower: 374,
  /** Nose tip. */
  noseTip: 1,
  /** Mouth corners: subject's right 61, left 291. */
  mouthRight: 61,
  mouthLeft: 291,
  /** Inner lip midline: upper 13, lower 14. */
  upperLipInner: 13,
  lowerLipInner: 14,
  /** Chin (lowest point of the jaw line on the midline). */
  chin: 152,
  /** Upper contour of the subject's right eyebrow, outer to inner. */
  rightBrow: [70, 63, 105, 66, 107],
  /** Upper contour of the subject's left eyebrow, outer to inner (mirror of rightBrow). */
  leftBrow: [300, 293, 334, 296, 336],
} as const;
