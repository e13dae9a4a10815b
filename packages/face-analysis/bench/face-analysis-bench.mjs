// Throughput of face analysis on the six sample photos of @vladmandic/face-api, ours against
// @vladmandic/human in the same process on the same decoded pixels, like for like: both run the same
// models: detection (BlazeFace), the 468-point mesh, expression (emotion), FaceRes (age, gender and
// its descriptor) and mobileface, our identity model (Human runs it in its `insightface` slot). The
// headline ratio is that comparison; the ratio without FaceRes is reported apart, because it is not
// the same work.
// Usage: node bench/face-analysis-bench.mjs [--runs N] [--face-models DIR] [--ort-threads N] [--model-workers N] [--json]
// Thread budget: the process's CPUs (run under `taskset -c 0` for one core). Human's wasm build is
// single-threaded in Node; ours runs FaceRes on two intra-op threads where two CPUs are allowed (one
// otherwise) and every other model on one, on the calling thread unless `--model-workers N` adds
// worker threads that run several models and faces at once. CPU seconds per pass (all threads of the
// process) are reported beside wall time: on a machine busy with other work they move far less.
// Each tool gets one warm-up pass over all photos; then runs alternate between the tools (so drift in
// machine load hits both alike) and the median run is reported. The physical floor is the wall time in
// which some ONNX model of ours is running (bench/model-time.mjs): what a pass would take with no
// JavaScript work around the models.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { decodeImage } from '@geneava/core/image';
import { findPackageDir } from './find-package.mjs';
import { createGeneavaRunner } from './geneava-runner.mjs';
import { createHumanRunner } from './human-runner.mjs';

const GOAL_RATIO = 5;

function parseArgs(argv) {
  const args = { runs: 5, json: false, modelsDir: undefined, ortThreads: undefined, modelWorkers: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--face-models') args.modelsDir = argv[++i];
    else if (argv[i] === '--ort-threads') args.ortThreads = Number(argv[++i]);
    else if (argv[i] === '--model-workers') args.modelWorkers = Number(argv[++i]);
    else throw new Error(`bench: unknown argument ${argv[i]} (use --runs N, --face-models DIR, --ort-threads N, --model-workers N, --json)`);
  }
  if (args.ortThreads !== undefined && !(Number.isInteger(args.ortThreads) && args.ortThreads >= 1)) {
    throw new Error('bench: --ort-threads must be a positive integer');
  }
  if (args.modelWorkers !== undefined && !(Number.isInteger(args.modelWorkers) && args.modelWorkers >= 0)) {
    throw new Error('bench: --model-workers must be a whole number (0 runs the models on the main thread)');
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('bench: --runs must be a positive integer');
  return args;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One pass over every photo: faces found, seconds taken, CPU seconds (every thread of the process:
 * only this tool works during its pass), and for ours the seconds some model ran.
 */
async function pass(runner, images) {
  runner.resetModelTime?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let faces = 0;
  for (const image of images) faces += await runner.faces(image);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { faces, seconds, cpuSeconds: (used.user + used.system) / 1e6, ...(runner.modelSeconds ? { modelSeconds: runner.modelSeconds() } : {}) };
}

/** The CPUs this process may run on (Linux), e.g. "0-1"; undefined elsewhere. */
function cpuAffinity() {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const demo = join(findPackageDir('@vladmandic/face-api'), 'demo');
  const images = [];
  for (let i = 1; i <= 6; i++) images.push(await decodeImage(join(demo, `sample${i}.jpg`)));

  // Ours like for like (with FaceRes, as Human runs it: Human's identity descriptor *is* FaceRes), then
  // without FaceRes (less work than Human does: reported apart, never as the headline).
  const runners = [
    await createGeneavaRunner({ modelsDir: args.modelsDir, ortThreads: args.ortThreads, modelWorkers: args.modelWorkers, attributes: true }),
    await createGeneavaRunner({ modelsDir: args.modelsDir, ortThreads: args.ortThreads, modelWorkers: args.modelWorkers, attributes: false }),
    await createHumanRunner({ rotation: true }),
    await createHumanRunner({ rotation: false }),
  ];
  const results = [];
  try {
    const warm = [];
    for (const runner of runners) warm.push(await pass(runner, images));
    const runs = runners.map(() => []);
    for (let r = 0; r < args.runs; r++) {
      for (let k = 0; k < runners.length; k++) runs[k].push(await pass(runners[k], images));
    }
    for (let k = 0; k < runners.length; k++) {
      const facesPerRun = runs[k].map((run) => run.faces);
      const seconds = median(runs[k].map((run) => run.seconds));
      results.push({
        name: runners[k].name,
        faces: facesPerRun[0],
        facesConsistent: facesPerRun.every((n) => n === facesPerRun[0]) && warm[k].faces === facesPerRun[0],
        medianSeconds: seconds,
        facesPerSecond: median(runs[k].map((run) => run.faces / run.seconds)),
        medianCpuSeconds: median(runs[k].map((run) => run.cpuSeconds)),
        minSeconds: Math.min(...runs[k].map((run) => run.seconds)),
        maxSeconds: Math.max(...runs[k].map((run) => run.seconds)),
        threads: runners[k].threads,
        ...(runs[k][0].modelSeconds !== undefined
          ? { medianModelSeconds: median(runs[k].map((run) => run.modelSeconds)), floorFacesPerSecond: median(runs[k].map((run) => run.faces / run.modelSeconds)) }
          : {}),
      });
    }
  } finally {
    for (const runner of runners) await runner.dispose();
  }

  const [ours, oursWithoutFaceRes, human, humanWithoutRotation] = results;
  const ratio = ours.facesPerSecond / human.facesPerSecond;
  const ratioWithoutRotation = ours.facesPerSecond / humanWithoutRotation.facesPerSecond;
  const floorRatio = ours.floorFacesPerSecond / human.facesPerSecond;
  const ratioWithoutFaceRes = oursWithoutFaceRes.facesPerSecond / human.facesPerSecond;
  // CPU time per face, Human's over ours: what the ratio tends to when other work takes the spare cores.
  const cpuRatio = human.medianCpuSeconds / human.faces / (ours.medianCpuSeconds / ours.faces);
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', affinity: cpuAffinity() ?? 'unknown', loadAverage: loadavg()[0] };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ photos: images.length, runs: args.runs, machine, results, ratio, floorRatio, cpuRatio, ratioWithoutFaceRes, ratioWithoutRotation, goal: GOAL_RATIO })}\n`);
    return;
  }
  const rows = results.map((r) => [
    r.name,
    String(r.faces),
    r.medianSeconds.toFixed(3),
    `${r.minSeconds.toFixed(2)}-${r.maxSeconds.toFixed(2)}`,
    r.facesPerSecond.toFixed(1),
    r.medianCpuSeconds.toFixed(3),
    r.medianModelSeconds === undefined ? '-' : r.medianModelSeconds.toFixed(3),
  ]);
  const header = ['analyzer', 'faces/pass', 'median s/pass', 'range', 'faces/s', 'CPU s/pass', 'models s/pass'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const out = [
    `Face analysis like for like: detection + 468-point mesh + expression + FaceRes (age, gender, descriptor) + mobileface identity, ${images.length} sample photos`,
    `${machine.cores} CPU cores allowed (${machine.affinity}; ${machine.cpu}); load average ${machine.loadAverage.toFixed(2)} at the end; median of ${args.runs} passes after one warm-up pass each`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `like for like, geneava / Human: ${ratio.toFixed(2)}x faces per second (goal >= ${GOAL_RATIO}x: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'})`,
    `physical floor (wall time with some model of ours running, no JavaScript around them) / Human: ${floorRatio.toFixed(2)}x; ours spends ${(100 * (1 - ours.medianModelSeconds / ours.medianSeconds)).toFixed(0)}% of a pass with no model running`,
    `CPU time per face, Human / geneava: ${cpuRatio.toFixed(2)}x (every thread of the process; the ratio's limit when other work takes the spare cores)`,
    `Human without rotation (cuts tilted faces as they lie: less work than ours, which turns every crop upright): ${ratioWithoutRotation.toFixed(2)}x (goal >= ${GOAL_RATIO}x: ${ratioWithoutRotation >= GOAL_RATIO ? 'met' : 'NOT met'})`,
    `not like for like, geneava without FaceRes / Human with it: ${ratioWithoutFaceRes.toFixed(2)}x`,
    `threads: Human wasm single-threaded in Node; ours ${args.ortThreads ? `${args.ortThreads} intra-op threads per model run` : `FaceRes on ${ours.threads.faceres} intra-op threads (sleeping between runs), the other models on 1`}, ${ours.threads.modelWorkers === 0 ? 'every run on the main thread' : `runs shared with ${ours.threads.modelWorkers} model worker threads, several models and faces at once`}`,
  ];
  if (ours.faces !== human.faces) out.push(`note: the two found different numbers of faces (${ours.faces} vs ${human.faces}); faces/s counts each tool's own faces`);
  for (const r of results) if (!r.facesConsistent) out.push(`note: ${r.name} found a different number of faces between passes`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
