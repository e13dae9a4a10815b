import { Worker as Thread } from 'node:worker_threads';
import { reasonOf } from '@geneava/core/util';
import { ItemRunner, stageFingerprints, type DatasetComponents, type DecisionSettings, type StageFingerprints } from '../dataset/index.js';
import { Redis } from 'ioredis';
import { isPermanent, PermanentJobError } from './errors.js';
import { ItemJournal } from './item-journal.js';
import { runRecordKey, type ItemJobData, type ItemJobResult, type ItemTick, type RunRecord } from './job-data.js';
import { identitiesDigest } from './identities.js';
import { QUEUE_THREAD_SOURCE } from './queue-thread.js';
import { connectionOf, type QueueAddress } from './queue-url.js';
import { resolveBullmq } from './resolve-bullmq.js';

/** A run's components as a worker loaded them; `dispose` releases their sessions when the worker stops. */
export interface LoadedRun {
  readonly components: DatasetComponents;
  dispose?(): Promise<void>;
}

/** Builds a run's components from the spec its coordinator published (once per run and worker process). */
export type RunLoader = (spec: unknown, record: RunRecord) => Promise<LoadedRun>;

export type WorkerEvent =
  | { readonly type: 'ready' }
  | { readonly type: 'job'; readonly job: string; readonly item: string; readonly attempt: number }
  | { readonly type: 'done'; readonly job: string; readonly item: string; readonly ms: number }
  | { readonly type: 'failed'; readonly job: string; readonly item: string; readonly reason: string; readonly permanent: boolean }
  | { readonly type: 'stalled'; readonly job: string }
  | { readonly type: 'error'; readonly message: string };

export interface DatasetWorkerOptions {
  readonly queue: QueueAddress;
  readonly load: RunLoader;
  /** Jobs worked on at once in this process (default 1: one process per GPU). */
  readonly concurrency?: number;
  /** How long a job's lock lasts before another worker may take the job over (default 30 s); renewed at half of it. */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** How many times a job may be found stalled (its worker died) before it fails (default 2). */
  readonly maxStalledCount?: number;
  readonly onEvent?: (event: WorkerEvent) => void;
}

export interface DatasetWorker {
  /** Stops taking jobs, waits for the running ones (unless `force`), and releases the loaded models. */
  close(force?: boolean): Promise<void>;
}

interface PreparedRun {
  readonly record: RunRecord;
  readonly loaded: LoadedRun;
  readonly fingerprints: StageFingerprints;
  readonly settings: DecisionSettings;
}

type ThreadMessage =
  | { type: 'job'; call: number; id: string; data: ItemJobData; attemptsMade: number }
  | { type: 'ready' }
  | { type: 'stalled'; id: string }
  | { type: 'error'; message: string }
  | { type: 'closed'; error?: string };

/**
 * A queue worker: takes item jobs and runs each item's stages with the same ItemRunner as the local
 * build, against the item's journal entries carried by the job, writing its files into the shared
 * output folder. Models are loaded once per run and process. Jobs come through a worker thread
 * (see queue-thread.ts) so lock renewal never waits for inference.
 */
export async function startDatasetWorker(options: DatasetWorkerOptions): Promise<DatasetWorker> {
  const { queue, onEvent } = options;
  const redis = new Redis(connectionOf(queue, true));
  redis.on('error', (error: unknown) => onEvent?.({ type: 'error', message: reasonOf(error) }));
  const runs = new Map<string, Promise<PreparedRun>>();

  const prepare = (run: string): Promise<PreparedRun> => {
    let prepared = runs.get(run);
    if (!prepared) {
      prepared = prepareRun(redis, queue.name, run, options.load);
      runs.set(run, prepared);
      // A load that failed is tried again by the next job (a transient cause may have passed).
      prepared.catch(() => runs.delete(run));
    }
    return prepared;
  };

  const work = async (data: ItemJobData): Promise<ItemJobResult> => {
    const started = performance.now();
    const run = await prepare(data.run);
    const journal = new ItemJournal(data.entries);
    const ticks: ItemTick[] = [];
    const runner = new ItemRunner(run.record.out, journal, run.loaded.components, run.fingerprints, run.settings, 1, (event) => {
      if (event.item === data.item.id) ticks.push({ task: event.task, ...(event.status ? { status: event.status } : {}), ...(event.message ? { message: event.message } : {}) });
    }, undefined);
    await runner.acquire([data.item]);
    await runner.process(data.item);
    return { entries: journal.added, ticks, ms: Math.round(performance.now() - started) };
  };

  const thread = new Thread(QUEUE_THREAD_SOURCE, {
    eval: true,
    workerData: {
      bullmq: resolveBullmq(),
      queue: queue.name,
      options: {
        connection: connectionOf(queue, true),
        concurrency: options.concurrency ?? 1,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        maxStalledCount: options.maxStalledCount ?? 2,
      },
    },
  });
  let closed: ((error?: string) => void) | undefined;
  let ready: (() => void) | undefined;
  let failedStart: ((error: Error) => void) | undefined;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failedStart = reject;
  });
  thread.on('error', (error) => {
    failedStart?.(error);
    onEvent?.({ type: 'error', message: reasonOf(error) });
  });
  thread.on('message', (message: ThreadMessage) => {
    switch (message.type) {
      case 'ready':
        ready?.();
        onEvent?.({ type: 'ready' });
        return;
      case 'stalled':
        onEvent?.({ type: 'stalled', job: message.id });
        return;
      case 'error':
        onEvent?.({ type: 'error', message: message.message });
        return;
      case 'closed':
        closed?.(message.error);
        return;
      case 'job': {
        const { call, id, data } = message;
        onEvent?.({ type: 'job', job: id, item: data.item.id, attempt: message.attemptsMade + 1 });
        work(data).then(
          (value) => {
            onEvent?.({ type: 'done', job: id, item: data.item.id, ms: value.ms });
            thread.postMessage({ type: 'answer', call, ok: true, value });
          },
          (error: unknown) => {
            const permanent = isPermanent(error);
            onEvent?.({ type: 'failed', job: id, item: data.item.id, reason: reasonOf(error), permanent });
            thread.postMessage({ type: 'answer', call, ok: false, reason: reasonOf(error), permanent });
          },
        );
        return;
      }
    }
  });
  await started;

  return {
    close: async (force = false) => {
      const done = new Promise<string | undefined>((resolve) => (closed = resolve));
      thread.postMessage({ type: 'close', force });
      const error = await done;
      await thread.terminate();
      redis.disconnect();
      for (const prepared of runs.values()) {
        const run = await prepared.catch(() => undefined);
        await run?.loaded.dispose?.();
      }
      if (error) throw new Error(`closing the queue worker: ${error}`);
    },
  };
}

async function prepareRun(redis: Redis, queueName: string, run: string, load: RunLoader): Promise<PreparedRun> {
  const text = await redis.get(runRecordKey(queueName, run));
  if (text === null) throw new PermanentJobError(`run ${run} has no record in queue "${queueName}" (its coordinator did not publish it, or it was removed)`);
  const record = JSON.parse(text) as RunRecord;
  const loaded = await load(record.spec, record);
  try {
    const fingerprints = await stageFingerprints(loaded.components);
    const digest = identitiesDigest(fingerprints.identities);
    if (digest !== record.identities) {
      throw new PermanentJobError(`this worker's models or settings differ from the coordinator's (identity ${digest.slice(0, 12)} vs ${record.identities.slice(0, 12)}): mount the same model files and plugins on every machine`);
    }
    const settings: DecisionSettings = {
      filter: record.filter,
      curation: record.curation,
      ...(record.exclusions ? { exclusions: new Map(record.exclusions) } : {}),
    };
    return { record, loaded, fingerprints, settings };
  } catch (error) {
    await loaded.dispose?.();
    throw error;
  }
}
