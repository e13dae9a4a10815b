import {
  API_VERSIONS,
  type DetectedFace,
  type FaceAnalyzer,
  type RunOptions,
  type StylizedFace,
  type StylizeInput,
  type Stylizer,
  type StylizerInfo,
} from '@geneava/core/contracts';
import { DCTNET_CROP_SIZE, IDENTITY_AFFINE, pasteBack, warpAffine } from '@geneava/core/geometry';
import { assertRgbImage, resizeImage } from '@geneava/core/image';
import { cropTopLeft, padTo16 } from './background-pad.js';
import type { DctnetGraphSession } from './dctnet-graph.js';
import { headCropTransform, scalePoints } from './face-transform.js';
import type { HeadMask } from './head-mask.js';
import { DCTNET_MAX_SHORT_SIDE } from './options.js';
import { VERSION } from './version.js';
import { limitShortSide } from './working-size.js';

/** The opened graphs and the blend mask of one DCT-Net style. */
export interface DctnetModels {
  readonly head: DctnetGraphSession;
  readonly background: DctnetGraphSession;
  readonly mask: HeadMask;
}

export interface DctnetStylizerSettings {
  /** Style name, part of the id `dctnet-<style>` (lower-case letters, digits, ".", "_", "-"). */
  readonly style: string;
  /** Short-side limit before stylization; default 720, DCT-Net's own. */
  readonly maxShortSide?: number;
  /** Finds faces when a caller passes none (StylizeInput.faces absent); without it such images are background-only. */
  readonly faceAnalyzer?: Pick<FaceAnalyzer, 'detect' | 'info'>;
}

/** White, as DCT-Net's head crop shows beyond the photo (borderValue 255). */
const CROP_BORDER = [255, 255, 255] as const;
/** Working-size changes go through sharp's linear kernel, which widens when shrinking (INTER_AREA-like). */
const RESIZE_KERNEL = 'linear';

/**
 * DCT-Net's full inference (menyifang/DCT-Net source/cartoonize.py) on ONNX conversions of its graphs:
 * 1. shrink so the short side is at most 720;
 * 2. background graph on the whole image, padded with white to a multiple of 16 and cropped back;
 * 3. for each face: cp2tform similarity from its five points to the 288x288 head crop (white border), head
 *    graph, result warped back with the inverse and blended with the soft head mask (m·head + (1−m)·res);
 * 4. resize back to the input size.
 * Faces come from StylizeInput.faces; when none are given, from the optional face analyzer; an image
 * without faces gets the background pass only and is reported 'no-face'.
 */
export class DctnetStylizer implements Stylizer {
  readonly apiVersion = API_VERSIONS.stylizer;
  readonly info: StylizerInfo;
  readonly maxShortSide: number;

  constructor(
    private readonly models: DctnetModels,
    private readonly settings: DctnetStylizerSettings,
  ) {
    this.maxShortSide = settings.maxShortSide ?? DCTNET_MAX_SHORT_SIDE;
    this.info = Object.freeze({
      id: `dctnet-${settings.style}`,
      style: `DCT-Net ${settings.style}`,
      version: VERSION,
      needsWeights: true,
      // Heads are pasted back where they were found and the frame keeps its size.
      geometryPreserving: true,
      description: `DCT-Net portrait stylization (${settings.style} style): background graph on the frame, head graph on each aligned face, blended back with ${models.mask.source === 'alpha.jpg' ? "the style's alpha.jpg" : 'a procedural elliptical'} mask.`,
    });
  }

  async stylize(input: StylizeInput, options: RunOptions = {}): Promise<StylizedFace> {
    const label = `${this.info.id}: ${input.id === undefined ? 'input image' : `image "${input.id}"`}`;
    assertRgbImage(input.image, label);
    const { signal } = options;
    signal?.throwIfAborted();
    const original = input.image;
    const notes: string[] = [];

    const size = limitShortSide(original.width, original.height, this.maxShortSide);
    const resized = size.width !== original.width || size.height !== original.height;
    const image = resized ? await resizeImage(original, size.width, size.height, RESIZE_KERNEL) : original;
    if (resized) notes.push(`stylized at ${size.width}x${size.height} (short side limited to ${this.maxShortSide}) and resized back`);

    const padded = padTo16(image);
    let result = cropTopLeft(await this.models.background.run(padded), image.width, image.height);
    signal?.throwIfAborted();

    const faces = await this.facesOf(input, notes);
    signal?.throwIfAborted();
    const scaleX = image.width / original.width;
    const scaleY = image.height / original.height;
    for (const [index, face] of faces.entries()) {
      let transform;
      try {
        transform = headCropTransform(scalePoints(face.points5, scaleX, scaleY));
      } catch (error) {
        throw new Error(`${label}: face ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Every head is cropped from the working image, so overlapping faces are never stylized twice.
      const crop = warpAffine(image, transform, DCTNET_CROP_SIZE, DCTNET_CROP_SIZE, { border: CROP_BORDER });
      const head = await this.models.head.run(crop);
      result = pasteBack(result, head, transform, this.models.mask.weights);
      signal?.throwIfAborted();
    }

    const output = resized ? await resizeImage(result, original.width, original.height, RESIZE_KERNEL) : result;
    // Heads are pasted back where they were and the frame keeps its size: every given face is in place.
    const faceTransforms = (input.faces ?? []).map(() => IDENTITY_AFFINE);
    if (faces.length === 0) {
      notes.push('no face: background pass only');
      return { image: output, outcome: 'no-face', facesStylized: 0, faceTransforms, notes };
    }
    return { image: output, outcome: 'stylized', facesStylized: faces.length, faceTransforms, ...(notes.length > 0 ? { notes } : {}) };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.models.head.dispose(), this.models.background.dispose()]);
  }

  /** The caller's faces; without any, the analyzer's (noted), or none. */
  private async facesOf(input: StylizeInput, notes: string[]): Promise<readonly DetectedFace[]> {
    if (input.faces !== undefined || !this.settings.faceAnalyzer) return input.faces ?? [];
    const detected = await this.settings.faceAnalyzer.detect(input.image);
    notes.push(`${detected.length} face(s) found by ${this.settings.faceAnalyzer.info.id}`);
    return detected;
  }
}
