/** Statistics here need real numbers; a NaN (a failed measurement) must be filtered by the caller, not averaged. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      throw new RangeError(`${what}: value at index ${i} is ${value}; statistics need finite numbers (drop failed measurements first)`);
    }
  }
}
