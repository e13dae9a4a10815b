import {
  API_VERSIONS,
  type RunOptions,
  type StylizedFace,
  type StylizeInput,
  type Stylizer,
  type StylizerInfo,
} from '@geneava/core/contracts';
import { IDENTITY_AFFINE } from '@geneava/core/geometry';
import { bilateralKernel, bilateralPass } from './bilateral.js';
import { checkRgbImage } from './check-image.js';
import { dilateOpacity, drawEdges, edgeOpacity } from './edges.js';
import { blendByWeight, faceWeightMap } from './face-detail.js';
import { lumaPlane } from './luminance.js';
import {
  parseClassicStylizerOptions,
  type ClassicStylizerOptions,
  type ClassicStylizerOptionsInput,
} from './options.js';
import { quantizeRgb } from './quantize.js';
import { VERSION } from './version.js';

export const CLASSIC_STYLIZER_INFO: StylizerInfo = Object.freeze({
  id: 'classic',
  style: 'classic cartoon',
  version: VERSION,
  needsWeights: false,
  geometryPreserving: true,
  description:
    'Weights-free cartoon filter: bilateral smoothing, colour quantisation and dark edge lines; runs with nothing downloaded.',
});

/**
 * The embedded default stylizer. Pure TypeScript on 8-bit RGB, deterministic, and it never moves a
 * pixel, so the real face's landmarks stay valid for the avatar (geometryPreserving).
 *
 * Pipeline: bilateral smoothing -> (face ellipses: less smoothing) -> quantisation (face ellipses:
 * more levels) -> Sobel lines from the smoothed luma, darkening the quantised image.
 */
export class ClassicStylizer implements Stylizer {
  readonly apiVersion = API_VERSIONS.stylizer;
  readonly info: StylizerInfo = CLASSIC_STYLIZER_INFO;
  readonly options: ClassicStylizerOptions;

  constructor(options: ClassicStylizerOptionsInput | ClassicStylizerOptions = {}) {
    this.options = parseClassicStylizerOptions(options);
  }

  async stylize(input: StylizeInput, runOptions?: RunOptions): Promise<StylizedFace> {
    return stylizeClassic(input, this.options, runOptions?.signal);
  }
}

/** The whole filter as one synchronous function, for callers that do not need the Stylizer wrapper. */
export function stylizeClassic(
  input: StylizeInput,
  options: ClassicStylizerOptions,
  signal?: AbortSignal
): StylizedFace {
  const label = input.id === undefined ? 'input image' : `image "${input.id}"`;
  checkRgbImage(input.image, label);
  signal?.throwIfAborted();
  const { width, height, data } = input.image;
  const notes: string[] = [];

  const passes = options.smoothingPasses;
  const facePasses = Math.min(options.faceSmoothingPasses, passes);
  const kernel = bilateralKernel(options);
  let smoothed = data;
  let lightlySmoothed = data;
  for (let pass = 1; pass <= passes; pass++) {
    smoothed = bilateralPass(smoothed, width, height, kernel);
    if (pass === facePasses) lightlySmoothed = smoothed;
    signal?.throwIfAborted();
  }

  const faceBoxes = (input.faces ?? []).map((face) => face.box).filter((box) => box.width > 0 && box.height > 0);
  let faceWeights: Uint8Array | undefined;
  if (faceBoxes.length > 0 && options.faceDetail) {
    faceWeights = faceWeightMap(width, height, faceBoxes);
    if (faceWeights.some((w) => w > 0)) {
      notes.push(`face detail kept inside ${faceBoxes.length} face ellipse(s)`);
    } else {
      faceWeights = undefined;
      notes.push('face boxes lie outside the image; no face detail applied');
    }
  } else if (faceBoxes.length > 0) {
    notes.push('faces given but faceDetail is off; the whole image was filtered alike');
  }
  if (faceWeights) smoothed = blendByWeight(smoothed, lightlySmoothed, faceWeights);

  let quantized = quantizeRgb(smoothed, options.levels, options.quantize, options.bandSoftness);
  if (faceWeights) {
    const faceLevels = options.faceLevels ?? Math.min(256, options.levels * 2);
    quantized = blendByWeight(
      quantized,
      quantizeRgb(smoothed, faceLevels, options.quantize, options.bandSoftness),
      faceWeights
    );
  }
  signal?.throwIfAborted();

  if (options.edgeStrength > 0) {
    let opacity = edgeOpacity(lumaPlane(smoothed, width * height), width, height, options.edgeThreshold);
    if (options.edgeDilate) opacity = dilateOpacity(opacity, width, height);
    drawEdges(quantized, opacity, options.edgeStrength);
  }

  return {
    image: { width, height, data: quantized },
    outcome: 'whole-image',
    facesStylized: 0,
    // Every pixel stays where it was: each given face is where it was.
    faceTransforms: (input.faces ?? []).map(() => IDENTITY_AFFINE),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
