import { EXPRESSION_FAMILIES, EXPRESSIONS_BY_NAME, type ExpressionFamily } from './expressions.js';

/**
 * The Emo135 family each basic-emotion class of a face analyzer belongs to (the embedded classifier's
 * angry, disgust, fear, happy, sad, surprise, neutral; POSTER's names besides contempt). Disgust and
 * contempt sit under anger in the Shaver hierarchy; neutral belongs to no family.
 */
export const BASIC_CLASS_FAMILIES: Readonly<Record<string, ExpressionFamily>> = {
  happy: 'joy',
  sad: 'sadness',
  angry: 'anger',
  disgust: 'anger',
  contempt: 'anger',
  fear: 'fear',
  surprise: 'surprise',
};

/** How finely an analyzer's classes name an expression: one of the 135 itself, or only its family. */
export type ExpressionLevel = 'expression' | 'family';

export interface ClosestExpression {
  /** One of the 135 names. */
  readonly expression: string;
  readonly family: ExpressionFamily;
  /** The probability behind the choice (of the name, or summed over the family's classes). */
  readonly score: number;
  readonly level: ExpressionLevel;
}

/**
 * Whether an analyzer's classes are the 135 names: some class is one of them and not also a basic
 * emotion (disgust, fear and surprise are both, so they alone do not tell).
 */
export function namesEmo135Classes(probabilities: Readonly<Record<string, number>>): boolean {
  return Object.keys(probabilities).some((label) => EXPRESSIONS_BY_NAME.has(label) && BASIC_CLASS_FAMILIES[label] === undefined);
}

/** Probability per family, summed over the basic classes that map to it. */
function familyScores(probabilities: Readonly<Record<string, number>>): Map<ExpressionFamily, number> {
  const scores = new Map<ExpressionFamily, number>();
  for (const [label, p] of Object.entries(probabilities)) {
    const family = BASIC_CLASS_FAMILIES[label];
    if (family) scores.set(family, (scores.get(family) ?? 0) + p);
  }
  return scores;
}

/**
 * The closest of the 135 expressions to an analyzer's class probabilities. An analyzer whose classes
 * are the 135 names (an Emo135 classifier) gives its top name. One with basic-emotion classes can only
 * tell the family: the answer is the family's own term (joy, sadness, anger, fear, surprise; love has no
 * basic class), at level "family". Undefined when no class maps (e.g. only neutral).
 */
export function closestExpression(probabilities: Readonly<Record<string, number>>): ClosestExpression | undefined {
  let best: ClosestExpression | undefined;
  if (namesEmo135Classes(probabilities)) {
    for (const [label, p] of Object.entries(probabilities)) {
      const known = EXPRESSIONS_BY_NAME.get(label);
      if (known && (best === undefined || p > best.score)) best = { expression: known.name, family: known.family, score: p, level: 'expression' };
    }
    return best;
  }
  const scores = familyScores(probabilities);
  for (const family of EXPRESSION_FAMILIES) {
    const p = scores.get(family);
    if (p !== undefined && p > 0 && (best === undefined || p > best.score)) best = { expression: family, family, score: p, level: 'family' };
  }
  return best;
}

/** Whether the analyzer's top class names the requested expression (at the finest level its classes allow). */
export interface ExpressionAgreement {
  readonly agree: boolean;
  /** The analyzer's top class. */
  readonly predicted: string;
  readonly level: ExpressionLevel;
}

export function expressionAgreement(probabilities: Readonly<Record<string, number>>, requested: string): ExpressionAgreement | undefined {
  const entries = Object.entries(probabilities);
  if (entries.length === 0) return undefined;
  const [predicted] = entries.reduce((top, entry) => (entry[1] > top[1] ? entry : top));
  if (namesEmo135Classes(probabilities)) return { agree: predicted === requested, predicted, level: 'expression' };
  const family = EXPRESSIONS_BY_NAME.get(requested)?.family;
  return { agree: family !== undefined && BASIC_CLASS_FAMILIES[predicted] === family, predicted, level: 'family' };
}
