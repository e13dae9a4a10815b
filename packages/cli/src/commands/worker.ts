import type { CommandModule } from 'yargs';
import { UsageError } from '@geneava/core/util';
import type { QueueRunSpec, WorkerEvent } from '@geneava/pipeline/queue';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { signalExitCode } from '../exit-codes.js';
import { watchInterrupts, type InterruptedError } from './generate-interrupt.js';

interface WorkerArgs extends GlobalArgs {
  queue: string;
  'queue-name'?: string;
  concurrency: number;
}

function describeEvent(event: WorkerEvent): string | undefined {
  switch (event.type) {
    case 'ready':
      return 'waiting for items';
    case 'job':
      return event.attempt > 1 ? `${event.item}: try ${event.attempt}` : undefined;
    case 'done':
      return `${event.item}: done in ${(event.ms / 1000).toFixed(1)} s`;
    case 'failed':
      return `${event.item}: ${event.permanent ? 'failed' : 'will be retried'}: ${event.reason}`;
    case 'stalled':
      return `job ${event.job} was taken over from a worker that stopped answering`;
    case 'error':
      return `queue: ${event.message}`;
  }
}

/** `geneava worker`: one process per GPU, taking items of `geneava run --queue` builds until stopped. */
export function workerCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, WorkerArgs> {
  const { io } = runtime;
  return {
    command: 'worker',
    describe: 'Work on the items of distributed builds (geneava run --queue) until stopped; one process per GPU',
    builder: (y) =>
      y
        .option('queue', { type: 'string', demandOption: true, describe: 'Redis holding the queue: redis://HOST:PORT/N' })
        .option('queue-name', { type: 'string', describe: 'Queue name in that Redis (default geneava-items)' })
        .option('concurrency', { type: 'number', default: 1, describe: 'Items worked on at once by this process' })
        .example('$0 worker --queue redis://10.0.0.5:6379/0 --device cuda --gpu 1', 'Work on GPU 1')
        .epilogue('Models load once per build; the output folder, models and plugins must be at the same paths as on the coordinator. Ctrl-C or SIGTERM: running items finish, then the worker stops.'),
    handler: async (args) => {
      // Loaded when the command runs: BullMQ, its Redis client and the run's models stay out of every other command.
      const { loadQueueRun, parseQueueUrl, startDatasetWorker } = await import('@geneava/pipeline/queue');
      const ctx = await createCliContext(args, io);
      if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new UsageError(`--concurrency ${args.concurrency}: give a whole number of 1 or more`);
      const address = parseQueueUrl(args.queue, args['queue-name']);
      const print = (event: WorkerEvent) => {
        if (ctx.json) return void io.stdout.write(`${JSON.stringify(event)}\n`);
        const line = describeEvent(event);
        if (line && !args.quiet) io.stderr.write(`geneava worker: ${line}\n`);
      };
      const worker = await startDatasetWorker({
        queue: address,
        concurrency: args.concurrency,
        load: (spec) => loadQueueRun(spec as QueueRunSpec, { ...(args.device ? { device: args.device } : {}), ...(args.gpu !== undefined ? { gpu: args.gpu } : {}) }, ctx.logger),
        onEvent: print,
      });
      const interrupts = watchInterrupts(() => io.stderr.write('geneava worker: stopping after the running items\n'), io.signals);
      try {
        await new Promise<void>((resolve) => interrupts.signal.addEventListener('abort', () => resolve(), { once: true }));
        await worker.close();
        runtime.setExitCode(signalExitCode((interrupts.signal.reason as InterruptedError).signalName));
      } finally {
        interrupts.dispose();
      }
    },
  };
}
