/**
 * `nx run stylizer-onnx:bench` (or `npm run bench` at the root): images per second at 512x512 through the
 * declarative ONNX stylizer, using the shipped descriptors on fixture models with the exports' real
 * signatures (trivial weights, so this measures the stylizer's own pre- and post-processing and the
 * runtime call), next to two baselines measured in the same process.
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { benchPortrait, formatThroughputReport, measureThroughput, naiveBilateral, sharpRoundTrip } from '@geneava/testing';
import { removeFixtureFolders, shippedWithFixture, type FixtureOp, type ShippedDescriptor } from '../test/fixture-models.js';
import { createOnnxStylizer } from '../src/index.js';

const CASES: readonly [ShippedDescriptor, FixtureOp, string][] = [
  ['animeganv2-face-paint-512-v2.json', { kind: 'negate' }, 'AnimeGANv2 descriptor (512 NCHW, letterbox), negating fixture'],
  ['whitebox-cartoonization.json', { kind: 'identity' }, 'White-box descriptor (NHWC BGR, multiple of 8), identity fixture'],
];

async function main(): Promise<void> {
  const image = benchPortrait(512);
  const baselines = [
    await measureThroughput('sharp resize 512->256->512', () => sharpRoundTrip(image)),
    await measureThroughput('naive 2-D bilateral (1 pass, r=3)', () => naiveBilateral(image)),
  ];
  const onnx = new OnnxRuntime();
  const measured = [];
  try {
    for (const [name, op, label] of CASES) {
      const descriptor = await shippedWithFixture(name, op, resolve('descriptors'));
      const stylizer = await createOnnxStylizer({ descriptor, onnx, device: 'cpu' });
      measured.push(await measureThroughput(label, () => stylizer.stylize({ id: 'bench', image })));
      await stylizer.dispose();
    }
  } finally {
    await onnx.dispose();
    await removeFixtureFolders();
  }
  const title = `stylizer-onnx, 512x512 RGB, one image at a time on CPU (node ${process.version}, ${cpus().length} cores)`;
  process.stdout.write(formatThroughputReport(title, baselines, measured));
}

main().catch((error: unknown) => {
  process.stderr.write(`stylizer-onnx bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
