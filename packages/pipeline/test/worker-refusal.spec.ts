import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '@geneava/core/plan';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { redisAvailability, startTestRedis, type TestRedis } from '@geneava/testing';
import { buildDatasetOnQueue, itemFromPlan, parseQueueUrl, startDatasetWorker, type WorkerEvent } from '../src/index.js';
import { fixtureComponents, type FixtureSpec } from './support/components.js';

const availability = redisAvailability();
if (!availability.available) process.stdout.write(`skipping the worker refusal test: ${availability.reason}\n`);
const describeRedis = availability.available ? describe : describe.skip;

describeRedis('a worker with other models than the coordinator', () => {
  let redis: TestRedis;
  let root: string;
  beforeAll(async () => {
    redis = await startTestRedis();
    root = await mkdtemp(join(tmpdir(), 'geneava-refusal-'));
  });
  afterAll(async () => {
    await redis?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses the run: each item fails once, with the reason, and nothing is written', async () => {
    const spec: FixtureSpec = { markers: root };
    const queue = parseQueueUrl(redis.url, 'refusal');
    const events: WorkerEvent[] = [];
    // The same components, but this machine's stylizer is another version (other weights, another release).
    const worker = await startDatasetWorker({
      queue,
      load: async (given) => {
        const components = fixtureComponents(given as FixtureSpec);
        const [named] = components.stylizers;
        const stylizer = { ...named!.stylizer, info: { ...named!.stylizer.info, version: '2' } };
        return { components: { ...components, stylizers: [{ name: named!.name, stylizer }] } };
      },
      onEvent: (event) => events.push(event),
    });
    try {
      const items = buildPlan({ expressions: ['joy'], genders: ['female'], races: ['white'], ageGroups: ['20s', '30s'] }).map(itemFromPlan);
      const result = await buildDatasetOnQueue({
        out: join(root, 'out'),
        items,
        components: fixtureComponents(spec),
        filter: { margin: 0.05, maxFaceFraction: 0.6 },
        curation: { identityMinCosine: { fixture: 0.5 }, expressionMinProbCosine: 0.5, requireRedetection: true, keepWhen: 'all' },
        card: { title: 'Refused', source: 'fixture generator' },
        queue,
        spec,
        reconcileMs: 1000,
      });
      expect(result.counts).toMatchObject({ items: 2, failed: 2 });
      const records = (await readFile(join(root, 'out', 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
      for (const record of records) expect(JSON.stringify(record)).toContain("differ from the coordinator's");
      expect(existsSync(join(root, 'out', 'images'))).toBe(false);
      const failures = events.filter((e) => e.type === 'failed');
      expect(failures).toHaveLength(2);
      expect(failures.every((e) => e.type === 'failed' && e.permanent)).toBe(true);
    } finally {
      await worker.close();
    }
  });
});
