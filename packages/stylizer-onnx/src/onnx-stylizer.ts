import {
  API_VERSIONS,
  type DetectedFace,
  type RgbImage,
  type RunOptions,
  type StylizedFace,
  type StylizeInput,
  type Stylizer,
  type StylizerInfo,
} from '@geneava/core/contracts';
import { IDENTITY_AFFINE, pasteBack, warpAffine } from '@geneava/core/geometry';
import { assertRgbImage, resizeImage } from '@geneava/core/image';
import type { OnnxSession } from '@geneava/core/onnx';
import { cropBorder, cropTransform } from './align.js';
import type { ResolvedTensors } from './descriptor/check-signature.js';
import type { LoadedDescriptor } from './descriptor/load-descriptor.js';
import { cropSizeOf } from './descriptor/schema.js';
import { centreSquare, cropImage, padImage } from './pixels.js';
import { contentInOutput, placeWholeImage } from './placement.js';
import { imageFeed, outputImage } from './tensors.js';

/**
 * A stylizer driven by a descriptor: one ONNX session, run on the whole image (alignment "none") or on
 * each face's aligned crop, pasted back into the photo or returned as the crop.
 *
 * Faces come from StylizeInput.faces only; the stylizer does not detect faces itself. An aligned
 * descriptor given no faces returns outcome 'no-face' with the original image (paste-back) or its centre
 * square resized to the crop size (no paste-back).
 */
export class OnnxStylizer implements Stylizer {
  readonly apiVersion = API_VERSIONS.stylizer;
  readonly info: StylizerInfo;

  constructor(
    readonly loaded: LoadedDescriptor,
    private readonly session: OnnxSession,
    readonly tensors: ResolvedTensors,
  ) {
    const { descriptor } = loaded;
    const { alignment } = descriptor;
    this.info = Object.freeze({
      id: descriptor.id,
      style: descriptor.style,
      version: descriptor.version,
      needsWeights: true,
      // Whole-image runs only rescale; aligned crops keep faces in place only when pasted back.
      geometryPreserving: alignment.type === 'none' || alignment.pasteBack,
      ...(descriptor.description === undefined ? {} : { description: descriptor.description }),
    });
  }

  /** The output size for an input: the input's own, except an aligned crop without paste-back (crop x crop). */
  outputSize(input: { readonly width: number; readonly height: number }): { width: number; height: number } {
    const { alignment } = this.loaded.descriptor;
    if (alignment.type !== 'none' && !alignment.pasteBack) {
      const crop = cropSizeOf(this.loaded.descriptor);
      return { width: crop, height: crop };
    }
    return { width: input.width, height: input.height };
  }

  async stylize(input: StylizeInput, options: RunOptions = {}): Promise<StylizedFace> {
    const label = `${this.info.id}: ${input.id === undefined ? 'input image' : `image "${input.id}"`}`;
    assertRgbImage(input.image, label);
    options.signal?.throwIfAborted();
    const { alignment } = this.loaded.descriptor;
    if (alignment.type === 'none') {
      const whole = await this.stylizeWhole(input.image, label, options);
      // The output is resized back to the photo's size: every face is where it was.
      return { ...whole, faceTransforms: (input.faces ?? []).map(() => IDENTITY_AFFINE) };
    }
    return this.stylizeFaces(input, label, options);
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }

  /** Runs the model on one image of exactly the model's input size and returns the output image. */
  private async run(image: RgbImage, label: string, signal?: AbortSignal): Promise<RgbImage> {
    const { inputName, outputName } = this.tensors;
    const feed = imageFeed(image, this.loaded.descriptor, this.tensors);
    const outputs = await this.session.run({ [inputName]: feed }, [outputName]);
    signal?.throwIfAborted();
    return outputImage(outputs[outputName]!, this.loaded.descriptor, label);
  }

  private async stylizeWhole(image: RgbImage, label: string, options: RunOptions): Promise<StylizedFace> {
    const { input } = this.loaded.descriptor;
    const placement = placeWholeImage(input.size, input.fit, image.width, image.height);
    const { content } = placement;
    const resized = content.width === image.width && content.height === image.height ? image : await resizeImage(image, content.width, content.height);
    const placed =
      placement.width === content.width && placement.height === content.height
        ? resized
        : padImage(resized, placement.width, placement.height, content.x, content.y, placement.padding === 'colour' ? input.padColor : 'replicate');
    const output = await this.run(placed, label, options.signal);
    const region = contentInOutput(placement, output.width, output.height);
    const cropped = region.width === output.width && region.height === output.height ? output : cropImage(output, region);
    const result = cropped.width === image.width && cropped.height === image.height ? cropped : await resizeImage(cropped, image.width, image.height);
    return { image: result, outcome: 'whole-image', facesStylized: 0 };
  }

  private async stylizeFaces(input: StylizeInput, label: string, options: RunOptions): Promise<StylizedFace> {
    const { alignment } = this.loaded.descriptor;
    if (alignment.type === 'none') throw new Error(`${label}: no face alignment configured`);
    const crop = cropSizeOf(this.loaded.descriptor);
    const image = input.image;
    const faces = input.faces ?? [];

    if (faces.length === 0) {
      // No faces given, so there is no face to place (faceTransforms: []).
      const note = `no faces were given; "${alignment.type}" alignment needs each face's five points`;
      if (alignment.pasteBack) {
        return { image: { ...image, data: image.data.slice() }, outcome: 'no-face', facesStylized: 0, faceTransforms: [], notes: [`${note}, so the photo is returned unchanged`] };
      }
      const square = cropImage(image, centreSquare(image));
      return { image: await resizeImage(square, crop, crop), outcome: 'no-face', facesStylized: 0, faceTransforms: [], notes: [`${note}, so the photo's centre square is returned`] };
    }

    const styleFace = async (face: DetectedFace, index: number) => {
      let transform;
      try {
        transform = cropTransform(alignment.type, face.points5, crop);
      } catch (error) {
        throw new Error(`${label}: face ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const aligned = warpAffine(image, transform, crop, crop, { border: cropBorder(alignment.type) });
      const styled = await this.run(aligned, label, options.signal);
      const sized = styled.width === crop && styled.height === crop ? styled : await resizeImage(styled, crop, crop);
      return { transform, styled: sized };
    };

    if (!alignment.pasteBack) {
      const largest = faces.reduce((best, face) => (area(face) > area(best) ? face : best));
      const { styled, transform } = await styleFace(largest, faces.indexOf(largest));
      const notes = faces.length > 1 ? [`${faces.length} faces given; without paste-back only the largest is returned`] : undefined;
      // The output is the largest face's aligned crop: its alignment transform carries every input
      // point (other faces land wherever that crop puts them, usually outside it).
      return { image: styled, outcome: 'stylized', facesStylized: 1, faceTransforms: faces.map(() => transform), ...(notes ? { notes } : {}) };
    }

    let result = image;
    for (const [index, face] of faces.entries()) {
      // Every crop comes from the original photo, so overlapping faces are never stylized twice.
      const { transform, styled } = await styleFace(face, index);
      result = pasteBack(result, styled, transform, 'feathered', {
        featherShape: alignment.feather.shape,
        ...(alignment.feather.width === undefined ? {} : { featherWidth: alignment.feather.width }),
      });
    }
    // Pasted back: every face is where it was.
    return { image: result, outcome: 'stylized', facesStylized: faces.length, faceTransforms: faces.map(() => IDENTITY_AFFINE) };
  }
}

function area(face: DetectedFace): number {
  return face.box.width * face.box.height;
}
