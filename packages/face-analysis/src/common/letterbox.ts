/**
 * Placing an image on a square detector input while keeping its aspect ratio, and mapping detector
 * coordinates back to the image. Detector outputs are continuous coordinates (0 is the left edge of
 * the input); image coordinates here put pixel centres on integers (core's convention), so a
 * continuous image coordinate X is the pixel-centre coordinate X - 0.5.
 */
import { createRgbImage, resizeImage } from '@geneava/core/image';
import type { Point2, RgbImage } from '@geneava/core/contracts';
import type { Corners } from './candidate.js';

/** Where the resized image sits on the detector input. */
export interface Letterbox {
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** The original image's size. */
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/**
 * The image resized so that its longer side is `size / padFactor` and centred on a `size` square.
 * padFactor 1 only pads the shorter side; 2 leaves a border of half the canvas around it, which lets
 * BlazeFace (trained on back-camera scenes, where faces are small) find faces that fill the image,
 * as stylised avatars and close-ups do, and faces cut by the image border.
 */
export function centredLetterbox(imageWidth: number, imageHeight: number, size: number, padFactor = 1): Letterbox {
  if (!(padFactor >= 1)) throw new Error(`centredLetterbox: padFactor must be at least 1, got ${padFactor}`);
  const longer = Math.max(imageWidth, imageHeight);
  const width = Math.max(1, Math.round((imageWidth * size) / (longer * padFactor)));
  const height = Math.max(1, Math.round((imageHeight * size) / (longer * padFactor)));
  return {
    inputWidth: size,
    inputHeight: size,
    left: Math.floor((size - width) / 2),
    top: Math.floor((size - height) / 2),
    width,
    height,
    imageWidth,
    imageHeight,
  };
}

/**
 * InsightFace's detector input (SCRFD `detect`, 0.7.3): with im_ratio = h / w and model_ratio =
 * inputHeight / inputWidth, a taller image gets new_h = inputHeight and new_w = int(new_h / im_ratio),
 * otherwise new_w = inputWidth and new_h = int(new_w * im_ratio); the resized image sits at the
 * top-left corner of a zero canvas, and detections are divided by det_scale = new_h / h.
 */
export function topLeftLetterbox(imageWidth: number, imageHeight: number, inputWidth: number, inputHeight = inputWidth): Letterbox {
  const imageRatio = imageHeight / imageWidth;
  const tall = imageRatio > inputHeight / inputWidth;
  const height = tall ? inputHeight : Math.max(1, Math.trunc(inputWidth * imageRatio));
  const width = tall ? Math.max(1, Math.trunc(inputHeight / imageRatio)) : inputWidth;
  return { inputWidth, inputHeight, left: 0, top: 0, width, height, imageWidth, imageHeight };
}

/** InsightFace's det_scale: input pixels per image pixel. */
export function letterboxScale(box: Letterbox): number {
  return box.height / box.imageHeight;
}

/** The letterboxed input image; the border is filled with `fill`. */
export async function renderLetterbox(image: RgbImage, box: Letterbox, fill: readonly [number, number, number] = [0, 0, 0]): Promise<RgbImage> {
  const resized = await resizeImage(image, box.width, box.height);
  const canvas = createRgbImage(box.inputWidth, box.inputHeight, fill);
  for (let y = 0; y < box.height; y++) {
    const row = resized.data.subarray(y * box.width * 3, (y + 1) * box.width * 3);
    canvas.data.set(row, ((y + box.top) * box.inputWidth + box.left) * 3);
  }
  return canvas;
}

/** A point in input coordinates (continuous, in input pixels) to image pixel-centre coordinates. */
export function letterboxToImage(box: Letterbox, point: Point2): Point2 {
  return [
    ((point[0] - box.left) * box.imageWidth) / box.width - 0.5,
    ((point[1] - box.top) * box.imageHeight) / box.height - 0.5,
  ];
}

export function letterboxCornersToImage(box: Letterbox, c: Corners): Corners {
  const [x1, y1] = letterboxToImage(box, [c.x1, c.y1]);
  const [x2, y2] = letterboxToImage(box, [c.x2, c.y2]);
  return { x1, y1, x2, y2 };
}
