// Bound once: global lookups in hot pixel loops are slow inside vm contexts (test runners).
const { round } = Math;

/** Axis order of an image tensor; N is the batch axis, C the three colour channels. */
export type TensorLayout = 'NCHW' | 'NHWC' | 'CHW' | 'HWC';
export type ChannelOrder = 'RGB' | 'BGR';

/**
 * Per-channel normalisation of 0..255 pixel values: value = (pixel − mean) / std. mean and std are in
 * pixel units and listed R, G, B whatever the tensor's channel order (ImageNet: mean [123.675, 116.28,
 * 103.53], std [58.395, 57.12, 57.375]; ArcFace: 127.5 / 127.5).
 */
export interface MeanStd {
  readonly mean: number | readonly [number, number, number];
  readonly std: number | readonly [number, number, number];
}

/** [value of pixel 0, value of pixel 255], mapped linearly: [0, 255], [0, 1], [-1, 1]... */
export type ValueRange = readonly [number, number];

export interface TensorFormat {
  readonly layout: TensorLayout;
  /** Default 'RGB'. */
  readonly channelOrder?: ChannelOrder;
  /** Default [0, 255]. */
  readonly range?: ValueRange | MeanStd;
}

export interface ImageTensor {
  readonly data: Float32Array;
  readonly dims: number[];
}

/** Exact float32 value of every pixel level, per image channel, computed as the reference formulas do. */
export function forwardTables(range: ValueRange | MeanStd = [0, 255]): readonly [Float32Array, Float32Array, Float32Array] {
  const make = (channel: number): Float32Array => {
    const table = new Float32Array(256);
    for (let p = 0; p < 256; p++) table[p] = toValue(p, channel, range);
    return table;
  };
  return [make(0), make(1), make(2)];
}

/** Pixel level → tensor value, with the arithmetic order of the usual Python preprocessing (p/255, p/127.5 − 1, (p − mean)/std). */
function toValue(p: number, channel: number, range: ValueRange | MeanStd): number {
  if (isValueRange(range)) {
    const [lo, hi] = checkedRange(range);
    if (lo === 0) return hi === 255 ? p : p / (255 / hi);
    return lo + p / (255 / (hi - lo));
  }
  const { mean, std } = meanStd(range);
  return (p - mean[channel]) / std[channel];
}

/** Tensor value → pixel level for image channel `channel` (0 = R), rounded and clamped to 0..255; NaN reads as 0. */
export type PixelMap = (value: number, channel: number) => number;

export function inverseMap(range: ValueRange | MeanStd = [0, 255]): PixelMap {
  let scale: readonly [number, number, number];
  let offset: readonly [number, number, number];
  if (isValueRange(range)) {
    const [lo, hi] = checkedRange(range);
    const s = 255 / (hi - lo);
    scale = [s, s, s];
    offset = [-lo * s, -lo * s, -lo * s];
  } else {
    const { mean, std } = meanStd(range);
    scale = std;
    offset = mean;
  }
  return (value, channel) => {
    const p = value * scale[channel] + offset[channel];
    if (!(p > 0)) return 0;
    return p >= 255 ? 255 : round(p);
  };
}

function isValueRange(range: ValueRange | MeanStd): range is ValueRange {
  return Array.isArray(range);
}

function checkedRange(range: ValueRange): ValueRange {
  const [lo, hi] = range;
  if (range.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) {
    throw new Error(`tensor range must be two different finite numbers [value of 0, value of 255], got [${range.join(', ')}]`);
  }
  return range;
}

function meanStd(range: MeanStd): { mean: readonly [number, number, number]; std: readonly [number, number, number] } {
  const mean = triple(range.mean, 'mean');
  const std = triple(range.std, 'std');
  if (std.some((s) => s === 0 || !Number.isFinite(s))) throw new Error(`tensor normalisation std must be finite and non-zero, got [${std.join(', ')}]`);
  return { mean, std };
}

function triple(value: number | readonly [number, number, number], what: string): readonly [number, number, number] {
  if (typeof value === 'number') return [value, value, value];
  if (value.length !== 3) throw new Error(`tensor normalisation ${what} must be one number or three (R, G, B), got ${value.length}`);
  return value;
}
