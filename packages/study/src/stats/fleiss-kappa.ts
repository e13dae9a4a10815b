/** Agreement of several raters on yes/no judgements, beyond what chance would give. */
export interface Agreement {
  /** Fleiss' kappa: 1 full agreement, 0 chance level, below 0 worse than chance; NaN when it cannot be computed. */
  readonly kappa: number;
  /** Subjects (pairs) with at least two ratings, the ones kappa is computed on. */
  readonly subjects: number;
  readonly ratings: number;
}

/**
 * Fleiss' kappa for two categories, each subject given as [yes count, no count]. Subjects may have
 * different numbers of raters (each subject's agreement uses its own count, as in Fleiss 1971's
 * generalisation); subjects with fewer than two ratings carry no agreement and are left out.
 */
export function fleissKappa(subjects: readonly (readonly [number, number])[]): Agreement {
  const usable = subjects.filter(([yes, no]) => yes + no >= 2);
  const ratings = usable.reduce((sum, [yes, no]) => sum + yes + no, 0);
  if (usable.length === 0) return { kappa: Number.NaN, subjects: 0, ratings: 0 };
  let observed = 0;
  let yesTotal = 0;
  for (const [yes, no] of usable) {
    const n = yes + no;
    observed += (yes * (yes - 1) + no * (no - 1)) / (n * (n - 1));
    yesTotal += yes;
  }
  observed /= usable.length;
  const pYes = yesTotal / ratings;
  const expected = pYes * pYes + (1 - pYes) * (1 - pYes);
  // Every rating in one category: agreement is perfect but kappa is 0/0.
  const kappa = expected === 1 ? Number.NaN : (observed - expected) / (1 - expected);
  return { kappa, subjects: usable.length, ratings };
}
