import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { colourEmbedder, cosine, writeColourImage, type Rgb } from '../audit/test-support/colour-faces.js';
import { calibrateIdentity, fitIdentityThreshold } from './calibrate-identity.js';
import { readPairsCsv, readPeopleFolders } from './identity-pairs.js';

describe('identity pairs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-calibrate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pairs images of a person as same and across people as different', async () => {
    await writeColourImage(join(dir, 'ann', '1.png'), [200, 10, 10]);
    await writeColourImage(join(dir, 'ann', '2.png'), [190, 20, 10]);
    await writeColourImage(join(dir, 'bob', 'x', '1.png'), [10, 10, 200]);
    await writeColourImage(join(dir, 'loose.png'), [1, 2, 3]);
    await writeFile(join(dir, 'bob', 'notes.txt'), 'x');
    const set = await readPeopleFolders(dir);
    expect(set.people).toBe(2);
    expect(set.pairs.filter((p) => p.same)).toEqual([{ a: join(dir, 'ann', '1.png'), b: join(dir, 'ann', '2.png'), same: true }]);
    expect(set.pairs.filter((p) => !p.same)).toHaveLength(2);
    expect(set.differentPairsAvailable).toBe(2);
    expect(set.ignored).toEqual(['bob/notes.txt', 'loose.png']);
    await expect(readPeopleFolders(join(dir, 'ann'))).rejects.toThrow('needs at least two person folders with images (found 0)');
  });

  it('samples different-person pairs without repeats when there are more than asked for', async () => {
    for (const person of ['a', 'b', 'c']) for (const n of [1, 2, 3]) await writeColourImage(join(dir, person, `${n}.png`), [n * 50, 10, 10]);
    const set = await readPeopleFolders(dir, { maxDifferentPairs: 10, seed: 7 });
    const different = set.pairs.filter((p) => !p.same);
    expect(set.differentPairsAvailable).toBe(27);
    expect(different).toHaveLength(10);
    expect(new Set(different.map((p) => `${p.a}|${p.b}`)).size).toBe(10);
    for (const p of different) expect(p.a.split('/').at(-2)).not.toBe(p.b.split('/').at(-2));
    expect((await readPeopleFolders(dir, { maxDifferentPairs: 10, seed: 7 })).pairs).toEqual(set.pairs);
  });

  it('reads a CSV of pairs with or without a header, and names the line of a bad row', async () => {
    await writeFile(join(dir, 'pairs.csv'), 'a,b,same\nx/1.png,x/2.png,1\nx/1.png,/abs/y.png,different\n');
    const set = await readPairsCsv(join(dir, 'pairs.csv'));
    expect(set.pairs).toEqual([
      { a: join(dir, 'x', '1.png'), b: join(dir, 'x', '2.png'), same: true },
      { a: join(dir, 'x', '1.png'), b: '/abs/y.png', same: false },
    ]);
    expect(set.images).toHaveLength(3);
    await writeFile(join(dir, 'bad.csv'), 'p.png,q.png,1\np.png,q.png,maybe\n');
    await expect(readPairsCsv(join(dir, 'bad.csv'))).rejects.toThrow(`${join(dir, 'bad.csv')}: line 2: "same" must be 1/0, true/false, same/different or yes/no, got "maybe"`);
    await writeFile(join(dir, 'one.csv'), 'p.png,q.png,1\n');
    await expect(readPairsCsv(join(dir, 'one.csv'))).rejects.toThrow('needs same-person and different-person pairs, got 1 and 0');
    await writeFile(join(dir, 'short.csv'), 'p.png,1\n');
    await expect(readPairsCsv(join(dir, 'short.csv'))).rejects.toThrow('line 1: expected 3 fields (a,b,same), got 2');
    await expect(readPairsCsv(join(dir, 'none.csv'))).rejects.toThrow('pairs file not found');
  });

  it('fits the threshold on embedded images, skipping pairs without a face, with its basis', async () => {
    const colours: Record<string, Rgb[]> = {
      ann: [[200, 10, 10], [180, 40, 10]],
      bob: [[10, 10, 200], [10, 60, 180]],
      cy: [[10, 200, 10], [255, 255, 255]],
    };
    for (const [person, list] of Object.entries(colours)) for (const [i, rgb] of list.entries()) await writeColourImage(join(dir, person, `${i}.png`), rgb);
    const embedder = colourEmbedder();
    const events: string[] = [];
    const record = await calibrateIdentity(await readPeopleFolders(dir), embedder, {
      description: 'colour test',
      resamples: 50,
      onProgress: (e) => events.push(`${e.done}/${e.total} ${e.status}`),
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    expect(embedder.calls).toBe(6);
    expect(events.at(-1)).toBe('6/6 skipped'); // cy/1.png, the white image, comes last
    expect(events.filter((e) => e.endsWith('skipped'))).toHaveLength(1);
    const same = [cosine([200, 10, 10], [180, 40, 10]), cosine([10, 10, 200], [10, 60, 180])];
    expect(record.samePairs).toBe(2);
    // 3 people x 2 images: 12 different-person pairs, 4 of them with the white (faceless) image.
    expect(record.differentPairs).toBe(8);
    expect(record.data).toMatchObject({ kind: 'people', people: 3, images: 6, skippedPairs: 5, description: 'colour test', imagesWithoutFace: ['cy/1.png'] });
    expect(record.scores.same.min).toBeCloseTo(Math.min(...same), 6);
    expect(record).toMatchObject({ format: 'geneava-identity-threshold', version: 1, model: 'colour', separable: true, falseAcceptRate: 0, falseRejectRate: 0, fittedAt: '2026-01-02T03:04:05.000Z' });
    expect(record.hardestPairs.same.map((p) => p.score)).toEqual([...same].sort((x, y) => x - y).map((v) => expect.closeTo(v, 6)));
    expect(record.hardestPairs.different).toHaveLength(5);
    expect(record.hardestPairs.different[0]!.score).toBeCloseTo(record.scores.different.max, 12);
    expect(record.threshold).toBeGreaterThan(record.scores.different.max);
    expect(record.threshold).toBeLessThan(record.scores.same.min);
    expect(record.caveats).toEqual(['only 2 same-person pairs (fewer than 100): the threshold is uncertain, see its interval', 'only 3 people (fewer than 50): the different-person tail is thinly sampled']);
  });
});

describe('fitIdentityThreshold', () => {
  it('gives a bootstrap interval around the threshold that narrows with more pairs', () => {
    const random = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const draw = (n: number, mean: number, r: () => number) => Array.from({ length: n }, () => mean + (r() + r() + r() - 1.5) * 0.2);
    const r = random(3);
    const small = fitIdentityThreshold(draw(30, 0.7, r), draw(30, 0.3, r), { resamples: 200 });
    const large = fitIdentityThreshold(draw(3000, 0.7, r), draw(3000, 0.3, r), { resamples: 100 });
    expect(small.thresholdInterval95[0]).toBeLessThanOrEqual(small.threshold);
    expect(small.thresholdInterval95[1]).toBeGreaterThanOrEqual(small.threshold);
    const width = (fit: typeof small) => fit.thresholdInterval95[1] - fit.thresholdInterval95[0];
    expect(width(large)).toBeLessThan(width(small));
    expect(Math.abs(large.threshold - 0.5)).toBeLessThan(0.05);
    expect(large.caveats.some((c) => c.includes('overlap'))).toBe(true);
    expect(() => fitIdentityThreshold([0.9], [0.1], { resamples: -1 })).toThrow('bootstrap resamples must be a non-negative integer, got -1');
  });
});
