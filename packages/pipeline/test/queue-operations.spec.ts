import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { parseQueueUrl, queueOperation, type QueueAddress } from '../src/index.js';
import { redisAvailability, startTestRedis, type TestRedis } from '@geneava/testing';

const availability = redisAvailability();
if (!availability.available) process.stdout.write(`skipping the queue operation tests: ${availability.reason}\n`);
const describeRedis = availability.available ? describe : describe.skip;

describeRedis('queue operations', () => {
  let redis: TestRedis;
  let address: QueueAddress;
  beforeAll(async () => {
    redis = await startTestRedis();
    address = parseQueueUrl(redis.url, 'ops');
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it('reports, pauses, resumes, retries failed jobs and drains', async () => {
    const queue = new Queue(address.name, { connection: { host: '127.0.0.1', port: redis.port } });
    await queue.addBulk(['a', 'b', 'c'].map((id) => ({ name: 'item', data: { id }, opts: { jobId: `job-${id}`, attempts: 3 } })));

    expect((await queueOperation(address, 'status')).status).toMatchObject({ paused: false, counts: { waiting: 3, failed: 0 } });
    const paused = await queueOperation(address, 'pause');
    expect(paused.status.paused).toBe(true);
    expect((await queueOperation(address, 'resume')).status.paused).toBe(false);

    // A worker fails two jobs for good (a permanent error: one try each) and completes the third.
    let failedNow = 0;
    const worker = new Worker(
      address.name,
      async (job) => {
        if (job.data.id !== 'c') throw new UnrecoverableError(`bad input ${job.data.id}`);
        return 'ok';
      },
      { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null } },
    );
    await new Promise<void>((resolve) => worker.on('failed', () => ++failedNow === 2 && resolve()));
    await worker.close();
    const status = (await queueOperation(address, 'status')).status;
    expect(status.counts).toMatchObject({ failed: 2, waiting: 0 });

    const retried = await queueOperation(address, 'retry-failed');
    expect(retried.jobs).toBe(2);
    expect(retried.status.counts).toMatchObject({ failed: 0, waiting: 2 });

    const drained = await queueOperation(address, 'drain');
    expect(drained.jobs).toBe(2);
    expect(drained.status.counts).toMatchObject({ waiting: 0, completed: 1 });
    await queue.close();
  });

  it('refuses queue URLs that are not redis://HOST:PORT/N, naming the URL', () => {
    expect(() => parseQueueUrl('http://host:1/0')).toThrow('--queue "http://host:1/0": expected redis://HOST:PORT/N');
    expect(() => parseQueueUrl('redis://host:1/x')).toThrow('the database "x" is not a number');
    expect(() => parseQueueUrl('redis://user:secret@host:1/0')).toThrow('put no credentials');
    expect(parseQueueUrl('redis://10.0.0.5/3')).toEqual({ host: '10.0.0.5', port: 6379, db: 3, name: 'geneava-items' });
  });
});
