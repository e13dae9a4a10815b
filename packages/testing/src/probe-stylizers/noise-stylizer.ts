import type { StylizedFace, StylizeInput } from '@geneava/core/contracts';
import { copyImage, probeInfo, ProbeStylizer } from './probe-stylizer.js';

/**
 * Adds noise to every pixel and channel: uniform in ±amplitude levels (`pattern: 'uniform'`, from a fixed
 * seed, so the same photo gives the same bytes) or a one-pixel checkerboard of ±amplitude
 * (`'checker'`). The face underneath is untouched and stays recognisable: a gaming probe that makes an
 * avatar differ from its photo pixel by pixel without stylizing anything.
 */
export class NoiseStylizer extends ProbeStylizer {
  readonly info;

  constructor(
    readonly amplitude = 20,
    readonly pattern: 'uniform' | 'checker' = 'uniform',
  ) {
    super();
    if (!(amplitude > 0 && amplitude <= 255)) throw new RangeError(`noise amplitude must be within (0, 255], got ${amplitude}`);
    this.info = probeInfo('noise', `${pattern} noise (±${amplitude})`, 'Adds fine noise over an untouched photo: a probe that departs from the photo without stylizing it.');
  }

  protected render(input: StylizeInput): Omit<StylizedFace, 'faceTransforms'> {
    const image = copyImage(input.image);
    const { width, data } = image;
    let state = 0x9e3779b9;
    for (let i = 0; i < data.length; i++) {
      let offset: number;
      if (this.pattern === 'checker') {
        const pixel = Math.floor(i / 3);
        offset = ((pixel % width) + Math.floor(pixel / width)) % 2 === 0 ? this.amplitude : -this.amplitude;
      } else {
        // xorshift32: a fixed sequence, so the probe is deterministic.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        offset = ((state >>> 0) / 0x1_0000_0000 - 0.5) * 2 * this.amplitude;
      }
      data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + offset)));
    }
    return { image, outcome: 'whole-image', facesStylized: 0 };
  }
}
