/**
 * Deterministic per-item seeds: FNV-1a (32-bit) over "<baseSeed>|<item id>". The same plan settings
 * give the same seeds on every machine and in every order, so an item can be regenerated alone, and
 * distributed workers need no shared counter. Seeds fit in an unsigned 32-bit integer.
 */
export function itemSeed(baseSeed: number, itemId: string): number {
  let hash = 0x811c9dc5;
  const text = `${baseSeed}|${itemId}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
