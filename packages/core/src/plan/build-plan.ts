import type { PlanItem } from '../contracts/plan.js';
import {
  AGE_GROUP_IDS,
  GENDER_IDS,
  RACE_IDS,
  ageGroupById,
  genderById,
  raceById,
  type AgeGroupId,
  type GenderId,
  type RaceId,
} from '../taxonomy/demographics.js';
import { EXPRESSION_LIST, EXPRESSIONS_BY_NAME, type ExpressionFamily, EXPRESSION_FAMILIES } from '../taxonomy/expressions.js';
import { UsageError } from '../util/errors.js';
import { DEFAULT_PROMPT_TEMPLATE, renderPrompt, validatePromptTemplate } from './prompt.js';
import { itemSeed } from './seed.js';

export interface PlanOptions {
  /** Expression names to plan (default: all 135). */
  readonly expressions?: readonly string[];
  /** Expression families to plan (love, joy, surprise, anger, sadness, fear). */
  readonly families?: readonly string[];
  readonly genders?: readonly string[];
  readonly races?: readonly string[];
  readonly ageGroups?: readonly string[];
  /** Images per (expression, gender, race, age group) cell; 1 gives the paper's 98 per expression. */
  readonly perCell?: number;
  /** Mixed into every item's seed; change it to draw a different but equally balanced plan. */
  readonly baseSeed?: number;
  readonly promptTemplate?: string;
  readonly negativePrompt?: string;
  /** Stop after this many items (taken in plan order, which cycles through every cell of an expression first). */
  readonly maxItems?: number;
}

function pick<T extends string>(what: string, requested: readonly string[] | undefined, known: readonly T[]): readonly T[] {
  if (!requested || requested.length === 0) return known;
  const unknown = requested.filter((value) => !(known as readonly string[]).includes(value));
  if (unknown.length > 0) {
    throw new UsageError(`unknown ${what}: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  }
  return known.filter((value) => requested.includes(value));
}

function pickExpressions(options: PlanOptions): string[] {
  const families = pick<ExpressionFamily>('expression family', options.families, EXPRESSION_FAMILIES);
  if (options.expressions && options.expressions.length > 0) {
    const unknown = options.expressions.filter((name) => !EXPRESSIONS_BY_NAME.has(name));
    if (unknown.length > 0) {
      throw new UsageError(
        `unknown expression: ${unknown.join(', ')} (see \`geneava plan --list-expressions\` for the 135 names)`,
      );
    }
  }
  return EXPRESSION_LIST.filter(
    (e) => families.includes(e.family) && (!options.expressions?.length || options.expressions.includes(e.name)),
  ).map((e) => e.name);
}

/**
 * Builds a balanced plan: every selected expression gets one item per (gender, race, age group) cell,
 * times `perCell`. Items come expression by expression, so a truncated plan (maxItems) stays balanced
 * over whole expressions as far as it goes.
 */
export function buildPlan(options: PlanOptions = {}): PlanItem[] {
  const template = options.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE;
  validatePromptTemplate(template);
  const perCell = options.perCell ?? 1;
  if (!Number.isInteger(perCell) || perCell < 1) throw new UsageError(`perCell must be a positive integer, got ${perCell}`);
  const baseSeed = options.baseSeed ?? 0;
  if (!Number.isSafeInteger(baseSeed)) throw new UsageError(`baseSeed must be an integer, got ${baseSeed}`);
  const expressions = pickExpressions(options);
  const genders = pick<GenderId>('gender', options.genders, GENDER_IDS);
  const races = pick<RaceId>('race', options.races, RACE_IDS);
  const ages = pick<AgeGroupId>('age group', options.ageGroups, AGE_GROUP_IDS);
  const limit = options.maxItems ?? Number.POSITIVE_INFINITY;

  const items: PlanItem[] = [];
  for (const expression of expressions) {
    const family = EXPRESSIONS_BY_NAME.get(expression)!.family;
    for (const gender of genders) {
      for (const race of races) {
        for (const ageGroup of ages) {
          for (let replicate = 0; replicate < perCell; replicate++) {
            if (items.length >= limit) return items;
            const id = [expression, gender, race, ageGroup, ...(perCell > 1 ? [`r${replicate}`] : [])].join('-');
            const age = ageGroupById(ageGroup);
            const noun = genderById(gender)[age.young ? 'young' : 'adult'];
            items.push({
              id,
              expression,
              family,
              gender,
              race,
              ageGroup,
              replicate,
              seed: itemSeed(baseSeed, id),
              prompt: renderPrompt(template, { age: age.label, race: raceById(race).label, gender: noun, expression, family }),
              ...(options.negativePrompt ? { negativePrompt: options.negativePrompt } : {}),
            });
          }
        }
      }
    }
  }
  return items;
}
