import { reasonOf } from '@geneava/core/util';
import { finishDatasetBuild, openDatasetBuild, STAGES, type DatasetBuild, type DatasetBuildOptions, type DatasetBuildResult, type DatasetItem, type StageCounts } from '../dataset/index.js';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { identitiesDigest } from './identities.js';
import { itemJobId, runRecordKey, sha256, type ItemJobData, type ItemJobResult, type RunRecord } from './job-data.js';
import { connectionOf, type QueueAddress } from './queue-url.js';

export interface QueueBuildOptions extends DatasetBuildOptions {
  readonly queue: QueueAddress;
  /** What workers need to build the same components (handed to their RunLoader); plain JSON. */
  readonly spec: unknown;
  /** Tries per item job before it fails (default 3); stalled jobs (a worker died) are retried on top. */
  readonly attempts?: number;
  /** First retry delay, doubled each try (default 5000 ms, with jitter). */
  readonly backoffMs?: number;
  /** After this long without any event of the queue (default 10 s), every unfinished job is looked up: events can be missed across a Redis restart. */
  readonly reconcileMs?: number;
  /** Connection trouble with Redis (the coordinator keeps reconnecting and following meanwhile). */
  readonly onQueueError?: (message: string) => void;
  /** Coordinator-side milliseconds spent per item (enqueueing, following, journalling), for the benchmark. */
  readonly onOverhead?: (msPerItem: number) => void;
}

const JOB_NAME = 'item';
const ADD_CHUNK = 500;
const KEEP_SECONDS = 7 * 24 * 3600;

/** The first stage an item has not got done, where a failed job's reason is recorded. */
function failedStageOf(build: DatasetBuild, item: DatasetItem): string {
  return build.journal.isDone(item.id, STAGES.image) ? STAGES.faces : STAGES.image;
}

/**
 * The distributed build's coordinator: opens the build like the local runner (folder lock, fingerprints,
 * journal), publishes the run for workers, adds one job per item (ids from the run, the item and its
 * recorded state, so adding again adds nothing twice), follows the jobs and appends each finished
 * item's journal entries to the run's journal, then assembles the dataset (metadata, card, report)
 * exactly as a local build does. A job that fails for good is recorded as the item's failure with its
 * reason; running again retries it, as locally.
 */
export async function buildDatasetOnQueue(options: QueueBuildOptions): Promise<DatasetBuildResult> {
  const build = await openDatasetBuild(options);
  const redis = new Redis(connectionOf(options.queue, true));
  const queue = new Queue<ItemJobData, ItemJobResult>(options.queue.name, { connection: connectionOf(options.queue, true) });
  let events: QueueEvents | undefined;
  let overheadMs = 0;
  const onError = (error: unknown) => options.onQueueError?.(reasonOf(error));
  redis.on('error', onError);
  queue.on('error', onError);
  try {
    const t0 = performance.now();
    const { items, fingerprints } = build;
    const identities = identitiesDigest(fingerprints.identities);
    const record: RunRecord = {
      out: build.out,
      filter: options.filter,
      curation: options.curation,
      ...(options.exclusions ? { exclusions: [...options.exclusions] } : {}),
      spec: options.spec,
      identities,
    };
    const run = sha256(JSON.stringify(record)).slice(0, 16);
    await redis.set(runRecordKey(options.queue.name, run), JSON.stringify(record), 'EX', KEEP_SECONDS);

    const jobs = new Map<string, { item: DatasetItem; data: ItemJobData }>();
    for (const item of items) {
      const entries = build.journal.stagesOf(item.id);
      const id = itemJobId(run, item, await fingerprints.image(item), entries);
      jobs.set(id, { item, data: { run, item, entries } });
    }
    const follower = new Follower(build, options, jobs, queue);
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => follower.completed(jobId, returnvalue as ItemJobResult | string);
    // A failed event may be a try that will be retried; an added job that already existed (another
    // coordinator's, or this plan's before a restart) may have ended already: look either up.
    const onLookUp = ({ jobId }: { jobId: string }) => void follower.check([jobId]).catch(onError);
    const onAny = () => follower.heard();
    // Follow the queue's events from the latest one now: a follower that started reading later would
    // miss the events of its own first adds (e.g. "duplicated" for jobs that already ended).
    const [latest] = await redis.xrevrange(`bull:${options.queue.name}:events`, '+', '-', 'COUNT', 1);
    events = new QueueEvents(options.queue.name, { connection: connectionOf(options.queue, true), lastEventId: latest?.[0] ?? '0-0' });
    events.on('error', onError);
    events.on('completed', onCompleted);
    events.on('failed', onLookUp);
    events.on('duplicated', onLookUp);
    events.on('active', onAny);
    events.on('progress', onAny);
    await events.waitUntilReady();

    const add = async (ids: readonly string[]) => {
      for (let start = 0; start < ids.length; start += ADD_CHUNK) {
        await queue.addBulk(
          ids.slice(start, start + ADD_CHUNK).map((id) => ({
            name: JOB_NAME,
            data: jobs.get(id)!.data,
            opts: {
              jobId: id,
              attempts: options.attempts ?? 3,
              backoff: { type: 'exponential', delay: options.backoffMs ?? 5000, jitter: 0.5 },
              removeOnComplete: { age: KEEP_SECONDS },
              removeOnFail: { age: KEEP_SECONDS },
            },
          })),
        );
      }
    };
    follower.readd = add;
    await add([...jobs.keys()]);
    overheadMs += performance.now() - t0;
    await follower.finished(options.reconcileMs ?? 10_000, options.signal);
    overheadMs += follower.overheadMs;
    events.off('completed', onCompleted);
    events.off('failed', onLookUp);
    events.off('duplicated', onLookUp);
    events.off('active', onAny);
    events.off('progress', onAny);
    if (items.length > 0) options.onOverhead?.(overheadMs / items.length);
    return await finishDatasetBuild(build, follower.counts);
  } finally {
    await events?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    redis.disconnect();
    await build.close();
  }
}

/** Follows the run's jobs to their end, journalling each item once. */
class Follower {
  readonly pending: Set<string>;
  readonly counts: StageCounts = { ran: 0, resumed: 0, failed: 0 };
  overheadMs = 0;
  readd: (ids: readonly string[]) => Promise<void> = async () => undefined;
  private readonly progress = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private error: unknown;
  private lastEvent = performance.now();

  constructor(
    private readonly build: DatasetBuild,
    private readonly options: QueueBuildOptions,
    private readonly jobs: ReadonlyMap<string, { item: DatasetItem; data: ItemJobData }>,
    private readonly queue: Queue<ItemJobData, ItemJobResult>,
  ) {
    this.pending = new Set(jobs.keys());
  }

  private tick(task: string, item: string, status: 'ok' | 'skipped' | 'failed' | undefined, message?: string): void {
    const done = (this.progress.get(task) ?? 0) + 1;
    this.progress.set(task, done);
    this.options.onProgress?.({ task, done, total: this.build.items.length, item, ...(status ? { status } : {}), ...(message ? { message } : {}) });
  }

  /** Journal writes happen one after another, in the order results arrive. */
  private serial(work: () => Promise<void>): void {
    this.writing = this.writing.then(work).catch((error: unknown) => {
      this.error ??= error;
      this.wake?.();
    });
  }

  /** An event of the queue arrived: it is alive, no need to look every job up. */
  heard(): void {
    this.lastEvent = performance.now();
  }

  completed(jobId: string, value: ItemJobResult | string | null | undefined): void {
    this.heard();
    // A job read just before it completed carries no result yet; the next look-up takes it in.
    if (value === null || value === undefined || !this.pending.has(jobId)) return;
    this.pending.delete(jobId);
    const { item } = this.jobs.get(jobId)!;
    const result = (typeof value === 'string' ? JSON.parse(value) : value) as ItemJobResult;
    this.serial(async () => {
      const started = performance.now();
      for (const entry of result.entries) {
        await this.build.journal.append({ id: entry.id, stage: entry.stage, status: entry.status, ...(entry.data ? { data: entry.data } : {}) });
        if (entry.status === 'failed') this.counts.failed++;
        else this.counts.ran++;
      }
      for (const tick of result.ticks) {
        if (tick.status === 'skipped' && result.entries.length === 0) this.counts.resumed++;
        this.tick(tick.task, item.id, tick.status, tick.message);
      }
      this.overheadMs += performance.now() - started;
      if (this.pending.size === 0) this.wake?.();
    });
  }

  private failed(jobId: string, reason: string): void {
    if (!this.pending.delete(jobId)) return;
    const { item } = this.jobs.get(jobId)!;
    this.serial(async () => {
      const stage = failedStageOf(this.build, item);
      await this.build.journal.append({ id: item.id, stage, status: 'failed', data: { reason } });
      this.counts.failed++;
      this.tick(stage === STAGES.image ? this.build.components.provider.kind : 'faces', item.id, 'failed', reason);
      if (this.pending.size === 0) this.wake?.();
    });
  }

  /** Looks jobs up: finished ones are taken in, removed ones added again. */
  async check(ids: readonly string[]): Promise<void> {
    const started = performance.now();
    const missing: string[] = [];
    for (let start = 0; start < ids.length; start += 200) {
      const chunk = ids.slice(start, start + 200).filter((id) => this.pending.has(id));
      const found = await Promise.all(chunk.map((id) => this.queue.getJob(id)));
      for (const [index, job] of found.entries()) {
        const id = chunk[index]!;
        if (!job) missing.push(id);
        else await this.take(job);
      }
    }
    if (missing.length > 0) await this.readd(missing);
    this.overheadMs += performance.now() - started;
  }

  private async take(job: Job<ItemJobData, ItemJobResult>): Promise<void> {
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return;
    // Read again: the job may have ended after it was first read, without its result or reason then.
    const ended = (await this.queue.getJob(job.id!)) ?? job;
    if (state === 'completed') this.completed(job.id!, ended.returnvalue);
    else this.failed(job.id!, ended.failedReason || 'the job failed without a reason');
  }

  /** Resolves when every job has ended and its entries are journalled. */
  async finished(reconcileMs: number, signal: AbortSignal | undefined): Promise<void> {
    signal?.addEventListener('abort', () => this.wake?.(), { once: true });
    while (this.pending.size > 0) {
      signal?.throwIfAborted();
      if (this.error) throw this.error;
      await new Promise<void>((resolve) => {
        if (this.pending.size === 0) return resolve();
        const timer = setTimeout(resolve, reconcileMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      const quiet = performance.now() - this.lastEvent >= reconcileMs;
      if (this.pending.size > 0 && quiet) await this.check([...this.pending]).catch((error: unknown) => this.options.onProgress?.({ task: 'queue', done: 0, message: `looking jobs up: ${reasonOf(error)}` }));
    }
    await this.writing;
    if (this.error) throw this.error;
  }
}
