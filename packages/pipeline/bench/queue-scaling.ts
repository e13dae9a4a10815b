/**
 * Items per second of a distributed build with 1, 2 and 4 worker processes on fixture components whose
 * image stage waits 150 ms per item (standing in for a GPU's inference: the worker's CPU is idle
 * meanwhile), the scaling efficiency against one worker, and the coordinator's own time per item
 * (enqueueing, following the jobs, journalling their entries), as wall time spent in its own code and as
 * the CPU time of the coordinator's process (the workers are other processes). Needs redis-server on the PATH.
 * Run: npx nx run pipeline:bench
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '@geneava/core/plan';
import { buildDatasetOnQueue, itemFromPlan, parseQueueUrl } from '../src/index.js';
import { fixtureComponents, type FixtureSpec } from '../test/support/components.js';
import { redisAvailability, startTestRedis } from '@geneava/testing';
import { startWorkerProcess } from '../test/support/worker-processes.js';

const ITEM_MS = 150;
const availability = redisAvailability();
if (!availability.available) {
  process.stderr.write(`queue benchmark: ${availability.reason}\n`);
  process.exit(1);
}
const items = buildPlan({ expressions: ['joy', 'anger', 'sadness', 'surprise'], genders: ['female', 'male'], races: ['white', 'black', 'indian'], ageGroups: ['20s', '30s'] }).map(itemFromPlan);
const redis = await startTestRedis();
const root = await mkdtemp(join(tmpdir(), 'geneava-queue-bench-'));
const rows: { workers: number; seconds: number; perSecond: number; overheadMs: number; cpuMs: number }[] = [];
try {
  for (const count of [1, 2, 4]) {
    const queue = `bench${count}`;
    const workers = Array.from({ length: count }, () => startWorkerProcess(redis.url, queue));
    await Promise.all(workers.map((worker) => worker.waitFor('ready')));
    const spec: FixtureSpec = { markers: join(root, `markers${count}`), sleepMs: Object.fromEntries(items.map((item) => [item.id, ITEM_MS])) };
    await mkdir(spec.markers, { recursive: true });
    let overheadMs = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await buildDatasetOnQueue({
      out: join(root, `out${count}`),
      items,
      components: fixtureComponents(spec),
      filter: { margin: 0.05, maxFaceFraction: 0.6 },
      curation: { identityMinCosine: { fixture: 0.5 }, expressionMinProbCosine: 0.5, requireRedetection: true, keepWhen: 'all' },
      card: { title: 'Queue benchmark', source: 'fixture generator' },
      queue: parseQueueUrl(redis.url, queue),
      spec,
      onOverhead: (ms) => (overheadMs = ms),
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    rows.push({ workers: count, seconds, perSecond: items.length / seconds, overheadMs, cpuMs: (used.user + used.system) / 1000 / items.length });
    await Promise.all(workers.map((worker) => worker.stop()));
  }
} finally {
  await redis.dispose();
  await rm(root, { recursive: true, force: true });
}
const base = rows[0]!.perSecond;
process.stdout.write(`${items.length} items, ${ITEM_MS} ms of simulated inference each\n`);
process.stdout.write('workers  seconds  items/s  efficiency  coordinator ms/item  coordinator CPU ms/item\n');
for (const row of rows) {
  const efficiency = row.perSecond / (base * row.workers);
  process.stdout.write(`${String(row.workers).padStart(7)}  ${row.seconds.toFixed(2).padStart(7)}  ${row.perSecond.toFixed(2).padStart(7)}  ${(efficiency * 100).toFixed(0).padStart(9)}%  ${row.overheadMs.toFixed(2).padStart(19)}  ${row.cpuMs.toFixed(2).padStart(23)}${Math.min(row.overheadMs, row.cpuMs) < 5 ? '' : '  (goal: under 5 ms)'}\n`);
}
