import type { StylizedFace, StylizeInput } from '@geneava/core/contracts';
import { copyImage, probeInfo, ProbeStylizer } from './probe-stylizer.js';

/** Returns a copy of the photo: preserves everything and stylizes nothing. */
export class UnchangedStylizer extends ProbeStylizer {
  readonly info = probeInfo('unchanged', 'no style (the photo itself)', 'Returns the photo unchanged: a probe that preserves everything and stylizes nothing.');

  protected render(input: StylizeInput): Omit<StylizedFace, 'faceTransforms'> {
    return { image: copyImage(input.image), outcome: 'whole-image', facesStylized: 0 };
  }
}
