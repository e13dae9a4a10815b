import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS, type Evaluator, type ProgressEvent } from '@geneava/core/contracts';
import { createRgbImage, writeImageAtomic } from '@geneava/core/image';
import { evaluatePairs, type PairJob } from './evaluate-pairs.js';

/** Scores a pair by the real image's red value / 255; throws on a red value of 13. */
const redEvaluator: Evaluator = {
  apiVersion: API_VERSIONS.evaluator,
  info: { id: 'red', version: '1', metrics: ['red'] },
  async evaluatePair(real, avatar, context) {
    const red = real.image.data[0]!;
    if (red === 13) throw new Error('unlucky pixel\nwith a stack');
    return { id: real.id, metrics: [{ metric: 'red', value: red / 255, details: { transforms: String(context?.faceTransforms !== undefined), avatarWidth: avatar.image.width } }] };
  },
};

describe('evaluatePairs', () => {
  it('scores every pair, and fails bad files and throwing evaluators one pair at a time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'geneava-pairs-'));
    const realDir = join(root, 'real');
    const avatarDir = join(root, 'avatars');
    await mkdir(join(realDir, 'joy'), { recursive: true });
    await writeImageAtomic(join(realDir, 'joy', 'a.png'), createRgbImage(4, 4, [51, 0, 0]));
    await writeImageAtomic(join(avatarDir, 'a.png'), createRgbImage(8, 8, [0, 0, 0]));
    await writeFile(join(realDir, 'b.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await writeImageAtomic(join(avatarDir, 'b.png'), createRgbImage(4, 4));
    await writeImageAtomic(join(realDir, 'c.png'), createRgbImage(4, 4, [13, 0, 0]));
    await writeImageAtomic(join(avatarDir, 'c.png'), createRgbImage(4, 4));

    const jobs: PairJob[] = [
      { id: 'joy/a', real: 'joy/a.png', avatar: 'a.png', labels: { expression: 'joy' } },
      { id: 'b', real: 'b.jpg', avatar: 'b.png', labels: {} },
      { id: 'c', real: 'c.png', avatar: 'c.png', labels: {} },
    ];
    const events: ProgressEvent[] = [];
    const outcomes = await evaluatePairs(jobs, redEvaluator, { realDir, avatarDir, onProgress: (e) => events.push(e) });

    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'failed', 'failed']);
    const ok = outcomes[0]!;
    if (ok.status !== 'ok') throw new Error('expected ok');
    expect(ok.evaluation.metrics).toEqual([{ metric: 'red', value: 0.2, details: { transforms: 'false', avatarWidth: 8 } }]);
    expect(ok.labels).toEqual({ expression: 'joy' });
    const [, bad, thrown] = outcomes;
    expect(bad).toMatchObject({ id: 'b', reason: expect.stringMatching(new RegExp(`^decode: ${join(realDir, 'b.jpg').replace(/[.]/g, '\\.')}: `)) });
    expect(thrown).toMatchObject({ id: 'c', reason: 'evaluator red: unlucky pixel' });
    expect(events.map((e) => [e.done, e.total, e.item, e.status])).toEqual([
      [0, 3, undefined, undefined],
      [1, 3, 'joy/a', 'ok'],
      [2, 3, 'b', 'failed'],
      [3, 3, 'c', 'failed'],
    ]);
    expect(events[3]!.message).toBe('evaluator red: unlucky pixel');
  });

  it("scores a pair on the stylizer's faces and transforms when a placement names its avatar", async () => {
    const root = await mkdtemp(join(tmpdir(), 'geneava-pairs-'));
    try {
      await writeImageAtomic(join(root, 'a.png'), createRgbImage(4, 4, [51, 0, 0]));
      await writeImageAtomic(join(root, 'b.png'), createRgbImage(4, 4, [51, 0, 0]));
      const seen: { faces?: number; transforms?: unknown }[] = [];
      const recording: Evaluator = {
        ...redEvaluator,
        async evaluatePair(real, avatar, context) {
          seen.push({ faces: real.faces?.length, transforms: context?.faceTransforms });
          return redEvaluator.evaluatePair(real, avatar, context);
        },
      };
      const face = { box: { x: 0, y: 0, width: 2, height: 2 }, score: 1, points5: [[0, 0], [1, 0], [1, 1], [0, 1], [1, 1]] as const };
      const placements = new Map([['a.png', { faces: [face], faceTransforms: [[1, 0, 1, 0, 1, 0] as const] }], ['b.png', { faces: [] }]]);
      const jobs: PairJob[] = ['a', 'b'].map((id) => ({ id, real: `${id}.png`, avatar: `${id}.png`, labels: {} }));
      await evaluatePairs(jobs, recording, { realDir: root, avatarDir: root, placements });
      // b's placement has no faces: the evaluator detects them itself, with the default transform.
      expect(seen).toEqual([{ faces: 1, transforms: [[1, 0, 1, 0, 1, 0]] }, { faces: undefined, transforms: undefined }]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reports a missing file as that pair failing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'geneava-pairs-'));
    const outcomes = await evaluatePairs([{ id: 'x', real: 'x.png', avatar: 'x.png', labels: {} }], redEvaluator, {
      realDir: root,
      avatarDir: root,
    });
    expect(outcomes[0]).toMatchObject({ status: 'failed', reason: `decode: ${join(root, 'x.png')}: file not found` });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      evaluatePairs([{ id: 'x', real: 'x.png', avatar: 'x.png', labels: {} }], redEvaluator, { realDir: '.', avatarDir: '.', signal: controller.signal }),
    ).rejects.toThrow();
  });
});
