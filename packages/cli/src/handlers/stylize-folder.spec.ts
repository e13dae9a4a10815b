import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS, createRgbImage, encodeImage, type DetectedFace, type StylizeInput, type Stylizer } from '@geneava/core';
import { stylizeFolder } from './stylize-folder.js';

/** A stylizer that records what it was given; face-based ones count the faces, whole-image ones ignore them. */
function recordingStylizer(faceBased: boolean): Stylizer & { calls: { id?: string; faces?: number }[] } {
  const calls: { id?: string; faces?: number }[] = [];
  return {
    apiVersion: API_VERSIONS.stylizer,
    info: { id: 'rec', style: 'recording', version: '1', needsWeights: false, geometryPreserving: true },
    calls,
    async stylize(input: StylizeInput) {
      calls.push({ id: input.id, faces: input.faces?.length });
      const image = { ...input.image, data: input.image.data.slice() };
      if (!faceBased) return { image, outcome: 'whole-image', facesStylized: 0 };
      const faces = input.faces?.length ?? 0;
      return faces > 0 ? { image, outcome: 'stylized', facesStylized: faces } : { image, outcome: 'no-face', facesStylized: 0 };
    },
  };
}

const face: DetectedFace = { box: { x: 1, y: 1, width: 4, height: 4 }, score: 1, points5: [[2, 2], [4, 2], [3, 3], [2, 4], [4, 4]] };

async function photos(): Promise<{ input: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-stylize-folder-'));
  await mkdir(join(dir, 'in'));
  for (const name of ['a.png', 'b.png', 'c.png']) await writeFile(join(dir, 'in', name), await encodeImage(createRgbImage(8, 6, [50, 60, 70]), 'png'));
  return { input: join(dir, 'in'), out: join(dir, 'out') };
}

describe('stylizeFolder face detection', () => {
  it('never creates a detector for a whole-image stylizer', async () => {
    const { input, out } = await photos();
    const stylizer = recordingStylizer(false);
    let created = 0;
    const result = await stylizeFolder({ name: 'rec', stylizer, inputDir: input, outDir: out, faceDetector: async () => (created++, async () => [face]) });
    expect(created).toBe(0);
    expect(result.faceDetection).toBe('not-needed');
    expect(stylizer.calls).toEqual([{ id: 'a.png' }, { id: 'b.png' }, { id: 'c.png' }]);
  });

  it('probes the first image, then detects faces for a face-based stylizer, restyling that first image', async () => {
    const { input, out } = await photos();
    const stylizer = recordingStylizer(true);
    let created = 0;
    let detections = 0;
    const result = await stylizeFolder({
      name: 'rec',
      stylizer,
      inputDir: input,
      outDir: out,
      faceDetector: async () => (created++, async () => (detections++, [face, face])),
    });
    expect(created).toBe(3); // the factory is called per need; it memoises in the CLI (lazyFaceDetector)
    expect(detections).toBe(3);
    expect(stylizer.calls).toEqual([{ id: 'a.png' }, { id: 'a.png', faces: 2 }, { id: 'b.png', faces: 2 }, { id: 'c.png', faces: 2 }]);
    expect(result.faceDetection).toBe('on');
    expect(result.summary).toMatchObject({ ok: 3, outcomes: { stylized: 3 }, facesStylized: 6 });
    expect(result.files[0]).toMatchObject({ file: 'a.png', outcome: 'stylized', facesStylized: 2, facesDetected: 2 });
  });

  it("keeps 'no-face' when no detector can be created, and fails the item whose detection throws", async () => {
    const { input, out } = await photos();
    const none = await stylizeFolder({ name: 'rec', stylizer: recordingStylizer(true), inputDir: input, outDir: out, faceDetector: async () => undefined });
    expect(none.faceDetection).toBe('unavailable');
    expect(none.summary.outcomes['no-face']).toBe(3);
    let n = 0;
    const throwing = await stylizeFolder({
      name: 'rec',
      stylizer: recordingStylizer(true),
      inputDir: input,
      outDir: join(out, '2'),
      faceDetector: async () => async () => {
        if (++n === 2) throw new Error('model exploded');
        return [face];
      },
    });
    expect(throwing.files.map((f) => [f.file, f.status, f.reason])).toEqual([
      ['a.png', 'ok', undefined],
      ['b.png', 'failed', 'face detection: model exploded'],
      ['c.png', 'ok', undefined],
    ]);
  });
});
