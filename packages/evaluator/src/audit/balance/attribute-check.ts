/**
 * The face analyzer's age and gender estimates (FaceRes) against an image set's labels: a sanity check
 * that the generator drew the demographics the prompts asked for. The estimates are themselves noisy
 * (and say nothing about race), so the result is an agreement rate per group, not a verdict per image.
 */
import { join } from 'node:path';
import { ageGroupById, AGE_GROUP_IDS, type AgeGroupId } from '@geneava/core/taxonomy';
import { decodeImage } from '@geneava/core/image';
import { reasonOf } from '@geneava/core/util';
import type { FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import { largestFaceIndex } from '../../metrics/face-selection.js';
import { sampleDistinct } from '../reference-metrics/pair-sampling.js';
import { mulberry32 } from '../../stats/random.js';
import type { BalanceAxis, BalanceItem } from './balance-items.js';

export interface AttributeEstimate {
  readonly age?: number;
  readonly gender?: 'male' | 'female';
}

export interface AttributeEstimates {
  /** By item id; only items whose image showed a face. */
  readonly estimates: ReadonlyMap<string, AttributeEstimate>;
  readonly noFace: readonly string[];
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
  /** Items checked (all with an image, or a sample of them). */
  readonly checked: number;
}

export interface EstimateOptions {
  /** Check at most this many images, drawn uniformly at random (default all). */
  readonly maxImages?: number;
  readonly seed?: number;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

/** Runs the analyzer on the largest face of every item's image (paths relative to `root`). */
export async function estimateAttributes(root: string, items: readonly BalanceItem[], analyzer: FaceAnalyzer, options: EstimateOptions = {}): Promise<AttributeEstimates> {
  const withImage = items.filter((item) => item.image !== undefined);
  const chosen =
    options.maxImages !== undefined && options.maxImages < withImage.length
      ? sampleDistinct(withImage.length, options.maxImages, mulberry32(options.seed ?? 1)).map((i) => withImage[i]!)
      : withImage;
  const estimates = new Map<string, AttributeEstimate>();
  const noFace: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  let done = 0;
  for (const item of chosen) {
    options.signal?.throwIfAborted();
    try {
      const image = await decodeImage(join(root, item.image!));
      const faces = await analyzer.detect(image);
      if (faces.length === 0) noFace.push(item.id);
      else {
        const [analysis] = await analyzer.analyze(image, { faces: [faces[largestFaceIndex(faces)]!] });
        estimates.set(item.id, {
          ...(analysis?.age !== undefined ? { age: analysis.age } : {}),
          ...(analysis?.gender ? { gender: analysis.gender.label } : {}),
        });
      }
      options.onProgress?.({ task: 'attributes', done: ++done, total: chosen.length, item: item.id, status: 'ok' });
    } catch (error) {
      failed.push({ id: item.id, reason: reasonOf(error) });
      options.onProgress?.({ task: 'attributes', done: ++done, total: chosen.length, item: item.id, status: 'failed', message: reasonOf(error) });
    }
  }
  return { estimates, noFace, failed, checked: chosen.length };
}

export interface AgreementRow {
  /** The group: an axis and one of its values, or axis 'all'. */
  readonly axis: BalanceAxis | 'all';
  readonly value: string;
  /** Items of the group with an estimate. */
  readonly estimated: number;
  /** Items whose gender label and estimate could be compared, and how many agree. */
  readonly genderChecked: number;
  readonly genderAgree: number;
  readonly genderRate: number;
  /** Items with a known age group and an age estimate, and how many estimates fall inside the group's range. */
  readonly ageChecked: number;
  readonly ageInGroup: number;
  readonly ageRate: number;
  readonly meanEstimatedAge: number;
  /** Mean distance in years from the estimate to the labelled group's range (0 inside it). */
  readonly meanAgeError: number;
}

/**
 * Where an age estimate falls against a labelled age group: inside [minAge, maxAge + 1) (a group's
 * upper bound is its last whole year, so 20s covers 20 <= age < 30), and the distance in years to that
 * range. Undefined for a group outside the taxonomy.
 */
export function ageAgainstGroup(ageGroup: string, age: number): { readonly inGroup: boolean; readonly error: number } | undefined {
  if (!(AGE_GROUP_IDS as readonly string[]).includes(ageGroup)) return undefined;
  const group = ageGroupById(ageGroup as AgeGroupId);
  const end = group.maxAge === null ? Infinity : group.maxAge + 1;
  return { inGroup: age >= group.minAge && age < end, error: age < group.minAge ? group.minAge - age : age > end ? age - end : 0 };
}

function row(axis: BalanceAxis | 'all', value: string, items: readonly BalanceItem[], estimates: ReadonlyMap<string, AttributeEstimate>): AgreementRow {
  let estimated = 0;
  let genderChecked = 0;
  let genderAgree = 0;
  let ageChecked = 0;
  let ageInGroup = 0;
  let ageSum = 0;
  let ageCount = 0;
  let errorSum = 0;
  for (const item of items) {
    const estimate = estimates.get(item.id);
    if (!estimate) continue;
    estimated++;
    if (item.gender !== undefined && estimate.gender !== undefined && (item.gender === 'male' || item.gender === 'female')) {
      genderChecked++;
      if (item.gender === estimate.gender) genderAgree++;
    }
    if (estimate.age !== undefined) {
      ageSum += estimate.age;
      ageCount++;
      const against = item.ageGroup === undefined ? undefined : ageAgainstGroup(item.ageGroup, estimate.age);
      if (against) {
        ageChecked++;
        errorSum += against.error;
        if (against.inGroup) ageInGroup++;
      }
    }
  }
  const rate = (k: number, n: number) => (n > 0 ? k / n : Number.NaN);
  return {
    axis,
    value,
    estimated,
    genderChecked,
    genderAgree,
    genderRate: rate(genderAgree, genderChecked),
    ageChecked,
    ageInGroup,
    ageRate: rate(ageInGroup, ageChecked),
    meanEstimatedAge: rate(ageSum, ageCount),
    meanAgeError: rate(errorSum, ageChecked),
  };
}

/** Agreement overall, then per gender, race and age group (the groups a demographic bias would show in). */
export function attributeAgreement(items: readonly BalanceItem[], estimates: ReadonlyMap<string, AttributeEstimate>, levels: Readonly<Record<BalanceAxis, readonly string[]>>): AgreementRow[] {
  const rows = [row('all', 'all', items, estimates)];
  for (const axis of ['gender', 'race', 'ageGroup'] as const) {
    for (const value of levels[axis]) rows.push(row(axis, value, items.filter((item) => item[axis] === value), estimates));
  }
  return rows;
}
