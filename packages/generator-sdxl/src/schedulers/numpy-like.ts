/**
 * The few numpy operations diffusers' schedulers are written in, reproduced with numpy's exact
 * semantics: its rounding (half to even), linspace (start + i·step, last element exactly `stop`),
 * arange's length rule, and interp's clamping. float32 values are held as doubles rounded with
 * Math.fround, which is what a numpy float32 array stores.
 */

/** numpy's round(): halves go to the even neighbour (62.5 -> 62, 937.5 -> 938). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** np.linspace(start, stop, num) (endpoint included). */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const values = Array.from({ length: num }, (_, i) => start + i * step);
  values[num - 1] = stop;
  return values;
}

/** np.arange(start, stop, step) for a float step: ceil((stop - start)/step) values start + i·step. */
export function arange(start: number, stop: number, step: number): number[] {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  return Array.from({ length }, (_, i) => start + i * step);
}

/** np.interp(x, arange(len(table)), table): linear between integer positions, clamped at both ends. */
export function interpAtPositions(x: number, table: ArrayLike<number>): number {
  const last = table.length - 1;
  if (x <= 0) return table[0];
  if (x >= last) return table[last];
  const low = Math.floor(x);
  const weight = x - low;
  if (weight === 0) return table[low];
  return table[low] + (table[low + 1] - table[low]) * weight;
}
