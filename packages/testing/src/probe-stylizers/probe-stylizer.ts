import {
  API_VERSIONS,
  type RgbImage,
  type RunOptions,
  type StylizedFace,
  type StylizeInput,
  type Stylizer,
  type StylizerInfo,
} from '@geneava/core/contracts';
import { assertRgbImage } from '@geneava/core/image';
import { IDENTITY_AFFINE } from '@geneava/core/geometry';

/**
 * Base of the probe stylizers: simple, fully known transforms of a photo that a fair evaluation must
 * tell apart (one that changes nothing, one that blurs, one that erases the face). Each keeps every
 * pixel where it was, so each reports every given face in place (identity transforms) and declares
 * geometryPreserving, the declaration the evaluator once trusted to reuse landmarks.
 */
export abstract class ProbeStylizer implements Stylizer {
  readonly apiVersion = API_VERSIONS.stylizer;
  abstract readonly info: StylizerInfo;

  async stylize(input: StylizeInput, options: RunOptions = {}): Promise<StylizedFace> {
    assertRgbImage(input.image, `${this.info.id}: ${input.id === undefined ? 'input image' : `image "${input.id}"`}`);
    options.signal?.throwIfAborted();
    const faces = input.faces ?? [];
    return { ...this.render(input), faceTransforms: faces.map(() => IDENTITY_AFFINE) };
  }

  protected abstract render(input: StylizeInput): Omit<StylizedFace, 'faceTransforms'>;
}

export function probeInfo(id: string, style: string, description: string): StylizerInfo {
  return Object.freeze({ id, style, version: '1.0.0', needsWeights: false, geometryPreserving: true, description });
}

export function copyImage(image: RgbImage): RgbImage {
  return { width: image.width, height: image.height, data: image.data.slice() };
}
