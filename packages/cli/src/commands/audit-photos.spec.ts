/**
 * The audits end to end on the embedded face models, with the six sample photos of the face-api
 * package (22 faces, all young women; each image's largest face is the one audited).
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbImage, decodeImage, rawToSharp } from '@geneava/core/image';
import { OnnxGraphBuilder } from '@geneava/testing';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

/** POSTER stand-in: logits and a 512-d feature whose first three values are the crop's channel means. */
function posterFixture(): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const image = b.input('image', 'float32', ['batch', 3, 224, 224]);
  const means = b.op.reduceMean(b.op.reduceMean(image, [3], false), [2], false);
  const feature = new Float32Array(3 * 512);
  for (let c = 0; c < 3; c++) feature[c * 512 + c] = 1;
  b.output(b.op.matMul(means, b.initializer('w_logits', 'float32', [3, 7], new Float32Array(21).fill(0.1)), { output: 'logits' }), 'float32', ['batch', 7]);
  b.output(b.op.matMul(means, b.initializer('w_feature', 'float32', [3, 512], feature), { output: 'feature' }), 'float32', ['batch', 512]);
  return b;
}

describe('geneava audit on the sample photos', () => {
  let dir: string;
  const demo = samplePhotosDir();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-audit-photos-'));
    await mkdir(join(dir, 'gen', 'joy'), { recursive: true });
    await mkdir(join(dir, 'ref'), { recursive: true });
    for (const n of [1, 2, 3]) await copyFile(join(demo, `sample${n}.jpg`), join(dir, 'gen', 'joy', `sample${n}.jpg`));
    // A generated face that is a reference person's photo, mirrored: memorized by construction.
    await rawToSharp(await decodeImage(join(demo, 'sample4.jpg'))).flop().png({ compressionLevel: 1 }).toFile(join(dir, 'gen', 'joy', 'mirror4.png'));
    for (const n of [4, 5, 6]) await copyFile(join(demo, `sample${n}.jpg`), join(dir, 'ref', `sample${n}.jpg`));
    await rawToSharp(createRgbImage(64, 64, [255, 255, 255])).png().toFile(join(dir, 'ref', 'blank.png'));
  }, 60_000);

  it('flags the mirrored reference face, writes the report, and reuses the embedding cache', async () => {
    const args = ['audit', 'memorization', '--generated', 'gen', '--reference', 'ref', '--out', 'mem', '--device', 'cpu', '--json'];
    const first = await run(args, dir);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.threshold).toMatchObject({ value: 0.51 });
    expect(summary.generated).toMatchObject({ faces: 4, noFace: [], cached: 0 });
    expect(summary.references[0]).toMatchObject({ name: 'ref', faces: 3, noFace: ['blank.png'], flagged: 1, chance: { faces: 4, references: 3, pairs: 8 } });
    expect(await readFile(join(dir, 'mem', 'exclusion.txt'), 'utf8')).toBe('mirror4\n');
    const rows = (await readFile(join(dir, 'mem', 'nn.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const mirror = rows.find((row) => row.id === 'mirror4');
    // Same person mirrored: the reference measured >= 0.84 for flips; different people <= 0.49.
    expect(mirror).toMatchObject({ reference: 'sample4.jpg', flagged: true });
    expect(mirror.similarity).toBeGreaterThan(0.8);
    for (const row of rows.filter((r) => r.id !== 'mirror4')) expect(row.similarity).toBeLessThan(0.51);
    const html = await readFile(join(dir, 'mem', 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toMatch(/<img src="data:image\/jpeg;base64,/);

    const again = JSON.parse((await run(args, dir)).stdout);
    expect(again.generated.cached).toBe(4);
    expect(again.references[0].cached).toBe(4);
    expect(again.references[0].similarity).toEqual(summary.references[0].similarity);

    // A calibration record's threshold replaces the default, with the record named in the basis.
    await writeFile(join(dir, 'fit.json'), JSON.stringify({ format: 'geneava-identity-threshold', version: 1, model: 'mobileface', threshold: 0.999, thresholdInterval95: [0.99, 0.9995], samePairs: 40, differentPairs: 900, falseAcceptRate: 0, falseRejectRate: 0.1, informationGainBits: 0.2 }));
    const calibrated = JSON.parse((await run([...args, '--threshold-record', 'fit.json'], dir)).stdout);
    expect(calibrated.threshold).toMatchObject({ value: 0.999, rule: 'flagged when cosine similarity >= value' });
    expect(calibrated.threshold.basis).toContain(`calibrated (${join(dir, 'fit.json')}): maximum information gain on 40 same-person`);
    expect(calibrated.flaggedFaces).toBe(0);
  });

  it('gives zero expression error, CLIP-free, for a face against itself', async () => {
    await mkdir(join(dir, 'self-gen'), { recursive: true });
    await mkdir(join(dir, 'self-ref'), { recursive: true });
    await copyFile(join(demo, 'sample2.jpg'), join(dir, 'self-gen', 'a.jpg'));
    await copyFile(join(demo, 'sample2.jpg'), join(dir, 'self-ref', 'b.jpg'));
    await rawToSharp(createRgbImage(64, 64, [255, 255, 255])).png().toFile(join(dir, 'self-ref', 'blank.png'));
    await posterFixture().save(join(dir, 'poster.onnx'));
    const result = await run(['audit', 'reference', '--generated', 'self-gen', '--reference', 'self-ref', '--poster', 'poster.onnx', '--out', 'ref-out', '--device', 'cpu', '--json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.metrics).toHaveLength(1);
    expect(report.metrics[0]).toMatchObject({ metric: 'reference.expression_error', pairs: 1, generatedItems: 1, referenceItems: 1 });
    expect(report.metrics[0].value).toBeCloseTo(0, 6);
    expect(report.reference.noFace).toEqual(['blank.png']);
  });

  it('checks the labels of a dataset against the age and gender estimates', async () => {
    await mkdir(join(dir, 'data', 'images', 'joy'), { recursive: true });
    const rows = [];
    for (const n of [1, 2, 3, 4, 5, 6]) {
      await copyFile(join(demo, `sample${n}.jpg`), join(dir, 'data', 'images', 'joy', `s${n}.jpg`));
      // Every subject is a young woman; s6 is labelled male on purpose.
      rows.push({ id: `s${n}`, status: 'kept', expression: 'joy', gender: n === 6 ? 'male' : 'female', race: 'white', ageGroup: '20s', image: `images/joy/s${n}.jpg` });
    }
    rows.push({ id: 'x', status: 'dropped', expression: 'joy', gender: 'female', race: 'white', ageGroup: '20s', image: 'images/joy/missing.jpg' });
    await writeFile(join(dir, 'data', 'metadata.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const result = await run(['audit', 'balance', '--dataset', 'data', '--device', 'cpu', '--json', '--expressions', 'joy'], dir);
    // One race and one age group of seven: not balanced, whatever the estimates say.
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.counts.verdict.balanced).toBe(false);
    expect(report.counts.counted).toBe(6);
    expect(report.counts.excludedByStatus).toEqual({ dropped: 1 });
    expect(report.attributes).toMatchObject({ checked: 6, estimated: 6 });
    const group = (axis: string, value: string) => report.attributes.agreement.find((r: { axis: string; value: string }) => r.axis === axis && r.value === value);
    // FaceRes called all 22 faces female in the reference measurement.
    expect(group('gender', 'female')).toMatchObject({ estimated: 5, genderRate: 1 });
    expect(group('gender', 'male')).toMatchObject({ estimated: 1, genderRate: 0 });
    expect(group('all', 'all').meanEstimatedAge).toBeGreaterThan(15);
    expect(group('all', 'all').meanEstimatedAge).toBeLessThan(45);
  });
});
