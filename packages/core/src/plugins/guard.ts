import { reasonOf } from '../util/errors.js';

export type ItemOutcome<T> =
  | { readonly id: string; readonly ok: true; readonly value: T; readonly ms: number }
  | { readonly id: string; readonly ok: false; readonly reason: string; readonly ms: number };

/**
 * Runs one item's work so that a throwing plugin fails that item only: the error becomes the item's
 * one-line reason (prefixed with who failed) and the batch goes on.
 */
export async function guardItem<T>(id: string, who: string, work: () => Promise<T>): Promise<ItemOutcome<T>> {
  const started = performance.now();
  try {
    const value = await work();
    return { id, ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { id, ok: false, reason: `${who}: ${reasonOf(error)}`, ms: performance.now() - started };
  }
}
