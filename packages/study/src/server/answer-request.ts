import { z } from 'zod';
import type { QuestionId } from '../study-files.js';

/** The largest answer body accepted, in bytes: one pair's answers fit in a tenth of it. */
export const ANSWER_BODY_LIMIT = 1024;

/** POST /api/answers: one pair's answers, every question of the study answered yes (true) or no (false). */
export const answerRequestSchema = z.strictObject({
  task: z.string().regex(/^t\d{1,6}$/),
  pair: z.string().regex(/^p\d{1,8}$/),
  answers: z.strictObject({
    identity: z.boolean().optional(),
    expression: z.boolean().optional(),
    cartoon: z.boolean().optional(),
  }),
});
export type AnswerRequest = z.infer<typeof answerRequestSchema>;

/** PUT /api/draft: choices made so far on the pair on screen, at least one. */
export const draftRequestSchema = answerRequestSchema.refine((request) => Object.keys(request.answers).length > 0, { message: 'no choice given', path: ['answers'] });

/** The questions answered that the study does not ask, and those it asks that are not answered. */
export function answerCoverage(answers: AnswerRequest['answers'], questions: readonly QuestionId[]): { extra: string[]; missing: string[] } {
  const given = Object.keys(answers);
  return {
    extra: given.filter((question) => !questions.includes(question as QuestionId)),
    missing: questions.filter((question) => answers[question] === undefined),
  };
}

/** The rater's token from "Authorization: Bearer <token>"; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{22,64})$/.exec(header ?? '');
  return match?.[1];
}
