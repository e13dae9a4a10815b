import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS, type Stylizer } from '@geneava/core/contracts';
import { createRgbImage, encodeImage } from '@geneava/core/image';
import { FaceBoxStylizer, FakeSessions, InvertStylizer } from '../../test/reference-stylizers.js';
import { PlainBackgroundAnalyzer } from '../../test/plain-background-analyzer.js';
import { checkDispose } from './check-dispose.js';
import { checkFaceCounts, checkGeometry, faceHandlingOf } from './check-faces.js';
import { checkAtomicFiles } from './check-files.js';
import { checkDeterministic, checkInfo, stylizeChecked } from './check-output.js';
import { ConformanceError } from './conformance-error.js';
import { conformanceSamples, type ConformanceSamples } from './samples.js';
import { drawFaceLike } from './synthetic.js';

let samples: ConformanceSamples;
beforeAll(async () => {
  samples = await conformanceSamples();
});

describe('checkInfo', () => {
  it('accepts a complete declaration', () => {
    expect(() => checkInfo(new InvertStylizer())).not.toThrow();
  });

  it('rejects another contract version and incomplete info, naming the field', () => {
    const wrongVersion = Object.assign(new InvertStylizer(), { apiVersion: API_VERSIONS.stylizer + 1 });
    expect(() => checkInfo(wrongVersion)).toThrow(`apiVersion is ${API_VERSIONS.stylizer + 1}`);
    const badId = Object.assign(new InvertStylizer(), { info: { ...new InvertStylizer().info, id: 'Has Spaces' } });
    expect(() => checkInfo(badId)).toThrow('info.id "Has Spaces"');
    const noFlag = Object.assign(new InvertStylizer(), { info: { ...new InvertStylizer().info, geometryPreserving: 'yes' } });
    expect(() => checkInfo(noFlag as unknown as Stylizer)).toThrow('info.geometryPreserving must be true or false');
  });
});

describe('stylizeChecked', () => {
  it('returns the result of a well-behaved stylizer', async () => {
    const result = await stylizeChecked(new InvertStylizer(), samples.odd);
    expect([result.image.width, result.image.height]).toEqual([37, 23]);
    expect(result.image.data[0]).toBe(255 - samples.odd.input.image.data[0]);
  });

  it('names the stylizer, the input and the size mismatch', async () => {
    await expect(stylizeChecked(new InvertStylizer({ cropOnePixel: true }), samples.odd)).rejects.toThrow(
      new ConformanceError('stylizer "invert" on odd-sized 37x23 image: output is 36x23, the declared size is 37x23'),
    );
  });

  it('holds the stylizer to a fixed or computed declared size', async () => {
    await expect(stylizeChecked(new InvertStylizer(), samples.odd, { width: 64, height: 64 })).rejects.toThrow('the declared size is 64x64');
    await expect(stylizeChecked(new InvertStylizer(), samples.odd, (input) => ({ width: input.width, height: input.height }))).resolves.toBeDefined();
  });

  it('catches a modified input, a shared buffer and multi-line notes', async () => {
    const image = { ...samples.odd.input.image, data: samples.odd.input.image.data.slice() };
    await expect(stylizeChecked(new InvertStylizer({ mutateInput: true }), { name: 'copy', input: { image } })).rejects.toThrow('modified its input image');
    await expect(stylizeChecked(new InvertStylizer({ returnInputBuffer: true }), samples.odd)).rejects.toThrow("returned the input's pixel buffer");
    await expect(stylizeChecked(new InvertStylizer({ multiLineNotes: true }), samples.odd)).rejects.toThrow('one-line strings');
  });

  it('holds the reported face transforms to the faces given, and in place for geometry-preserving stylizers', async () => {
    await expect(stylizeChecked(new FaceBoxStylizer(), samples.twoFaces)).resolves.toMatchObject({ faceTransforms: [[1, 0, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0]] });
    await expect(stylizeChecked(new FaceBoxStylizer({ dropTransform: true }), samples.twoFaces)).rejects.toThrow(
      `stylizer "face-box" on ${samples.twoFaces.name}: faceTransforms has 1 entries for 2 input face(s)`,
    );
    await expect(stylizeChecked(new FaceBoxStylizer({ reportMoved: 5 }), samples.twoFaces)).rejects.toThrow(
      'declares geometryPreserving but reports face 1 moved: faceTransforms[0] is [1,0,5,0,1,0]',
    );
  });
});

describe('checkDeterministic', () => {
  it('passes a deterministic stylizer and reports where a noisy one differs', async () => {
    await expect(checkDeterministic(new InvertStylizer(), samples.ordinary)).resolves.toBeUndefined();
    await expect(checkDeterministic(new InvertStylizer({ noise: true }), samples.ordinary)).rejects.toThrow(
      /not deterministic: two runs differ first at pixel \(0, 0\), channel 0: \d+ then \d+/,
    );
  });
});

describe('face outcomes', () => {
  it('tells whole-image from face-based stylizers by the faceless image', async () => {
    await expect(faceHandlingOf(new InvertStylizer(), samples.faceless)).resolves.toBe('whole-image');
    await expect(faceHandlingOf(new FaceBoxStylizer(), samples.faceless)).resolves.toBe('face-based');
  });

  it('counts one and two faces for a face-based stylizer', async () => {
    await expect(checkFaceCounts(new FaceBoxStylizer(), samples)).resolves.toBe('face-based');
    await expect(checkFaceCounts(new FaceBoxStylizer({ countOneFace: true }), samples, { multiFace: 'one' })).resolves.toBe('face-based');
  });

  it('rejects a face count that differs from the faces given', async () => {
    await expect(checkFaceCounts(new FaceBoxStylizer({ countOneFace: true }), samples)).rejects.toThrow(
      'stylizer "face-box" on 320x200 image with two faces: reported stylized with facesStylized 1 with 2 face(s) given; expected stylized with facesStylized 2',
    );
  });

  it('rejects a stylizer that claims faces on a faceless image', async () => {
    const claims = new FaceBoxStylizer();
    const faceless = { ...samples.faceless, input: { ...samples.faceless.input, faces: samples.ordinary.input.faces } };
    await expect(faceHandlingOf(claims, faceless)).rejects.toThrow('reported 1 face(s) stylized, but the image has no face and none was given');
  });
});

describe('checkGeometry', () => {
  let photo: string;
  beforeAll(async () => {
    const image = createRgbImage(200, 160, [128, 128, 128]);
    drawFaceLike(image, 100, 80, 100);
    photo = join(await mkdtemp(join(tmpdir(), 'geneava-geometry-')), 'face.png');
    await writeFile(photo, await encodeImage(image, 'png'));
  });

  it('accepts faces found again in place', async () => {
    const analysis = { analyzer: new PlainBackgroundAnalyzer(), photos: [photo] };
    await expect(checkGeometry(new InvertStylizer(), [samples.odd], analysis)).resolves.toBeUndefined();
  });

  it('reports a face that moved, with the distance and the allowance', async () => {
    const analysis = { analyzer: new PlainBackgroundAnalyzer(), photos: [photo] };
    // The head ellipse spans x 58..142 and y 30..140 (hair included): 85 px wide, so 12% allows 10.2 px;
    // the image moved 30 px.
    await expect(checkGeometry(new InvertStylizer({ shiftPixels: 30 }), [samples.odd], analysis)).rejects.toThrow(
      'declares geometryPreserving but faces moved: face 1 (box 58,30 85x111): the nearest output face is 30.0 px away (allowed 10.2)',
    );
  });

  it('needs photos in which the analyzer finds a face', async () => {
    const blank = join(await mkdtemp(join(tmpdir(), 'geneava-geometry-')), 'blank.png');
    await writeFile(blank, await encodeImage(createRgbImage(50, 40, [128, 128, 128]), 'png'));
    await expect(checkGeometry(new InvertStylizer(), [], { analyzer: new PlainBackgroundAnalyzer(), photos: [blank] })).rejects.toThrow('found no face in this photo');
    await expect(checkGeometry(new InvertStylizer(), [], { analyzer: new PlainBackgroundAnalyzer(), photos: [] })).rejects.toThrow('no photos');
  });
});

describe('checkAtomicFiles', () => {
  it('leaves only complete files: the good one, and the aborted one when the stylizer ignores the signal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-files-'));
    await checkAtomicFiles(new InvertStylizer(), samples.odd, dir);
    expect((await readdir(dir)).sort()).toEqual(['aborted.png', 'good.png']);
    const honouring = await mkdtemp(join(tmpdir(), 'geneava-files-'));
    await checkAtomicFiles(new FaceBoxStylizer(), samples.odd, honouring);
    expect(await readdir(honouring)).toEqual(['good.png']);
  });

  it('rejects a stylizer that accepts a malformed image', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-files-'));
    await expect(checkAtomicFiles(new InvertStylizer({ acceptMalformed: true }), samples.odd, dir)).rejects.toThrow(/accepted a pixel buffer of the wrong length|the error must be one line/);
  });
});

describe('checkDispose', () => {
  it('passes when dispose() closes the sessions and reports the ones left open', async () => {
    const sessions = new FakeSessions();
    await expect(checkDispose(() => new FaceBoxStylizer({}, sessions), samples.ordinary, sessions)).resolves.toBeUndefined();
    expect(sessions.openSessionCount).toBe(0);
    await expect(checkDispose(() => new FaceBoxStylizer({}, sessions, true), samples.ordinary, () => sessions)).rejects.toThrow(
      'stylizer "face-box" on dispose(): left 1 ONNX session(s) open (1 open while it ran, 0 before it was created)',
    );
  });
});
