import type { Box } from '../contracts/image.js';
import type { PlanItem } from '../contracts/plan.js';
import { EXPRESSIONS_BY_NAME } from '../taxonomy/expressions.js';
import type { IdentitySetRole } from './identity-set.js';

/** The expression (and folder name) of items whose expression nobody labelled. */
export const UNLABELLED = 'unlabelled';

/** Where a source item's pixels come from: a photo, or one face cropped out of it. */
export interface ItemSource {
  /** The photo, relative to the source folder, with forward slashes. */
  readonly file: string;
  /** With split faces: the crop of the photo this item is, and the face's index in the photo's detections. */
  readonly crop?: Box;
  readonly face?: number;
  /** Why the photo gives no image for this item (split faces: none detected, or the photo could not be read): the item fails with it. */
  readonly unusable?: string;
}

/**
 * One dataset item: a real face to be, with its labels. Generated items come from a plan item; source
 * items from a photo (or a face in it). `id` names every file of the item and keys its resumable state.
 */
export interface DatasetItem {
  readonly id: string;
  /** An Emo135 name for planned items; any label (or UNLABELLED) for source photos. */
  readonly expression: string;
  /** The Emo135 family (love, joy, surprise, anger, sadness, fear) when the expression is one of the 135. */
  readonly family?: string;
  readonly gender?: string;
  readonly race?: string;
  readonly ageGroup?: string;
  readonly prompt?: string;
  readonly negativePrompt?: string;
  readonly seed?: number;
  /** Planned items: the plan item, handed to the generator. */
  readonly plan?: PlanItem;
  readonly source?: ItemSource;
  /** Identity-set runs: the set this item belongs to and whether it is the set's anchor or a member. */
  readonly identitySet?: IdentitySetRole;
}

/** Names safe as one path segment on every platform: letters, digits, ".", "_" and "-", not starting with "." */
const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function isSafeSegment(name: string): boolean {
  return SAFE_SEGMENT.test(name) && name.length <= 200;
}

/** Replaces every character outside [A-Za-z0-9._-] with "_" (and a leading "." too), for ids taken from file names. */
export function toSafeSegment(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
  return replaced.length > 0 ? replaced.slice(0, 200) : '_';
}

/** The Emo135 family of an expression label, when it is one of the 135 names. */
export function familyOf(expression: string): string | undefined {
  return EXPRESSIONS_BY_NAME.get(expression)?.family;
}

export function itemFromPlan(plan: PlanItem): DatasetItem {
  return {
    id: plan.id,
    expression: plan.expression,
    family: plan.family,
    gender: plan.gender,
    race: plan.race,
    ageGroup: plan.ageGroup,
    prompt: plan.prompt,
    ...(plan.negativePrompt !== undefined ? { negativePrompt: plan.negativePrompt } : {}),
    seed: plan.seed,
    plan,
  };
}
