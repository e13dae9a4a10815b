/** Class probabilities keyed by class name, the form every expression classifier here returns. */
export type Probabilities = Readonly<Record<string, number>>;

/** Pairs each value with its class name, in order. */
export function keyed(values: ArrayLike<number>, names: readonly string[]): Probabilities {
  return Object.fromEntries(names.map((name, i) => [name, values[i]!]));
}
