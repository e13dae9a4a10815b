/**
 * DCT-Net's `resize_size`: an image whose short side exceeds `maxShortSide` is shrunk so that side is
 * exactly `maxShortSide`, the other side scaled in proportion and truncated as `int()` does; smaller
 * images keep their size.
 */
export function limitShortSide(width: number, height: number, maxShortSide: number): { width: number; height: number } {
  if (Math.min(width, height) <= maxShortSide) return { width, height };
  if (height > width) return { width: maxShortSide, height: Math.max(1, Math.trunc((maxShortSide * height) / width)) };
  return { width: Math.max(1, Math.trunc((maxShortSide * width) / height)), height: maxShortSide };
}
