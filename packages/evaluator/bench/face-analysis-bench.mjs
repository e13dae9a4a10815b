// Throughput of face analysis (detection + landmarks + identity + expression, with age and gender) on
// the six sample photos of @vladmandic/face-api, ours against @vladmandic/human in the same process on
// the same decoded pixels. Usage: node bench/face-analysis-bench.mjs [--runs N] [--face-models DIR] [--ort-threads N] [--json]
// Each tool gets one warm-up pass over all photos; then runs alternate between the tools (so drift in
// machine load hits both alike) and the median run is reported.
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { decodeImage } from '@geneava/core';
import { findPackageDir } from './find-package.mjs';
import { createGeneavaRunner } from './geneava-runner.mjs';
import { createHumanRunner } from './human-runner.mjs';

const GOAL_RATIO = 5;

function parseArgs(argv) {
  const args = { runs: 5, json: false, modelsDir: undefined, ortThreads: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--face-models') args.modelsDir = argv[++i];
    else if (argv[i] === '--ort-threads') args.ortThreads = Number(argv[++i]);
    else throw new Error(`bench: unknown argument ${argv[i]} (use --runs N, --face-models DIR, --ort-threads N, --json)`);
  }
  if (args.ortThreads !== undefined && !(Number.isInteger(args.ortThreads) && args.ortThreads >= 1)) {
    throw new Error('bench: --ort-threads must be a positive integer');
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('bench: --runs must be a positive integer');
  return args;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One pass over every photo: faces found and seconds taken. */
async function pass(runner, images) {
  const started = performance.now();
  let faces = 0;
  for (const image of images) faces += await runner.faces(image);
  return { faces, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const demo = join(findPackageDir('@vladmandic/face-api'), 'demo');
  const images = [];
  for (let i = 1; i <= 6; i++) images.push(await decodeImage(join(demo, `sample${i}.jpg`)));

  // Ours twice: the work (detection, landmarks, identity, expression) and the same plus FaceRes
  // age/gender. Human's identity embedding *is* FaceRes, so its pipeline needs the description module
  // either way; the first ratio compares the same tasks, each tool with its own default models.
  const runners = [
    await createGeneavaRunner({ modelsDir: args.modelsDir, ortThreads: args.ortThreads, attributes: false }),
    await createGeneavaRunner({ modelsDir: args.modelsDir, ortThreads: args.ortThreads, attributes: true }),
    await createHumanRunner(),
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
      });
    }
  } finally {
    for (const runner of runners) await runner.dispose();
  }

  const [ours, oursWithAttributes, human] = results;
  const ratio = ours.facesPerSecond / human.facesPerSecond;
  const ratioWithAttributes = oursWithAttributes.facesPerSecond / human.facesPerSecond;
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown' };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ photos: images.length, runs: args.runs, machine, results, ratio, ratioWithAttributes, goal: GOAL_RATIO })}\n`);
    return;
  }
  const rows = results.map((r) => [r.name, String(r.faces), r.medianSeconds.toFixed(3), r.facesPerSecond.toFixed(1)]);
  const header = ['analyzer', 'faces/pass', 'median s/pass', 'faces/s'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const out = [
    `Face analysis: detection + 468-point mesh + identity + expression, ${images.length} sample photos`,
    `${machine.cores} CPU cores (${machine.cpu}); median of ${args.runs} passes after one warm-up pass each`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `ratio geneava / Human (detection + landmarks + identity + expression): ${ratio.toFixed(2)}x faces per second (goal >= ${GOAL_RATIO}x: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'})`,
    `ratio geneava with FaceRes age/gender / Human: ${ratioWithAttributes.toFixed(2)}x`,
  ];
  if (ours.faces !== human.faces) out.push(`note: the two found different numbers of faces (${ours.faces} vs ${human.faces}); faces/s counts each tool's own faces`);
  for (const r of results) if (!r.facesConsistent) out.push(`note: ${r.name} found a different number of faces between passes`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
