import { chamferDistanceTransform, euclideanDistanceTransform } from './distance-transform.js';

/**
 * DCT-Net's procedural head mask (`initialize_mask` in its source/utils.py), for a `size`x`size` crop:
 * a filled ellipse centred at (⌊w/2⌋, ⌊h/2⌋) with semi-axes (⌊0.4·w⌋, ⌊0.49·h⌋), turned into distance
 * to the outside by OpenCV's 3x3 chamfer distance transform (DIST_L2, mask 3; see
 * `chamferDistanceTransform`), divided by 0.15·max(w, h) and clipped to [0, 1]: 0 outside the ellipse,
 * rising to 1 over about 0.15·size pixels inside it. Row-major, one value per pixel.
 * The ellipse is rasterised as the pixels whose centre lies inside the ellipse grown by half a pixel,
 * because cv2.ellipse fills every pixel its outline touches; this matches cv2's fill at size 288 except for
 * 78 of its 51,307 pixels, all on the rim (OpenCV draws a 72-gon, not the true curve).
 */
export function ellipticalHeadMask(size: number, height: number = size): Float32Array {
  const width = size;
  checkSize(width, height, 'ellipticalHeadMask');
  const cx = Math.trunc(width / 2);
  const cy = Math.trunc(height / 2);
  const ax = Math.trunc(width * 0.4);
  const ay = Math.trunc(height * 0.49);
  const inside = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x - cx) / (ax + 0.5);
      const v = (y - cy) / (ay + 0.5);
      inside[y * width + x] = u * u + v * v <= 1 ? 1 : 0;
    }
  }
  const distance = chamferDistanceTransform(inside, width, height);
  const ramp = Math.max(width, height) * 0.15;
  return distance.map((d) => Math.min(1, d / ramp));
}

/**
 * 1 in the middle, falling linearly to 0 at the rectangle's outer edge over `border` pixels: the value is
 * min(1, d/border), where d is the distance from the pixel centre to the nearest image edge (0.5 for edge
 * pixels). border <= 0 gives a hard mask of ones.
 */
export function featheredRectangleMask(width: number, height: number, border: number): Float32Array {
  checkSize(width, height, 'featheredRectangleMask');
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.min(x + 0.5, y + 0.5, width - 0.5 - x, height - 0.5 - y);
      mask[y * width + x] = border > 0 ? Math.min(1, d / border) : 1;
    }
  }
  return mask;
}

/**
 * The ellipse inscribed in the rectangle, feathered inwards over `border` pixels: pixels whose centre is
 * inside the ellipse get min(1, (d − 0.5)/border), where d is the exact Euclidean distance to the nearest
 * pixel outside it (the image border counts as outside), so the rim pixel starts near 0.5/border.
 * border <= 0 gives a hard ellipse.
 */
export function featheredEllipseMask(width: number, height: number, border: number): Float32Array {
  checkSize(width, height, 'featheredEllipseMask');
  // One pixel of background around the image, so the image edge counts as outside the ellipse.
  const pw = width + 2;
  const ph = height + 2;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const inside = new Uint8Array(pw * ph);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x - cx) / (width / 2);
      const v = (y - cy) / (height / 2);
      inside[(y + 1) * pw + x + 1] = u * u + v * v <= 1 ? 1 : 0;
    }
  }
  const distance = euclideanDistanceTransform(inside, pw, ph);
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = distance[(y + 1) * pw + x + 1];
      if (d === 0) continue;
      mask[y * width + x] = border > 0 ? Math.min(1, Math.max(0, (d - 0.5) / border)) : 1;
    }
  }
  return mask;
}

function checkSize(width: number, height: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what}: size must be positive integers, got ${width}x${height}`);
  }
}
