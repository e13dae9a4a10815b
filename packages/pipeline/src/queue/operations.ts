import { Queue } from 'bullmq';
import { connectionOf, type QueueAddress } from './queue-url.js';

/** Job counts of a queue, and whether it is paused: what an operator looks at first. */
export interface QueueStatus {
  readonly queue: string;
  readonly paused: boolean;
  readonly counts: { readonly waiting: number; readonly active: number; readonly delayed: number; readonly completed: number; readonly failed: number; readonly prioritized: number };
  /** Workers connected to the queue now. */
  readonly workers: number;
}

export type QueueOperation = 'status' | 'pause' | 'resume' | 'drain' | 'retry-failed';

export interface QueueOperationResult {
  readonly operation: QueueOperation;
  /** Jobs moved back to waiting (retry-failed) or removed (drain). */
  readonly jobs?: number;
  readonly status: QueueStatus;
}

async function statusOf(queue: Queue): Promise<QueueStatus> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  const workers = await queue.getWorkersCount();
  const count = (name: string) => counts[name] ?? 0;
  return {
    queue: queue.name,
    paused: await queue.isPaused(),
    counts: { waiting: count('waiting'), active: count('active'), delayed: count('delayed'), completed: count('completed'), failed: count('failed'), prioritized: count('prioritized') },
    workers,
  };
}

/**
 * Operator commands on a build's queue. pause: workers finish their running jobs and take no new
 * ones (coordinators keep following); resume: they go on; drain: waiting and delayed jobs are
 * removed (running ones finish; a coordinator adds what is missing again when run next); retry-failed:
 * failed jobs go back to waiting, with their tries counted afresh.
 */
export async function queueOperation(address: QueueAddress, operation: QueueOperation): Promise<QueueOperationResult> {
  const queue = new Queue(address.name, { connection: connectionOf(address, false) });
  try {
    let jobs: number | undefined;
    switch (operation) {
      case 'status':
        break;
      case 'pause':
        await queue.pause();
        break;
      case 'resume':
        await queue.resume();
        break;
      case 'drain': {
        const before = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
        await queue.drain(true);
        jobs = Object.values(before).reduce((sum, n) => sum + n, 0);
        break;
      }
      case 'retry-failed': {
        jobs = await queue.getJobCountByTypes('failed');
        await queue.retryJobs({ state: 'failed', count: 1000 });
        break;
      }
    }
    return { operation, ...(jobs !== undefined ? { jobs } : {}), status: await statusOf(queue) };
  } finally {
    await queue.close();
  }
}
