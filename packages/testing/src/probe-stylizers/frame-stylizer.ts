import type { StylizedFace, StylizeInput } from '@geneava/core/contracts';
import { copyImage, probeInfo, ProbeStylizer } from './probe-stylizer.js';

/**
 * Draws a flat-coloured frame along the inside of every given face box, `thickness` of the box's width
 * (and height) wide; the face inside the frame and the rest of the photo are untouched. A gaming probe:
 * it changes many pixels of the face box while leaving eyes, nose and mouth as they were.
 */
export class FrameStylizer extends ProbeStylizer {
  readonly info = probeInfo('frame', 'frame along the face box', 'Draws a coloured frame on each face box, face untouched: a probe that departs from the photo without stylizing the face.');

  constructor(
    readonly colour: readonly [number, number, number] = [255, 0, 255],
    readonly thickness = 0.08,
  ) {
    super();
    if (!(thickness > 0 && thickness < 0.5)) throw new RangeError(`frame thickness must be within (0, 0.5) of the face box, got ${thickness}`);
  }

  protected render(input: StylizeInput): Omit<StylizedFace, 'faceTransforms'> {
    const image = copyImage(input.image);
    const { width, height, data } = image;
    const faces = input.faces ?? [];
    for (const { box } of faces) {
      const left = Math.max(0, Math.floor(box.x));
      const top = Math.max(0, Math.floor(box.y));
      const right = Math.min(width, Math.ceil(box.x + box.width));
      const bottom = Math.min(height, Math.ceil(box.y + box.height));
      const tx = Math.max(1, Math.round(this.thickness * box.width));
      const ty = Math.max(1, Math.round(this.thickness * box.height));
      for (let y = top; y < bottom; y++) {
        for (let x = left; x < right; x++) {
          if (x < left + tx || x >= right - tx || y < top + ty || y >= bottom - ty) data.set(this.colour, (y * width + x) * 3);
        }
      }
    }
    if (faces.length === 0) return { image, outcome: 'no-face', facesStylized: 0, notes: ['no faces were given, so no frame was drawn'] };
    return { image, outcome: 'stylized', facesStylized: faces.length };
  }
}
