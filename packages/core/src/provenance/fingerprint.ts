import { createHash } from 'node:crypto';

/** JSON with every object's keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Map) return Object.fromEntries([...item.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))));
    if (ArrayBuffer.isView(item)) return Array.from(item as unknown as ArrayLike<number>);
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
      return sorted;
    }
    return item;
  });
}

/** A short, stable name for everything that decides a result: sha256 of its canonical JSON, 32 hex digits (128 bits). */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}
