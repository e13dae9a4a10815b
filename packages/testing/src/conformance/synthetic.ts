import type { DetectedFace, FivePoints, RgbImage } from '@geneava/core/contracts';

/**
 * Synthetic test pictures drawn in code, so the suite needs no image files: a background with smooth
 * gradients and hard-edged shapes (texture for smoothing and edge filters), and face-like patterns whose
 * five alignment points are known exactly because they are where the eyes, nose and mouth were drawn.
 */

type Rgb = readonly [number, number, number];

/** A deterministic pseudo-random source (32-bit LCG), so every run draws the same pixels. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Background: diagonal colour gradient, a few rectangles and discs, light noise. No skin-toned areas. */
export function drawBackground(width: number, height: number, seed = 1): RgbImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  const shapes = Array.from({ length: 4 }, (_, i) => ({
    x: random() * width,
    y: random() * height,
    r: (0.08 + random() * 0.12) * Math.min(width, height),
    disc: i % 2 === 0,
    colour: [40 + random() * 60, 90 + random() * 100, 120 + random() * 120] as Rgb,
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour: Rgb = [70 + (90 * x) / width, 110 + (60 * y) / height, 170 - (50 * (x + y)) / (width + height)];
      for (const shape of shapes) {
        const inside = shape.disc
          ? Math.hypot(x - shape.x, y - shape.y) < shape.r
          : Math.abs(x - shape.x) < shape.r && Math.abs(y - shape.y) < shape.r * 0.6;
        if (inside) colour = shape.colour;
      }
      const noise = (random() - 0.5) * 10;
      const i = (y * width + x) * 3;
      data[i] = clampByte(colour[0] + noise);
      data[i + 1] = clampByte(colour[1] + noise);
      data[i + 2] = clampByte(colour[2] + noise);
    }
  }
  return { width, height, data };
}

/**
 * Draws a frontal face-like pattern centred at (cx, cy), `size` pixels wide, into `image` (in place):
 * a skin-toned head ellipse, hair, dark eyes with light sclera, a nose shadow and a red mouth. Returns the
 * face as a detector would report it, with the five points (InsightFace order) at the drawn features.
 */
export function drawFaceLike(image: RgbImage, cx: number, cy: number, size: number): DetectedFace {
  const s = size;
  const points5: FivePoints = [
    [cx - 0.17 * s, cy - 0.08 * s],
    [cx + 0.17 * s, cy - 0.08 * s],
    [cx, cy + 0.1 * s],
    [cx - 0.14 * s, cy + 0.28 * s],
    [cx + 0.14 * s, cy + 0.28 * s],
  ];
  const headRx = 0.42 * s;
  const headRy = 0.55 * s;
  const headCy = cy + 0.05 * s;
  const x0 = Math.max(0, Math.floor(cx - 0.5 * s));
  const x1 = Math.min(image.width - 1, Math.ceil(cx + 0.5 * s));
  const y0 = Math.max(0, Math.floor(cy - 0.65 * s));
  const y1 = Math.min(image.height - 1, Math.ceil(cy + 0.7 * s));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const colour = faceColourAt(x, y, { cx, cy, s, headRx, headRy, headCy, points5 });
      if (!colour) continue;
      const i = (y * image.width + x) * 3;
      image.data[i] = colour[0];
      image.data[i + 1] = colour[1];
      image.data[i + 2] = colour[2];
    }
  }
  return {
    box: { x: cx - headRx, y: headCy - headRy, width: 2 * headRx, height: 2 * headRy },
    score: 1,
    points5,
  };
}

interface FaceGeometry {
  cx: number;
  cy: number;
  s: number;
  headRx: number;
  headRy: number;
  headCy: number;
  points5: FivePoints;
}

function faceColourAt(x: number, y: number, g: FaceGeometry): Rgb | undefined {
  const { cx, s, headRx, headRy, headCy, points5 } = g;
  const head = ((x - cx) / headRx) ** 2 + ((y - headCy) / headRy) ** 2;
  if (head > 1) return undefined;
  // Hair: the top of the head ellipse.
  if (y < headCy - 0.38 * s) return [60, 40, 30];
  for (const eye of [points5[0], points5[1]]) {
    const d = ((x - eye[0]) / (0.075 * s)) ** 2 + ((y - eye[1]) / (0.04 * s)) ** 2;
    if (d <= 0.35) return [35, 25, 20];
    if (d <= 1) return [240, 240, 235];
    // Brows above the eyes.
    if (Math.abs(x - eye[0]) < 0.08 * s && Math.abs(y - (eye[1] - 0.08 * s)) < 0.015 * s) return [70, 45, 35];
  }
  const nose = points5[2];
  if (Math.abs(x - nose[0]) < 0.03 * s && y > nose[1] - 0.12 * s && y < nose[1] + 0.02 * s) return [190, 135, 110];
  const mouthY = (points5[3][1] + points5[4][1]) / 2;
  if (x > points5[3][0] && x < points5[4][0] && Math.abs(y - mouthY) < 0.025 * s) return [170, 50, 60];
  return [225, 180, 150];
}

/** Greyscale copy (BT.601 luma in every channel). */
export function toGreyPlane(image: RgbImage): Uint8Array {
  const plane = new Uint8Array(image.width * image.height);
  for (let p = 0; p < plane.length; p++) {
    const i = p * 3;
    plane[p] = Math.round(0.299 * image.data[i] + 0.587 * image.data[i + 1] + 0.114 * image.data[i + 2]);
  }
  return plane;
}

function clampByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}
