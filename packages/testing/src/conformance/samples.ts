import { decodeImage } from '@geneava/core/image';
import type { DetectedFace, RgbImage, StylizeInput } from '@geneava/core/contracts';
import { encodePng } from './png.js';
import { drawBackground, drawFaceLike, toGreyPlane } from './synthetic.js';

/** One input of the suite, with the name its failures are reported under. */
export interface ConformanceSample {
  readonly name: string;
  readonly input: StylizeInput;
}

/** The inputs every stylizer is run on. `faces` are passed where a face was drawn, as a caller that detected them would. */
export interface ConformanceSamples {
  /** 256x192 portrait-like scene with one face. */
  readonly ordinary: ConformanceSample;
  /** The ordinary scene saved as a greyscale PNG and decoded (so R = G = B). */
  readonly grey: ConformanceSample;
  /** A 200x160 RGBA sticker (transparent background) decoded, i.e. alpha flattened onto white. */
  readonly alpha: ConformanceSample;
  /** 37x23, odd in both directions, too small for a face; no faces given. */
  readonly odd: ConformanceSample;
  /** 1024x768 with one large face. */
  readonly large: ConformanceSample;
  /** 160x120 shapes and gradients, no face drawn and none given. */
  readonly faceless: ConformanceSample;
  /** 320x200 with two faces side by side, both given. */
  readonly twoFaces: ConformanceSample;
}

let cached: Promise<ConformanceSamples> | undefined;

/** Builds the samples once per test file (they are read-only: checks verify stylizers do not modify them). */
export function conformanceSamples(): Promise<ConformanceSamples> {
  cached ??= buildSamples();
  return cached;
}

async function buildSamples(): Promise<ConformanceSamples> {
  const ordinary = portrait(256, 192, 110, 1);
  const large = portrait(1024, 768, 400, 2);
  const twoFacesImage = drawBackground(320, 200, 5);
  const twoFaces = [drawFaceLike(twoFacesImage, 90, 100, 110), drawFaceLike(twoFacesImage, 230, 100, 110)];
  return {
    ordinary: sample('ordinary', 'ordinary 256x192 portrait', ordinary.image, [ordinary.face]),
    grey: sample('grey', 'greyscale 256x192 portrait (grey PNG decoded to RGB)', await greyVersion(ordinary.image), [ordinary.face]),
    alpha: await alphaSticker(),
    odd: sample('odd', 'odd-sized 37x23 image', drawBackground(37, 23, 3)),
    large: sample('large', 'large 1024x768 portrait', large.image, [large.face]),
    faceless: sample('faceless', 'faceless 160x120 scene', drawBackground(160, 120, 7)),
    twoFaces: sample('two-faces', '320x200 image with two faces', twoFacesImage, twoFaces),
  };
}

function sample(id: string, name: string, image: RgbImage, faces?: readonly DetectedFace[]): ConformanceSample {
  return { name, input: faces ? { id, image, faces } : { id, image } };
}

function portrait(width: number, height: number, faceSize: number, seed: number): { image: RgbImage; face: DetectedFace } {
  const image = drawBackground(width, height, seed);
  const face = drawFaceLike(image, width / 2, height / 2 + 0.04 * faceSize, faceSize);
  return { image, face };
}

async function greyVersion(image: RgbImage): Promise<RgbImage> {
  const png = encodePng(image.width, image.height, 1, toGreyPlane(image));
  const decoded = await decodeImage(png, { source: 'conformance grey PNG' });
  for (let i = 0; i < decoded.data.length; i += 3) {
    if (decoded.data[i] !== decoded.data[i + 1] || decoded.data[i] !== decoded.data[i + 2]) {
      throw new Error('conformance samples: the decoded greyscale PNG is not grey; the image decoder changed behaviour');
    }
  }
  return decoded;
}

/**
 * A sticker-like portrait: the head is opaque, a ring around it is half transparent, everything else fully
 * transparent over magenta. Decoding flattens it onto white, so no magenta may survive outside the ring.
 */
async function alphaSticker(): Promise<ConformanceSample> {
  const width = 200;
  const height = 160;
  const rgb: RgbImage = { width, height, data: new Uint8Array(width * height * 3) };
  for (let i = 0; i < rgb.data.length; i += 3) rgb.data.set([255, 0, 255], i);
  const face = drawFaceLike(rgb, 100, 78, 100);
  const rgba = new Uint8Array(width * height * 4);
  const { x, y, width: bw, height: bh } = face.box;
  const cx = x + bw / 2;
  const cy = y + bh / 2;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const r = ((px - cx) / (bw / 2)) ** 2 + ((py - cy) / (bh / 2)) ** 2;
      const p = py * width + px;
      rgba.set(rgb.data.subarray(p * 3, p * 3 + 3), p * 4);
      rgba[p * 4 + 3] = r <= 1 ? 255 : r <= 1.3 ? 128 : 0;
    }
  }
  const image = await decodeImage(encodePng(width, height, 4, rgba), { source: 'conformance RGBA PNG' });
  if (image.data[0] !== 255 || image.data[1] !== 255 || image.data[2] !== 255) {
    throw new Error('conformance samples: the decoded RGBA PNG was not flattened onto white; the image decoder changed behaviour');
  }
  return sample('alpha', 'alpha 200x160 sticker (RGBA PNG flattened onto white)', image, [face]);
}
