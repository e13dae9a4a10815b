import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS, type DetectedFace, type StylizeInput, type Stylizer } from '@geneava/core/contracts';
import { createRgbImage, encodeImage } from '@geneava/core/image';
import { facesForStylizer, IDENTITY_AFFINE, type AffineMatrix } from '@geneava/core/geometry';
import { checkStylizeFolders, stylizeFolder, stylizeImages } from './stylize-folder.js';
import type { StylizerChoice } from './stylizer-choice.js';

/**
 * A stylizer that records what it was given; face-based ones count the faces, whole-image ones ignore
 * them. Every given face is reported in place, or as `transforms` says.
 */
function recordingStylizer(
  faceBased: boolean,
  transforms: (faces: number) => AffineMatrix[] = (n) => Array.from({ length: n }, () => IDENTITY_AFFINE),
): Stylizer & { calls: { id?: string; faces?: number }[]; given: (readonly DetectedFace[] | undefined)[] } {
  const calls: { id?: string; faces?: number }[] = [];
  const given: (readonly DetectedFace[] | undefined)[] = [];
  return {
    apiVersion: API_VERSIONS.stylizer,
    info: { id: 'rec', style: 'recording', version: '1', needsWeights: false, geometryPreserving: true },
    calls,
    given,
    async stylize(input: StylizeInput) {
      calls.push({ id: input.id, faces: input.faces?.length });
      given.push(input.faces);
      const image = { ...input.image, data: input.image.data.slice() };
      const faceTransforms = transforms(input.faces?.length ?? 0);
      if (!faceBased) return { image, outcome: 'whole-image', facesStylized: 0, faceTransforms };
      const faces = input.faces?.length ?? 0;
      return faces > 0 ? { image, outcome: 'stylized', facesStylized: faces, faceTransforms } : { image, outcome: 'no-face', facesStylized: 0, faceTransforms };
    },
  };
}

const face: DetectedFace = { box: { x: 1, y: 1, width: 4, height: 4 }, score: 1, points5: [[2, 2], [4, 2], [3, 3], [2, 4], [4, 4]] };

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function photos(): Promise<{ input: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-stylize-folder-'));
  folders.push(dir);
  await mkdir(join(dir, 'in'));
  for (const name of ['a.png', 'b.png', 'c.png']) await writeFile(join(dir, 'in', name), await encodeImage(createRgbImage(8, 6, [50, 60, 70]), 'png'));
  return { input: join(dir, 'in'), out: join(dir, 'out') };
}

describe('stylizeImages face detection', () => {
  it('detects faces for every stylizer, whole-image ones too, and gives them rounded as compare and run do', async () => {
    const { input, out } = await photos();
    const stylizer = recordingStylizer(false);
    let detections = 0;
    const detected = { ...face, box: { ...face.box, x: 1.23456 }, mesh: [[3, 3]] as const };
    const result = await stylizeImages({ name: 'rec', stylizer, inputDir: input, outDir: out, faceDetector: async () => async () => (detections++, [detected]) });
    expect(detections).toBe(3);
    expect(result.faceDetection).toBe('on');
    expect(stylizer.calls.map((call) => [call.id, call.faces])).toEqual([['a.png', 1], ['b.png', 1], ['c.png', 1]]);
    expect(stylizer.given[0]).toEqual(facesForStylizer([detected]));
    expect(result.files[0]).toMatchObject({ file: 'a.png', outcome: 'whole-image', facesDetected: 1, faceTransforms: [[1, 0, 0, 0, 1, 0]] });
    // For `evaluate`: each avatar's given faces and where they went, beside the avatars.
    expect(result.placements).toBe(join(out, 'placements.jsonl'));
    const lines = (await readFile(result.placements!, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ avatar: 'a.png', real: 'a.png', faces: facesForStylizer([detected]), faceTransforms: [[1, 0, 0, 0, 1, 0]] });
  });

  it('gives no faces without a detector, and counts a face-based stylizer\'s faces with one', async () => {
    const { input, out } = await photos();
    const off = recordingStylizer(true);
    const none = await stylizeImages({ name: 'rec', stylizer: off, inputDir: input, outDir: out });
    expect(none.faceDetection).toBe('off');
    expect(none.placements).toBeUndefined();
    expect(off.calls).toEqual([{ id: 'a.png' }, { id: 'b.png' }, { id: 'c.png' }]);
    const on = await stylizeImages({ name: 'rec', stylizer: recordingStylizer(true), inputDir: input, outDir: join(out, '2'), faceDetector: async () => async () => [face, face] });
    expect(on.summary).toMatchObject({ ok: 3, outcomes: { stylized: 3 }, facesStylized: 6 });
  });

  it("keeps 'no-face' when no detector can be created, and fails the item whose detection throws", async () => {
    const { input, out } = await photos();
    const none = await stylizeImages({ name: 'rec', stylizer: recordingStylizer(true), inputDir: input, outDir: out, faceDetector: async () => undefined });
    expect(none.faceDetection).toBe('unavailable');
    expect(none.summary.outcomes['no-face']).toBe(3);
    let n = 0;
    const throwing = await stylizeImages({
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
    expect([none.outcome, throwing.outcome]).toEqual(['ok', 'partial']);
    const failing = await stylizeImages({ name: 'rec', stylizer: recordingStylizer(false), inputDir: input, outDir: join(out, '3'), faceDetector: async () => async () => { throw new Error('no'); } });
    expect(failing.outcome).toBe('failure');
  });

  it('records the faces it detected in placements.jsonl, whatever the stylizer does to the faces it was given', async () => {
    const { input, out } = await photos();
    const mover: Stylizer = {
      ...recordingStylizer(false),
      async stylize(input: StylizeInput) {
        for (const given of input.faces ?? []) (given.box as { x: number }).x = 3;
        return { image: input.image, outcome: 'whole-image', facesStylized: 0, faceTransforms: (input.faces ?? []).map(() => IDENTITY_AFFINE) };
      },
    };
    const result = await stylizeImages({ name: 'mover', stylizer: mover, inputDir: input, outDir: out, faceDetector: async () => async () => [face] });
    const lines = (await readFile(result.placements!, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.faces)).toEqual([[face], [face], [face]]);
  });

  it('fails the items of a stylizer that returns nothing usable, and goes on', async () => {
    const { input, out } = await photos();
    let calls = 0;
    const flaky: Stylizer = {
      ...recordingStylizer(false),
      async stylize(input: StylizeInput) {
        calls++;
        if (input.id === 'a.png') return null as never;
        if (input.id === 'b.png') return { image: { width: 8, height: 6, data: new Uint8Array(1) }, outcome: 'whole-image', facesStylized: 0 };
        return { image: input.image, outcome: 'whole-image', facesStylized: 0 };
      },
    };
    const result = await stylizeImages({ name: 'flaky', stylizer: flaky, inputDir: input, outDir: out });
    expect(calls).toBe(3);
    expect(result.files.map((file) => [file.file, file.status, file.reason])).toEqual([
      ['a.png', 'failed', 'stylizer "flaky": returned null instead of a stylized image'],
      ['b.png', 'failed', 'stylizer "flaky": its output: image data has 1 bytes, expected 8x6x3 = 144'],
      ['c.png', 'ok', undefined],
    ]);
  });

  it('fails the item whose stylizer reports transforms that do not fit its faces', async () => {
    const { input, out } = await photos();
    const stylizer = recordingStylizer(false, () => []);
    const result = await stylizeImages({ name: 'rec', stylizer, inputDir: input, outDir: out, faceDetector: async () => async () => [face] });
    expect(result.files[0]).toMatchObject({ status: 'failed', reason: 'stylizer "rec": faceTransforms has 0 entries for 1 input face(s)' });
  });
});

describe('checkStylizeFolders', () => {
  it('lists the input folder, and refuses a missing or empty one and an output folder that is the input', async () => {
    const { input, out } = await photos();
    const checked = await checkStylizeFolders({ input: 'in', out: 'out', cwd: join(input, '..') });
    expect(checked).toMatchObject({ inputDir: input, outDir: out });
    expect(checked.listing.images).toEqual(['a.png', 'b.png', 'c.png']);
    await expect(checkStylizeFolders({ input: 'in/a.png', out: 'x', cwd: join(input, '..') })).rejects.toThrow('--input in/a.png: not a folder');
    await expect(checkStylizeFolders({ input, out: input })).rejects.toThrow('--out must be another folder than --input');
    await mkdir(join(input, '..', 'empty'));
    await expect(checkStylizeFolders({ input: 'empty', out: 'x', cwd: join(input, '..') })).rejects.toThrow('--input empty: no images found');
  });
});

describe('stylizeFolder', () => {
  it('builds the stylizer named, detects faces unless told not to, and describes what stylized the folder', async () => {
    const { input, out } = await photos();
    const chosen: StylizerChoice[] = [];
    const stylizer = recordingStylizer(true);
    const services = {
      createStylizer: async (choice: StylizerChoice) => (chosen.push(choice), stylizer),
      faceDetector: async () => async () => [face],
    };
    const result = await stylizeFolder({ input, out, stylizer: 'onnx', descriptor: 'anime.json' }, services);
    expect(chosen).toEqual([{ name: 'onnx', descriptor: 'anime.json' }]);
    expect(result.stylizer).toEqual({ name: 'onnx', id: 'rec', style: 'recording', version: '1', needsWeights: false, geometryPreserving: true });
    expect([result.input, result.out, result.faceDetection, result.outcome]).toEqual([input, out, 'on', 'ok']);
    const without = await stylizeFolder({ input, out: join(out, 'none'), faces: false }, services);
    expect(chosen[1]).toEqual({ name: 'classic' });
    expect(without.faceDetection).toBe('off');
    await expect(stylizeFolder({ input, out: input }, services)).rejects.toThrow('--out must be another folder than --input');
    expect(chosen).toHaveLength(2);
  });

  it('runs with the defaults of the CLI when given no services: the classic stylizer from a project without config', async () => {
    const { input, out } = await photos();
    const result = await stylizeFolder({ input: 'in', out: 'out', cwd: join(input, '..'), faces: false });
    expect(result.stylizer).toMatchObject({ name: 'classic', id: 'classic' });
    expect(result.summary).toMatchObject({ images: 3, ok: 3, failed: 0 });
    expect(result.files.map((file) => file.output)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(await readFile(join(out, 'a.png'))).toBeInstanceOf(Buffer);
  });
});

