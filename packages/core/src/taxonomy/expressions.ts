/**
 * The 135 expression classes and their six families (the basic emotions love, joy, surprise, anger,
 * sadness, fear), with the intermediate clusters of the source hierarchy.
 *
 * Provenance: the 135 prototypical emotion names of Shaver, Schwartz, Kirson & O'Connor (1987),
 * "Emotion knowledge: further exploration of a prototype approach", in their basic -> cluster -> term
 * hierarchy. GenEAva fine-tunes on Emo135 (Chen et al., IEEE TAC 2022), whose 135 categories are
 * described as the 135 emotion names of that prototypicality study. No Emo135 label file has been
 * published, so the exact label strings and class indices of Emo135 are unverified; the order here
 * follows the hierarchy (love, joy, surprise, anger, sadness, fear), not an Emo135 index order, and
 * there is no "neutral" class. Transcribed from two independent public copies of the Shaver table that
 * agree exactly.
 */
export const EXPRESSION_FAMILIES = ['love', 'joy', 'surprise', 'anger', 'sadness', 'fear'] as const;
export type ExpressionFamily = (typeof EXPRESSION_FAMILIES)[number];

export interface ExpressionCluster {
  readonly basic: ExpressionFamily;
  readonly cluster: string;
  readonly terms: readonly string[];
}

export const EXPRESSION_HIERARCHY: readonly ExpressionCluster[] = [
  { basic: 'love', cluster: 'affection', terms: ['adoration', 'affection', 'love', 'fondness', 'liking', 'attraction', 'caring', 'tenderness', 'compassion', 'sentimentality'] },
  { basic: 'love', cluster: 'lust', terms: ['arousal', 'desire', 'lust', 'passion', 'infatuation'] },
  { basic: 'love', cluster: 'longing', terms: ['longing'] },
  { basic: 'joy', cluster: 'cheerfulness', terms: ['amusement', 'bliss', 'cheerfulness', 'gaiety', 'glee', 'jolliness', 'joviality', 'joy', 'delight', 'enjoyment', 'gladness', 'happiness', 'jubilation', 'elation', 'satisfaction', 'ecstasy', 'euphoria'] },
  { basic: 'joy', cluster: 'zest', terms: ['enthusiasm', 'zeal', 'zest', 'excitement', 'thrill', 'exhilaration'] },
  { basic: 'joy', cluster: 'contentment', terms: ['contentment', 'pleasure'] },
  { basic: 'joy', cluster: 'pride', terms: ['pride', 'triumph'] },
  { basic: 'joy', cluster: 'optimism', terms: ['eagerness', 'hope', 'optimism'] },
  { basic: 'joy', cluster: 'enthrallment', terms: ['enthrallment', 'rapture'] },
  { basic: 'joy', cluster: 'relief', terms: ['relief'] },
  { basic: 'surprise', cluster: 'surprise', terms: ['amazement', 'surprise', 'astonishment'] },
  { basic: 'anger', cluster: 'irritation', terms: ['aggravation', 'irritation', 'agitation', 'annoyance', 'grouchiness', 'grumpiness'] },
  { basic: 'anger', cluster: 'exasperation', terms: ['exasperation', 'frustration'] },
  { basic: 'anger', cluster: 'rage', terms: ['anger', 'rage', 'outrage', 'fury', 'wrath', 'hostility', 'ferocity', 'bitterness', 'hate', 'loathing', 'scorn', 'spite', 'vengefulness', 'dislike', 'resentment'] },
  { basic: 'anger', cluster: 'disgust', terms: ['disgust', 'revulsion', 'contempt'] },
  { basic: 'anger', cluster: 'envy', terms: ['envy', 'jealousy'] },
  { basic: 'anger', cluster: 'torment', terms: ['torment'] },
  { basic: 'sadness', cluster: 'suffering', terms: ['agony', 'suffering', 'hurt', 'anguish'] },
  { basic: 'sadness', cluster: 'sadness', terms: ['depression', 'despair', 'hopelessness', 'gloom', 'glumness', 'sadness', 'unhappiness', 'grief', 'sorrow', 'woe', 'misery', 'melancholy'] },
  { basic: 'sadness', cluster: 'disappointment', terms: ['dismay', 'disappointment', 'displeasure'] },
  { basic: 'sadness', cluster: 'shame', terms: ['guilt', 'shame', 'regret', 'remorse'] },
  { basic: 'sadness', cluster: 'neglect', terms: ['alienation', 'isolation', 'neglect', 'loneliness', 'rejection', 'homesickness', 'defeat', 'dejection', 'insecurity', 'embarrassment', 'humiliation', 'insult'] },
  { basic: 'sadness', cluster: 'sympathy', terms: ['pity', 'sympathy'] },
  { basic: 'fear', cluster: 'horror', terms: ['alarm', 'shock', 'fear', 'fright', 'horror', 'terror', 'panic', 'hysteria', 'mortification'] },
  { basic: 'fear', cluster: 'nervousness', terms: ['anxiety', 'nervousness', 'tenseness', 'uneasiness', 'apprehension', 'worry', 'distress', 'dread'] },
];

export interface Expression {
  /** The label as used in prompts, ids and folder names (lower case, one word). */
  readonly name: string;
  readonly family: ExpressionFamily;
  readonly cluster: string;
  /** Position in EXPRESSION_LIST (hierarchy order), 0-based. */
  readonly index: number;
}

export const EXPRESSION_LIST: readonly Expression[] = EXPRESSION_HIERARCHY.flatMap((c) =>
  c.terms.map((name) => ({ name, family: c.basic, cluster: c.cluster })),
).map((e, index) => Object.freeze({ ...e, index }));

export const EXPRESSIONS_BY_NAME: ReadonlyMap<string, Expression> = new Map(EXPRESSION_LIST.map((e) => [e.name, e]));

/** The Emo135 family of an expression label, when it is one of the 135 names. */
export function familyOf(expression: string): string | undefined {
  return EXPRESSIONS_BY_NAME.get(expression)?.family;
}

export const EXPRESSION_PROVENANCE = {
  source: 'Shaver, Schwartz, Kirson & O\'Connor (1987), 135 prototypical emotion names',
  datasetLink: 'Emo135 (Chen et al., IEEE TAC 2022, doi 10.1109/TAFFC.2022.3201290)',
  verified: 'set of 135 words verified against two independent transcriptions; Emo135 label strings and indices unverified',
} as const;
