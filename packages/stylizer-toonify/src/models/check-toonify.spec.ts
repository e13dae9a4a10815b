import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelCheckReport } from '@geneava/core/plugins';
import { OnnxGraphBuilder } from '@geneava/testing';
import { checkToonify, checkToonifyFile, checkToonifyFolder } from './check-toonify.js';
import { toonifyModelKind } from './model-kind.js';

// Stand-ins with the IO of the real nets: resizes in place of encoder + StyleGAN2.

async function writePsp(path: string, inputSize = 256): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const input = b.input('input', 'float32', [1, 3, inputSize, inputSize]);
  const output = b.op.resize(input, { mode: 'nearest', sizes: [1, 3, 1024, 1024], output: 'output' });
  b.output(output, 'float32', [1, 3, 1024, 1024]);
  await b.save(path);
}

/** A ReStyle net; `outputNames` as the public export (anonymous) or as our contract names them. */
async function writeRestyleNet(path: string, outputNames: readonly [string, string] = ['1534', '1538'], latentWidth = 512): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 11 });
  const x = b.input('x_input', 'float32', [1, 6, 256, 256]);
  const latent = b.input('latent_input', 'float32', [1, 18, latentWidth]);
  const image = b.op.slice(x, [0], [3], [1]);
  b.output(b.op.resize(image, { mode: 'nearest', scales: [1, 1, 4, 4], output: outputNames[0] }), 'float32', [1, 3, 1024, 1024]);
  b.output(b.op.identity(latent, { output: outputNames[1] }), 'float32', [1, 18, latentWidth]);
  await b.save(path);
}

async function writeFacePool(path: string, outputSize = 256): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 11 });
  const input = b.input('input.1', 'float32', [1, 3, 1024, 1024]);
  const scale = outputSize / 1024;
  b.output(b.op.resize(input, { mode: 'linear', scales: [1, 1, scale, scale], output: '23' }), 'float32', [1, 3, outputSize, outputSize]);
  await b.save(path);
}

/** A float32 .npy as numpy.save writes it (format 1.0, header padded to 64 bytes). */
function npyBytes(shape: readonly number[], descr = '<f4'): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const header = dict + ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const length = Buffer.alloc(2);
  length.writeUInt16LE(header.length);
  const elements = shape.reduce((product, d) => product * d, 1);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), length, Buffer.from(header, 'latin1'), Buffer.alloc(elements * Number(descr.slice(2)))]);
}

/** The public ReStyle toonify files, with the average arrays. */
async function writeRestyleFolder(dir: string): Promise<void> {
  await mkdir(join(dir, 'average'), { recursive: true });
  await writeRestyleNet(join(dir, 'toonify-fp16.onnx'));
  await writeRestyleNet(join(dir, 'restyle-encoder-fp16.onnx'));
  await writeFacePool(join(dir, 'face-pool-fp16.onnx'));
  await writeFile(join(dir, 'average/latent_avg.npy'), npyBytes([1, 18, 512]));
  await writeFile(join(dir, 'average/avg_image.npy'), npyBytes([3, 256, 256]));
}

let root: string;
let counter = 0;

async function newFolder(): Promise<string> {
  const dir = join(root, `toonify-${counter++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

function problemLines(report: ModelCheckReport): string[] {
  return report.problems.map((problem) => `${problem.file}: ${problem.message}`);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-toonify-check-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pSp variant', () => {
  it('is detected from a folder and from the file itself', async () => {
    const dir = await newFolder();
    await writePsp(join(dir, 'toonify.onnx'));

    const fromFolder = await checkToonify(dir);
    expect(problemLines(fromFolder)).toEqual([]);
    expect(fromFolder).toMatchObject({ kind: 'toonify', path: dir, ok: true, facts: { variant: 'psp', net: 'toonify.onnx' } });

    const file = join(dir, 'toonify.onnx');
    const fromFile = await checkToonify(file);
    expect(fromFile).toMatchObject({ path: file, ok: true, facts: { variant: 'psp', net: 'toonify.onnx' } });
  });

  it('accepts any file name when the file is given, and a dynamic batch axis', async () => {
    const dir = await newFolder();
    const b = new OnnxGraphBuilder();
    const input = b.input('input', 'float32', ['batch', 3, 256, 256]);
    b.output(b.op.resize(input, { mode: 'nearest', scales: [1, 1, 4, 4], output: 'output' }), 'float32', ['batch', 3, 1024, 1024]);
    await b.save(join(dir, 'psp_ffhq_toonify.onnx'));
    const report = await checkToonifyFile(join(dir, 'psp_ffhq_toonify.onnx'));
    expect(problemLines(report)).toEqual([]);
    expect(report.facts).toEqual({ variant: 'psp', net: 'psp_ffhq_toonify.onnx' });
  });

  it('reports a wrong input size with expected vs found', async () => {
    const dir = await newFolder();
    await writePsp(join(dir, 'toonify.onnx'), 512);
    const report = await checkToonify(dir);
    expect(report.ok).toBe(false);
    expect(report.facts).toEqual({ variant: 'psp', net: 'toonify.onnx' });
    expect(problemLines(report)).toEqual([
      expect.stringMatching(
        /^toonify\.onnx: input 'input': expected float32 \[1, 3, 256, 256\], found float32 \[1, 3, 512, 512\] \(pSp Toonify: export psp_ffhq_toonify\.pt with torch\.onnx\.export/,
      ),
    ]);
  });
});

describe('ReStyle variant', () => {
  it('is detected, reads the anonymous outputs by position and checks every companion file', async () => {
    const dir = await newFolder();
    await writeRestyleFolder(dir);
    const report = await checkToonify(dir);
    expect(problemLines(report)).toEqual([]);
    expect(report.facts).toEqual({
      variant: 'restyle',
      net: 'toonify-fp16.onnx',
      'toonify-fp16.onnx tensors': "read by position: '1534' as y_hat, '1538' as latent",
      'restyle-encoder-fp16.onnx tensors': "read by position: '1534' as y_hat, '1538' as latent",
      'face-pool-fp16.onnx tensors': "read by position: 'input.1' as image, '23' as pooled",
    });
  });

  it('uses the contract names when the files have them, and checks companions beside a given file', async () => {
    const dir = await newFolder();
    await writeRestyleFolder(dir);
    await rm(join(dir, 'toonify-fp16.onnx'));
    await writeRestyleNet(join(dir, 'toonify.onnx'), ['y_hat', 'latent']);
    const report = await checkToonify(join(dir, 'toonify.onnx'));
    expect(problemLines(report)).toEqual([]);
    expect(report.facts?.['variant']).toBe('restyle');
    expect(report.facts?.['toonify.onnx tensors']).toBeUndefined();
  });

  it('reports a wrong latent width, missing and wrong companions and a bad average array together', async () => {
    const dir = await newFolder();
    await mkdir(join(dir, 'average'), { recursive: true });
    await writeRestyleNet(join(dir, 'toonify-fp16.onnx'), ['1534', '1538'], 256);
    await writeFacePool(join(dir, 'face-pool-fp16.onnx'), 128);
    await writeFile(join(dir, 'average/latent_avg.npy'), npyBytes([18, 512], '<i8'));
    await writeFile(join(dir, 'average/avg_image.npy'), npyBytes([3, 256, 256]).subarray(0, 4096));

    const report = await checkToonify(dir);
    expect(report.ok).toBe(false);
    expect(report.facts).toMatchObject({ variant: 'restyle', net: 'toonify-fp16.onnx' });
    expect(problemLines(report)).toEqual([
      expect.stringMatching(
        /^toonify-fp16\.onnx: input 'latent_input': expected float32\|float16 \[batch, 18, 512\], found float32 \[1, 18, 256\] \(ReStyle Toonify: /,
      ),
      "toonify-fp16.onnx: output 'latent': expected float32|float16 [batch, 18, 512], found float32 [1, 18, 256]",
      'restyle-encoder.onnx: missing (the FFHQ ReStyle encoder that runs the first iteration; restyle-encoder-fp16.onnx is accepted too)',
      expect.stringMatching(
        /^face-pool-fp16\.onnx: output 'pooled': expected float32\|float16 \[batch, 3, 256, 256\], found float32 \[1, 3, 128, 128\] \(ReStyle face pool: /,
      ),
      'average/latent_avg.npy: expected float [18, 512] or [1, 18, 512] (NumPy <f2|<f4|<f8), found <i8 [18, 512]',
      'average/avg_image.npy: is truncated: <f4 [3, 256, 256] needs 786560 bytes, the file has 4096',
    ]);
  });

  it('reports missing average arrays', async () => {
    const dir = await newFolder();
    await writeRestyleFolder(dir);
    await rm(join(dir, 'average'), { recursive: true });
    expect(problemLines(await checkToonifyFolder(dir))).toEqual([
      'average/latent_avg.npy: missing (the average latent fed as latent_input in the first iteration)',
      'average/avg_image.npy: missing (the average image concatenated into x_input in the first iteration)',
    ]);
  });
});

describe('folder problems', () => {
  it('reports an empty folder, two toonify nets, and a companion file given as the net', async () => {
    const empty = await newFolder();
    expect(problemLines(await checkToonify(empty))).toEqual([
      'toonify.onnx: missing (the toonify net; toonify-fp16.onnx is accepted too)',
    ]);

    const both = await newFolder();
    await writePsp(join(both, 'toonify.onnx'));
    await writeRestyleNet(join(both, 'toonify-fp16.onnx'));
    expect(problemLines(await checkToonify(both))).toEqual([
      'toonify-fp16.onnx: toonify.onnx is present too: keep one file for the toonify net',
    ]);

    const restyle = await newFolder();
    await writeRestyleFolder(restyle);
    expect(problemLines(await checkToonify(join(restyle, 'face-pool-fp16.onnx')))).toEqual([
      'face-pool-fp16.onnx: is a ReStyle companion file; check the toonify net (toonify.onnx or toonify-fp16.onnx) or its folder',
    ]);
  });

  it('reports a path that does not exist', async () => {
    const report = await checkToonify(join(root, 'absent.onnx'));
    expect(problemLines(report)).toEqual(['absent.onnx: missing (the Toonify model)']);
  });
});

describe('toonifyModelKind', () => {
  it('is kind "toonify" and checks a path', async () => {
    const dir = await newFolder();
    await writeRestyleFolder(dir);
    expect(toonifyModelKind.kind).toBe('toonify');
    const report = await toonifyModelKind.check(dir);
    expect(report.ok).toBe(true);
    expect(report.facts?.['variant']).toBe('restyle');
  });
});
