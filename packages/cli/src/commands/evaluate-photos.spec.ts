import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, rawToSharp } from '@geneava/core/image';
import { parseCsv } from '@geneava/evaluator';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

describe('geneava evaluate on real photos and blurred avatars', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-evaluate-photos-'));
    const demo = samplePhotosDir();
    await mkdir(join(dir, 'real', 'joy'), { recursive: true });
    await mkdir(join(dir, 'avatars'), { recursive: true });
    for (let i = 1; i <= 6; i++) {
      // Photos 1-3 sit in a joy/ folder (their label), 4-6 at the top. The avatars are flat, as PNG:
      // Gaussian blur (sigma 2) keeps every face where it was, as an in-place style does.
      const real = join(dir, 'real', i <= 3 ? 'joy' : '', `sample${i}.jpg`);
      await copyFile(join(demo, `sample${i}.jpg`), real);
      await rawToSharp(await decodeImage(real)).blur(2).png({ compressionLevel: 1 }).toFile(join(dir, 'avatars', `sample${i}.png`));
    }
    await writeFile(join(dir, 'avatars', 'stray.png'), 'not an image');
    await writeFile(join(dir, 'real', 'stray.jpg'), 'not an image either');
    await writeFile(join(dir, 'labels.csv'), 'id,gender\nsample1,female\nsample5,female\n');
  }, 60_000);

  it('finds every face again where it was and scores every photo', async () => {
    const result = await run(['evaluate', '--real', 'real', '--avatars', 'avatars', '--labels', 'labels.csv', '--out', 'scored', '--json', '--resamples', '500'], dir);
    // The stray pair fails to decode, so the run is a partial success.
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout);
    expect(summary.counts).toEqual({ pairs: 7, ok: 6, failed: 1, unpaired: 0, ignoredFiles: 0 });
    // Both stray files are corrupt and a pair's two decodes run concurrently, so either may be the one named.
    expect(summary.failed).toEqual([{ id: 'stray', reason: expect.stringMatching(/^decode: .*stray\.(jpg|png): /) }]);
    expect(summary.analyzer.identityModels).toEqual(['mobileface', 'faceres']);

    const csv = parseCsv(await readFile(join(dir, 'scored', 'pairs.csv'), 'utf8'));
    const header = csv[0]!;
    const rows = csv.slice(1).map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]!])));
    const scored = rows.filter((row) => row['status'] === 'ok');
    expect(scored.map((row) => row['id'])).toEqual(['joy/sample1', 'joy/sample2', 'joy/sample3', 'sample4', 'sample5', 'sample6']);
    for (const row of scored) {
      expect(row['landmarks']).toBe('redetected');
      // Blur keeps identity (same-person cosine under blur >= 0.90 in the reference measurement, against
      // at most 0.49 between different people) and the landmarks (NME 0.103 between different people).
      expect(Number(row['identity.cosine[mobileface]'])).toBeGreaterThan(0.8);
      expect(row['identity.verified[mobileface]']).toBe('1');
      expect(Number(row['landmarks.nme'])).toBeLessThan(0.05);
      expect(row['detection.redetected']).toBe('1');
      expect(row['notes']).toMatch(/^the real image has [3-5] faces; the largest was evaluated$/);
    }
    expect(rows.find((row) => row['id'] === 'joy/sample1')).toMatchObject({ expression: 'joy', gender: 'female' });

    const sets: { metric: string; model?: string; group: Record<string, string>; n: number; mean: number; ci95: [number, number] }[] = summary.sets;
    const identity = sets.find((set) => set.metric === 'identity.cosine' && set.model === 'mobileface' && Object.keys(set.group).length === 0)!;
    expect(identity.n).toBe(6);
    expect(identity.ci95[0]).toBeLessThanOrEqual(identity.mean);
    expect(identity.ci95[1]).toBeGreaterThanOrEqual(identity.mean);
    expect(sets.find((set) => set.metric === 'identity.cosine' && set.group['expression'] === 'joy')!.n).toBe(3);
    expect(sets.find((set) => set.metric === 'identity.cosine' && set.group['gender'] === 'female')!.n).toBe(2);
  }, 120_000);

  it('has no --geometry-preserving switch: every stylizer is measured the same way', async () => {
    const result = await run(['evaluate', '--real', 'real', '--avatars', 'avatars', '--out', 'flag', '--geometry-preserving'], dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/geometry-preserving/);
    expect(existsSync(join(dir, 'flag'))).toBe(false);
  });
});
