import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_VERSIONS,
  type DetectedFace,
  type FaceAnalysis,
  type FaceAnalyzer,
  type RgbImage,
} from '@geneava/core/contracts';
import { createRgbImage, writeImageAtomic } from '@geneava/core/image';
import { parseCsv } from '@geneava/evaluator';
import { evaluatorRun, type EvaluatorRun } from '../evaluation/test-support/default-evaluator.js';
import { registryWithThirdPartyEvaluator } from '../evaluation/test-support/evaluator-plugin.js';
import { evaluateFolders } from './evaluate-folders.js';

/**
 * Sees one face in any image that is not black. Its identity is the image's dominant colour channel
 * (a one-hot vector, so cosines are 1 or 0); its emotion is "happy" for red-dominant images, else "sad".
 */
class ColourAnalyzer implements FaceAnalyzer {
  readonly apiVersion = API_VERSIONS.faceAnalyzer;
  readonly info = { id: 'colour', version: '1', identityModels: ['mobileface'] };
  disposed = 0;
  analyzeCalls = 0;
  async detect(image: RgbImage): Promise<DetectedFace[]> {
    return (await this.analyze(image)).map(({ box, score, points5 }) => ({ box, score, points5 }));
  }
  async analyze(image: RgbImage, options?: { readonly faces?: readonly DetectedFace[] }): Promise<FaceAnalysis[]> {
    this.analyzeCalls++;
    const [r, g, b] = [image.data[0]!, image.data[1]!, image.data[2]!];
    if (r + g + b === 0) return [];
    const dominant = [r, g, b].indexOf(Math.max(r, g, b));
    const box = options?.faces?.[0]?.box ?? { x: 1, y: 1, width: 6, height: 6 };
    return [
      {
        box,
        score: 0.9,
        points5: [[2, 3], [6, 3], [4, 4], [3, 6], [5, 6]],
        identity: { mobileface: Float32Array.from([0, 1, 2], (i) => (i === dominant ? 1 : 0)) },
        expression: { probabilities: dominant === 0 ? { happy: 0.9, sad: 0.1 } : { happy: 0.2, sad: 0.8 }, geometry: { mouthOpen: r / 255 } },
      },
    ];
  }
  dispose(): void {
    this.disposed++;
  }
}

async function folders() {
  const root = await mkdtemp(join(tmpdir(), 'geneava-evaluate-'));
  const real = join(root, 'real');
  const avatars = join(root, 'avatars');
  await mkdir(join(real, 'joy'), { recursive: true });
  await mkdir(join(real, 'sad'), { recursive: true });
  await mkdir(avatars, { recursive: true });
  return { root, real, avatars };
}

const png = (path: string, colour: [number, number, number]) => writeImageAtomic(path, createRgbImage(8, 8, colour));

let evaluators: EvaluatorRun;
beforeAll(async () => {
  evaluators = await evaluatorRun();
});
afterAll(async () => {
  await evaluators.close();
});
/** The default evaluator of a project that enables no evaluator plugin. */
const createEvaluator: EvaluatorRun['createEvaluator'] = (analyzer, thresholds) => evaluators.createEvaluator(analyzer, thresholds);

describe('evaluateFolders', () => {
  it('scores paired folders, reports every bad file, and writes the three report files', async () => {
    const { root, real, avatars } = await folders();
    await png(join(real, 'joy', 'a.png'), [255, 0, 0]);
    await png(join(avatars, 'a.png'), [200, 10, 10]);
    await png(join(real, 'joy', 'b.png'), [0, 255, 0]);
    await png(join(avatars, 'b.png'), [0, 0, 255]);
    await png(join(real, 'sad', 'c.png'), [0, 0, 0]);
    await png(join(avatars, 'c.png'), [0, 0, 255]);
    await writeFile(join(real, 'd.jpg'), 'not a jpeg');
    await png(join(avatars, 'd.png'), [1, 1, 1]);
    await png(join(real, 'e.png'), [9, 9, 9]);
    await png(join(avatars, 'f.png'), [9, 9, 9]);
    await writeFile(join(real, 'notes.txt'), 'x');
    const analyzer = new ColourAnalyzer();
    const events: string[] = [];

    const result = await evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out', resamples: 200, cwd: root }, {
      createAnalyzer: async () => analyzer,
      createEvaluator,
      onProgress: (e) => events.push(`${e.done}/${e.total}${e.status ? ` ${e.status}` : ''}`),
    });

    expect(result.outcome).toBe('partial');
    expect(result.summary.counts).toEqual({ pairs: 4, ok: 2, failed: 2, unpaired: 2, ignoredFiles: 1 });
    expect(result.summary.failed).toEqual([
      { id: 'd', reason: expect.stringMatching(/^decode: .*real\/d\.jpg: /) },
      { id: 'sad/c', reason: 'evaluator preservation: real image sad/c: no face detected, so the pair cannot be scored' },
    ]);
    expect(result.summary.unpaired).toEqual([
      { side: 'avatar', path: 'f.png', reason: 'no real image named f' },
      { side: 'real', path: 'e.png', reason: 'no avatar named e' },
    ]);
    expect(events).toEqual(['0/4', '1/4 failed', '2/4 ok', '3/4 ok', '4/4 failed']);
    expect(analyzer.disposed).toBe(1);

    // a: red vs red -> cosine 1, happy both; b: green vs blue -> cosine 0, sad both.
    const overall = (metric: string) => result.summary.sets.find((set) => set.metric === metric && Object.keys(set.group).length === 0)!;
    expect(overall('identity.cosine')).toMatchObject({ model: 'mobileface', n: 2, mean: 0.5 });
    expect(overall('identity.verified')).toMatchObject({ n: 2, mean: 0.5 });
    expect(overall('expression.top1_agree')).toMatchObject({ n: 2, mean: 1 });
    expect(result.summary.sets.filter((set) => set.group['expression'] === 'joy').map((set) => set.metric)).toContain('identity.cosine');
    expect(result.summary.analyzer).toEqual(analyzer.info);
    expect(result.summary.thresholds['mobileface']!.threshold).toBe(0.51);

    const jsonl = (await readFile(join(root, 'out', 'pairs.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(jsonl.map((r) => [r.id, r.status])).toEqual([
      ['d', 'failed'],
      ['joy/a', 'ok'],
      ['joy/b', 'ok'],
      ['sad/c', 'failed'],
      ['f', 'unpaired'],
      ['e', 'unpaired'],
    ]);
    expect(jsonl[1].labels).toEqual({ expression: 'joy' });
    const csv = parseCsv(await readFile(join(root, 'out', 'pairs.csv'), 'utf8'));
    const header = csv[0]!;
    const row = (id: string) => Object.fromEntries(header.map((column, i) => [column, csv.find((r) => r[0] === id)![i]]));
    expect(row('joy/a')).toMatchObject({ status: 'ok', landmarks: 'redetected', 'identity.cosine[mobileface]': '1', 'expression.top1_agree': '1', 'detection.redetected': '1' });
    expect(row('joy/b')).toMatchObject({ 'identity.cosine[mobileface]': '0', 'identity.verified[mobileface]': '0' });
    expect(JSON.parse(await readFile(join(root, 'out', 'summary.json'), 'utf8')).counts.ok).toBe(2);
  });

  it('ends ok when every pair is scored and uses labels from a file for the groups', async () => {
    const { root, real, avatars } = await folders();
    await png(join(real, 'joy', 'a.png'), [255, 0, 0]);
    await png(join(avatars, 'a.png'), [255, 0, 0]);
    await png(join(real, 'joy', 'b.png'), [0, 255, 0]);
    await png(join(avatars, 'b.png'), [0, 255, 0]);
    await writeFile(join(root, 'labels.csv'), 'id,gender,race\na,female,white\njoy/b,male,black\nzzz,male,indian\n');
    const result = await evaluateFolders(
      { real: 'real', avatars: 'avatars', out: 'out', labels: 'labels.csv', thresholds: { mobileface: 0.9 }, resamples: 100, cwd: root },
      { createAnalyzer: async () => new ColourAnalyzer(), createEvaluator },
    );
    expect(result.outcome).toBe('ok');
    expect(result.summary.labels).toEqual({ file: join(root, 'labels.csv'), entries: 3, matched: 2 });
    expect(result.summary.thresholds['mobileface']).toEqual({ threshold: 0.9, basis: 'configured' });
    const groups = result.summary.sets.filter((set) => set.metric === 'identity.cosine').map((set) => set.group);
    expect(groups).toEqual([{}, { expression: 'joy' }, { gender: 'female' }, { gender: 'male' }, { race: 'black' }, { race: 'white' }]);
    expect(result.outcomes.every((o) => o.status === 'ok' && o.evaluation.metrics[0]!.details!['landmarks'] === 'redetected')).toBe(true);
  });

  it("follows stylize's placements beside the avatars: the given faces, through the stylizer's transforms", async () => {
    const { root, real, avatars } = await folders();
    await png(join(real, 'joy', 'a.png'), [255, 0, 0]);
    await png(join(avatars, 'a.png'), [200, 10, 10]);
    // The stylizer says it moved the face 100 px right: out of the 8 px avatar, so the face there is not it.
    const face = { box: { x: 1, y: 1, width: 6, height: 6 }, score: 0.9, points5: [[2, 3], [6, 3], [4, 4], [3, 6], [5, 6]] };
    await writeFile(join(avatars, 'placements.jsonl'), `${JSON.stringify({ avatar: 'a.png', real: 'joy/a.png', faces: [face], faceTransforms: [[1, 0, 100, 0, 1, 0]] })}\n`);
    const redetected = (result: Awaited<ReturnType<typeof evaluateFolders>>) =>
      result.outcomes.map((o) => (o.status === 'ok' ? o.evaluation.metrics.find((m) => m.metric === 'detection.redetected')?.value : undefined));

    const followed = await evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out', cwd: root }, { createAnalyzer: async () => new ColourAnalyzer(), createEvaluator });
    expect(redetected(followed)).toEqual([0]);
    expect(followed.summary.placements).toEqual({ file: join(avatars, 'placements.jsonl'), avatars: 1 });
    expect(followed.summary.counts.ignoredFiles).toBe(0);

    const ignored = await evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out2', placements: false, cwd: root }, { createAnalyzer: async () => new ColourAnalyzer(), createEvaluator });
    expect(redetected(ignored)).toEqual([1]);
    expect(ignored.summary.placements).toBeUndefined();

    await writeFile(join(root, 'bad.jsonl'), '{"avatar": "a.png"}\n');
    const createAnalyzer = jest.fn();
    await expect(evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out3', placements: 'bad.jsonl', cwd: root }, { createAnalyzer, createEvaluator })).rejects.toThrow(
      `--placements: ${join(root, 'bad.jsonl')}:1: "real" must be a non-empty path`,
    );
    expect(createAnalyzer).not.toHaveBeenCalled();
  });

  it('ends in failure and never loads the analyzer when nothing can be paired', async () => {
    const { root, real, avatars } = await folders();
    await png(join(real, 'x.png'), [1, 2, 3]);
    await png(join(avatars, 'y.png'), [1, 2, 3]);
    const createAnalyzer = jest.fn();
    const result = await evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out', cwd: root }, { createAnalyzer, createEvaluator });
    expect(result.outcome).toBe('failure');
    expect(createAnalyzer).not.toHaveBeenCalled();
    expect(result.summary.counts).toMatchObject({ pairs: 0, unpaired: 2 });
    expect((await readFile(join(root, 'out', 'pairs.csv'), 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('ends in failure when every pair fails', async () => {
    const { root, real, avatars } = await folders();
    await png(join(real, 'x.png'), [0, 0, 0]);
    await png(join(avatars, 'x.png'), [0, 0, 0]);
    const result = await evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out', cwd: root }, { createAnalyzer: async () => new ColourAnalyzer(), createEvaluator });
    expect(result.outcome).toBe('failure');
    expect(result.summary.sets).toEqual([]);
  });

  it('turns missing folders, bad labels and bad thresholds into usage errors before loading models', async () => {
    const { root } = await folders();
    const createAnalyzer = jest.fn();
    const base = { real: 'real', avatars: 'avatars', out: 'out' };
    await expect(evaluateFolders({ ...base, real: 'nope', cwd: root }, { createAnalyzer, createEvaluator })).rejects.toThrow(`--real: ${join(root, 'nope')}: folder not found`);
    await writeFile(join(root, 'l.csv'), 'name\nx\n');
    await expect(evaluateFolders({ ...base, labels: 'l.csv', cwd: root }, { createAnalyzer, createEvaluator })).rejects.toThrow(`--labels: ${join(root, 'l.csv')}: the header has neither an "id" nor a "file" column (name)`);
    await expect(evaluateFolders({ ...base, thresholds: { mobileface: 3 }, cwd: root }, { createAnalyzer, createEvaluator })).rejects.toThrow(
      '--threshold: identity threshold for mobileface must be a cosine in [-1, 1], got 3',
    );
    expect(createAnalyzer).not.toHaveBeenCalled();
  });

  it('scores every pair with the evaluator plugin the config enables, on the analyzer it built', async () => {
    const { root, real, avatars } = await folders();
    await png(join(real, 'joy', 'a.png'), [255, 0, 0]);
    await png(join(avatars, 'a.png'), [200, 10, 10]);
    await png(join(real, 'joy', 'b.png'), [0, 255, 0]);
    await png(join(avatars, 'b.png'), [0, 0, 255]);
    const { registry, log } = await registryWithThirdPartyEvaluator(root, { label: 'acme from config' });
    const acme = await evaluatorRun(registry, root);
    try {
      const analyzer = new ColourAnalyzer();
      const result = await evaluateFolders({ real: 'real', avatars: 'avatars', out: 'out', resamples: 100, cwd: root }, { createAnalyzer: async () => analyzer, createEvaluator: acme.createEvaluator });
      expect(log.created).toEqual([{ options: { label: 'acme from config' }, faceAnalyzer: analyzer }]);
      expect(log.scored.sort()).toEqual(['joy/a|joy/a', 'joy/b|joy/b']);
      expect(result.summary.evaluator).toEqual({ id: 'acme', version: '2.0.0', metrics: ['acme.score'] });
      expect(result.outcomes.map((o) => (o.status === 'ok' ? o.evaluation.metrics : []))).toEqual([
        [{ metric: 'acme.score', value: 0.25, higherIsBetter: true }],
        [{ metric: 'acme.score', value: 0.25, higherIsBetter: true }],
      ]);
      expect(result.outcome).toBe('ok');
      expect(analyzer.disposed).toBe(1);
    } finally {
      await acme.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
