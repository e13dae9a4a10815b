import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, encodeImage, resizeImage } from '@geneava/core/image';
import type { Box } from '@geneava/core/contracts';
import { cropRgb } from '@geneava/pipeline';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

/** Single-face square crops of the sample photos (photo number, crop), so `run`'s one-face filter keeps them. */
const FACES: readonly [number, Box][] = [
  [1, { x: 280, y: 262, width: 459, height: 459 }],
  [3, { x: 896, y: 83, width: 578, height: 578 }],
  [6, { x: 495, y: 214, width: 558, height: 558 }],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-cli-same-avatar-'));
  await mkdir(join(dir, 'photos', 'joy'), { recursive: true });
  for (const [k, [photo, crop]] of FACES.entries()) {
    const image = await decodeImage(join(samplePhotosDir(), `sample${photo}.jpg`));
    await writeFile(join(dir, 'photos', 'joy', `face${k + 1}.png`), await encodeImage(await resizeImage(cropRgb(image, crop), 192, 192), 'png'));
  }
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('one stylizer, one avatar, whichever command runs it', () => {
  it('stylize, compare and run write the same avatar bytes for the same photos (the same faces given)', async () => {
    expect((await run(['stylize', '--stylizer', 'classic', '-i', 'photos', '-o', 'stylized', '--quiet'], dir)).code).toBe(0);
    expect((await run(['compare', '--stylizers', 'classic', '-i', 'photos', '-o', 'compared', '--resamples', '50', '--quiet'], dir)).code).toBe(0);
    const built = await run(['run', '--source', 'photos', '--stylizers', 'classic', '--out', 'dataset', '--no-report', '--quiet'], dir);
    expect(built.stderr).not.toMatch(/failed/);
    for (let k = 1; k <= FACES.length; k++) {
      const stylized = await readFile(join(dir, 'stylized', 'joy', `face${k}.png`));
      // classic keeps more detail inside the faces it is given: with none, the bytes would differ.
      const compared = await readFile(join(dir, 'compared', 'avatars', 'classic', 'joy', `face${k}.png`));
      const dataset = await readFile(join(dir, 'dataset', 'avatars', 'classic', 'joy', `face${k}.png`));
      expect(compared.equals(stylized)).toBe(true);
      expect(dataset.equals(stylized)).toBe(true);
    }
    // evaluate on stylize's folder (with its placements) measures each pair exactly as run did.
    expect((await run(['evaluate', '--real', 'photos', '--avatars', 'stylized', '--out', 'evaluated', '--resamples', '50', '--quiet'], dir)).code).toBe(0);
    const evaluated = (await readFile(join(dir, 'evaluated', 'pairs.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const records = (await readFile(join(dir, 'dataset', 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(evaluated).toHaveLength(FACES.length);
    for (const pair of evaluated) {
      const id = String(pair.id).split('/').pop();
      const inRun = records.find((record) => record.id === id).avatars.classic.metrics;
      const cosine = pair.metrics.find((m: { metric: string; model?: string }) => m.metric === 'identity.cosine' && m.model === 'mobileface').value;
      expect(cosine).toBe(inRun['identity.cosine[mobileface]']);
      expect(pair.metrics.find((m: { metric: string }) => m.metric === 'expression.prob_cosine').value).toBe(inRun['expression.prob_cosine']);
    }

    const noFaces = await run(['stylize', '--stylizer', 'classic', '-i', 'photos', '-o', 'faceless', '--no-faces', '--quiet'], dir);
    expect(noFaces.code).toBe(0);
    expect((await readFile(join(dir, 'faceless', 'joy', 'face1.png'))).equals(await readFile(join(dir, 'stylized', 'joy', 'face1.png')))).toBe(false);
  }, 240_000);
});
