import { composeAffine, faceTransformOf, frameScaleAffine, warpAffine, type AffineMatrix } from '@geneava/core/geometry';
import type { Box, RgbImage, StylizedFace, Stylizer } from '@geneava/core/contracts';
import { stylizeCached } from './check-output.js';
import { violation } from './conformance-error.js';
import type { ExpectedSize } from './options.js';
import type { ConformanceSample } from './samples.js';

/**
 * Smallest mean absolute difference (0-255 levels, over every channel of the compared regions) for an
 * output to count as changed. An identity, a re-encode or a resample back and forth stays around 1-2
 * levels on the suite's samples; the gentlest first-party style (the classic filter) changes faces by
 * more than 8, a colour inversion by about 100.
 */
export const MIN_MEAN_CHANGE = 4;

/** Longest side of the grid regions are compared on. */
const GRID_SIDE = 96;

/**
 * A stylizer must change what it styles: over the faces it reports stylized (each given face carried
 * through its transform, see StylizedFace.faceTransforms), or the whole picture when it styles the whole
 * image or no face is in its output, the output must differ from the input by at least MIN_MEAN_CHANGE
 * levels on average. Both sides are read on the same grid (the input through the transform), so a crop
 * stylizer that returns its aligned input crop fails like one that returns its input.
 */
export async function checkChangesInput(stylizer: Stylizer, sample: ConformanceSample, expectedSize?: ExpectedSize): Promise<void> {
  const result = await stylizeCached(stylizer, sample, expectedSize);
  const { change, over } = meanChange(sample, result);
  if (change < MIN_MEAN_CHANGE) {
    throw violation(
      stylizer.info.id,
      sample.name,
      `the output is (nearly) the input: a mean change of ${change.toFixed(2)} levels over ${over}, at least ${MIN_MEAN_CHANGE} expected from a stylizer`,
    );
  }
}

/** Mean absolute difference (levels) between output and input over the stylized faces, else the whole image. */
export function meanChange(sample: ConformanceSample, result: StylizedFace): { change: number; over: string } {
  const input = sample.input.image;
  const { regions, over } = changedRegions(sample, result);
  let total = 0;
  let count = 0;
  for (const { box, transform } of regions) {
    const { sum, n } = regionDifference(input, result.image, box, transform);
    total += sum;
    count += n;
  }
  return { change: count === 0 ? 0 : total / count, over };
}

interface Region {
  /** On the input. */
  readonly box: Box;
  /** Input to output pixel coordinates. */
  readonly transform: AffineMatrix;
}

function changedRegions(sample: ConformanceSample, result: StylizedFace): { regions: Region[]; over: string } {
  const input = sample.input.image;
  const faces = result.outcome === 'stylized' ? (sample.input.faces ?? []) : [];
  const regions = faces.flatMap((face, i): Region[] => {
    const transform = faceTransformOf(result.faceTransforms, i, input, result.image);
    return transform ? [{ box: face.box, transform }] : [];
  });
  if (regions.length > 0) return { regions, over: `the ${regions.length} stylized face(s)` };
  const whole = { box: { x: 0, y: 0, width: input.width, height: input.height }, transform: frameScaleAffine(input, result.image) };
  return { regions: [whole], over: 'the whole image' };
}

/**
 * Sum of |output − input| over the region's cells and channels, and the number of terms. The region is
 * the face box carried onto the output (its enclosing box, clipped to the output); both images are
 * sampled onto one grid of at most GRID_SIDE cells a side, the input through the inverse transform.
 */
function regionDifference(input: RgbImage, output: RgbImage, box: Box, transform: AffineMatrix): { sum: number; n: number } {
  const [a, b, c, d, e, f] = transform;
  const corners = [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x, box.y + box.height],
    [box.x + box.width, box.y + box.height],
  ].map(([x, y]) => [a * x! + b * y! + c, d * x! + e * y! + f] as const);
  const x0 = Math.max(0, Math.min(...corners.map((p) => p[0])));
  const y0 = Math.max(0, Math.min(...corners.map((p) => p[1])));
  const x1 = Math.min(output.width, Math.max(...corners.map((p) => p[0])));
  const y1 = Math.min(output.height, Math.max(...corners.map((p) => p[1])));
  if (x1 - x0 < 1 || y1 - y0 < 1) return { sum: 0, n: 0 };
  const scale = Math.min(1, GRID_SIDE / Math.max(x1 - x0, y1 - y0));
  const width = Math.max(1, Math.round((x1 - x0) * scale));
  const height = Math.max(1, Math.round((y1 - y0) * scale));
  // Output pixel -> grid cell; the input reaches the grid through the transform first.
  const toGrid: AffineMatrix = [width / (x1 - x0), 0, -x0 * (width / (x1 - x0)), 0, height / (y1 - y0), -y0 * (height / (y1 - y0))];
  const outputGrid = warpAffine(output, toGrid, width, height, { border: 'replicate' });
  const inputGrid = warpAffine(input, composeAffine(toGrid, transform), width, height, { border: 'replicate' });
  let sum = 0;
  for (let i = 0; i < outputGrid.data.length; i++) sum += Math.abs(outputGrid.data[i]! - inputGrid.data[i]!);
  return { sum, n: outputGrid.data.length };
}
