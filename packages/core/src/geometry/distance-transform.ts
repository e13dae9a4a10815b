/**
 * Distance transforms of a binary image (non-zero = foreground): each foreground pixel gets its distance to
 * the nearest background (zero) pixel, background pixels get 0. Pixels beyond the image border do not count
 * as background (as in OpenCV); pad the input with zeros to make the border count.
 */

// OpenCV's DIST_L2 3x3 chamfer weights (a = 0.955, b = 1.3693), rounded to the 16-bit fixed point it uses.
const CHAMFER_AXIAL = Math.round(0.955 * 65536) / 65536;
const CHAMFER_DIAGONAL = Math.round(1.3693 * 65536) / 65536;

/**
 * `cv2.distanceTransform(src, DIST_L2, 3)`: the two-pass 3x3 chamfer approximation of Euclidean distance
 * (forward pass over the top-left neighbours, backward pass over the bottom-right ones). It overestimates
 * true distance by up to a few percent off the axes and diagonals. Without any background pixel every
 * value is Infinity.
 */
export function chamferDistanceTransform(binary: ArrayLike<number>, width: number, height: number): Float32Array {
  checkSize(binary, width, height, 'chamferDistanceTransform');
  const dist = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (binary[i] === 0) {
        dist[i] = 0;
        continue;
      }
      let best = Infinity;
      if (y > 0) {
        if (x > 0) best = Math.min(best, dist[i - width - 1] + CHAMFER_DIAGONAL);
        best = Math.min(best, dist[i - width] + CHAMFER_AXIAL);
        if (x < width - 1) best = Math.min(best, dist[i - width + 1] + CHAMFER_DIAGONAL);
      }
      if (x > 0) best = Math.min(best, dist[i - 1] + CHAMFER_AXIAL);
      dist[i] = best;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let best = dist[i];
      if (best === 0) continue;
      if (y < height - 1) {
        if (x < width - 1) best = Math.min(best, dist[i + width + 1] + CHAMFER_DIAGONAL);
        best = Math.min(best, dist[i + width] + CHAMFER_AXIAL);
        if (x > 0) best = Math.min(best, dist[i + width - 1] + CHAMFER_DIAGONAL);
      }
      if (x < width - 1) best = Math.min(best, dist[i + 1] + CHAMFER_AXIAL);
      dist[i] = best;
    }
  }
  return Float32Array.from(dist);
}

/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012): a 1-D lower-envelope-of-parabolas
 * pass over columns, then over rows, on squared distances. Matches `cv2.distanceTransform(src, DIST_L2,
 * DIST_MASK_PRECISE)`. Without any background pixel every value is Infinity.
 */
export function euclideanDistanceTransform(binary: ArrayLike<number>, width: number, height: number): Float32Array {
  checkSize(binary, width, height, 'euclideanDistanceTransform');
  const squared = new Float64Array(width * height);
  for (let i = 0; i < squared.length; i++) squared[i] = binary[i] === 0 ? 0 : Infinity;

  const longest = Math.max(width, height);
  const line = new Float64Array(longest);
  const envelope = new Float64Array(longest);
  const vertices = new Int32Array(longest);
  const bounds = new Float64Array(longest + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) line[y] = squared[y * width + x];
    lowerEnvelope(line, height, envelope, vertices, bounds);
    for (let y = 0; y < height; y++) squared[y * width + x] = envelope[y];
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) line[x] = squared[y * width + x];
    lowerEnvelope(line, width, envelope, vertices, bounds);
    for (let x = 0; x < width; x++) squared[y * width + x] = envelope[x];
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(squared[i]);
  return out;
}

/** out[q] = min_p (q − p)² + f[p], over the first `n` entries; Infinity entries are no parabola at all. */
function lowerEnvelope(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    // z[0] is −∞, so popping stops at the first parabola at the latest.
    let s = intersection(f, q, v[k]);
    while (s <= z[k]) {
      k--;
      s = intersection(f, q, v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    out.fill(Infinity, 0, n);
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++;
    const d = q - v[j];
    out[q] = d * d + f[v[j]];
  }
}

/** Where the parabolas rooted at q and p meet. */
function intersection(f: Float64Array, q: number, p: number): number {
  return (f[q] + q * q - (f[p] + p * p)) / (2 * (q - p));
}

function checkSize(binary: ArrayLike<number>, width: number, height: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what}: size must be positive integers, got ${width}x${height}`);
  }
  if (binary.length !== width * height) {
    throw new Error(`${what}: got ${binary.length} values, expected ${width}x${height} = ${width * height}`);
  }
}
