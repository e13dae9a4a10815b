// Memorization search at the paper's scale: the identity nearest neighbour of each of 13,230 generated
// faces among 10,177 reference faces (CelebA, one face per identity), 256-d embeddings (mobileface),
// with nearestNeighbours on ONNX Runtime against a naive JavaScript triple loop in the same run.
// Usage: node bench/memorization-bench.mjs [--runs N] [--naive-queries N] [--device cpu|auto|cuda] [--json]
//
// The naive loop would take minutes over all 13,230 queries, so it runs on the first --naive-queries
// of them (default 200) and its time is extrapolated linearly to all queries: its cost is exactly
// queries x references x dim multiply-adds, with no set-up worth counting, so time grows linearly in
// the number of queries. The answers of both are compared on that subset.
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { OnnxRuntime } from '@geneava/core/onnx';
import { mulberry32, nearestNeighbours, nearestNeighboursNaive } from '@geneava/evaluator';

const GENERATED = 13_230;
const REFERENCES = 10_177;
const DIM = 256;
const GOAL_RATIO = 20;
const GOAL_SECONDS = 10;

function parseArgs(argv) {
  const args = { runs: 3, naiveQueries: 200, device: 'cpu', json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--naive-queries') args.naiveQueries = Number(argv[++i]);
    else if (argv[i] === '--device') args.device = argv[++i];
    else throw new Error(`bench: unknown argument ${argv[i]} (use --runs N, --naive-queries N, --device cpu|auto|cuda, --json)`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('bench: --runs must be a positive integer');
  if (!Number.isInteger(args.naiveQueries) || args.naiveQueries < 1 || args.naiveQueries > GENERATED) {
    throw new Error(`bench: --naive-queries must be an integer in 1..${GENERATED}`);
  }
  if (!['cpu', 'auto', 'cuda'].includes(args.device)) throw new Error('bench: --device must be cpu, auto or cuda');
  return args;
}

/** Uniform values in [-1, 1): what matters here is the arithmetic, not the distribution. */
function randomEmbeddings(rows, seed) {
  const next = mulberry32(seed);
  const values = new Float32Array(rows * DIM);
  for (let i = 0; i < values.length; i++) values[i] = next() * 2 - 1;
  return values;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const generated = randomEmbeddings(GENERATED, 1);
  const references = randomEmbeddings(REFERENCES, 2);
  const onnx = new OnnxRuntime();
  let fast;
  const runtimeSeconds = [];
  try {
    // One warm-up call (session creation, thread pool start), then the timed runs.
    await nearestNeighbours(onnx, generated.subarray(0, 64 * DIM), references, DIM, { device: args.device });
    for (let r = 0; r < args.runs; r++) {
      const started = performance.now();
      fast = await nearestNeighbours(onnx, generated, references, DIM, { device: args.device });
      runtimeSeconds.push((performance.now() - started) / 1000);
    }
  } finally {
    await onnx.dispose();
  }

  const started = performance.now();
  const naive = nearestNeighboursNaive(generated.subarray(0, args.naiveQueries * DIM), references, DIM);
  const naiveSubsetSeconds = (performance.now() - started) / 1000;
  const naiveSeconds = naiveSubsetSeconds * (GENERATED / args.naiveQueries);

  let sameIndex = 0;
  let maxDifference = 0;
  for (let i = 0; i < args.naiveQueries; i++) {
    if (naive.index[i] === fast.index[i]) sameIndex++;
    maxDifference = Math.max(maxDifference, Math.abs(naive.similarity[i] - fast.similarity[i]));
  }

  const seconds = median(runtimeSeconds);
  const ratio = naiveSeconds / seconds;
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown' };
  const result = {
    generated: GENERATED,
    references: REFERENCES,
    dim: DIM,
    device: args.device,
    machine,
    runs: args.runs,
    runtimeSeconds: seconds,
    naiveQueries: args.naiveQueries,
    naiveSubsetSeconds,
    naiveSecondsExtrapolated: naiveSeconds,
    ratio,
    agreement: { sameIndex, compared: args.naiveQueries, maxSimilarityDifference: maxDifference },
    goals: { ratio: GOAL_RATIO, seconds: GOAL_SECONDS, met: ratio >= GOAL_RATIO && seconds < GOAL_SECONDS },
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(
    [
      `Memorization search: nearest neighbour of ${GENERATED} generated faces among ${REFERENCES} references, ${DIM}-d cosine`,
      `${machine.cores} CPU cores (${machine.cpu}); onnxruntime on ${args.device}, median of ${args.runs} runs after a warm-up`,
      '',
      `onnxruntime (Gemm + ReduceMax/ArgMax): ${seconds.toFixed(3)} s`,
      `naive JS loop: ${naiveSubsetSeconds.toFixed(3)} s for ${args.naiveQueries} queries, ${naiveSeconds.toFixed(1)} s extrapolated to ${GENERATED}`,
      `same nearest neighbour on the ${args.naiveQueries} compared queries: ${sameIndex}/${args.naiveQueries} (largest similarity difference ${maxDifference.toExponential(1)})`,
      '',
      `ratio naive / onnxruntime: ${ratio.toFixed(1)}x (goal >= ${GOAL_RATIO}x: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}); ` +
        `onnxruntime time goal < ${GOAL_SECONDS} s: ${seconds < GOAL_SECONDS ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
