import type { FaceAnalysis, MetricRecord } from '@geneava/core/contracts';
import { PAIR_METRICS } from './metric-names.js';

type Details = Readonly<Record<string, string | number | boolean>>;

/** Age and gender consistency between the real face and the avatar, when the analyzer estimates them. */
export function attributeMetrics(real: FaceAnalysis, avatar: FaceAnalysis, details: Details): MetricRecord[] {
  const records: MetricRecord[] = [];
  if (Number.isFinite(real.age) && Number.isFinite(avatar.age)) {
    records.push({
      metric: PAIR_METRICS.ageAbsDiff,
      value: Math.abs(avatar.age! - real.age!),
      higherIsBetter: false,
      details: { ...details, real: real.age!, avatar: avatar.age! },
    });
  }
  if (real.gender && avatar.gender) {
    records.push({
      metric: PAIR_METRICS.genderAgree,
      value: real.gender.label === avatar.gender.label ? 1 : 0,
      higherIsBetter: true,
      details: { ...details, real: real.gender.label, avatar: avatar.gender.label },
    });
  }
  return records;
}
