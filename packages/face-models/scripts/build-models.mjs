// Converts the default face models into models/ next to this package (the Nx target build-models).
// Runs on the compiled package: the target compiles it first. Models that are up to date are kept.
//   node scripts/build-models.mjs [--force] [name ...]
import console from 'node:console';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { buildFaceModels } from '../dist/index.js';

async function main() {
  const packageDir = resolve(dirname(process.argv[1]), '..');
  const args = process.argv.slice(2);
  const only = args.filter((arg) => !arg.startsWith('--'));
  const outDir = join(packageDir, 'models');
  const started = performance.now();
  const results = await buildFaceModels(outDir, { force: args.includes('--force'), ...(only.length > 0 ? { only } : {}) });
  for (const result of results) {
    const what = result.status === 'converted' ? `converted in ${result.ms.toFixed(0)} ms` : 'up to date';
    console.log(`${result.name}.onnx: ${what} (${result.tfNodes} TF nodes -> ${result.onnxNodes} ONNX nodes, ${(result.bytes / 1e6).toFixed(2)} MB)`);
  }
  console.log(`face models ready in ${outDir} (${(performance.now() - started).toFixed(0)} ms)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
