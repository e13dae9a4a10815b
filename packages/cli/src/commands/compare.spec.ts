import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeImage, encodeImage, resizeImage } from '@geneava/core/image';
import { parseCsv } from '@geneava/evaluator';
import { OnnxGraphBuilder } from '@geneava/testing';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

// Inside the workspace (its git-ignored tmp/ folder), so the default config finds the installed classic plugin.
const workspaceRoot = resolve(__dirname, '../../../..');

interface LeaderboardJson {
  rank: number;
  rankInterval?: [number, number];
  stylizer: string;
  stylized?: boolean;
  ok: number;
  attempted: number;
  metrics: Record<string, { n: number; mean: number; ci95: [number, number] }>;
}

describe('geneava compare: classic against a declarative ONNX stylizer on 3 sample photos', () => {
  let dir: string;
  beforeAll(async () => {
    await mkdir(join(workspaceRoot, 'tmp'), { recursive: true });
    dir = await mkdtemp(join(workspaceRoot, 'tmp', 'cli-compare-'));
    const demo = samplePhotosDir();
    await mkdir(join(dir, 'photos'), { recursive: true });
    for (let i = 1; i <= 3; i++) {
      // 640 px wide keeps the faces detectable and the classic filter quick.
      const photo = await decodeImage(join(demo, `sample${i}.jpg`));
      const small = await resizeImage(photo, 640, Math.round((640 * photo.height) / photo.width));
      await writeFile(join(dir, 'photos', `sample${i}.png`), await encodeImage(small, 'png'));
    }
    await writeFile(join(dir, 'labels.csv'), 'id,expression,gender\nsample1,glee,female\nsample2,rage,male\nsample3,delight,female\n');
    // The "toy" stylizer returns every photo exactly (an Identity graph), so it preserves everything.
    const b = new OnnxGraphBuilder({ opset: 17 });
    b.output(b.op.identity(b.input('input_photo:0', 'float', ['n', 'h', 'w', 3]), { output: 'out:0' }), 'float', ['n', 'h', 'w', 3]);
    await writeFile(join(dir, 'toy.onnx'), b.toBytes());
    await writeFile(
      join(dir, 'toy.json'),
      JSON.stringify({
        id: 'toy',
        style: 'identity',
        model: 'toy.onnx',
        input: { name: 'input_photo:0', size: { multipleOf: 8 }, layout: 'NHWC', channelOrder: 'BGR', range: [-1, 1] },
        output: { range: [-1, 1], dtype: 'float32' },
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ranks both, with exact paired statistics, and writes JSON, CSV, avatars and a self-contained report', async () => {
    const args = ['compare', '--stylizers', 'classic,onnx:toy.json', '--input', 'photos', '--out', 'cmp', '--labels', 'labels.csv', '--resamples', '500', '--json'];
    const result = await run(args, dir);
    expect(result.stderr).not.toMatch(/failed:/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.files).toEqual({ json: join(dir, 'cmp', 'comparison.json'), csv: join(dir, 'cmp', 'comparison.csv'), html: join(dir, 'cmp', 'report.html') });

    const model = JSON.parse(await readFile(join(dir, 'cmp', 'comparison.json'), 'utf8'));
    expect(model.stylizers).toEqual([
      { name: 'classic', id: 'classic', style: 'classic cartoon', version: '0.1.0', geometryPreserving: true },
      { name: 'toy', id: 'toy', style: 'identity', version: '1', geometryPreserving: true },
    ]);
    expect(model.counts).toEqual({ items: 3, compared: 3, skipped: 0, pairs: 6, failedPairs: 0, shared: 3 });
    const leaderboard: LeaderboardJson[] = model.leaderboard;
    // The identity stylizer preserves everything but styles nothing: "not stylized", listed last, unranked.
    expect(leaderboard.map((row) => [row.rank, row.stylizer, row.stylized, row.rankInterval, row.ok, row.attempted])).toEqual([
      [1, 'classic', true, [1, 1], 3, 3],
      [2, 'toy', false, undefined, 3, 3],
    ]);
    expect(model.strength.map((row: { stylizer: string; mean: number; stylized: boolean }) => [row.stylizer, row.stylized])).toEqual([['classic', true], ['toy', false]]);
    expect(model.strength[1].mean).toBe(0);
    // The identity stylizer's avatar is the photo itself: the same analysis on both sides.
    const toy = leaderboard[1]!.metrics;
    expect(toy['identity.cosine[mobileface]']!.mean).toBeCloseTo(1, 5);
    expect(toy['identity.verified[mobileface]']!.mean).toBe(1);
    expect(toy['expression.top1_agree']!.mean).toBe(1);
    expect(toy['expression.geometry_distance']!.mean).toBeCloseTo(0, 6);
    expect(toy['detection.redetected']!.mean).toBe(1);
    expect(toy['stylize.ms']!.n).toBe(3);
    const classic = leaderboard[0]!.metrics;
    expect(classic['identity.cosine[mobileface]']!.mean).toBeLessThan(0.999);
    expect(classic['identity.cosine[mobileface]']!.n).toBe(3);

    // classic − toy on identity: three negative differences. Exact sign-flip p: only all-minus and
    // all-plus reach the observed |sum|, 2 of 8; Wilcoxon (W+ = 0 of 8 equally likely sums) likewise.
    // With three faces no test reaches 0.05, so neither is declared better.
    const identity = model.pairwise.find((t: { metric: string }) => t.metric === 'identity.cosine[mobileface]');
    expect(identity).toMatchObject({ a: 'classic', b: 'toy', n: 3, pPermutation: 0.25, permutationMethod: 'exact', pWilcoxon: 0.25, better: null });
    expect(identity.meanDiff).toBeCloseTo(classic['identity.cosine[mobileface]']!.mean - toy['identity.cosine[mobileface]']!.mean, 10);
    expect(identity.ci95[1]).toBeLessThan(0);

    // Labels: glee and delight are joy, rage is anger.
    const joy = model.breakdowns.find((r: { key: string; value: string; stylizer: string; metric: string }) => r.key === 'family' && r.value === 'joy' && r.stylizer === 'toy' && r.metric === 'identity.cosine[mobileface]');
    expect(joy.n).toBe(2);
    expect(model.breakdowns.some((r: { key: string; value: string }) => r.key === 'family' && r.value === 'anger')).toBe(true);
    expect(model.breakdowns.some((r: { key: string; value: string }) => r.key === 'gender' && r.value === 'male')).toBe(true);

    const csv = parseCsv(await readFile(join(dir, 'cmp', 'comparison.csv'), 'utf8'));
    expect(csv[0]!.slice(0, 4)).toEqual(['section', 'rank', 'stylizer', 'versus']);
    expect(new Set(csv.slice(1).map((row) => row[0]))).toEqual(new Set(['leaderboard', 'pairwise', 'breakdown']));

    const html = await readFile(join(dir, 'cmp', 'report.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain('<svg class="chart"');
    expect(html).toMatch(/<tr class="leaderboard-row rank-1" data-stylizer="classic">/);
    expect(html).toMatch(/<tr class="leaderboard-row rank-2 not-stylized" data-stylizer="toy"><td class="num">not stylized<\/td>/);
    expect(html).toContain('<svg class="chart strength-chart"');
    // 3 sample rows x (real + 2 avatars), and the worst-case grids.
    expect((html.match(/src="data:image\/jpeg;base64,/g) ?? []).length).toBeGreaterThanOrEqual(9);

    const toyAvatar = await decodeImage(join(dir, 'cmp', 'avatars', 'toy', 'sample1.png'));
    const photo = await decodeImage(join(dir, 'photos', 'sample1.png'));
    expect(Buffer.from(toyAvatar.data).equals(Buffer.from(photo.data))).toBe(true);
    expect(existsSync(join(dir, 'cmp', 'avatars', 'classic', 'sample3.png'))).toBe(true);
  }, 120_000);

  it('prints the leaderboard as a table without --json', async () => {
    const result = await run(['compare', '-s', 'onnx:toy.json', '-i', 'photos', '-o', 'one', '--max-images', '1', '--resamples', '100', '--quiet'], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Compared 1 stylizer on 1 of 1 photo (0 failed pairs, 0 skipped photos)');
    expect(lines[2]).toMatch(/^RANK +STYLIZER {2}SCORE {2}SCORED {2}IDENTITY {2}VERIFIED {2}EXPR TOP-1 {2}EXPR COSINE {2}EXPR GEOMETRY {2}RE-DETECTED {2}SUCCESS {2}MS\/IMAGE$/);
    // The toy stylizer returns the photo: it is "not stylized", so it has no rank and no score.
    expect(lines[3]).toMatch(/^not stylized +toy +- +1\/1 +1\.000 +100% +100% +1\.000 +0\.000 +100% +100% +[\d,]+ ms$/);
    expect(result.stdout).toContain(`Report: ${join(dir, 'one', 'report.html')}`);
  }, 60_000);

  it('rejects usage mistakes with exit 64 before loading any model', async () => {
    const unknown = await run(['compare', '-s', 'classic,clasic', '-i', 'photos', '-o', 'x'], dir);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/^geneava: unknown stylizer "clasic" \(did you mean "classic"\?\)/);
    const noDescriptor = await run(['compare', '-s', 'onnx', '-i', 'photos', '-o', 'x'], dir);
    expect(noDescriptor.stderr).toBe('geneava: --stylizers: "onnx" needs a descriptor file: onnx:path/to/descriptor.json\n');
    const twice = await run(['compare', '-s', 'classic,classic', '-i', 'photos', '-o', 'x'], dir);
    expect(twice.stderr).toBe('geneava: --stylizers: "classic" is given twice\n');
    const missing = await run(['compare', '-s', 'classic', '-i', 'nowhere', '-o', 'x', '--json'], dir);
    expect(missing.code).toBe(64);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'usage', message: '--input nowhere: not a folder (give the folder of photos to compare on)' } });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
