import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '@geneava/core/plan';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { buildDataset, itemFromPlan, type CurationSettings, type DatasetBuildOptions } from '../src/index.js';
import { buildDatasetOnQueue, parseQueueUrl } from '../src/index.js';
import { fixtureComponents, type FixtureSpec } from './support/components.js';
import { redisAvailability, startTestRedis, type TestRedis } from '@geneava/testing';
import { startWorkerProcess, type WorkerProcess } from './support/worker-processes.js';

const availability = redisAvailability();
if (!availability.available) process.stdout.write(`skipping the queue tests: ${availability.reason}\n`);
const describeRedis = availability.available ? describe : describe.skip;

const plan = buildPlan({ expressions: ['joy', 'anger'], genders: ['female', 'male'], races: ['white'], ageGroups: ['20s', '30s'] });
const items = plan.map(itemFromPlan);
const ids = items.map((item) => item.id);
const curation: CurationSettings = { identityMinCosine: { fixture: 0.5 }, expressionMinProbCosine: 0.5, requireRedetection: true, keepWhen: 'all' };
// Short locks so that a dead worker's job is taken over quickly, and a job holding its thread for
// three lock durations would be taken over too if the lock were not renewed.
const WORKER_OPTIONS = { lockDurationMs: 1000, stalledIntervalMs: 500, maxStalledCount: 1 };

let redis: TestRedis;
let root: string;
let workers: WorkerProcess[] = [];
let supervising = true;

/** Keeps two worker processes running, starting a new one when one dies (as systemd's Restart=always would). */
function supervise(worker: WorkerProcess): WorkerProcess {
  worker.child.once('exit', () => {
    if (!supervising) return;
    workers = workers.filter((w) => w !== worker);
    workers.push(supervise(startWorkerProcess(redis.url, 'items', WORKER_OPTIONS)));
  });
  return worker;
}

function options(out: string, spec: FixtureSpec, extra: Partial<DatasetBuildOptions> = {}): DatasetBuildOptions {
  return {
    out,
    items,
    components: fixtureComponents(spec),
    filter: { margin: 0.05, maxFaceFraction: 0.6 },
    curation,
    card: { title: 'Queue test', source: 'fixture generator' },
    ...extra,
  };
}

function queueOptions(out: string, spec: FixtureSpec, extra: Partial<DatasetBuildOptions> = {}) {
  return { ...options(out, spec, extra), queue: parseQueueUrl(redis.url, 'items'), spec, backoffMs: 100, reconcileMs: 1000 };
}

async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(folder.length + 1))
    .filter((path) => !path.startsWith('.geneava'))
    .sort();
}

/** Metadata without what differs between any two runs (timings). */
async function metadata(out: string): Promise<MetadataRecord[]> {
  const text = await readFile(join(out, 'metadata.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line, (key, value: unknown) => (/ms$|Ms$|seconds/.test(key) ? undefined : value)) as MetadataRecord);
}

async function markers(dir: string, item: string): Promise<number> {
  return (await readdir(dir)).filter((name) => name.startsWith(`made-${item}-`)).length;
}

describeRedis('distributed builds on BullMQ', () => {
  beforeAll(async () => {
    // Persistence on, as in production (AOF): a restarted server comes back with its queue.
    redis = await startTestRedis({ appendOnly: true });
    workers = [supervise(startWorkerProcess(redis.url, 'items', WORKER_OPTIONS)), supervise(startWorkerProcess(redis.url, 'items', WORKER_OPTIONS))];
    await Promise.all(workers.map((worker) => worker.waitFor('ready')));
  }, 60_000);

  afterAll(async () => {
    supervising = false;
    await Promise.all(workers.map((worker) => worker.stop()));
    await redis?.dispose();
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-queue-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('makes the same folder and metadata as a local build, with locks kept through a job that holds its thread', async () => {
    const spec: FixtureSpec = { markers: root, stylizerFails: [ids[1]!], blockMs: { [ids[2]!]: 3000 } };
    const local = await buildDataset(options(join(root, 'local'), spec));
    const events: string[] = [];
    const distributed = await buildDatasetOnQueue(queueOptions(join(root, 'queue'), spec, { onProgress: (e) => events.push(`${e.task}:${e.status}`) }));

    expect(distributed.counts).toEqual(local.counts);
    expect(local.counts.failed).toBe(1);
    expect(await filesBelow(join(root, 'queue'))).toEqual(await filesBelow(join(root, 'local')));
    expect(await metadata(join(root, 'queue'))).toEqual(await metadata(join(root, 'local')));
    expect(await readFile(join(root, 'queue', 'metadata.csv'), 'utf8')).toEqual(await readFile(join(root, 'local', 'metadata.csv'), 'utf8'));
    // Progress per stage reaches every item, as locally.
    expect(events.filter((e) => e.startsWith('stylize:invert')).length).toBe(items.length);
    // The job that held its thread three lock durations was never taken over: made once here, once locally.
    expect(await markers(root, ids[2]!)).toBe(2);
    expect(workers.flatMap((w) => w.events).filter((e) => e['type'] === 'stalled')).toEqual([]);

    // Enqueued again, the plan adds nothing twice and redoes nothing: every stage is found done.
    const again = await buildDatasetOnQueue(queueOptions(join(root, 'queue'), spec));
    expect(again.stages.ran).toBe(0);
    expect(again.counts).toEqual(local.counts);
    for (const id of ids) expect(await markers(root, id)).toBe(2);
  }, 60_000);

  it('retries transient errors, fails bad input once with its reason, and survives a poison item killing its workers', async () => {
    const spec: FixtureSpec = { markers: root, flaky: { [ids[0]!]: 2 }, badInput: [ids[3]!], poison: [ids[5]!], sleepMs: { [ids[6]!]: 200 } };
    const result = await buildDatasetOnQueue(queueOptions(join(root, 'out'), spec));
    const records = await metadata(join(root, 'out'));

    expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(result.counts.items).toBe(items.length);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(ids[0]!)?.status).not.toBe('failed');
    expect(JSON.stringify(byId.get(ids[3]!))).toContain('the prompt is empty');
    expect(byId.get(ids[3]!)?.status).toBe('failed');
    expect(byId.get(ids[5]!)?.status).toBe('failed');
    expect(JSON.stringify(byId.get(ids[5]!))).toContain('stalled');
    // The bad input was tried once; the transient error twice and then passed.
    const failures = workers.flatMap((w) => w.events).filter((e) => e['type'] === 'failed');
    expect(failures.filter((e) => e['item'] === ids[3]).length).toBeLessThanOrEqual(1);
    for (const id of ids.filter((id) => id !== ids[3] && id !== ids[5])) expect(await markers(root, id)).toBe(1);
    // Every image and avatar exists once, under its item's path.
    const files = await filesBelow(join(root, 'out'));
    expect(new Set(files).size).toBe(files.length);
    expect(files.filter((f) => f.startsWith('images')).length).toBe(items.length - 2);
  }, 90_000);

  it('lets one of two coordinators started on one plan build it, and the other say the folder is in use', async () => {
    const spec: FixtureSpec = { markers: root };
    const outcomes = await Promise.allSettled([buildDatasetOnQueue(queueOptions(join(root, 'out'), spec)), buildDatasetOnQueue(queueOptions(join(root, 'out'), spec))]);
    const built = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(built).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!.reason)).toMatch(/lock|in use|another/i);
    expect((await metadata(join(root, 'out'))).map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await markers(root, id)).toBe(1);
  }, 60_000);

  it('finishes every item exactly once when Redis restarts mid-run', async () => {
    const spec: FixtureSpec = { markers: root, sleepMs: Object.fromEntries(ids.map((id) => [id, 400])) };
    const earlier = new Set(workers.flatMap((worker) => worker.events));
    const errors: string[] = [];
    const building = buildDatasetOnQueue({ ...queueOptions(join(root, 'out'), spec), onQueueError: (message) => errors.push(message) });
    // Restart once the first item of this build is done (the others are running or waiting).
    await Promise.race(workers.map((worker) => worker.waitFor('done', (event) => !earlier.has(event))));
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.start();
    const result = await building;

    const records = await metadata(join(root, 'out'));
    expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(result.counts.failed).toBe(0);
    expect(errors.length).toBeGreaterThan(0);
    const files = await filesBelow(join(root, 'out'));
    expect(files.filter((f) => f.startsWith('images')).length).toBe(items.length);
    const journal = (await readFile(join(root, 'out', '.geneava', 'journal.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; stage: string });
    // One journalled completion per item and stage: no job's result was taken in twice.
    expect(new Set(journal.map((e) => `${e.id} ${e.stage}`)).size).toBe(journal.length);
  }, 60_000);

  it('takes in the jobs a stopped coordinator left behind when it is started again, making nothing twice', async () => {
    const spec: FixtureSpec = { markers: root, sleepMs: Object.fromEntries(ids.map((id) => [id, 300])) };
    const earlier = new Set(workers.flatMap((worker) => worker.events));
    const controller = new AbortController();
    const first = buildDatasetOnQueue({ ...queueOptions(join(root, 'out'), spec), signal: controller.signal });
    await Promise.race(workers.map((worker) => worker.waitFor('done', (event) => !earlier.has(event))));
    controller.abort(new Error('stopped'));
    await expect(first).rejects.toThrow('stopped');
    // Let the remaining jobs end while no coordinator follows them.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // The jobs of the first coordinator go on meanwhile; the second adds the same ones (nothing new) and follows them.
    // No periodic look-ups (60 s): jobs that ended while no coordinator ran are found through their duplicated add.
    const second = await buildDatasetOnQueue({ ...queueOptions(join(root, 'out'), spec), reconcileMs: 60_000 });
    expect((await metadata(join(root, 'out'))).map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(second.counts.failed).toBe(0);
    for (const id of ids) expect(await markers(root, id)).toBe(1);
  }, 60_000);
});

