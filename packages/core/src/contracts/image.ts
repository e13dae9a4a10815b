/**
 * Pixels as they flow between components: interleaved 8-bit RGB, row-major, no alpha, no padding.
 * `data.length === width * height * 3`. Alpha is flattened and other colour spaces are converted
 * when an image is decoded (see image/decode.ts), so every component sees the same layout.
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A point in pixel coordinates: [x, y], with pixel centres on integer coordinates (the top-left pixel's
 * centre is [0, 0]), as OpenCV, InsightFace's templates and DCT-Net's reference points assume.
 */
export type Point2 = readonly [number, number];

/** Axis-aligned box in pixel coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The five alignment points in InsightFace order: left eye, right eye, nose tip, left mouth corner,
 * right mouth corner ("left" is the subject's right side, i.e. the left of the image).
 */
export type FivePoints = readonly [Point2, Point2, Point2, Point2, Point2];

/** One detected face: its box, detector score, the five alignment points and an optional dense mesh. */
export interface DetectedFace {
  readonly box: Box;
  readonly score: number;
  readonly points5: FivePoints;
  /** Dense landmarks when a landmark model ran (e.g. 468 facemesh points), image coordinates. */
  readonly mesh?: readonly Point2[];
}
