/** Fixed-width histograms of similarities, so runs on different sets share bins and can be compared. */

export interface HistogramBins {
  /** Lower edge of the first bin. */
  readonly min: number;
  /** Upper edge of the last bin (inclusive). */
  readonly max: number;
  readonly width: number;
  /** Edges of every bin: bin k covers [edges[k], edges[k + 1]), the last one includes `max`. */
  readonly edges: readonly number[];
}

/** Cosine similarities span [-1, 1]; 40 bins of 0.05. */
export const SIMILARITY_BINS: HistogramBins = histogramBins(-1, 1, 0.05);

export function histogramBins(min: number, max: number, width: number): HistogramBins {
  const count = Math.round((max - min) / width);
  if (!(count >= 1) || Math.abs(count * width - (max - min)) > 1e-9 * Math.max(1, Math.abs(max - min))) {
    throw new RangeError(`histogram: [${min}, ${max}] does not split into bins of ${width}`);
  }
  // Edges from integers, so 0.35 is 0.35 and not 0.35000000000000003.
  const edges = Array.from({ length: count + 1 }, (_, k) => round12(min + k * width));
  return { min, max, width, edges };
}

/** How many values fall in each bin; values outside [min, max] are clamped into the end bins. */
export function histogramCounts(values: ArrayLike<number>, bins: HistogramBins = SIMILARITY_BINS): number[] {
  const count = bins.edges.length - 1;
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) throw new RangeError(`histogram: value ${i} is ${value}`);
    // Rounded first, so a value on an edge lands in the bin the edge opens despite float error.
    const k = Math.floor(round12((value - bins.min) / bins.width));
    counts[Math.min(count - 1, Math.max(0, k))]!++;
  }
  return counts;
}

function round12(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}
