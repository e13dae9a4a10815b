import { UsageError } from '@geneava/core/util';

/** "1024", "832x1216" (width x height). */
export function parseSize(value: string | number): { width: number; height: number } {
  const text = String(value).trim();
  const match = /^(\d+)(?:\s*[xX]\s*(\d+))?$/.exec(text);
  const width = match ? Number(match[1]) : NaN;
  const height = match?.[2] ? Number(match[2]) : width;
  if (!match || width % 8 !== 0 || height % 8 !== 0 || width < 8 || height < 8) {
    throw new UsageError(`--size ${text}: expected WIDTHxHEIGHT or one size, each a positive multiple of 8 (e.g. 1024 or 832x1216)`);
  }
  return { width, height };
}

/** A size conditioning flag ("2048x1536" or "1024"): any positive whole numbers, not only multiples of 8. */
export function parseConditioningSize(flag: string, value: string): { width: number; height: number } {
  const match = /^(\d+)(?:\s*[xX]\s*(\d+))?$/.exec(value.trim());
  const width = match ? Number(match[1]) : NaN;
  const height = match?.[2] ? Number(match[2]) : width;
  if (!match || width < 1 || height < 1) throw new UsageError(`--${flag} ${value}: expected WIDTHxHEIGHT or one size (e.g. 2048x1536)`);
  return { width, height };
}

/** "--crop-top-left 16,8": the crop's top and left in pixels. */
export function parseCropTopLeft(flag: string, value: string): { top: number; left: number } {
  const match = /^(\d+)\s*,\s*(\d+)$/.exec(value.trim());
  if (!match) throw new UsageError(`--${flag} ${value}: expected TOP,LEFT in pixels (e.g. 0,0 or 16,8)`);
  return { top: Number(match[1]), left: Number(match[2]) };
}

