import type { AgeGroupId, GenderId, RaceId } from '../taxonomy/demographics.js';
import type { ExpressionFamily } from '../taxonomy/expressions.js';

/**
 * One planned face: the labels it must show and everything needed to generate it again.
 * `id` is stable across runs (it names output files and keys resumable state); it never contains
 * ':' and is never all digits, so it is also a valid distributed-queue job id.
 */
export interface PlanItem {
  readonly id: string;
  readonly expression: string;
  readonly family: ExpressionFamily;
  readonly gender: GenderId;
  readonly race: RaceId;
  readonly ageGroup: AgeGroupId;
  /** Index within its (expression, gender, race, age group) cell when more than one image per cell. */
  readonly replicate: number;
  readonly seed: number;
  readonly prompt: string;
  readonly negativePrompt?: string;
}
