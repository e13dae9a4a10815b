import type { StylizedFace, StylizeInput } from '@geneava/core/contracts';
import { copyImage, probeInfo, ProbeStylizer } from './probe-stylizer.js';

/**
 * Paints over every given face: its box, grown by `grow` of its size on every side, filled with one flat
 * colour; the rest of the photo is untouched. The faces are gone, so a fair evaluation finds none of them
 * on the avatar (misses), however in place the stylizer declares them.
 */
export class FacePaintStylizer extends ProbeStylizer {
  readonly info = probeInfo('face-paint', 'faces painted over', 'Fills each face box with a flat colour: a probe whose faces a fair evaluation cannot find.');

  constructor(
    readonly colour: readonly [number, number, number] = [128, 128, 128],
    readonly grow = 0.1,
  ) {
    super();
  }

  protected render(input: StylizeInput): Omit<StylizedFace, 'faceTransforms'> {
    const image = copyImage(input.image);
    const { width, height, data } = image;
    const faces = input.faces ?? [];
    for (const { box } of faces) {
      const left = Math.max(0, Math.floor(box.x - this.grow * box.width));
      const top = Math.max(0, Math.floor(box.y - this.grow * box.height));
      const right = Math.min(width, Math.ceil(box.x + (1 + this.grow) * box.width));
      const bottom = Math.min(height, Math.ceil(box.y + (1 + this.grow) * box.height));
      for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) data.set(this.colour, (y * width + x) * 3);
    }
    if (faces.length === 0) return { image, outcome: 'no-face', facesStylized: 0, notes: ['no faces were given, so nothing was painted'] };
    return { image, outcome: 'stylized', facesStylized: faces.length };
  }
}
