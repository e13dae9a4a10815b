import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisAvailability, startTestRedis, type TestRedis } from '@geneava/testing';
import { runCli } from '../main.js';
import { run } from '../test-support/run.js';

const availability = redisAvailability();
if (!availability.available) process.stdout.write(`skipping the geneava run --queue tests: ${availability.reason}\n`);
const describeRedis = availability.available ? describe : describe.skip;

/** SIGINT and SIGTERM for an in-process command, sent by the test. */
class TestSignals extends EventEmitter {
  readonly pid = process.pid;
  kill(): void {
    // The second signal's default action (quitting at once) is not wanted in a test.
  }
}

async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(folder.length + 1))
    .filter((path) => !path.startsWith('.geneava'))
    .sort();
}

/** metadata.jsonl without the timings, which differ between any two runs. */
async function metadata(out: string): Promise<unknown[]> {
  const text = await readFile(join(out, 'metadata.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line, (key, value: unknown) => (/ms$|Ms$|seconds/.test(key) ? undefined : value)) as unknown);
}

describeRedis('geneava run --queue, geneava worker, geneava queue', () => {
  let redis: TestRedis;
  let root: string;
  beforeAll(async () => {
    redis = await startTestRedis();
    root = await mkdtemp(join(tmpdir(), 'geneava-run-queue-'));
  });
  afterAll(async () => {
    await redis?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('builds the demo dataset on a worker with the same folder and metadata as a local run, and reports the queue', async () => {
    const signals = new TestSignals();
    let workerOut = '';
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const worker = runCli(['worker', '--queue', redis.url, '--json'], {
      cwd: root,
      stdout: {
        write: (text: string) => {
          workerOut += text;
          if (workerOut.includes('"type":"ready"')) ready();
        },
      },
      stderr: { write: () => undefined, isTTY: false },
      signals,
    });
    await isReady;

    const distributed = await run(['run', '--demo', '--max-items', '4', '--out', 'queued', '--queue', redis.url, '--json', '--no-report'], root);
    expect(distributed).toMatchObject({ code: 0 });
    const local = await run(['run', '--demo', '--max-items', '4', '--out', 'local', '--json', '--no-report'], root);
    expect(local.code).toBe(0);
    expect(JSON.parse(distributed.stdout).counts).toEqual(JSON.parse(local.stdout).counts);
    expect(await filesBelow(join(root, 'queued'))).toEqual(await filesBelow(join(root, 'local')));
    expect(await metadata(join(root, 'queued'))).toEqual(await metadata(join(root, 'local')));
    expect(workerOut).toContain('"type":"done"');

    const status = await run(['queue', 'status', '--queue', redis.url, '--json'], root);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { status: { counts: { completed: number; failed: number; waiting: number }; workers: number } };
    expect(parsed.status.counts).toMatchObject({ completed: (await metadata(join(root, 'local'))).length, failed: 0, waiting: 0 });
    expect(parsed.status.workers).toBeGreaterThanOrEqual(1);
    expect((await run(['queue', 'pause', '--queue', redis.url], root)).stdout).toContain('(paused)');

    signals.emit('SIGTERM');
    expect(await worker).toBe(143);
  }, 120_000);

  it('refuses a queue URL that is not redis://HOST:PORT/N with a usage error', async () => {
    expect(await run(['queue', 'status', '--queue', 'http://localhost:1/0'], root)).toMatchObject({ code: 64, stderr: expect.stringContaining('expected redis://HOST:PORT/N') });
  });
});
