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
import { composeAffine, IDENTITY_AFFINE, pasteBack, type AffineMatrix } from '@geneava/core/geometry';
import { assertRgbImage, resizeImage } from '@geneava/core/image';
import { alignFfhq, type FfhqPadding } from './ffhq-align.js';
import { TOONIFY_INPUT_SIZE, TOONIFY_OUTPUT_SIZE } from './models/contracts.js';
import { TOONIFY_DEFAULT_OUTPUT_SIZE } from './options.js';
import { centreSquare, cropRegion } from './pixels.js';
import type { ToonifyEngine } from './toonify-engine.js';
import { VERSION } from './version.js';

export interface ToonifyStylizerSettings {
  /** Paste each face back into the photo; otherwise return the largest face's aligned avatar. Default false. */
  readonly pasteBack?: boolean;
  /** Avatar side without paste-back; default 1024. */
  readonly outputSize?: number;
  /** Default 'reflect' (FFHQ's padding). */
  readonly padding?: FfhqPadding;
  /** Default 'ellipse'. */
  readonly featherShape?: 'ellipse' | 'rectangle';
}

const VARIANT_NAMES = { psp: 'pSp', restyle: 'ReStyle' } as const;

/**
 * Toonify on FFHQ-aligned faces: each face's five points give FFHQ's crop square, the face is aligned to
 * 256x256 and toonified to 1024x1024 by the engine (pSp, or ReStyle's iterations). Without paste-back the
 * output is the largest face's avatar at `outputSize`; with paste-back every face is blended back into
 * the photo through a feathered mask, so the output keeps the photo's size and its faces' places.
 * Faces come from StylizeInput.faces; none given means no aligned crop can be made ('no-face').
 */
export class ToonifyStylizer implements Stylizer {
  readonly apiVersion = API_VERSIONS.stylizer;
  readonly info: StylizerInfo;
  readonly pasteBack: boolean;
  readonly outputSize: number;
  readonly padding: FfhqPadding;
  readonly featherShape: 'ellipse' | 'rectangle';

  constructor(
    private readonly engine: ToonifyEngine,
    settings: ToonifyStylizerSettings = {},
  ) {
    this.pasteBack = settings.pasteBack ?? false;
    if (this.pasteBack && settings.outputSize !== undefined) {
      throw new Error('stylizer-toonify: outputSize applies to the aligned avatar only; with pasteBack the output has the photo\'s size');
    }
    this.outputSize = settings.outputSize ?? TOONIFY_DEFAULT_OUTPUT_SIZE;
    this.padding = settings.padding ?? 'reflect';
    this.featherShape = settings.featherShape ?? 'ellipse';
    const variant = VARIANT_NAMES[engine.variant];
    const iterations = engine.iterations === undefined ? '' : ` (${engine.iterations} iterations)`;
    this.info = Object.freeze({
      id: `toonify-${engine.variant}`,
      style: `Toonify (${variant})`,
      version: VERSION,
      needsWeights: true,
      // The avatar is an FFHQ crop; only paste-back puts faces back where they were.
      geometryPreserving: this.pasteBack,
      description: `${variant} Toonify${iterations} on FFHQ-aligned faces, ${this.pasteBack ? 'pasted back into the photo' : `returned as a ${this.outputSize}x${this.outputSize} avatar`}.`,
    });
  }

  /** The output size for an input: the photo's with paste-back, otherwise outputSize square. */
  outputSizeFor(input: { readonly width: number; readonly height: number }): { width: number; height: number } {
    return this.pasteBack ? { width: input.width, height: input.height } : { width: this.outputSize, height: this.outputSize };
  }

  async stylize(input: StylizeInput, options: RunOptions = {}): Promise<StylizedFace> {
    const label = `${this.info.id}: ${input.id === undefined ? 'input image' : `image "${input.id}"`}`;
    assertRgbImage(input.image, label);
    const { signal } = options;
    signal?.throwIfAborted();
    const image = input.image;
    const faces = input.faces ?? [];
    if (faces.length === 0) return this.noFace(image);

    if (!this.pasteBack) {
      const largest = faces.reduce((best, face) => (area(face) > area(best) ? face : best));
      const { styled, transform } = await this.toonifyFace(image, largest, faces.indexOf(largest), label, signal);
      const avatar = this.outputSize === styled.width ? styled : await resizeImage(styled, this.outputSize, this.outputSize, 'lanczos3');
      const notes = faces.length > 1 ? [`${faces.length} faces given; without paste-back only the largest is returned`] : undefined;
      // The avatar is the FFHQ crop scaled to outputSize: alignment then that scale carries every input
      // point (other faces land wherever the crop puts them, usually outside it).
      const toAvatar = composeAffine(pixelScale(this.outputSize / TOONIFY_INPUT_SIZE), transform);
      return { image: avatar, outcome: 'stylized', facesStylized: 1, faceTransforms: faces.map(() => toAvatar), ...(notes ? { notes } : {}) };
    }

    let result: RgbImage = { width: image.width, height: image.height, data: image.data.slice() };
    for (const [index, face] of faces.entries()) {
      // Every face is aligned from the original photo, so overlapping faces are never toonified twice.
      const { styled, transform, qsize } = await this.toonifyFace(image, face, index, label, signal);
      // Shrink the 1024 result to about the face's size in the photo first, so the warp back does not alias.
      const side = Math.max(TOONIFY_INPUT_SIZE, Math.min(TOONIFY_OUTPUT_SIZE, Math.round(qsize)));
      const patch = side === styled.width ? styled : await resizeImage(styled, side, side, 'lanczos3');
      const toPatch = composeAffine(pixelScale(side / TOONIFY_INPUT_SIZE), transform);
      result = pasteBack(result, patch, toPatch, 'feathered', { featherShape: this.featherShape });
      signal?.throwIfAborted();
    }
    // Pasted back: every face is where it was.
    return { image: result, outcome: 'stylized', facesStylized: faces.length, faceTransforms: faces.map(() => IDENTITY_AFFINE) };
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
  }

  private async toonifyFace(
    image: RgbImage,
    face: DetectedFace,
    index: number,
    label: string,
    signal?: AbortSignal,
  ): Promise<{ styled: RgbImage; transform: AffineMatrix; qsize: number }> {
    let alignment;
    try {
      const flat = face.points5.flat();
      if (face.points5.length !== 5 || flat.length !== 10 || !flat.every(Number.isFinite)) {
        throw new Error(`its five points are not five finite (x, y) pairs: ${JSON.stringify(face.points5)}`);
      }
      alignment = await alignFfhq(image, face.points5, TOONIFY_INPUT_SIZE, this.padding);
    } catch (error) {
      throw new Error(`${label}: face ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
    signal?.throwIfAborted();
    const styled = await this.engine.toonify(alignment.crop, signal);
    return { styled, transform: alignment.transform, qsize: alignment.quad.qsize };
  }

  private async noFace(image: RgbImage): Promise<StylizedFace> {
    const note = 'no faces were given; FFHQ alignment needs each face\'s five points';
    if (this.pasteBack) {
      return {
        image: { width: image.width, height: image.height, data: image.data.slice() },
        outcome: 'no-face',
        facesStylized: 0,
        faceTransforms: [],
        notes: [`${note}, so the photo is returned unchanged`],
      };
    }
    const square = cropRegion(image, centreSquare(image));
    return {
      image: await resizeImage(square, this.outputSize, this.outputSize, 'lanczos3'),
      outcome: 'no-face',
      facesStylized: 0,
      faceTransforms: [],
      notes: [`${note}, so the photo's centre square is returned, resized to ${this.outputSize}x${this.outputSize}`],
    };
  }
}

/** Scaling by `s` with pixel centres on integers: x → (x + 0.5)·s − 0.5. */
function pixelScale(s: number): AffineMatrix {
  return [s, 0, 0.5 * s - 0.5, 0, s, 0.5 * s - 0.5];
}

function area(face: DetectedFace): number {
  return face.box.width * face.box.height;
}
