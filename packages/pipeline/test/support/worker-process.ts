/**
 * A queue worker process for the tests, as `geneava worker` runs one: argv[2] is the queue URL, argv[3]
 * the queue name, argv[4] a JSON object of worker options. It builds the fixture components from the
 * run's spec, prints its events as JSON lines and stops on SIGTERM.
 */
import { parseQueueUrl, startDatasetWorker } from '../../src/index.js';
import { fixtureComponents, type FixtureSpec } from './components.js';

const [url, name, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}') as { lockDurationMs?: number; stalledIntervalMs?: number; maxStalledCount?: number; concurrency?: number };
const worker = await startDatasetWorker({
  queue: parseQueueUrl(url!, name),
  ...options,
  load: async (spec) => ({ components: fixtureComponents(spec as FixtureSpec) }),
  onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
});
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
