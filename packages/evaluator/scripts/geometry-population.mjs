// The population scale of the expression geometry features: mean and standard deviation of each
// feature over the real faces of the six sample photos of @vladmandic/face-api (22 faces), as the
// embedded analyzer measures them. The evaluator divides feature differences by these deviations
// (src/metrics/geometry/sample-faces-scale.json), so every feature is in units of how much real
// faces differ from one another.
// Usage (from the built packages): node scripts/geometry-population.mjs OUT_FILE
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { decodeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import { EmbeddedFaceAnalyzer, GEOMETRY_FEATURES } from '@geneava/face-analysis';

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node scripts/geometry-population.mjs OUT_FILE');
  const demo = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
  const onnx = new OnnxRuntime();
  const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, device: 'cpu', attributes: false });
  const values = Object.fromEntries(GEOMETRY_FEATURES.map((name) => [name, []]));
  try {
    for (let n = 1; n <= 6; n++) {
      for (const face of await analyzer.analyze(await decodeImage(join(demo, `sample${n}.jpg`)))) {
        for (const name of GEOMETRY_FEATURES) values[name].push(face.expression.geometry[name]);
      }
    }
  } finally {
    await analyzer.dispose();
    await onnx.dispose();
  }
  const round = (v) => Math.round(v * 1e6) / 1e6;
  const features = Object.fromEntries(
    GEOMETRY_FEATURES.map((name) => {
      const list = values[name];
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      const sd = Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / (list.length - 1));
      return [name, { mean: round(mean), sd: round(sd) }];
    }),
  );
  const record = {
    format: 'geneava-geometry-scale',
    version: 1,
    analyzer: `${analyzer.info.id}@${analyzer.info.version}`,
    faces: values[GEOMETRY_FEATURES[0]].length,
    basis:
      'real faces of the six sample photos of @vladmandic/face-api (all young women, mostly neutral to smiling), every face the analyzer finds; sd is the sample standard deviation across faces (n - 1)',
    features,
  };
  await writeFile(out, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`${record.faces} faces -> ${out}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
