/**
 * The BullMQ worker runs in a worker thread of its own, so its lock renewal and stalled checks keep
 * their timers while the main thread is inside a synchronous onnxruntime `run()` (which holds the
 * event loop for as long as the model takes). The thread only moves jobs: each job is handed to the
 * main thread, which has the models loaded, and the thread waits for its answer.
 *
 * The thread's code is plain CommonJS given to `new Worker(code, { eval: true })`, so it runs the
 * same from the built package, from TypeScript source under a test runner and from the CLI; BullMQ
 * is required from the path the main thread resolved.
 */
export const QUEUE_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Worker, UnrecoverableError } = require(workerData.bullmq);
const pending = new Map();
let calls = 0;
const worker = new Worker(
  workerData.queue,
  (job) =>
    new Promise((resolve, reject) => {
      const call = ++calls;
      pending.set(call, { resolve, reject });
      parentPort.postMessage({ type: 'job', call, id: job.id, data: job.data, attemptsMade: job.attemptsMade });
    }),
  workerData.options,
);
worker.on('error', (error) => parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) }));
worker.on('ready', () => parentPort.postMessage({ type: 'ready' }));
worker.on('stalled', (id) => parentPort.postMessage({ type: 'stalled', id }));
parentPort.on('message', (message) => {
  if (message.type === 'answer') {
    const waiting = pending.get(message.call);
    if (!waiting) return;
    pending.delete(message.call);
    if (message.ok) waiting.resolve(message.value);
    else {
      const error = message.permanent ? new UnrecoverableError(message.reason) : new Error(message.reason);
      waiting.reject(error);
    }
  } else if (message.type === 'close') {
    worker.close(message.force).then(
      () => parentPort.postMessage({ type: 'closed' }),
      (error) => parentPort.postMessage({ type: 'closed', error: String(error) }),
    );
  }
});
`;
