import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbImage, rawToSharp } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import type { SetFaceEmbedder } from '@geneava/evaluator';
import { calibrateIdentity } from './calibrate-identity.js';

async function colourImage(path: string, rgb: readonly [number, number, number]): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await rawToSharp(createRgbImage(24, 24, rgb)).png().toFile(path);
}

/** Identity stand-in: the embedding is the top-left pixel's colour; a white image has no face. */
function colourEmbedder(): SetFaceEmbedder & { disposed: boolean; dispose(): Promise<void> } {
  const embedder = {
    model: 'mobileface',
    fingerprint: 'colour',
    disposed: false,
    dispose: async () => {
      embedder.disposed = true;
    },
    embedLargestFace: async (image: RgbImage) => {
      const rgb = [image.data[0]!, image.data[1]!, image.data[2]!];
      if (rgb.every((v) => v === 255)) return undefined;
      return { embedding: Float32Array.from(rgb), box: { x: 0, y: 0, width: 1, height: 1 }, faces: 1 };
    },
  };
  return embedder;
}

describe('calibrate identity', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-calibrate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fits on people folders, writes the record and closes the embedder', async () => {
    await colourImage(join(dir, 'people', 'ann', 'a.png'), [200, 10, 10]);
    await colourImage(join(dir, 'people', 'ann', 'b.png'), [190, 30, 10]);
    await colourImage(join(dir, 'people', 'bob', 'a.png'), [10, 10, 200]);
    await colourImage(join(dir, 'people', 'bob', 'b.png'), [20, 30, 190]);
    const embedder = colourEmbedder();
    const result = await calibrateIdentity({ people: 'people', identity: 'mobileface', out: 'fit/t.json', resamples: 20, cwd: dir }, { createEmbedder: async () => embedder });
    expect(embedder.disposed).toBe(true);
    expect(result.outcome).toBe('ok');
    expect(result.record).toMatchObject({ model: 'mobileface', samePairs: 2, differentPairs: 4, separable: true, method: 'information-gain' });
    expect(JSON.parse(await readFile(join(dir, 'fit', 't.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(result.record)));
  });

  it('ends partial when an image shows no face, and fits on the rest', async () => {
    await colourImage(join(dir, 'x', '1.png'), [200, 10, 10]);
    await colourImage(join(dir, 'x', '2.png'), [190, 30, 10]);
    await colourImage(join(dir, 'x', '3.png'), [10, 10, 200]);
    await colourImage(join(dir, 'x', 'white.png'), [255, 255, 255]);
    await writeFile(join(dir, 'pairs.csv'), 'a,b,same\nx/1.png,x/2.png,1\nx/1.png,x/3.png,0\nx/1.png,x/white.png,1\n');
    const result = await calibrateIdentity({ pairs: 'pairs.csv', identity: 'mobileface', resamples: 0, cwd: dir }, { createEmbedder: async () => colourEmbedder() });
    expect(result.outcome).toBe('partial');
    expect(result.record.data).toMatchObject({ skippedPairs: 1, imagesWithoutFace: ['x/white.png'] });
  });

  it('rejects bad flags and inputs with one line, before any model loads', async () => {
    const never = async (): Promise<never> => {
      throw new Error('no model should load');
    };
    const call = (request: Parameters<typeof calibrateIdentity>[0]) => calibrateIdentity({ ...request, cwd: dir }, { createEmbedder: never });
    await expect(call({ identity: 'mobileface' })).rejects.toThrow('give exactly one of --people DIR and --pairs FILE');
    await expect(call({ people: 'p', identity: 'arcface' })).rejects.toThrow('--identity arcface needs --arcface FILE');
    await expect(call({ people: 'p', identity: 'mobileface', maxDifferentPairs: 0 })).rejects.toThrow('--max-different-pairs: expected an integer >= 1, got 0');
    await expect(call({ people: 'p', identity: 'mobileface' })).rejects.toThrow(`--people: ${join(dir, 'p')}: folder not found`);
    await expect(call({ pairs: 'p.csv', identity: 'mobileface' })).rejects.toThrow(`--pairs: ${join(dir, 'p.csv')}: pairs file not found`);
  });
});
