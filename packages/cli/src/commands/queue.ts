import type { CommandModule } from 'yargs';
import type { QueueOperation, QueueOperationResult } from '@geneava/pipeline/queue';
import type { CommandRuntime } from '../command-runtime.js';
import type { GlobalArgs } from '../context.js';

interface QueueArgs extends GlobalArgs {
  operation: QueueOperation;
  queue: string;
  'queue-name'?: string;
}

const OPERATIONS: readonly QueueOperation[] = ['status', 'pause', 'resume', 'drain', 'retry-failed'];

function render(result: QueueOperationResult): string {
  const { status } = result;
  const done = result.jobs !== undefined ? `${result.operation}: ${result.jobs} job${result.jobs === 1 ? '' : 's'}\n` : result.operation === 'status' ? '' : `${result.operation}: done\n`;
  const counts = Object.entries(status.counts).map(([state, n]) => `${state} ${n}`).join(', ');
  return `${done}queue ${status.queue}${status.paused ? ' (paused)' : ''}: ${counts}; ${status.workers} worker connection${status.workers === 1 ? '' : 's'}\n`;
}

/** `geneava queue`: what operators do with a distributed build's queue. */
export function queueCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, QueueArgs> {
  const { io } = runtime;
  return {
    command: 'queue <operation>',
    describe: 'Look at or steer the queue of distributed builds: status, pause, resume, drain, retry-failed',
    builder: (y) =>
      y
        .positional('operation', { type: 'string', choices: OPERATIONS as QueueOperation[], demandOption: true })
        .option('queue', { type: 'string', demandOption: true, describe: 'Redis holding the queue: redis://HOST:PORT/N' })
        .option('queue-name', { type: 'string', describe: 'Queue name in that Redis (default geneava-items)' })
        .epilogue('pause: workers finish their items and take no more; drain: waiting items are removed (run the build again to add them back); retry-failed: failed items go back to waiting.'),
    handler: async (args) => {
      // Loaded when the command runs: BullMQ and its Redis client stay out of every other command.
      const { parseQueueUrl, queueOperation } = await import('@geneava/pipeline/queue');
      const result = await queueOperation(parseQueueUrl(args.queue, args['queue-name']), args.operation);
      io.stdout.write(args.json ? `${JSON.stringify(result)}\n` : render(result));
    },
  };
}
