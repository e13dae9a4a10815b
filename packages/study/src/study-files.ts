import { z } from 'zod';

/**
 * The files of a study folder:
 *   study.json    what raters see: tasks, pairs (opaque ids and image names), the questions
 *   key.json      what they must not see: each pair's item, stylizer and labels, metrics (server-side only)
 *   raters.json   one link token per rater
 *   images/       the copied pictures, named by an opaque hash (no item, stylizer or expression in the name)
 *   answers.db    the answers (SQLite), created by the server
 *   results.json, ratings.csv, report.html, identity-pairs.csv   written by export
 */
export const STUDY_FILES = {
  study: 'study.json',
  key: 'key.json',
  raters: 'raters.json',
  images: 'images',
  answers: 'answers.db',
  results: 'results.json',
  ratingsCsv: 'ratings.csv',
  report: 'report.html',
  identityPairs: 'identity-pairs.csv',
} as const;

/** The paper's two questions, and the optional third that measures stylization strength as people see it. */
export const QUESTIONS = {
  identity: 'Does the avatar represent the identity of the realistic face?',
  expression: 'Does the avatar preserve the facial expression?',
  cartoon: 'Is the avatar a cartoon, not a photo?',
} as const;

export type QuestionId = keyof typeof QUESTIONS;
export const QUESTION_IDS = Object.keys(QUESTIONS) as QuestionId[];

/** Image file names in images/: 16 hex digits and an image extension, nothing else is ever served. */
export const IMAGE_NAME = /^[0-9a-f]{16}\.(png|jpg|jpeg|webp)$/;

const imageName = z.string().regex(IMAGE_NAME);

export const studyPairSchema = z.strictObject({
  /** Opaque: "p0001". */
  id: z.string().regex(/^p\d+$/),
  /** Photo on the left, avatar on the right, both in images/. */
  real: imageName,
  avatar: imageName,
});
export type StudyPair = z.infer<typeof studyPairSchema>;

export const studyTaskSchema = z.strictObject({
  /** Opaque: "t001". */
  id: z.string().regex(/^t\d+$/),
  /** Pair ids in the order they are shown (the attention check is among them, unmarked). */
  pairs: z.array(z.string()).min(1),
});
export type StudyTask = z.infer<typeof studyTaskSchema>;

export const studyFileSchema = z.strictObject({
  format: z.literal('geneava-study'),
  version: z.literal(1),
  createdAt: z.string(),
  questions: z.array(z.enum(['identity', 'expression', 'cartoon'])).min(1),
  pairsPerTask: z.number().int().min(2),
  ratersPerTask: z.number().int().min(1),
  seed: z.number().int(),
  tasks: z.array(studyTaskSchema).min(1),
  pairs: z.array(studyPairSchema).min(1),
});
export type StudyFile = z.infer<typeof studyFileSchema>;

const labels = z.record(z.string(), z.string());

export const keyPairSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rated'),
    /** Item id in the source (dataset item or compared photo). */
    item: z.string(),
    /** Opaque stylizer id ("s1"); key.json's stylizers maps it to the name. */
    stylizer: z.string(),
    /** expression, family, gender, race, ageGroup where known. */
    labels,
    /** Every automatic metric the source has for this pair, by column name ("identity.cosine[mobileface]"). */
    metrics: z.record(z.string(), z.number()),
    source: z.strictObject({ real: z.string(), avatar: z.string() }),
  }),
  z.strictObject({
    kind: z.literal('attention'),
    /** The photo's item and the item whose avatar is shown with it: two different people. */
    item: z.string(),
    avatarOf: z.string(),
    stylizer: z.string(),
    /** The answer to the identity question an attentive rater gives. */
    expected: z.strictObject({ identity: z.literal(false) }),
    source: z.strictObject({ real: z.string(), avatar: z.string() }),
  }),
]);
export type KeyPair = z.infer<typeof keyPairSchema>;

export const keyFileSchema = z.strictObject({
  format: z.literal('geneava-study-key'),
  version: z.literal(1),
  /** Where the pairs came from. */
  from: z.strictObject({ kind: z.enum(['run', 'compare']), path: z.string() }),
  /** Opaque stylizer id -> stylizer name. */
  stylizers: z.record(z.string(), z.string()),
  pairs: z.record(z.string(), keyPairSchema),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

export const raterSchema = z.strictObject({
  id: z.string().regex(/^r\d+$/),
  /** The secret in the rater's link. */
  token: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
});
export type Rater = z.infer<typeof raterSchema>;
export const ratersFileSchema = z.strictObject({ raters: z.array(raterSchema) });
export type RatersFile = z.infer<typeof ratersFileSchema>;
