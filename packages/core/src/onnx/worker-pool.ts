/**
 * onnxruntime runs beside the main thread. onnxruntime-node's `InferenceSession.run` is synchronous
 * inside a promise (the addon runs the graph on the calling thread), so sessions used from one thread
 * run one after another and block every JavaScript step in between, whatever their intra-op threads.
 * A pool of worker threads, each with its own onnxruntime sessions of the same files, lets runs of
 * different models (or of one model on different inputs) proceed at once. Same onnxruntime build, same
 * model file, same session options: a run in a worker gives the same numbers as a run on the main thread.
 *
 * The calling thread is one of the executors: a run goes to a worker only when the calling thread
 * already has more runs waiting than that worker. A chain of runs that each wait for the one before
 * (detect, then landmarks, then a second landmark pass) stays on the calling thread and pays no
 * hand-over; runs started together (one per face, or of several models) are shared out. Handing a run
 * to a thread that is not running costs a scheduling delay, which on a machine busy with other work is
 * milliseconds per hand-over: always handing over made a face-analysis pass slower there, not faster.
 *
 * The workers are started from source text (no separate script file to locate), and they load the very
 * onnxruntime-node this module imported (found in the CommonJS module cache, where Node puts it even
 * when an ES module imports it).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GeneavaError } from '../util/errors.js';

/** What a worker takes to open a session: the model and onnxruntime's session options. */
export type WorkerModel = string | Uint8Array;

/** A tensor as it crosses the thread boundary (onnxruntime's type name, dims, data). */
export interface WorkerTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

interface Pending {
  readonly resolve: (value: Record<string, WorkerTensor> | undefined) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Why the worker stopped, once it has. */
  failure?: string;
}

interface Reply {
  readonly id: number;
  readonly outputs?: Record<string, WorkerTensor>;
  readonly error?: string;
}

const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.onnxruntimeEntry);
const sessions = new Map();
parentPort.on('message', async (message) => {
  const id = message.id;
  try {
    if (message.op === 'load') {
      sessions.set(message.model, await ort.InferenceSession.create(message.source, message.options));
      parentPort.postMessage({ id });
    } else if (message.op === 'run') {
      const session = sessions.get(message.model);
      if (!session) throw new Error('model ' + message.model + ' is not loaded in this worker');
      const feeds = {};
      for (const name of Object.keys(message.feeds)) {
        const feed = message.feeds[name];
        feeds[name] = new ort.Tensor(feed.type, feed.data, feed.dims);
      }
      const results = message.fetches ? await session.run(feeds, message.fetches) : await session.run(feeds);
      const outputs = {};
      const buffers = new Set();
      for (const name of Object.keys(results)) {
        const tensor = results[name];
        outputs[name] = { type: tensor.type, dims: tensor.dims, data: tensor.data };
        if (tensor.data && tensor.data.buffer instanceof ArrayBuffer) buffers.add(tensor.data.buffer);
      }
      try {
        parentPort.postMessage({ id, outputs }, [...buffers]);
      } catch {
        // Buffers onnxruntime cannot give away are copied instead.
        parentPort.postMessage({ id, outputs });
      }
    } else if (message.op === 'release') {
      const session = sessions.get(message.model);
      sessions.delete(message.model);
      if (session) await session.release();
      parentPort.postMessage({ id });
    }
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** Raised when the pool cannot start or has stopped. */
export class OnnxWorkerPoolError extends GeneavaError {
  constructor(message: string) {
    super(message, 'onnx-worker-pool');
  }
}

/**
 * Worker threads that hold onnxruntime sessions. Give it to `OnnxRuntime.createSession` (option
 * `workers`): the session is opened in every worker too, and each run goes to the calling thread or to
 * the worker with the fewest runs waiting, as the module comment says. Dispose it after the sessions
 * that use it.
 */
export class OnnxWorkerPool {
  readonly size: number;
  private readonly workers: PoolWorker[];
  private nextId = 0;
  private nextModel = 0;
  private disposed = false;
  /** Runs of pooled sessions started on the calling thread and not finished. */
  private local = 0;

  /** Starts `size` workers; throws when onnxruntime-node cannot be located for them (see onnxRuntimeEntry). */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new OnnxWorkerPoolError(`an ONNX worker pool needs a whole number of workers from 1, got ${String(size)}`);
    const onnxruntimeEntry = onnxRuntimeEntry();
    if (!onnxruntimeEntry) throw new OnnxWorkerPoolError('onnxruntime-node could not be located for worker threads');
    this.size = size;
    this.workers = Array.from({ length: size }, () => this.startWorker(onnxruntimeEntry));
  }

  /** Opens the model in every worker; resolves to the model's handle for run and release. */
  async load(source: WorkerModel, options: Record<string, unknown>): Promise<number> {
    const model = this.nextModel++;
    const loads = this.workers.map((worker) => this.request(worker, { op: 'load', model, source, options }));
    const settled = await Promise.allSettled(loads);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      await this.release(model);
      throw failed.reason as Error;
    }
    return model;
  }

  /**
   * One run of a loaded model: on the least busy worker when it has fewer runs waiting than the
   * calling thread, otherwise `here()` (the same model's session on the calling thread).
   */
  async run(
    model: number,
    feeds: Record<string, WorkerTensor>,
    fetches: readonly string[] | undefined,
    here: () => Promise<Record<string, WorkerTensor>>,
  ): Promise<Record<string, WorkerTensor>> {
    if (this.disposed) throw new OnnxWorkerPoolError('the ONNX worker pool was disposed');
    const live = this.workers.filter((worker) => worker.failure === undefined);
    const worker = live.length > 0 ? live.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best)) : undefined;
    if (!worker || worker.pending.size >= this.local) {
      this.local++;
      try {
        return await here();
      } finally {
        this.local--;
      }
    }
    const outputs = await this.request(worker, { op: 'run', model, feeds, ...(fetches ? { fetches: [...fetches] } : {}) });
    return outputs ?? {};
  }

  /** Runs waiting on each worker, then on the calling thread (for tests and diagnostics). */
  get queued(): { readonly workers: readonly number[]; readonly here: number } {
    return { workers: this.workers.map((worker) => worker.pending.size), here: this.local };
  }

  /** Closes the model's sessions in every worker that is still running. */
  async release(model: number): Promise<void> {
    await Promise.allSettled(this.workers.filter((worker) => worker.failure === undefined).map((worker) => this.request(worker, { op: 'release', model })));
  }

  /** Stops every worker; runs still waiting fail. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(
      this.workers.map(async (worker) => {
        this.fail(worker, 'the ONNX worker pool was disposed');
        await worker.worker.terminate();
      }),
    );
  }

  private startWorker(onnxruntimeEntry: string): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { onnxruntimeEntry } });
    // An idle worker does not keep the process alive; one with runs waiting does (see request).
    worker.unref();
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (reply: Reply) => {
      const pending = entry.pending.get(reply.id);
      if (!pending) return;
      entry.pending.delete(reply.id);
      if (entry.pending.size === 0) worker.unref();
      if (reply.error !== undefined) pending.reject(new Error(reply.error));
      else pending.resolve(reply.outputs);
    });
    worker.on('error', (error) => this.fail(entry, `an ONNX worker failed: ${error.message}`));
    worker.on('exit', (code) => this.fail(entry, `an ONNX worker exited with code ${code}`));
    return entry;
  }

  private request(worker: PoolWorker, message: Record<string, unknown>): Promise<Record<string, WorkerTensor> | undefined> {
    if (worker.failure !== undefined) return Promise.reject(new OnnxWorkerPoolError(worker.failure));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      worker.pending.set(id, { resolve, reject });
      worker.worker.ref();
      worker.worker.postMessage({ ...message, id });
    });
  }

  private fail(worker: PoolWorker, reason: string): void {
    worker.failure ??= reason;
    const pending = [...worker.pending.values()];
    worker.pending.clear();
    worker.worker.unref();
    for (const { reject } of pending) reject(new OnnxWorkerPoolError(worker.failure));
  }
}

/**
 * The entry file of the onnxruntime-node this process uses, for worker threads to load: the copy
 * already in the CommonJS module cache (Node puts a CommonJS package there even when an ES module
 * imports it, so this is the one the runtime module imported), else what Node resolves from the working
 * directory; undefined when neither finds it.
 */
export function onnxRuntimeEntry(): string | undefined {
  const cache = createRequire(join(process.cwd(), 'noop.js')).cache;
  const cached = Object.keys(cache).find((file) => /[\\/]onnxruntime-node[\\/]dist[\\/]index\.js$/.test(file));
  if (cached) return cached;
  try {
    return createRequire(join(process.cwd(), 'noop.js')).resolve('onnxruntime-node');
  } catch {
    return undefined;
  }
}
