import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStudy } from '../../test/study-fixture.js';
import { createStudyServer, type StudyServer } from './create-server.js';

describe('study server', () => {
  let study: Awaited<ReturnType<typeof makeStudy>>;
  let server: StudyServer;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const state = async (token: string) => (await server.app.inject({ method: 'GET', url: '/api/state', headers: auth(token) })).json();
  const answer = (token: string, body: unknown) =>
    server.app.inject({ method: 'POST', url: '/api/answers', headers: { ...auth(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  beforeEach(async () => {
    study = await makeStudy();
    server = await createStudyServer({ dir: study.dir });
  });
  afterEach(async () => {
    await server.close();
    await study.remove();
  });

  it('serves the rater page for a known token only, with a strict content security policy', async () => {
    const page = await server.app.inject({ url: `/rate/${study.created.raters[0]!.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/assets/rater.js');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const unknown = await server.app.inject({ url: '/rate/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('not valid');
  });

  it('refuses the API without a token or with a token it does not know', async () => {
    expect((await server.app.inject({ url: '/api/state' })).statusCode).toBe(401);
    expect((await server.app.inject({ url: '/api/state', headers: auth('x'.repeat(32)) })).statusCode).toBe(401);
    expect((await server.app.inject({ url: '/api/state', headers: { authorization: study.created.raters[0]!.token } })).statusCode).toBe(401);
    expect((await answer('y'.repeat(32), { task: 't001', pair: 'p0001', answers: { identity: true, expression: true } })).statusCode).toBe(401);
  });

  it('serves only the study images: no path traversal, no other file of the folder', async () => {
    const [first] = await readdir(join(study.dir, 'images'));
    const ok = await server.app.inject({ url: `/images/${first}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/png');
    await writeFile(join(study.dir, 'images', '0123456789abcdef.png'), 'not listed in study.json');
    for (const url of [
      '/images/../key.json',
      '/images/..%2fkey.json',
      '/images/%2e%2e%2fraters.json',
      '/images/..%5craters.json',
      '/images/0123456789abcdef.png',
      '/images/',
      '/key.json',
      '/study.json',
      '/raters.json',
      '/answers.db',
      '/images/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/assets/../key.json',
    ]) {
      const response = await server.app.inject({ url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
      expect(response.body).not.toContain('token');
    }
  });

  it('gives each rater a task, and a rater cannot answer a pair outside their own tasks', async () => {
    const [a, b] = study.created.raters;
    const stateA = await state(a!.token);
    const stateB = await state(b!.token);
    expect(stateA.task.id).not.toBe(stateB.task.id);
    expect(JSON.stringify(stateA)).not.toMatch(/classic|anime|glee|rage|mobileface/);
    const pairOfB = stateB.task.pairs[0].id;
    expect((await answer(a!.token, { task: stateB.task.id, pair: pairOfB, answers: { identity: true, expression: true } })).statusCode).toBe(403);
    expect((await answer(a!.token, { task: stateA.task.id, pair: pairOfB, answers: { identity: true, expression: true } })).statusCode).toBe(403);
    // B's task shows none of A's answers.
    expect((await answer(a!.token, { task: stateA.task.id, pair: stateA.task.pairs[0].id, answers: { identity: false, expression: true } })).statusCode).toBe(200);
    expect((await state(b!.token)).task.answered).toEqual({});
    expect((await state(a!.token)).task.answered).toEqual({ [stateA.task.pairs[0].id]: { identity: false, expression: true } });
  });

  it('rejects malformed, incomplete, over-complete and oversized answers', async () => {
    const rater = study.created.raters[0]!;
    const { task } = await state(rater.token);
    const pair = task.pairs[0].id;
    const bad = [
      { task: task.id, pair, answers: { identity: 'yes', expression: true } },
      { task: task.id, pair, answers: { identity: true } },
      { task: task.id, pair, answers: { identity: true, expression: true, cartoon: true } },
      { task: task.id, pair, answers: { identity: true, expression: true }, extra: 1 },
      { task: '../t001', pair, answers: { identity: true, expression: true } },
      { task: task.id, pair: 'p1; DROP TABLE answers', answers: { identity: true, expression: true } },
      [],
      null,
    ];
    for (const body of bad) {
      const response = await answer(rater.token, body);
      expect({ body, status: response.statusCode }).toEqual({ body, status: 400 });
      expect(response.json().error.code).toBe('invalid-answer');
    }
    const notJson = await server.app.inject({ method: 'POST', url: '/api/answers', headers: { ...auth(rater.token), 'content-type': 'application/json' }, payload: '{"task":' });
    expect(notJson.statusCode).toBe(400);
    const oversized = await answer(rater.token, { task: task.id, pair, answers: { identity: true, expression: true }, padding: 'x'.repeat(5000) });
    expect(oversized.statusCode).toBe(413);
    const wrongType = await server.app.inject({ method: 'POST', url: '/api/answers', headers: { ...auth(rater.token), 'content-type': 'text/plain' }, payload: 'identity=yes' });
    expect(wrongType.statusCode).toBe(415);
    expect((await state(rater.token)).task.answered).toEqual({});
  });

  it('keeps draft choices of the pair on screen until it is submitted, for the rater alone', async () => {
    const [a, b] = study.created.raters;
    const { task } = await state(a!.token);
    const pair = task.pairs[0].id;
    const draft = (token: string, body: unknown) =>
      server.app.inject({ method: 'PUT', url: '/api/draft', headers: { ...auth(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect((await draft(a!.token, { task: task.id, pair, answers: { identity: true } })).statusCode).toBe(200);
    expect((await draft(a!.token, { task: task.id, pair, answers: { identity: false, expression: true } })).statusCode).toBe(200);
    expect((await state(a!.token)).task.drafts).toEqual({ [pair]: { identity: false, expression: true } });
    await state(b!.token);
    expect((await draft(b!.token, { task: task.id, pair, answers: { identity: true } })).statusCode).toBe(403);
    expect((await draft(a!.token, { task: task.id, pair, answers: {} })).statusCode).toBe(400);
    expect((await draft(a!.token, { task: task.id, pair, answers: { cartoon: true } })).statusCode).toBe(400);
    // Submitting makes the answers final and the draft goes.
    await answer(a!.token, { task: task.id, pair, answers: { identity: true, expression: true } });
    expect((await state(a!.token)).task.drafts).toEqual({});
    expect((await draft(a!.token, { task: task.id, pair, answers: { identity: false } })).statusCode).toBe(409);
    expect((await state(a!.token)).task.answered[pair]).toEqual({ identity: true, expression: true });
  });

  it('answering a pair twice: the same answers are accepted and change nothing, different ones are refused', async () => {
    const rater = study.created.raters[0]!;
    const { task } = await state(rater.token);
    const pair = task.pairs[0].id;
    const first = await answer(rater.token, { task: task.id, pair, answers: { identity: true, expression: false } });
    expect(first.json()).toMatchObject({ status: 'saved', answeredPairs: 1 });
    const again = await answer(rater.token, { task: task.id, pair, answers: { identity: true, expression: false } });
    expect(again.json()).toMatchObject({ status: 'unchanged', answeredPairs: 1 });
    const changed = await answer(rater.token, { task: task.id, pair, answers: { identity: false, expression: false } });
    expect(changed.statusCode).toBe(409);
    expect((await state(rater.token)).task.answered[pair]).toEqual({ identity: true, expression: false });
  });

  it('keeps every answer and the task in progress across a restart, then moves to the next task once one is done', async () => {
    const rater = study.created.raters[0]!;
    const { task } = await state(rater.token);
    await answer(rater.token, { task: task.id, pair: task.pairs[0].id, answers: { identity: true, expression: true } });
    await server.close();
    server = await createStudyServer({ dir: study.dir });
    const after = await state(rater.token);
    expect(after.task.id).toBe(task.id);
    expect(Object.keys(after.task.answered)).toEqual([task.pairs[0].id]);
    let last;
    for (const pair of task.pairs.slice(1)) last = (await answer(rater.token, { task: task.id, pair: pair.id, answers: { identity: false, expression: true } })).json();
    expect(last).toMatchObject({ taskComplete: true });
    const next = await state(rater.token);
    expect(next.completedTasks).toBe(1);
    expect(next.task.id).not.toBe(task.id);
  });

  it('gives a task abandoned for longer than the limit to another rater as well', async () => {
    const small = await makeStudy({ pairsPerTask: 12, ratersPerTask: 1, raters: 3 });
    let clock = new Date('2026-03-01T10:00:00Z');
    const other = await createStudyServer({ dir: small.dir, now: () => clock, abandonAfterMinutes: 30 });
    try {
      const get = async (token: string) => (await other.app.inject({ url: '/api/state', headers: auth(token) })).json();
      const [a, b, c] = small.created.raters;
      const first = (await get(a!.token)).task.id;
      const second = (await get(b!.token)).task.id;
      expect(second).not.toBe(first);
      // Both tasks are held: the third rater waits for one to be abandoned.
      expect((await get(c!.token)).task).toBeNull();
      clock = new Date('2026-03-01T10:31:00Z');
      expect([first, second]).toContain((await get(c!.token)).task.id);
      // The first raters keep their tasks and can still finish them.
      expect((await get(a!.token)).task.id).toBe(first);
    } finally {
      await other.close();
      await small.remove();
    }
  });

  it('reports a failure inside the server to its owner, and only a plain message to the rater', async () => {
    const errors: unknown[] = [];
    const failing = await createStudyServer({ dir: study.dir, onError: (error) => errors.push(error), now: () => new Date(Number.NaN) });
    try {
      const response = await failing.app.inject({ url: '/api/state', headers: auth(study.created.raters[0]!.token) });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'internal', message: 'the server could not handle this request' } });
      expect(errors).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });

  it('gives no task to more raters than the study asks for, and says when a rater is done', async () => {
    const small = await makeStudy({ pairsPerTask: 12, ratersPerTask: 1, raters: 2 });
    const other = await createStudyServer({ dir: small.dir });
    try {
      expect(small.created.tasks).toBe(2);
      const get = async (token: string) => (await other.app.inject({ url: '/api/state', headers: auth(token) })).json();
      const [a, b, c] = [small.created.raters[0]!, small.created.raters[1]!, undefined];
      expect(c).toBeUndefined();
      const taskA = (await get(a.token)).task;
      const taskB = (await get(b.token)).task;
      expect(taskA.id).not.toBe(taskB.id);
      for (const pair of taskA.pairs) {
        await other.app.inject({ method: 'POST', url: '/api/answers', headers: { ...auth(a.token), 'content-type': 'application/json' }, payload: { task: taskA.id, pair: pair.id, answers: { identity: true, expression: true } } });
      }
      // Both tasks have their one rater: A is done.
      expect(await get(a.token)).toMatchObject({ completedTasks: 1, task: null });
    } finally {
      await other.close();
      await small.remove();
    }
  });
});
