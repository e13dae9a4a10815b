import type { RgbImage, StylizedFace, StylizeInput } from '@geneava/core/contracts';
import { probeInfo, ProbeStylizer } from './probe-stylizer.js';

/**
 * Blurs the whole photo: three box-blur passes of `radius` per axis, edges clamped, close to a Gaussian
 * of sigma √(r(r + 1)) (3.5 px for radius 3). Faces stay where they were and, for moderate radii,
 * recognisable.
 */
export class BlurStylizer extends ProbeStylizer {
  readonly info;

  constructor(readonly radius = 3) {
    super();
    if (!Number.isInteger(radius) || radius < 1) throw new RangeError(`blur radius must be a positive whole number, got ${radius}`);
    this.info = probeInfo('blur', `box blur (radius ${radius}, 3 passes)`, 'Blurs the photo: a probe that changes appearance a little and keeps faces in place.');
  }

  protected render(input: StylizeInput): Omit<StylizedFace, 'faceTransforms'> {
    let image = input.image;
    for (let pass = 0; pass < 3; pass++) image = boxBlur(boxBlur(image, this.radius, true), this.radius, false);
    return { image, outcome: 'whole-image', facesStylized: 0 };
  }
}

/** One box-blur pass along rows (horizontal) or columns, by running sums, edges clamped. */
function boxBlur(image: RgbImage, radius: number, horizontal: boolean): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  const lines = horizontal ? height : width;
  const length = horizontal ? width : height;
  const step = horizontal ? 3 : width * 3;
  const size = 2 * radius + 1;
  for (let line = 0; line < lines; line++) {
    const start = horizontal ? line * width * 3 : line * 3;
    for (let c = 0; c < 3; c++) {
      const at = (i: number) => data[start + Math.min(length - 1, Math.max(0, i)) * step + c]!;
      let sum = 0;
      for (let i = -radius; i <= radius; i++) sum += at(i);
      for (let i = 0; i < length; i++) {
        out[start + i * step + c] = Math.round(sum / size);
        sum += at(i + radius + 1) - at(i - radius);
      }
    }
  }
  return { width, height, data: out };
}
