import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbImage, encodeImage } from '@geneava/core/image';
import { FaceBoxStylizer, FakeSessions, InvertStylizer } from '../../test/reference-stylizers.js';
import { PlainBackgroundAnalyzer } from '../../test/plain-background-analyzer.js';
import { describeStylizerConformance } from './describe-conformance.js';
import { drawFaceLike } from './synthetic.js';

// Well-behaved stylizers pass the whole suite; conformance-checks.spec.ts shows each check failing.
describeStylizerConformance('a whole-image stylizer (colour inversion)', () => new InvertStylizer());

const sessions = new FakeSessions();
const photos: string[] = [];
describeStylizerConformance('a face-based stylizer (brightened face boxes)', () => new FaceBoxStylizer({}, sessions), {
  onnx: sessions,
  faceAnalyzer: () => new PlainBackgroundAnalyzer(),
  faceImages: photos,
});

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-conformance-photos-'));
  for (const [i, size] of [90, 140].entries()) {
    const image = createRgbImage(240, 200, [128, 128, 128]);
    drawFaceLike(image, 100 + 20 * i, 100, size);
    const path = join(dir, `photo-${i}.png`);
    await writeFile(path, await encodeImage(image, 'png'));
    photos.push(path);
  }
});
