// `npm run bench` (nx run generator-sdxl:bench): what the SDXL pipeline itself costs per denoising step
// at 1024x1024 (latent 4x128x128), on fixture models with SDXL's real IO contracts, run from the built
// packages. Usage: node --expose-gc bench/step-overhead-bench.mjs [--steps N] [--runs N] [--json]
//
// Host time per step: the time from one step's progress event to the next, minus the time spent inside
// onnxruntime's InferenceSession.run in between (see model-run-clock.mjs). What is left is the host's
// work per step: the scheduler (scale_model_input and step), classifier-free guidance, the copies that
// build the UNet's [uncond, cond] input, the ONNX adapter's feed checks and float16 conversions, and
// the loop itself. The first step is left out (it also draws the initial noise).
//
// Peak memory outside model weights: process.memoryUsage() sampled after every onnxruntime run and at
// every progress event of one generation, minus a baseline taken after the pipeline (and so every
// session and its weights) is loaded and garbage is collected: over the whole generation, and over the
// denoising loop alone (baseline just before the first UNet run). Each case's first generation is
// measured; in the first case of each precision that includes onnxruntime growing its arena for the
// models' activations (small for the fixture models; a real UNet's are the model's, not the host's).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { SdxlPipeline } from '@geneava/generator-sdxl';
import { buildSdxlFixture } from '@geneava/testing';
import { MemoryPeak } from './memory-peak.mjs';
import { installModelRunClock } from './model-run-clock.mjs';

const SIZE = 1024;
const LATENT = SIZE / 8;
const GOAL_HOST_MS = 2;
const GOAL_MEMORY_MB = 300;
const PRECISIONS = ['fp32', 'fp16'];
const SCHEDULERS = ['euler', 'ddim', 'dpm++2m'];

function parseArgs(argv) {
  const args = { steps: 30, runs: 3, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--steps') args.steps = Number(argv[++i]);
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (use --steps N, --runs N, --json)`);
  }
  if (!Number.isInteger(args.steps) || args.steps < 3) throw new Error('--steps must be an integer of at least 3');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a positive integer');
  return args;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

const median = (values) => quantile(values, 0.5);

/** Median milliseconds of one dst.set(src) over `length` floats: the floor any per-step copy pays. */
function bareCopyMs(length) {
  const source = Float32Array.from({ length }, (_, i) => Math.sin(i));
  const target = new Float32Array(length);
  const times = [];
  for (let rep = 0; rep < 400; rep++) {
    const started = performance.now();
    target.set(source);
    times.push(performance.now() - started);
  }
  return median(times.slice(100));
}

/**
 * Wraps the pipeline's UNet session so the time its ONNX adapter spends outside onnxruntime (feed
 * checks, float16 conversion) can be reported apart from the pipeline's own work.
 */
function watchAdapter(session, clock) {
  const run = session.run.bind(session);
  const watch = { ms: 0 };
  session.run = async (...args) => {
    const started = performance.now();
    const modelBefore = clock.totalMs;
    try {
      return await run(...args);
    } finally {
      watch.ms += performance.now() - started - (clock.totalMs - modelBefore);
    }
  };
  return watch;
}

/** The UNet among the sessions: the only one with a timestep input. */
const isUnet = (session) => session.inputNames.includes('timestep');

/**
 * One image; per-step host and model times (steps 2..n) and the adapter's share. With `memory`, also
 * the peak over the whole generation (`memory.generation`, from before the text encoders run) and over
 * the denoising loop (`memory.loop`, from just before the first UNet run to the last step).
 */
async function timedGeneration(pipeline, request, clock, adapter, memory) {
  const marks = [];
  let inLoop = false;
  clock.reset();
  adapter.ms = 0;
  if (memory) {
    memory.generation = new MemoryPeak();
    clock.beforeRun = (session) => {
      if (!isUnet(session) || memory.loop) return;
      memory.loop = new MemoryPeak({ collect: false });
      inLoop = true;
    };
    clock.afterRun = () => {
      memory.generation.sample();
      if (inLoop) memory.loop.sample();
    };
  }
  let adapterAtFirstStep = 0;
  const onProgress = (event) => {
    memory?.generation.sample();
    if (event.task !== 'denoise') return;
    if (inLoop) memory.loop.sample();
    if (event.done === event.total) inLoop = false;
    marks.push({ at: performance.now(), modelMs: clock.totalMs });
    if (event.done === 1) adapterAtFirstStep = adapter.ms;
  };
  let outcome;
  try {
    for await (const result of pipeline.generate([request], { onProgress })) outcome = result;
  } finally {
    clock.beforeRun = undefined;
    clock.afterRun = undefined;
  }
  if (outcome?.status !== 'ok') throw new Error(`the fixture pipeline failed: ${outcome?.error?.message ?? 'no outcome'}`);
  if (marks.length !== request.steps) throw new Error(`expected ${request.steps} step events, got ${marks.length}`);
  const host = [];
  const model = [];
  for (let k = 1; k < marks.length; k++) {
    const modelMs = marks[k].modelMs - marks[k - 1].modelMs;
    model.push(modelMs);
    host.push(marks[k].at - marks[k - 1].at - modelMs);
  }
  // The adapter time after step 1 belongs to steps 2..n, plus the VAE run's (tiny next to the loop's share).
  return { host, model, adapterPerStep: (adapter.ms - adapterAtFirstStep) / (request.steps - 1) };
}

async function measureCase(pipeline, precision, scheduler, args, clock, adapter) {
  const request = { id: `bench-${precision}-${scheduler}`, prompt: 'a photo of a smiling woman', seed: 7, width: SIZE, height: SIZE, steps: args.steps, guidance: 5, scheduler };
  const memory = {};
  await timedGeneration(pipeline, request, clock, adapter, memory);
  const host = [];
  const model = [];
  const adapterShares = [];
  for (let run = 0; run < args.runs; run++) {
    const timed = await timedGeneration(pipeline, request, clock, adapter);
    host.push(...timed.host);
    model.push(...timed.model);
    adapterShares.push(timed.adapterPerStep);
  }
  return {
    precision,
    scheduler,
    hostMsPerStep: { median: median(host), p90: quantile(host, 0.9), mean: host.reduce((a, b) => a + b, 0) / host.length },
    adapterMsPerStep: median(adapterShares),
    modelMsPerStep: median(model),
    loopMemoryMb: memory.loop.deltasMb(),
    generationMemoryMb: memory.generation.deltasMb(),
  };
}

function report(args, copyMs, results) {
  const worstHost = Math.max(...results.map((r) => r.hostMsPerStep.median));
  const worstLoopRss = Math.max(...results.map((r) => r.loopMemoryMb.rss));
  const worstRss = Math.max(...results.map((r) => r.generationMemoryMb.rss));
  const machine = `${availableParallelism()} CPU cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`;
  if (args.json) {
    return `${JSON.stringify({ size: SIZE, latent: [4, LATENT, LATENT], steps: args.steps, runs: args.runs, machine, bareCopyMs: copyMs, results, goals: { hostMsPerStep: GOAL_HOST_MS, memoryMb: GOAL_MEMORY_MB } })}\n`;
  }
  const header = ['case', 'host ms/step', 'p90', 'x copy', 'adapter ms', 'model ms/step', 'loop rss +MB', 'loop buffers +MB', 'image rss +MB', 'image buffers +MB'];
  const rows = results.map((r) => [
    `${r.precision} ${r.scheduler}`,
    r.hostMsPerStep.median.toFixed(3),
    r.hostMsPerStep.p90.toFixed(3),
    (r.hostMsPerStep.median / copyMs).toFixed(1),
    r.adapterMsPerStep.toFixed(3),
    r.modelMsPerStep.toFixed(2),
    r.loopMemoryMb.rss.toFixed(1),
    r.loopMemoryMb.arrayBuffers.toFixed(1),
    r.generationMemoryMb.rss.toFixed(1),
    r.generationMemoryMb.arrayBuffers.toFixed(1),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    `SDXL pipeline host overhead per denoising step, ${SIZE}x${SIZE} (latent 4x${LATENT}x${LATENT}), guidance 5 (UNet batch 2), fixture models on CPU`,
    `${machine}; ${args.steps} steps, median over steps 2..${args.steps} of ${args.runs} runs per case`,
    `baseline: one Float32Array copy of the UNet input [2, 4, ${LATENT}, ${LATENT}] (${(2 * 4 * LATENT * LATENT * 4) / 1024} KiB) takes ${copyMs.toFixed(4)} ms ("x copy" = host time per step in such copies)`,
    '"adapter ms": the part of the host time spent in the ONNX adapter (feed checks, tensor wrapping)',
    'memory: peak over a baseline taken with the models loaded; "loop" from the first UNet run to the last step, "image" over the',
    'whole generation (text encoders, loop, VAE decode, pixels); rss is the whole process, "buffers" its ArrayBuffers (first run of each case)',
    '',
    line(header),
    ...rows.map(line),
    '',
    `host time per step outside model runs: ${worstHost.toFixed(3)} ms in the slowest case (goal < ${GOAL_HOST_MS} ms: ${worstHost < GOAL_HOST_MS ? 'met' : 'NOT met'})`,
    `peak memory outside model weights: +${worstLoopRss.toFixed(1)} MB rss in the denoising loop, +${worstRss.toFixed(1)} MB over a whole image, largest case (goal < ${GOAL_MEMORY_MB} MB: ${worstRss < GOAL_MEMORY_MB ? 'met' : 'NOT met'})`,
    '',
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-bench-'));
  const clock = installModelRunClock();
  const results = [];
  try {
    const copyMs = bareCopyMs(2 * 4 * LATENT * LATENT);
    for (const precision of PRECISIONS) {
      const fixture = await buildSdxlFixture(join(root, precision), { generation: 'new', precision, latentHeight: LATENT, latentWidth: LATENT });
      const pipeline = await SdxlPipeline.load(fixture.dir, { device: 'cpu', hashModels: false });
      try {
        const adapter = watchAdapter(pipeline.models.unet, clock);
        for (const scheduler of SCHEDULERS) results.push(await measureCase(pipeline, precision, scheduler, args, clock, adapter));
      } finally {
        await pipeline.dispose();
      }
    }
    process.stdout.write(report(args, copyMs, results));
  } finally {
    clock.uninstall();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`generator-sdxl bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
