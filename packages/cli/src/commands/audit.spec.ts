import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbImage, rawToSharp } from '@geneava/core/image';
import { OnnxGraphBuilder } from '@geneava/testing';
import { run } from '../test-support/run.js';

async function colourImage(path: string, rgb: readonly [number, number, number]): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await rawToSharp(createRgbImage(40, 30, rgb)).png().toFile(path);
}

/** CLIP stand-in: the embedding is the mean of each normalised channel. */
function clipFixture(): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const x = b.input('pixel_values', 'float32', ['batch', 3, 'height', 'width']);
  b.output(b.op.reduceMean(b.op.reduceMean(x, [3], false), [2], false, { output: 'image_embeds' }), 'float32', ['batch', 3]);
  return b;
}

/** LPIPS stand-in: mean absolute difference of the two inputs. */
function lpipsFixture(): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const a = b.input('in0', 'float32', ['batch', 3, 'height', 'width']);
  const c = b.input('in1', 'float32', ['batch', 3, 'height', 'width']);
  const diff = b.node('Abs', [b.op.sub(a, c)])[0]!;
  b.output(b.op.reduceMean(b.op.reduceMean(b.op.reduceMean(diff, [3]), [2]), [1], true, { output: 'distance' }), 'float32', ['batch', 1, 1, 1]);
  return b;
}

describe('geneava audit (usage)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-audit-'));
    await mkdir(join(dir, 'gen'));
    await mkdir(join(dir, 'ref'));
  });

  it('is listed in the help with its three audits', async () => {
    expect((await run(['--help'], dir)).stdout).toContain('geneava audit');
    const help = await run(['audit', '--help'], dir);
    for (const audit of ['memorization', 'reference', 'balance']) expect(help.stdout).toContain(`geneava audit ${audit}`);
  });

  it('rejects bad memorization flags with one line each, before any model loads', async () => {
    const base = ['audit', 'memorization', '--generated', 'gen', '--reference', 'ref', '--out', 'out'];
    expect((await run(['audit', 'memorization', '--generated', 'gen'], dir)).stderr).toBe('geneava: Missing required arguments: reference, out\n');
    const arcface = await run([...base, '--identity', 'arcface'], dir);
    expect(arcface.code).toBe(64);
    expect(arcface.stderr).toBe('geneava: --identity arcface needs --arcface FILE (an InsightFace ArcFace export)\n');
    const paper = await run([...base, '--paper'], dir);
    expect(paper.code).toBe(64);
    expect(paper.stderr).toBe('geneava: --paper is the ArcFace setting: give --identity arcface --arcface FILE\n');
    const paperThreshold = await run([...base, '--paper', '--identity', 'arcface', '--arcface', 'a.onnx', '--threshold', '0.3'], dir);
    expect(paperThreshold.stderr).toBe('geneava: give at most one of --paper, --threshold and --threshold-record\n');
    await writeFile(join(dir, 'fit.json'), JSON.stringify({ format: 'geneava-identity-threshold', version: 1, model: 'arcface', threshold: 0.4, thresholdInterval95: [0.3, 0.5], samePairs: 9, differentPairs: 9, falseAcceptRate: 0, falseRejectRate: 0, informationGainBits: 1 }));
    const wrongModel = await run([...base, '--threshold-record', 'fit.json'], dir);
    expect(wrongModel.code).toBe(64);
    expect(wrongModel.stderr).toBe(`geneava: --threshold-record: ${join(dir, 'fit.json')} was fitted for arcface, not mobileface\n`);
    await writeFile(join(dir, 'bad.json'), '{"format": "other"}');
    expect((await run([...base, '--threshold-record', 'bad.json'], dir)).stderr).toMatch(/^geneava: --threshold-record: .*bad\.json: not a geneava-identity-threshold version 1 record/);
    const threshold = await run([...base, '--threshold', '1.5'], dir);
    expect(threshold.stderr).toBe('geneava: --threshold: memorization threshold must be a cosine similarity in [-1, 1], got 1.5\n');
    const missing = await run(['audit', 'memorization', '--generated', 'gen', '--reference', 'nope', '--out', 'out', '--json'], dir);
    expect(missing.code).toBe(64);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'usage', message: `--reference: ${join(dir, 'nope')}: folder not found` } });
  });

  it('rejects a reference audit without models, and model files that are not their contract', async () => {
    const none = await run(['audit', 'reference', '--generated', 'gen', '--reference', 'ref', '--out', 'out'], dir);
    expect(none.code).toBe(64);
    expect(none.stderr).toBe('geneava: give at least one of --clip, --dinov2, --lpips, --poster\n');
    await lpipsFixture().save(join(dir, 'lpips.onnx'));
    const wrong = await run(['audit', 'reference', '--generated', 'gen', '--reference', 'ref', '--out', 'out', '--clip', 'lpips.onnx', '--device', 'cpu'], dir);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toMatch(/^geneava: --clip: .*lpips\.onnx.*CLIP vision encoder/);
    const poster = await run(['audit', 'reference', '--generated', 'gen', '--reference', 'ref', '--out', 'out', '--poster', 'lpips.onnx'], dir);
    expect(poster.stderr).toBe(`geneava: --poster: ${join(dir, 'lpips.onnx')} has no 'feature' output; the expression error compares POSTER embeddings (see the @geneava/face-analysis README on exporting POSTER)\n`);
  });

  it('computes CLIP and LPIPS against a reference set with fixture models', async () => {
    await colourImage(join(dir, 'gen', 'joy', 'a.png'), [255, 0, 0]);
    await colourImage(join(dir, 'gen', 'joy', 'b.png'), [0, 0, 255]);
    await colourImage(join(dir, 'ref', 'joy', 'r.png'), [255, 0, 0]);
    await clipFixture().save(join(dir, 'clip.onnx'));
    await lpipsFixture().save(join(dir, 'lpips.onnx'));
    const result = await run(['audit', 'reference', '--generated', 'gen', '--reference', 'ref', '--clip', 'clip.onnx', '--lpips', 'lpips.onnx', '--pair-by', 'expression', '--out', 'out', '--json', '--device', 'cpu'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const [clip, lpips] = report.metrics;
    expect(clip).toMatchObject({ metric: 'reference.clip_cosine', pairs: 2, groups: [{ group: 'joy', pairs: 2 }] });
    // LPIPS: red against red is 0, blue against red (255 + 0 + 255) / (3 x 127.5) = 4/3.
    expect(lpips.value).toBeCloseTo(2 / 3, 5);
    const csv = await readFile(join(dir, 'out', 'reference-metrics.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('metric,paper_name,group,value,pairs,total_pairs,sampled,standard_error,generated_items,reference_items');
    const human = await run(['audit', 'reference', '--generated', 'gen', '--reference', 'ref', '--lpips', 'lpips.onnx', '--out', 'out', '--device', 'cpu'], dir);
    expect(human.stdout).toContain('reference.lpips');
    expect(human.stdout).toContain('0.667');
  });

  it('counts a plan per cell and reports the deviation from balance', async () => {
    const plan = [
      { id: 'a', expression: 'joy', gender: 'female', race: 'white', ageGroup: '20s' },
      { id: 'b', expression: 'joy', gender: 'male', race: 'white', ageGroup: '20s' },
      { id: 'c', expression: 'joy', gender: 'male', race: 'white', ageGroup: '20s' },
    ];
    await writeFile(join(dir, 'plan.jsonl'), plan.map((p) => JSON.stringify(p)).join('\n'));
    const result = await run(['audit', 'balance', '--plan', 'plan.jsonl', '--json', '--out', 'bal', '--expressions', 'joy'], dir);
    // Six of seven races and six of seven age groups have no items: not balanced, exit 1.
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.counts.summary).toMatchObject({ cells: 98, min: 0, max: 2, emptyCells: 96 });
    expect(report.counts.verdict.balanced).toBe(false);
    expect(report.counts.verdict.missingValues.race).toHaveLength(6);
    expect(report.attributes).toBeUndefined();
    expect(await readFile(join(dir, 'bal', 'cells.csv'), 'utf8')).toContain(`joy,male,white,20s,2,${Math.round((2 - 3 / 98) * 1e6) / 1e6}`);
    const human = await run(['audit', 'balance', '--plan', 'plan.jsonl', '--expressions', 'joy'], dir);
    expect(human.stdout).toContain('3 of 3 items counted');
    expect(human.stdout).toContain('98 cells (1 expressions x 2 genders x 7 races x 7 age groups)');
    expect(human.stdout).toContain('NOT BALANCED:\n  - race: 6 of 7 values have no items (black, indian,');
    const whole = JSON.parse((await run(['audit', 'balance', '--plan', 'plan.jsonl', '--json'], dir)).stdout);
    expect(whole.counts.summary.cells).toBe(135 * 98);
    const unknown = await run(['audit', 'balance', '--plan', 'plan.jsonl', '--expressions', 'joy,blorp'], dir);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toBe('geneava: --expressions: not in the taxonomy: blorp\n');
  });

  it('needs exactly one of --dataset and --plan', async () => {
    const neither = await run(['audit', 'balance'], dir);
    expect(neither.code).toBe(64);
    expect(neither.stderr).toBe('geneava: give exactly one of --dataset DIR and --plan FILE\n');
    const missing = await run(['audit', 'balance', '--dataset', 'gen'], dir);
    expect(missing.stderr).toBe(`geneava: --dataset: ${join(dir, 'gen', 'metadata.jsonl')}: no metadata.jsonl in the dataset folder\n`);
  });
});
