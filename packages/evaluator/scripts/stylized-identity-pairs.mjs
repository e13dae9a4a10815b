// Labelled identity pairs from the six sample photos of @vladmandic/face-api (22 faces, all young
// women) stylized by the classic stylizer, for `geneava calibrate identity --pairs`: the data the
// shipped default identity threshold is fitted on (src/calibration/defaults/).
//
// Usage (from the built packages): node scripts/stylized-identity-pairs.mjs OUT_DIR
// then: geneava calibrate identity --pairs OUT_DIR/pairs.csv --identity mobileface --out <record.json>
//
// Each face gets a square crop (2x its detected box, centred) out of the photo and out of each avatar,
// so the largest face of each crop is that person. Avatars come from two classic settings: the default
// and a strong one (4 RGB levels, more smoothing, thick lines, no face detail). Pairs:
// - same person: photo crop against each of its avatar crops (22 x 2);
// - different people: photo crop of one face against avatar crops of every other face (22 x 21 x 2).
// The avatar's face is re-detected inside its crop by the calibration (no landmark reuse).
// @geneava/stylizer-classic is reached through the workspace (it is not a dependency of the evaluator).
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { decodeImage, rawToSharp } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { ClassicStylizer } from '@geneava/stylizer-classic';

const SETTINGS = {
  classic: {},
  'classic-strong': { smoothingPasses: 4, levels: 4, quantize: 'rgb', edgeDilate: true, faceDetail: false },
};

async function crop(image, box, path) {
  const side = Math.round(2 * Math.max(box.width, box.height));
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const left = Math.max(0, Math.round(cx - side / 2));
  const top = Math.max(0, Math.round(cy - side / 2));
  const width = Math.min(image.width - left, side);
  const height = Math.min(image.height - top, side);
  await rawToSharp(image).extract({ left, top, width, height }).png().toFile(path);
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node scripts/stylized-identity-pairs.mjs OUT_DIR');
  const demo = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
  const onnx = new OnnxRuntime();
  const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, device: 'cpu', attributes: false });
  const faces = [];
  try {
    for (const folder of ['photo', ...Object.keys(SETTINGS)]) await mkdir(join(out, folder), { recursive: true });
    for (let n = 1; n <= 6; n++) {
      const photo = await decodeImage(join(demo, `sample${n}.jpg`));
      const detected = await analyzer.detect(photo);
      const avatars = {};
      for (const [name, options] of Object.entries(SETTINGS)) avatars[name] = (await new ClassicStylizer(options).stylize({ image: photo, faces: detected, id: `sample${n}` })).image;
      for (const [k, face] of detected.entries()) {
        const id = `s${n}f${k + 1}`;
        await crop(photo, face.box, join(out, 'photo', `${id}.png`));
        for (const name of Object.keys(SETTINGS)) await crop(avatars[name], face.box, join(out, name, `${id}.png`));
        faces.push(id);
      }
    }
  } finally {
    await analyzer.dispose();
    await onnx.dispose();
  }
  const rows = ['a,b,same'];
  for (const a of faces)
    for (const b of faces)
      for (const name of Object.keys(SETTINGS)) rows.push(`photo/${a}.png,${name}/${b}.png,${a === b ? 1 : 0}`);
  await writeFile(join(out, 'pairs.csv'), `${rows.join('\n')}\n`);
  process.stdout.write(`${faces.length} faces; ${rows.length - 1} pairs in ${join(out, 'pairs.csv')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
