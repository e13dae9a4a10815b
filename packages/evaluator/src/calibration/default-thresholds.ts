/**
 * The shipped identity-threshold records: each default threshold with the basis it was fitted on
 * (`geneava calibrate identity` output, kept as JSON beside this file). Re-fit with
 * scripts/stylized-identity-pairs.mjs and `geneava calibrate identity --pairs ... --out defaults/<model>.json`.
 */
import mobileface from './defaults/mobileface.json' with { type: 'json' };
import { IDENTITY_THRESHOLD_FORMAT, IDENTITY_THRESHOLD_VERSION, type IdentityThresholdRecord } from './calibrate-identity.js';

/** Checks the fields a default is built from; the record is otherwise what `calibrate identity` wrote. */
export function checkThresholdRecord(value: unknown, source: string): IdentityThresholdRecord {
  const record = value as Partial<Record<keyof IdentityThresholdRecord, unknown>>;
  const problems: string[] = [];
  if (record.format !== IDENTITY_THRESHOLD_FORMAT || record.version !== IDENTITY_THRESHOLD_VERSION) problems.push(`not a ${IDENTITY_THRESHOLD_FORMAT} version ${IDENTITY_THRESHOLD_VERSION} record`);
  if (typeof record.model !== 'string') problems.push('no model');
  if (typeof record.threshold !== 'number' || !(record.threshold >= -1 && record.threshold <= 1)) problems.push('threshold is not a cosine in [-1, 1]');
  const interval = record.thresholdInterval95;
  if (!Array.isArray(interval) || interval.length !== 2 || !interval.every((v) => typeof v === 'number')) problems.push('no thresholdInterval95 pair');
  for (const key of ['samePairs', 'differentPairs', 'falseAcceptRate', 'falseRejectRate', 'informationGainBits'] as const) {
    if (typeof record[key] !== 'number') problems.push(`no ${key}`);
  }
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return value as IdentityThresholdRecord;
}

export const SHIPPED_THRESHOLD_RECORDS: Readonly<Record<string, IdentityThresholdRecord>> = Object.freeze({
  mobileface: checkThresholdRecord(mobileface, 'calibration/defaults/mobileface.json'),
});

/** A default is its record's threshold rounded to 0.01: finer digits are far inside the bootstrap interval. */
export function shippedThreshold(record: IdentityThresholdRecord): number {
  return Math.round(record.threshold * 100) / 100;
}

/** One line for reports: where the default came from and how sure it is. */
export function shippedBasis(record: IdentityThresholdRecord): string {
  const [lo, hi] = record.thresholdInterval95;
  return (
    `fitted by maximum information gain on ${record.samePairs} same-person and ${record.differentPairs} different-person photo/avatar pairs ` +
    `(classic stylizer, 22 sample faces): ${record.threshold.toFixed(3)}, 95% interval ${lo.toFixed(2)}-${hi.toFixed(2)}, ` +
    `FAR ${(record.falseAcceptRate * 100).toFixed(1)}%, FRR ${(record.falseRejectRate * 100).toFixed(1)}%; few people (record: @geneava/evaluator calibration/defaults/${record.model}.json)`
  );
}

/** A threshold source from a calibration record, with a basis line that names its data and error rates. */
export function thresholdFromRecord(record: IdentityThresholdRecord, source: string): { readonly threshold: number; readonly basis: string } {
  const [lo, hi] = record.thresholdInterval95;
  return {
    threshold: record.threshold,
    basis:
      `calibrated (${source}): maximum information gain on ${record.samePairs} same-person and ${record.differentPairs} different-person pairs, ` +
      `95% interval ${lo.toFixed(3)}-${hi.toFixed(3)}, FAR ${(record.falseAcceptRate * 100).toFixed(1)}%, FRR ${(record.falseRejectRate * 100).toFixed(1)}%`,
  };
}
