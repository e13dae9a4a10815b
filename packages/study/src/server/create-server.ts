import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AnswerStore } from '../store/answer-store.js';
import { loadStudyFolder, type StudyFolder } from '../study-folder.js';
import { IMAGE_NAME, QUESTIONS, STUDY_FILES, type Rater } from '../study-files.js';
import { ANSWER_BODY_LIMIT, answerCoverage, answerRequestSchema, bearerToken, draftRequestSchema } from './answer-request.js';
import { RATER_PAGE_CSS, RATER_PAGE_JS, raterPageHtml } from './rater-page.js';
import { SECURITY_HEADERS } from './security-headers.js';

export interface StudyServerOptions {
  /** The study folder (from createStudy). */
  readonly dir: string;
  /** Clock for the answer time stamps (default: now). */
  readonly now?: () => Date;
  /**
   * Minutes after which a started, unfinished task is given to another rater as well (default 60; the
   * paper allowed 9 minutes per task).
   */
  readonly abandonAfterMinutes?: number;
  /** Told of every request the server failed on (status 500), e.g. a full disk; raters only see that it failed. */
  readonly onError?: (error: unknown) => void;
}

export interface StudyServer {
  readonly app: FastifyInstance;
  readonly folder: StudyFolder;
  /** Stops the server and closes the answer database. */
  close(): Promise<void>;
}

const IMAGE_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message } });
}

/**
 * The rater server of a study folder: the rater page at /rate/<token>, its JSON API under /api (the
 * token in an Authorization header), and the study's images at /images/<name>: only names listed in
 * study.json, read from its images/ folder, so no request reaches any other file. Answers go to
 * answers.db in the folder. Call `app.listen` to serve, or `app.inject` to test.
 */
export async function createStudyServer(options: StudyServerOptions): Promise<StudyServer> {
  const folder = await loadStudyFolder(options.dir);
  const { study } = folder;
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const store = new AnswerStore(join(options.dir, STUDY_FILES.answers));
  const ratersByToken = new Map<string, Rater>(folder.raters.raters.map((rater) => [rater.token, rater]));
  const tasks = new Map(study.tasks.map((task) => [task.id, task]));
  const pairs = new Map(study.pairs.map((pair) => [pair.id, pair]));
  const images = new Set(study.pairs.flatMap((pair) => [pair.real, pair.avatar]));
  const taskOrder = study.tasks.map((task) => task.id);

  const app = Fastify({ logger: false, bodyLimit: ANSWER_BODY_LIMIT, routerOptions: { maxParamLength: 100 } });
  // Answers come as JSON only: any other body type is refused (415) before a handler sees it.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not-found', 'no such page'));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.onError?.(error);
    // Client errors say what was wrong (body too large, not JSON); server errors say nothing of the inside.
    return sendError(reply, status, status === 500 ? 'internal' : (error.code ?? 'bad-request').toLowerCase(), status === 500 ? 'the server could not handle this request' : error.message);
  });

  const raterOf = (request: FastifyRequest): Rater | undefined => {
    const token = bearerToken(request.headers.authorization);
    return token === undefined ? undefined : ratersByToken.get(token);
  };

  app.get<{ Params: { token: string } }>('/rate/:token', async (request, reply) => {
    const known = ratersByToken.has(request.params.token);
    return reply.code(known ? 200 : 404).type('text/html; charset=utf-8').send(raterPageHtml(known));
  });
  app.get('/assets/rater.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(RATER_PAGE_JS));
  app.get('/assets/rater.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(RATER_PAGE_CSS));

  app.get<{ Params: { name: string } }>('/images/:name', async (request, reply) => {
    const { name } = request.params;
    if (!IMAGE_NAME.test(name) || !images.has(name)) return sendError(reply, 404, 'not-found', 'no such image');
    const data = await readFile(join(options.dir, STUDY_FILES.images, name));
    // Images never change within a study: let the browser keep them (the page itself is never cached).
    return reply.type(IMAGE_TYPES[name.slice(name.lastIndexOf('.') + 1)]!).header('cache-control', 'private, max-age=86400').send(data);
  });

  app.get('/api/state', async (request, reply) => {
    const rater = raterOf(request);
    if (!rater) return sendError(reply, 401, 'unknown-rater', 'this link is not valid');
    const at = options.now?.() ?? new Date();
    const staleBefore = new Date(at.getTime() - (options.abandonAfterMinutes ?? 60) * 60_000).toISOString();
    const assignment = store.assignNext(rater.id, taskOrder, study.ratersPerTask, at.toISOString(), staleBefore);
    const completed = store.assignmentsOf(rater.id).filter((a) => a.completedAt !== null).length;
    const questions = study.questions.map((id) => ({ id, text: QUESTIONS[id] }));
    if (!assignment) return { rater: rater.id, questions, completedTasks: completed, task: null };
    const task = tasks.get(assignment.task)!;
    const answered: Record<string, Record<string, boolean>> = {};
    for (const answer of store.answersOf(rater.id, task.id)) (answered[answer.pair] ??= {})[answer.question] = answer.value;
    return {
      rater: rater.id,
      questions,
      completedTasks: completed,
      task: {
        id: task.id,
        pairs: task.pairs.map((id) => ({ id, real: `/images/${pairs.get(id)!.real}`, avatar: `/images/${pairs.get(id)!.avatar}` })),
        answered,
        drafts: store.draftsOf(rater.id, task.id),
      },
    };
  });

  app.put('/api/draft', async (request, reply) => {
    const rater = raterOf(request);
    if (!rater) return sendError(reply, 401, 'unknown-rater', 'this link is not valid');
    const parsed = draftRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(reply, 400, 'invalid-answer', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const { task: taskId, pair, answers } = parsed.data;
    const { extra } = answerCoverage(answers, study.questions);
    if (extra.length) return sendError(reply, 400, 'invalid-answer', `not asked: ${extra.join(', ')}`);
    const task = tasks.get(taskId);
    const assigned = store.assignmentsOf(rater.id).some((assignment) => assignment.task === taskId);
    if (!task || !assigned || !task.pairs.includes(pair)) return sendError(reply, 403, 'not-your-task', 'this pair is not in a task of yours');
    // A draft that arrives after its pair was submitted (requests may overtake each other) changes nothing.
    if (!store.saveDraft(rater.id, taskId, pair, answers, now())) return sendError(reply, 409, 'already-answered', 'this pair is already answered; answers are final');
    return { status: 'saved' };
  });

  app.post('/api/answers', async (request, reply) => {
    const rater = raterOf(request);
    if (!rater) return sendError(reply, 401, 'unknown-rater', 'this link is not valid');
    const parsed = answerRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(reply, 400, 'invalid-answer', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const { task: taskId, pair, answers } = parsed.data;
    const { extra, missing } = answerCoverage(answers, study.questions);
    if (extra.length || missing.length) {
      return sendError(reply, 400, 'invalid-answer', [extra.length ? `not asked: ${extra.join(', ')}` : '', missing.length ? `not answered: ${missing.join(', ')}` : ''].filter(Boolean).join('; '));
    }
    const task = tasks.get(taskId);
    const assigned = store.assignmentsOf(rater.id).some((assignment) => assignment.task === taskId);
    // A task the rater was not given, or a pair not in it, is refused alike: nothing about others' tasks leaks.
    if (!task || !assigned || !task.pairs.includes(pair)) return sendError(reply, 403, 'not-your-task', 'this pair is not in a task of yours');
    const result = store.saveAnswers(rater.id, taskId, pair, answers, task.pairs.length, now());
    if (result === 'conflict') return sendError(reply, 409, 'already-answered', 'this pair was already answered differently; answers are final');
    const answeredPairs = new Set(store.answersOf(rater.id, taskId).map((answer) => answer.pair)).size;
    return { status: result, answeredPairs, taskComplete: answeredPairs >= task.pairs.length };
  });

  return {
    app,
    folder,
    close: async () => {
      await app.close();
      store.close();
    },
  };
}
