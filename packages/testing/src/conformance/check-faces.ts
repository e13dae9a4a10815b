import { decodeImage, resizeImage } from '@geneava/core/image';
import type { FaceAnalyzer, RgbImage, Stylizer } from '@geneava/core/contracts';
import { stylizeCached, stylizeChecked } from './check-output.js';
import { ConformanceError, violation } from './conformance-error.js';
import { facesOutOfPlace } from './geometry-match.js';
import type { ExpectedSize } from './options.js';
import type { ConformanceSample, ConformanceSamples } from './samples.js';

/** Whether a stylizer styles the whole picture or works on faces. */
export type FaceHandling = 'whole-image' | 'face-based';

/** Longest side the geometry check works at: enough for any detector, fast for any stylizer. */
const PHOTO_MAX_SIDE = 640;

/**
 * Learns from the faceless sample how the stylizer treats faces: "whole-image" stylizers report
 * 'whole-image' there, face-based ones 'no-face'. Reporting 'stylized' for a picture without faces,
 * with none given, breaks the contract.
 */
export async function faceHandlingOf(stylizer: Stylizer, faceless: ConformanceSample, expectedSize?: ExpectedSize): Promise<FaceHandling> {
  const result = await stylizeCached(stylizer, faceless, expectedSize);
  if (result.outcome === 'stylized') {
    throw violation(stylizer.info.id, faceless.name, `reported ${result.facesStylized} face(s) stylized, but the image has no face and none was given`);
  }
  return result.outcome === 'whole-image' ? 'whole-image' : 'face-based';
}

/**
 * One face and two faces, given in StylizeInput.faces: a face-based stylizer reports 'stylized' with the
 * number of faces it stylized (all of them, or one with multiFace 'one'); a whole-image stylizer reports
 * 'whole-image' and 0 whatever the faces.
 */
export async function checkFaceCounts(
  stylizer: Stylizer,
  samples: Pick<ConformanceSamples, 'faceless' | 'ordinary' | 'twoFaces'>,
  options: { readonly expectedSize?: ExpectedSize; readonly multiFace?: 'all' | 'one' } = {},
): Promise<FaceHandling> {
  const handling = await faceHandlingOf(stylizer, samples.faceless, options.expectedSize);
  const cases: [ConformanceSample, number][] = [
    [samples.ordinary, 1],
    [samples.twoFaces, options.multiFace === 'one' ? 1 : 2],
  ];
  for (const [sample, faces] of cases) {
    const given = sample.input.faces?.length ?? 0;
    const result = await stylizeCached(stylizer, sample, options.expectedSize);
    const report = `${result.outcome} with facesStylized ${result.facesStylized}`;
    if (handling === 'whole-image' && result.outcome !== 'whole-image') {
      throw violation(stylizer.info.id, sample.name, `reported ${report} with ${given} face(s) given, but 'whole-image' for the faceless image; a stylizer is one or the other`);
    }
    if (handling === 'face-based' && (result.outcome !== 'stylized' || result.facesStylized !== faces)) {
      throw violation(stylizer.info.id, sample.name, `reported ${report} with ${given} face(s) given; expected stylized with facesStylized ${faces}`);
    }
  }
  return handling;
}

/**
 * A geometry-preserving stylizer keeps the input's size on every sample (stylizeChecked enforces it on each
 * result); with a face analyzer, every face it detects on a real photo must be detected again in place on
 * the stylized photo.
 */
export async function checkGeometry(
  stylizer: Stylizer,
  samples: readonly ConformanceSample[],
  analysis?: { readonly analyzer: FaceAnalyzer; readonly photos: readonly string[] },
): Promise<void> {
  if (!stylizer.info.geometryPreserving) return;
  for (const sample of samples) await stylizeCached(stylizer, sample, 'same');
  if (!analysis) return;
  if (analysis.photos.length === 0) {
    throw new ConformanceError('the geometry check has a face analyzer but no photos (pass faceImages, or install the package holding the sample photos)');
  }
  for (const path of analysis.photos) {
    const image = await photoAt(path);
    const faces = await analysis.analyzer.detect(image);
    if (faces.length === 0) throw new ConformanceError(`${path}: the face analyzer found no face in this photo; use photos with faces for the geometry check`);
    const sample: ConformanceSample = { name: `photo ${path}`, input: { id: path, image, faces } };
    const result = await stylizeChecked(stylizer, sample, 'same');
    const after = await analysis.analyzer.detect(result.image);
    const problems = facesOutOfPlace(faces.map((face) => face.box), after.map((face) => face.box));
    if (problems.length > 0) {
      throw violation(stylizer.info.id, sample.name, `declares geometryPreserving but faces moved: ${problems.join('; ')}`);
    }
  }
}

async function photoAt(path: string): Promise<RgbImage> {
  const image = await decodeImage(path);
  const scale = PHOTO_MAX_SIDE / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  return resizeImage(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
}
