import type { PlanItem } from '@geneava/core/contracts';
import type { ItemSource } from '@geneava/core/dataset-format';
import type { IdentitySetRole } from './identity-set.js';

/** The expression (and folder name) of items whose expression nobody labelled. */
export const UNLABELLED = 'unlabelled';

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
