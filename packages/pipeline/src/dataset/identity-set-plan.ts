import type { PlanItem } from '@geneava/core/contracts';
import { buildPlan, DEFAULT_PROMPT_TEMPLATE, itemSeed, type PlanOptions, renderPrompt, validatePromptTemplate } from '@geneava/core/plan';
import { ageGroupById, EXPRESSIONS_BY_NAME, familyOf, genderById, raceById } from '@geneava/core/taxonomy';
import { UsageError } from '@geneava/core/util';
import { ANCHOR_EXPRESSION } from './identity-set.js';
import { UNLABELLED, type DatasetItem } from './item.js';
import type { SourcePhoto } from './source-photos.js';

/** Default image-to-image strength of identity-set members: enough to change the expression, little enough to keep the face. */
export const DEFAULT_IDENTITY_STRENGTH = 0.6;

export interface IdentitySetPlanOptions {
  /** K: how many identities (sets). With `photos`, at most this many photos are used (default: all). */
  readonly identities?: number;
  /** E: the expressions every identity is shown with (names of the 135). */
  readonly expressions: readonly string[];
  /** Image-to-image strength of the members, in (0, 1]. */
  readonly strength?: number;
  /** Demographic cells, base seed, prompt template and negative prompt, as for a balanced plan. */
  readonly plan?: Pick<PlanOptions, 'genders' | 'races' | 'ageGroups' | 'baseSeed' | 'promptTemplate' | 'negativePrompt'>;
  /** User photos as anchors, one identity each (instead of generated neutral faces). */
  readonly photos?: readonly SourcePhoto[];
}

function checkOptions(options: IdentitySetPlanOptions): { strength: number; identities: number } {
  const strength = options.strength ?? DEFAULT_IDENTITY_STRENGTH;
  if (!(strength > 0 && strength <= 1)) throw new UsageError(`identity-set strength must be in (0, 1], got ${strength}`);
  if (options.expressions.length === 0) throw new UsageError('identity sets need at least one expression');
  const unknown = options.expressions.filter((name) => !EXPRESSIONS_BY_NAME.has(name));
  if (unknown.length > 0) throw new UsageError(`unknown expression: ${unknown.join(', ')} (see \`geneava plan --list-expressions\` for the 135 names)`);
  if (new Set(options.expressions).size !== options.expressions.length) throw new UsageError(`an expression is named twice: ${options.expressions.join(', ')}`);
  const available = options.photos?.length;
  const identities = options.identities ?? available;
  if (identities === undefined || !(Number.isInteger(identities) && identities >= 1)) throw new UsageError(`the number of identity sets must be a positive integer, got ${identities}`);
  if (available !== undefined && available === 0) throw new UsageError('the identity photos folder holds no photos');
  return { strength, identities: available === undefined ? identities : Math.min(identities, available) };
}

/**
 * Which demographic cell identity k of K takes: spread evenly over the cells of the balanced plan when
 * K does not exceed them (so 7 identities are not 7 ages of one person), cycling through them beyond.
 */
function cellIndex(k: number, identities: number, cells: number): number {
  return identities <= cells ? Math.floor((k * cells) / identities) : k % cells;
}

/**
 * The items of an identity-set run: K anchors first, then K x E members (set by set), so every anchor
 * is made before the members that start from it. Generated anchors are neutral faces of the balanced
 * plan's demographic cells; members share their anchor's labels and seed (the same noise, only the
 * expression in the prompt differs). Ids: "idset-01-anchor", "idset-01-<expression>"; with photos
 * "idset-<photo id>-...". Everything is decided by the options: the same options give the same items.
 */
export function planIdentitySets(options: IdentitySetPlanOptions): DatasetItem[] {
  const { strength, identities } = checkOptions(options);
  const template = options.plan?.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE;
  validatePromptTemplate(template);
  const baseSeed = options.plan?.baseSeed ?? 0;
  const width = Math.max(2, String(identities).length);
  const anchors: DatasetItem[] = [];
  const members: DatasetItem[] = [];
  const negative = options.plan?.negativePrompt;

  if (options.photos) {
    for (const photo of options.photos.slice(0, identities)) {
      const set = `idset-${photo.id}`;
      const seed = itemSeed(baseSeed, set);
      const expression = photo.labels.expression ?? UNLABELLED;
      const anchor: DatasetItem = {
        id: `${set}-anchor`,
        expression,
        ...(familyOf(expression) ? { family: familyOf(expression)! } : {}),
        ...(photo.labels.gender ? { gender: photo.labels.gender } : {}),
        ...(photo.labels.race ? { race: photo.labels.race } : {}),
        ...(photo.labels.ageGroup ? { ageGroup: photo.labels.ageGroup } : {}),
        source: { file: photo.file },
        identitySet: { set, role: 'anchor' },
      };
      anchors.push(anchor);
      for (const name of options.expressions) {
        const family = EXPRESSIONS_BY_NAME.get(name)!.family;
        // A photo's person is described by its labels where it has them, and as "a person" otherwise.
        const words = {
          age: photo.labels.ageGroup ? ageGroupByIdSafe(photo.labels.ageGroup) ?? '' : '',
          race: photo.labels.race ? raceByIdSafe(photo.labels.race) ?? '' : '',
          gender: 'person',
          expression: name,
          family,
        };
        const prompt = renderPrompt(template, words).replace(/\s+/g, ' ');
        const id = `${set}-${name}`;
        // The generator reads prompt, seed and id; a photo's missing labels stay "unlabelled" in its plan item.
        const plan: PlanItem = {
          id,
          expression: name,
          family,
          gender: (photo.labels.gender ?? 'unlabelled') as PlanItem['gender'],
          race: (photo.labels.race ?? 'unlabelled') as PlanItem['race'],
          ageGroup: (photo.labels.ageGroup ?? 'unlabelled') as PlanItem['ageGroup'],
          replicate: 0,
          seed,
          prompt,
          ...(negative ? { negativePrompt: negative } : {}),
        };
        members.push(memberItem(plan, anchor, set, strength, photo.labels));
      }
    }
    return [...anchors, ...members];
  }

  // The balanced plan of one expression lists every demographic cell once, in plan order.
  const cells = buildPlan({ ...options.plan, expressions: [options.expressions[0]!], perCell: 1 });
  for (let k = 0; k < identities; k++) {
    const cell = cells[cellIndex(k, identities, cells.length)]!;
    const set = `idset-${String(k + 1).padStart(width, '0')}`;
    const age = ageGroupById(cell.ageGroup);
    const words = { age: age.label, race: raceById(cell.race).label, gender: genderById(cell.gender)[age.young ? 'young' : 'adult'] };
    const anchorId = `${set}-anchor`;
    const seed = itemSeed(baseSeed, anchorId);
    const anchorPrompt = renderPrompt(template, { ...words, expression: ANCHOR_EXPRESSION, family: ANCHOR_EXPRESSION });
    // PlanItem requires a family; the anchor's plan item keeps its cell's (the generator reads only
    // prompt, seed and id), while the dataset item, which the metadata describes, has none.
    const anchorPlan: PlanItem = { ...cell, id: anchorId, expression: ANCHOR_EXPRESSION, seed, prompt: anchorPrompt };
    const anchor: DatasetItem = {
      id: anchorId,
      expression: ANCHOR_EXPRESSION,
      gender: cell.gender,
      race: cell.race,
      ageGroup: cell.ageGroup,
      prompt: anchorPrompt,
      ...(negative ? { negativePrompt: negative } : {}),
      seed,
      plan: anchorPlan,
      identitySet: { set, role: 'anchor' },
    };
    anchors.push(anchor);
    for (const name of options.expressions) {
      const family = EXPRESSIONS_BY_NAME.get(name)!.family;
      const prompt = renderPrompt(template, { ...words, expression: name, family });
      const plan: PlanItem = { ...cell, id: `${set}-${name}`, expression: name, family, seed, prompt };
      members.push(memberItem(plan, anchor, set, strength, { gender: cell.gender, race: cell.race, ageGroup: cell.ageGroup }));
    }
  }
  return [...anchors, ...members];
}

function memberItem(plan: PlanItem, anchor: DatasetItem, set: string, strength: number, labels: { gender?: string; race?: string; ageGroup?: string }): DatasetItem {
  return {
    id: plan.id,
    expression: plan.expression,
    family: plan.family,
    ...(labels.gender ? { gender: labels.gender } : {}),
    ...(labels.race ? { race: labels.race } : {}),
    ...(labels.ageGroup ? { ageGroup: labels.ageGroup } : {}),
    prompt: plan.prompt,
    ...(plan.negativePrompt !== undefined ? { negativePrompt: plan.negativePrompt } : {}),
    seed: plan.seed,
    plan,
    identitySet: { set, role: 'member', anchor, strength },
  };
}

/** The prompt words of a photo's own labels; a label outside the plan's ids gives no word. */
function ageGroupByIdSafe(id: string): string | undefined {
  return ageGroupById(id as PlanItem['ageGroup'])?.label;
}

function raceByIdSafe(id: string): string | undefined {
  return raceById(id as PlanItem['race'])?.label;
}
