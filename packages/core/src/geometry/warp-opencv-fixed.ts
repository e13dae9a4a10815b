import type { AffineMatrix } from './affine.js';

/**
 * OpenCV's classic warpAffine sampling (imgwarp.cpp up to 4.10; later releases compute positions in float
 * and match the exact sampler more closely): each position is rounded to 1/32 px through 1/1024 px fixed
 * point, and 8-bit images blend with 15-bit integer weights, (Σ w·v + 2¹⁴) >> 15. Float data blends with
 * float32 weights. `forward` maps source to destination; it is inverted as cv::invertAffineTransform does.
 * `border` null means replicate. Writes the interpolated values of each output pixel through `emit`.
 */
export function sampleAffineOpencv(
  src: ArrayLike<number>,
  sw: number,
  sh: number,
  channels: number,
  forward: AffineMatrix,
  dw: number,
  dh: number,
  border: readonly number[] | null,
  integer: boolean,
  emit: (index: number, values: Float64Array) => void,
): void {
  const [a, b, c, d, e, f] = opencvInverse(forward);
  const values = new Float64Array(channels);
  const adelta = new Int32Array(dw);
  const bdelta = new Int32Array(dw);
  for (let x = 0; x < dw; x++) {
    adelta[x] = roundHalfEven(a * x * 1024);
    bdelta[x] = roundHalfEven(d * x * 1024);
  }
  const taps = new Int32Array(4);
  const inside = new Uint8Array(4);
  const weights = new Float64Array(4);
  for (let y = 0; y < dh; y++) {
    // 16 = half of one 1/32 step in 1/1024 units: rounds rather than truncates to the 1/32 grid.
    const x0 = roundHalfEven((b * y + c) * 1024) + 16;
    const y0 = roundHalfEven((e * y + f) * 1024) + 16;
    for (let x = 0; x < dw; x++) {
      const fxFixed = (x0 + adelta[x]) >> 5;
      const fyFixed = (y0 + bdelta[x]) >> 5;
      const sx = fxFixed >> 5;
      const sy = fyFixed >> 5;
      const ax = fxFixed & 31;
      const ay = fyFixed & 31;
      const index = (y * dw + x) * channels;
      if (border !== null && (sx >= sw || sx + 1 < 0 || sy >= sh || sy + 1 < 0)) {
        for (let ch = 0; ch < channels; ch++) values[ch] = border[ch];
        emit(index, values);
        continue;
      }
      for (let t = 0; t < 4; t++) {
        let tx = sx + (t & 1);
        let ty = sy + (t >> 1);
        if (border === null) {
          tx = tx < 0 ? 0 : tx >= sw ? sw - 1 : tx;
          ty = ty < 0 ? 0 : ty >= sh ? sh - 1 : ty;
          inside[t] = 1;
        } else {
          inside[t] = tx >= 0 && ty >= 0 && tx < sw && ty < sh ? 1 : 0;
        }
        taps[t] = (ty * sw + tx) * channels;
      }
      if (integer) {
        // The 2-D table entries are (32·wx)(32·wy)·32, which sum to exactly 2¹⁵.
        weights[0] = (32 - ax) * (32 - ay) * 32;
        weights[1] = ax * (32 - ay) * 32;
        weights[2] = (32 - ax) * ay * 32;
        weights[3] = ax * ay * 32;
      } else {
        const wx1 = Math.fround(ax / 32);
        const wy1 = Math.fround(ay / 32);
        const wx0 = Math.fround(1 - wx1);
        const wy0 = Math.fround(1 - wy1);
        weights[0] = Math.fround(wy0 * wx0);
        weights[1] = Math.fround(wy0 * wx1);
        weights[2] = Math.fround(wy1 * wx0);
        weights[3] = Math.fround(wy1 * wx1);
      }
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let t = 0; t < 4; t++) {
          const v = inside[t] ? src[taps[t] + ch] : border![ch];
          sum = integer ? sum + v * weights[t] : Math.fround(sum + Math.fround(v * weights[t]));
        }
        values[ch] = integer ? Math.min(255, Math.max(0, (sum + 16384) >> 15)) : sum;
      }
      emit(index, values);
    }
  }
}

/** cv::invertAffineTransform: multiplies by 1/det rather than dividing, which matters at the 1/1024 px rounding. */
function opencvInverse(m: AffineMatrix): AffineMatrix {
  const [m0, m1, m2, m3, m4, m5] = m;
  let det = m0 * m4 - m1 * m3;
  det = det !== 0 ? 1 / det : 0;
  const a11 = m4 * det;
  const a22 = m0 * det;
  const a12 = -m1 * det;
  const a21 = -m3 * det;
  return [a11, a12, -a11 * m2 - a12 * m5, a21, a22, -a21 * m2 - a22 * m5];
}

/** cvRound: nearest integer, ties to even (the FPU's default rounding). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
