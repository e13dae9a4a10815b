/**
 * `nx run @geneava/pipeline:bench` (or `npm run bench` at the root): what `geneava run` costs per item besides the
 * models. The dataset build runs with instant components (a generator, face analyzer, stylizer and
 * evaluator that do no work) over a few hundred planned items, and is timed against a bare loop in
 * the same process that writes the same files (real image and avatar PNGs, metadata.jsonl and .csv)
 * and nothing else. The difference per item is the run's own overhead: journal, freshness checks,
 * filter, curation, records, the dataset card. Prints a report; times nothing in tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { API_VERSIONS } from '@geneava/core/contracts';
import { avatarPath, realImagePath } from '@geneava/core/dataset-format';
import { writeImageAtomic } from '@geneava/core/image';
import { buildPlan } from '@geneava/core/plan';
import { toCsv, toJsonl, writeFileAtomic } from '@geneava/core/util';
import { buildDataset, generatorProvider, itemFromPlan } from '@geneava/pipeline/dataset';

const ITEMS = 294; // three expressions of the balanced plan (3 x 98)
const SIZE = 64;
const ROUNDS = 3;

const image = { width: SIZE, height: SIZE, data: new Uint8Array(SIZE * SIZE * 3).fill(128) };
const face = { box: { x: 20, y: 20, width: 24, height: 24 }, score: 0.9, points5: [[27, 28], [37, 28], [32, 33], [28, 38], [36, 38]] };
const metrics = [
  { metric: 'identity.cosine', model: 'mobileface', value: 0.9 },
  { metric: 'expression.top1_agree', value: 1 },
  { metric: 'expression.prob_cosine', value: 0.95 },
  { metric: 'detection.redetected', value: 1 },
];

const generator = {
  apiVersion: API_VERSIONS.generator,
  info: { id: 'instant', version: '1' },
  async *generate(requests) {
    for (const request of requests) yield { request, image, provenance: { model: 'none' } };
  },
};
const analyzer = {
  apiVersion: API_VERSIONS.faceAnalyzer,
  info: { id: 'instant', version: '1', identityModels: [] },
  detect: async () => [face],
  analyze: async () => [],
};
const stylizer = {
  apiVersion: API_VERSIONS.stylizer,
  info: { id: 'instant', style: 'none', version: '1', needsWeights: false, geometryPreserving: true },
  stylize: async (input) => ({ image: input.image, outcome: 'stylized', facesStylized: 1 }),
};
const evaluator = {
  apiVersion: API_VERSIONS.evaluator,
  info: { id: 'instant', version: '1', metrics: [] },
  evaluatePair: async (real) => ({ id: real.id, metrics }),
};

const plan = buildPlan({ expressions: ['joy', 'anger', 'fear'] }).slice(0, ITEMS);
const items = plan.map(itemFromPlan);

async function pipeline(out) {
  const result = await buildDataset({
    out,
    items,
    components: { provider: generatorProvider(generator, { width: SIZE, height: SIZE, steps: 1, guidance: 1, scheduler: 'none', batch: 1 }), analyzer, stylizers: [{ name: 'instant', stylizer }], evaluator },
    filter: { margin: 0.02, maxFaceFraction: 0.6 },
    curation: { identityMinCosine: { mobileface: 0.51 }, expressionMinProbCosine: 0.5, requireRedetection: true, keepWhen: 'all' },
    card: { title: 'bench', source: 'instant' },
  });
  if (result.counts.kept !== ITEMS) throw new Error(`the bench build kept ${result.counts.kept} of ${ITEMS} items`);
}

/** The same files, written the same way, with nothing else around them. */
async function bareWrites(out) {
  const rows = [];
  for (const item of items) {
    const real = realImagePath(item.expression, item.id);
    const avatar = avatarPath('instant', item.expression, item.id);
    await writeImageAtomic(join(out, real), image);
    await writeImageAtomic(join(out, avatar), image);
    rows.push({ id: item.id, expression: item.expression, image: real, avatar, metrics: Object.fromEntries(metrics.map((m) => [m.metric, m.value])) });
  }
  await writeFileAtomic(join(out, 'metadata.jsonl'), toJsonl(rows));
  await writeFileAtomic(join(out, 'metadata.csv'), toCsv(['id', 'expression', 'image', 'avatar'], rows.map((r) => [r.id, r.expression, r.image, r.avatar])));
}

async function msPerItem(work) {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-bench-run-'));
  try {
    const started = performance.now();
    await work(join(dir, 'dataset'));
    return (performance.now() - started) / ITEMS;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  // Warm up both paths (module loading, JIT, sharp's thread pool) before timing.
  await msPerItem(bareWrites);
  await msPerItem(pipeline);
  // Interleave the rounds so disk and CPU drift touch both alike.
  const bare = [];
  const built = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await msPerItem(bareWrites));
    built.push(await msPerItem(pipeline));
  }
  const bareMs = median(bare);
  const builtMs = median(built);
  const overhead = builtMs - bareMs;
  process.stdout.write(
    `pipeline: geneava run with instant components, ${ITEMS} items of ${SIZE}x${SIZE} (node ${process.version}, ${cpus().length} cores; median of ${ROUNDS} rounds)\n` +
      `  bare loop writing the same files   ${bareMs.toFixed(2)} ms/item\n` +
      `  dataset build (journal, curation)  ${builtMs.toFixed(2)} ms/item  (${(builtMs / bareMs).toFixed(2)}x the bare loop)\n` +
      `run overhead per item outside model time (goal under 5 ms): ${overhead.toFixed(2)} ms ${overhead < 5 ? '(met)' : '(NOT met)'}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`core bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
