import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { OnnxGraphBuilder } from '@geneava/testing';
import { checkDctnetFolder } from './check-dctnet-folder.js';
import { dctnetModelKind } from './model-kind.js';

// Stand-ins for DCT-Net's converted graphs: the same IO signature (float32 pixels in, uint8 pixels out),
// with a clip-and-cast body instead of the generator.

interface GraphOptions {
  /** Append tf2onnx's ":0" to the tensor names. */
  readonly suffix?: boolean;
  /** Leading batch dim on the input / output; defaults to none. */
  readonly inputBatch?: boolean;
  readonly outputBatch?: boolean;
  readonly outputDtype?: 'uint8' | 'float32';
  readonly channels?: number;
}

async function writeGraph(path: string, options: GraphOptions = {}): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 17, producer: 'tf2onnx' });
  const name = (base: string) => (options.suffix ? `${base}:0` : base);
  const channels = options.channels ?? 3;
  // tf2onnx names unknown dims "unk__N".
  const hwc = ['unk__10', 'unk__11', channels];
  const input = b.input(name('input_image'), 'float32', options.inputBatch ? ['unk__9', ...hwc] : hwc);
  let pixels = b.op.clip(input, 0, 255, { dtype: 'float32' });
  if (options.inputBatch && !options.outputBatch) pixels = b.op.squeeze(pixels, [0]);
  if (!options.inputBatch && options.outputBatch) pixels = b.op.unsqueeze(pixels, [0]);
  const output = b.op.cast(pixels, options.outputDtype ?? 'uint8', { output: name('output_image') });
  b.output(output, options.outputDtype ?? 'uint8', options.outputBatch ? ['unk__9', ...hwc] : hwc);
  await b.save(path);
}

/** The start of a JFIF file: enough for the mask check, which reads the JPEG signature. */
const JPEG_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let root: string;
let counter = 0;

async function styleFolder(name: string): Promise<string> {
  const dir = join(root, `${counter++}`, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

function problemLines(report: ModelCheckReport): string[] {
  return report.problems.map((problem) => `${problem.file}: ${problem.message}`);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-dctnet-check-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('checkDctnetFolder on good folders', () => {
  it('accepts head and background graphs with the TF tensor names and an alpha mask', async () => {
    const dir = await styleFolder('anime');
    await writeGraph(join(dir, 'cartoon_h.onnx'));
    await writeGraph(join(dir, 'cartoon_bg.onnx'));
    await writeFile(join(dir, 'alpha.jpg'), JPEG_BYTES);

    const report = await checkDctnetFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report).toMatchObject({ kind: 'dctnet', path: dir, ok: true });
    expect(report.facts).toEqual({
      style: 'anime',
      'head graph': 'cartoon_h.onnx',
      'background graph': 'cartoon_bg.onnx',
      'tensor names': 'input_image / output_image',
      'batch dim': 'no (HWC)',
      'alpha mask': 'present',
    });
  });

  it('accepts tf2onnx ":0" names, a batch dim, the older _anime_ file names and no mask', async () => {
    const dir = await styleFolder('3d');
    await writeGraph(join(dir, 'cartoon_anime_h.onnx'), { suffix: true, inputBatch: true, outputBatch: true });
    await writeGraph(join(dir, 'cartoon_anime_bg.onnx'), { suffix: true, inputBatch: true, outputBatch: true });

    const report = await checkDctnetFolder(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report.facts).toEqual({
      style: '3d',
      'head graph': 'cartoon_anime_h.onnx',
      'background graph': 'cartoon_anime_bg.onnx',
      'tensor names': 'input_image:0 / output_image:0 (tf2onnx)',
      'batch dim': 'yes (NHWC)',
      'alpha mask': 'absent',
    });
  });

  it('names each graph when they were converted differently', async () => {
    const dir = await styleFolder('sketch');
    await writeGraph(join(dir, 'cartoon_h.onnx'), { suffix: true, inputBatch: true, outputBatch: true });
    await writeGraph(join(dir, 'cartoon_bg.onnx'));
    const report = await checkDctnetFolder(dir);
    expect(report.ok).toBe(true);
    expect(report.facts).toMatchObject({
      'tensor names': 'head input_image:0 / output_image:0 (tf2onnx), background input_image / output_image',
      'batch dim': 'head yes (NHWC), background no (HWC)',
    });
  });
});

describe('checkDctnetFolder on bad folders', () => {
  it('reports a missing graph, a wrong output dtype, a wrong channel count and a mask that is not a JPEG together', async () => {
    const dir = await styleFolder('handdrawn');
    await writeGraph(join(dir, 'cartoon_h.onnx'), { outputDtype: 'float32', channels: 4 });
    await writeFile(join(dir, 'alpha.jpg'), PNG_BYTES);

    const report = await checkDctnetFolder(dir);
    expect(report.ok).toBe(false);
    expect(problemLines(report)).toEqual([
      expect.stringMatching(
        /^cartoon_h\.onnx: input 'input_image': expected float32 \[height, width, 3\] or float32 \[batch, height, width, 3\], found float32 \[unk__10, unk__11, 4\] \(DCT-Net head: convert the published cartoon_h\.pb with `python -m tf2onnx\.convert --graphdef cartoon_h\.pb /,
      ),
      "cartoon_h.onnx: output 'output_image': expected uint8 [height, width, 3] or uint8 [batch, height, width, 3], found float32 [unk__10, unk__11, 4]",
      'cartoon_bg.onnx: missing (the DCT-Net background graph; the older name cartoon_anime_bg.onnx is accepted too)',
      'alpha.jpg: is not a JPEG image (the head blend mask must be the alpha.jpg of the DCT-Net model files)',
    ]);
    expect(report.facts).toEqual({ style: 'handdrawn', 'head graph': 'cartoon_h.onnx', 'tensor names': 'head input_image / output_image' });
  });

  it('reports foreign tensor names against the TF names', async () => {
    const dir = await styleFolder('artstyle');
    const b = new OnnxGraphBuilder();
    const input = b.input('input_photo:0', 'float32', ['h', 'w', 3]);
    b.output(b.op.cast(input, 'uint8', { output: 'generator/output:0' }), 'uint8', ['h', 'w', 3]);
    await b.save(join(dir, 'cartoon_h.onnx'));
    await writeGraph(join(dir, 'cartoon_bg.onnx'));

    expect(problemLines(await checkDctnetFolder(dir))).toEqual([
      expect.stringMatching(/^cartoon_h\.onnx: input 'input_image': missing \(expected float32 \[height, width, 3\] or float32 \[batch, height, width, 3\]\) \(DCT-Net head: /),
      "cartoon_h.onnx: input 'input_photo:0': not in the contract (found float32 [h, w, 3])",
      "cartoon_h.onnx: output 'output_image': missing (expected uint8 [height, width, 3] or uint8 [batch, height, width, 3])",
    ]);
  });

  it('reports a graph whose input has a batch dim and whose output has none', async () => {
    const dir = await styleFolder('anime');
    await writeGraph(join(dir, 'cartoon_h.onnx'));
    await writeGraph(join(dir, 'cartoon_bg.onnx'), { inputBatch: true, outputBatch: false });
    const report = await checkDctnetFolder(dir);
    expect(problemLines(report)).toEqual([
      "cartoon_bg.onnx: input 'input_image' has a batch dim but output 'output_image' has no batch dim; both must be HWC or both NHWC",
    ]);
    expect(report.facts?.['batch dim']).toBe('head no (HWC)');
  });

  it('reports a folder holding both the current and the older name of a graph', async () => {
    const dir = await styleFolder('anime');
    await writeGraph(join(dir, 'cartoon_h.onnx'));
    await writeGraph(join(dir, 'cartoon_anime_h.onnx'));
    await writeGraph(join(dir, 'cartoon_bg.onnx'));
    expect(problemLines(await checkDctnetFolder(dir))).toEqual([
      'cartoon_anime_h.onnx: cartoon_h.onnx is present too: keep one DCT-Net head graph so it is clear which one runs',
    ]);
  });

  it('reports a .pb renamed to .onnx as not ONNX', async () => {
    const dir = await styleFolder('anime');
    // A TF GraphDef starts with a node field (0x0a) whose bytes do not form an ONNX ModelProto.
    await writeFile(join(dir, 'cartoon_h.onnx'), Buffer.from('0a0b0a09696e7075745f696d6167651202', 'hex'));
    await writeGraph(join(dir, 'cartoon_bg.onnx'));
    const report = await checkDctnetFolder(dir);
    expect(problemLines(report)).toEqual([expect.stringMatching(/^cartoon_h\.onnx: not a valid ONNX model/)]);
  });

  it('reports a path that is not a folder', async () => {
    expect(problemLines(await checkDctnetFolder(join(root, 'nope')))).toEqual([
      '.: not a folder (expected a DCT-Net style folder holding cartoon_h.onnx and cartoon_bg.onnx)',
    ]);
  });
});

describe('dctnetModelKind', () => {
  it('is kind "dctnet" and checks a folder', async () => {
    const dir = await styleFolder('anime');
    await writeGraph(join(dir, 'cartoon_h.onnx'));
    expect(dctnetModelKind.kind).toBe('dctnet');
    const report = await dctnetModelKind.check(dir);
    expect(problemLines(report)).toEqual([
      'cartoon_bg.onnx: missing (the DCT-Net background graph; the older name cartoon_anime_bg.onnx is accepted too)',
    ]);
  });
});
