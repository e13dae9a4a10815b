import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime, type OnnxDType } from '@geneava/core/onnx';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { OnnxGraphBuilder } from '@geneava/testing';
import { arcfaceModelKind, FACE_ANALYSIS_MODEL_KINDS, posterModelKind, retinafaceModelKind, scrfdModelKind } from './model-kinds.js';
import { retinafacePriorCount } from '../retinaface/retinaface-outputs.js';

interface FixtureTensor {
  readonly name: string;
  readonly dims: readonly (number | string)[];
  readonly dtype?: OnnxDType;
}

/**
 * A valid ONNX model with exactly these inputs and outputs: each output is a ConstantOfShape of its
 * declared shape (symbolic dimensions made 1), so the file reads and runs like a real export.
 */
function fixture(inputs: readonly FixtureTensor[], outputs: readonly FixtureTensor[]): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 17 });
  for (const input of inputs) b.input(input.name, input.dtype ?? 'float32', input.dims);
  for (const output of outputs) {
    const concrete = output.dims.map((dim) => (typeof dim === 'number' ? dim : 1));
    const shape = b.constantInitializer('shape', 'int64', [concrete.length], concrete);
    b.output(b.op.constantOfShape(shape, 0, output.dtype ?? 'float32', { output: output.name }), output.dtype ?? 'float32', output.dims);
  }
  return b;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-face-analysis-models-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function save(name: string, builder: OnnxGraphBuilder): Promise<string> {
  const path = join(dir, name);
  await builder.save(path);
  return path;
}

const messages = (report: ModelCheckReport) => report.problems.map((problem) => `${problem.file}: ${problem.message}`);

/** SCRFD outputs in session order: scores per stride, boxes per stride, keypoints per stride. */
function scrfdOutputs(rows: readonly (number | string)[], keypoints: boolean, batched = false): FixtureTensor[] {
  const widths = keypoints ? [1, 4, 10] : [1, 4];
  let name = 448;
  return widths.flatMap((width) => rows.map((count) => ({ name: String(name++), dims: batched ? [1, count, width] : [count, width] })));
}

describe('scrfd model kind', () => {
  it('accepts a det_10g-like file: dynamic input, 9 unbatched outputs', async () => {
    const builder = fixture([{ name: 'input.1', dims: [1, 3, '?', '?'] }], scrfdOutputs(['?', '?', '?'], true));
    const path = await save('det_10g.onnx', builder);
    const report = await scrfdModelKind.check(path);
    expect(messages(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.kind).toBe('scrfd');
    expect(report.facts).toMatchObject({
      layout: '9 outputs: strides 8/16/32, 2 anchors per location, with keypoints',
      'batched outputs': 'no',
      inputs: 'input.1 float32 [1, 3, ?, ?]',
      outputs: '9',
      opset: '17',
    });
  });

  it('the fixture is a real model: onnxruntime loads it and sees the same outputs', async () => {
    const path = await save('det_10g.onnx', fixture([{ name: 'input.1', dims: [1, 3, '?', '?'] }], scrfdOutputs(['?', '?', '?'], true)));
    const runtime = new OnnxRuntime();
    try {
      const session = await runtime.createSession(path, { device: 'cpu' });
      expect(session.outputs.map((output) => output.name)).toEqual(['448', '449', '450', '451', '452', '453', '454', '455', '456']);
      await session.dispose();
    } finally {
      await runtime.dispose();
    }
  });

  it('checks anchor counts of a static export against its input size', async () => {
    // 160 x 160, 2 anchors per location: 20·20·2 = 800, 10·10·2 = 200, 5·5·2 = 50.
    const good = await save('good.onnx', fixture([{ name: 'input.1', dims: [1, 3, 160, 160] }], scrfdOutputs([800, 200, 50], false)));
    const goodReport = await scrfdModelKind.check(good);
    expect(messages(goodReport)).toEqual([]);
    expect(goodReport.facts).toMatchObject({ layout: '6 outputs: strides 8/16/32, 2 anchors per location, without keypoints', 'anchors per stride': '800/200/50' });

    const bad = await save('bad.onnx', fixture([{ name: 'input.1', dims: [1, 3, 160, 160] }], scrfdOutputs([800, 256, 50], false)));
    expect(messages(await scrfdModelKind.check(bad))).toEqual(['bad.onnx: stride 16 outputs have 256 anchors; a 160x160 input gives 10 x 10 x 2 = 200']);
  });

  it('accepts a batched 5-stride export with keypoints (15 outputs)', async () => {
    const path = await save('scrfd_15.onnx', fixture([{ name: 'input.1', dims: [1, 3, 'h', 'w'] }], scrfdOutputs(['a', 'b', 'c', 'd', 'e'], true, true)));
    const report = await scrfdModelKind.check(path);
    expect(messages(report)).toEqual([]);
    expect(report.facts).toMatchObject({ layout: '15 outputs: strides 8/16/32/64/128, 1 anchor per location, with keypoints', 'batched outputs': 'yes' });
  });

  it('reports every problem of a wrong file at once', async () => {
    const outputs = scrfdOutputs([12800, 3200, 800], true).map((output) =>
      output.name === '452' ? { ...output, dims: [3200, 5] } : output.name === '448' ? { ...output, dtype: 'float16' as const } : output,
    );
    const path = await save('wrong.onnx', fixture([{ name: 'data', dims: [1, 640, 640, 3] }], outputs));
    expect(messages(await scrfdModelKind.check(path))).toEqual([
      "wrong.onnx: input 'input.1': missing (expected float32 [1, 3, height, width]) " +
        '(SCRFD face detector: expected an InsightFace SCRFD export such as buffalo_l/det_10g.onnx (input "input.1", 6, 9, 10 or 15 outputs))',
      "wrong.onnx: input 'data': not in the contract (found float32 [1, 640, 640, 3])",
      "wrong.onnx: output 1 '448' (stride 8 scores): expected float32, found float16 [12800, 1]",
      "wrong.onnx: output 5 '452' (stride 16 boxes): expected last dimension 4, found float32 [3200, 5]",
    ]);
  });

  it('names an output count no SCRFD export has', async () => {
    const path = await save('seven.onnx', fixture([{ name: 'input.1', dims: [1, 3, 640, 640] }], scrfdOutputs(['?', '?', '?'], true).slice(0, 7)));
    expect(messages(await scrfdModelKind.check(path))).toEqual([
      'seven.onnx: has 7 outputs; SCRFD exports have 6 (3 strides), 9 (3 strides with keypoints), 10 (5 strides) or 15 (5 strides with keypoints)',
    ]);
  });

  it('reports unreadable and missing files, and missing external data', async () => {
    const text = join(dir, 'notes.onnx');
    await writeFile(text, 'this is not a model\n');
    const notOnnx = await scrfdModelKind.check(text);
    expect(notOnnx.ok).toBe(false);
    expect(notOnnx.problems).toHaveLength(1);
    expect(notOnnx.problems[0]!.file).toBe('notes.onnx');
    expect(notOnnx.problems[0]!.message).toMatch(/^not a valid ONNX model/);

    expect(messages(await scrfdModelKind.check(join(dir, 'absent.onnx')))).toEqual(['absent.onnx: missing (the SCRFD face detector model)']);

    const builder = fixture([{ name: 'input.1', dims: [1, 3, '?', '?'] }], scrfdOutputs(['?', '?', '?'], true));
    builder.initializer('backbone.weight', 'float32', [64], new Float32Array(64));
    const path = join(dir, 'external.onnx');
    const saved = await builder.save(path, { externalData: { location: 'external.onnx_data', sizeThreshold: 64 } });
    await unlink(saved.dataPath!);
    expect(messages(await scrfdModelKind.check(path))).toEqual(['external.onnx_data: missing: external.onnx keeps its weights in this external data file']);
  });
});

describe('retinaface model kind', () => {
  const retinaface = (side: number, priors: number | string, extra: Partial<Record<'conf' | 'landms', readonly (number | string)[]>> = {}) =>
    fixture(
      [{ name: 'input0', dims: [1, 3, side, side] }],
      [
        { name: 'output0', dims: [1, priors, 4] },
        { name: '592', dims: extra.conf ?? [1, priors, 2] },
        { name: '593', dims: extra.landms ?? [1, priors, 10] },
      ],
    );

  it('counts priors as (80² + 40² + 20²) · 2 = 16800 at 640', () => {
    expect(retinafacePriorCount(640, 640)).toBe(16800);
    // ceil(100/8) = 13, ceil(100/16) = 7, ceil(100/32) = 4: (169 + 49 + 16) · 2.
    expect(retinafacePriorCount(100, 100)).toBe(468);
  });

  it('accepts the biubug6 export and names its generated outputs', async () => {
    const report = await retinafaceModelKind.check(await save('FaceDetector.onnx', retinaface(640, 16800)));
    expect(messages(report)).toEqual([]);
    expect(report.facts).toMatchObject({ 'input size': '640x640', priors: '16800', 'conf output': '592', 'landmark output': '593' });
  });

  it('accepts another static size whose prior count matches', async () => {
    // 320: (40² + 20² + 10²) · 2 = 4200.
    expect(messages(await retinafaceModelKind.check(await save('r320.onnx', retinaface(320, 4200))))).toEqual([]);
  });

  it('reports a prior count that does not fit the input, and malformed outputs', async () => {
    expect(messages(await retinafaceModelKind.check(await save('priors.onnx', retinaface(640, 16000))))).toEqual([
      'priors.onnx: outputs have 16000 priors; a 640x640 input gives 16800 (steps 8/16/32, 2 sizes per cell)',
    ]);
    expect(messages(await retinafaceModelKind.check(await save('conf.onnx', retinaface(640, 16800, { conf: [1, 16800, 3] }))))).toEqual([
      "conf.onnx: output 2 '592' (conf (background/face scores)): expected float32 [1, priors, 2], found float32 [1, 16800, 3]",
    ]);
    expect(messages(await retinafaceModelKind.check(await save('mixed.onnx', retinaface(640, 16800, { landms: [1, 4200, 10] }))))).toEqual([
      "mixed.onnx: outputs disagree on the prior count: 'output0' 16800, '592' 16800, '593' 4200",
    ]);
  });

  it('reports an NHWC input and a missing output', async () => {
    const builder = fixture(
      [{ name: 'input0', dims: [1, 640, 640, 3] }],
      [
        { name: 'output0', dims: [1, 16800, 4] },
        { name: '592', dims: [1, 16800, 2] },
      ],
    );
    expect(messages(await retinafaceModelKind.check(await save('nhwc.onnx', builder)))).toEqual([
      "nhwc.onnx: input 'input0': expected float32 [1, 3, height, width], found float32 [1, 640, 640, 3] " +
        '(RetinaFace face detector: expected the biubug6/Pytorch_Retinaface export (convert_to_onnx.py: input "input0", outputs loc "output0", conf, landms))',
      "nhwc.onnx: has 2 outputs ('output0', '592'); the export has 3: loc [1, priors, 4], conf [1, priors, 2], landms [1, priors, 10]",
    ]);
  });
});

describe('arcface model kind', () => {
  it('accepts w600k_r50 and reports the embedding size', async () => {
    const builder = fixture([{ name: 'input.1', dims: ['None', 3, 112, 112] }], [{ name: '683', dims: ['None', 512] }]);
    const report = await arcfaceModelKind.check(await save('w600k_r50.onnx', builder));
    expect(messages(report)).toEqual([]);
    expect(report.facts).toMatchObject({ 'embedding output': '683', 'embedding size': '512' });
  });

  it('accepts another embedding size and says so', async () => {
    const builder = fixture([{ name: 'input.1', dims: [1, 3, 112, 112] }], [{ name: 'embedding', dims: [1, 128] }]);
    const report = await arcfaceModelKind.check(await save('small.onnx', builder));
    expect(report.ok).toBe(true);
    expect(report.facts?.['embedding size']).toBe('128 (w600k_r50 has 512; any size works for cosine similarity)');
  });

  it('reports a wrong crop size and extra outputs', async () => {
    const builder = fixture(
      [{ name: 'input.1', dims: [1, 3, 128, 128] }],
      [
        { name: 'fc1', dims: [1, 512] },
        { name: 'logits', dims: [1, 1000] },
      ],
    );
    expect(messages(await arcfaceModelKind.check(await save('bad.onnx', builder)))).toEqual([
      "bad.onnx: input 'input.1': expected float32 [batch, 3, 112, 112], found float32 [1, 3, 128, 128] " +
        '(ArcFace identity embedder: expected an InsightFace ArcFace export such as buffalo_l/w600k_r50.onnx (input "input.1" [N, 3, 112, 112], one [N, 512] output))',
      "bad.onnx: has 2 outputs ('fc1', 'logits'); an ArcFace export has one, the [N, D] embedding",
    ]);
  });
});

describe('poster model kind', () => {
  it('accepts our export with logits and the 512-d feature', async () => {
    const builder = fixture(
      [{ name: 'image', dims: ['batch', 3, 224, 224] }],
      [
        { name: 'logits', dims: ['batch', 7] },
        { name: 'feature', dims: ['batch', 512] },
      ],
    );
    const report = await posterModelKind.check(await save('poster.onnx', builder));
    expect(messages(report)).toEqual([]);
    expect(report.facts).toMatchObject({
      classes: '7 (label order depends on the training set: rafdb SU FE DI HA SA AN NE; affectnet NE HA SA SU FE DI AN)',
      'expression feature': '512-d (POSTER V1 y_feat)',
    });
  });

  it('accepts 8 classes without the feature, and says what is lost', async () => {
    const builder = fixture([{ name: 'image', dims: [1, 3, 224, 224] }], [{ name: 'logits', dims: [1, 8] }]);
    const report = await posterModelKind.check(await save('poster8.onnx', builder));
    expect(report.ok).toBe(true);
    expect(report.facts?.['expression feature']).toBe("absent: expression error needs the 'feature' output; only class probabilities can be compared");
  });

  it('reports a wrong class count and a differently named input', async () => {
    const builder = fixture([{ name: 'input', dims: [1, 3, 224, 224] }], [{ name: 'logits', dims: [1, 6] }]);
    expect(messages(await posterModelKind.check(await save('p.onnx', builder)))).toEqual([
      "p.onnx: input 'image': missing (expected float32 [batch, 3, 224, 224]) " +
        '(POSTER expression encoder: export POSTER with input_names=["image"], output_names=["logits", "feature"] and a dynamic batch axis (see the @geneava/face-analysis README))',
      "p.onnx: input 'input': not in the contract (found float32 [1, 3, 224, 224])",
      "p.onnx: output 'logits': expected float32 [batch, 7] or float32 [batch, 8], found float32 [1, 6]",
    ]);
  });
});

it('exports the four kinds', () => {
  expect(FACE_ANALYSIS_MODEL_KINDS.map((kind) => kind.kind)).toEqual(['scrfd', 'retinaface', 'arcface', 'poster']);
});
