import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxGraphBuilder } from '@geneava/testing';
import { run } from '../test-support/run.js';

/** A DCT-Net-shaped graph: float32 [H,W,3] pixels in, uint8 pixels out; `inputDtype` breaks the contract. */
async function writeDctnetGraph(path: string, inputDtype: 'float32' | 'int32'): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const input = b.input('input_image', inputDtype, ['h', 'w', 3]);
  const output = b.op.cast(input, 'uint8', { output: 'output_image' });
  b.output(output, 'uint8', ['h', 'w', 3]);
  await b.save(path);
}

describe('geneava models', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-models-'));
  });

  it('lists the model kinds', async () => {
    const result = await run(['models', 'kinds', '--json'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((k: { kind: string }) => k.kind)).toEqual(['sdxl', 'dctnet', 'toonify', 'onnx-stylizer', 'scrfd', 'retinaface', 'arcface', 'poster', 'clip', 'dinov2', 'lpips', 'face-models']);
  });

  it('accepts a folder that matches its contract', async () => {
    const style = join(dir, '3d');
    await mkdir(style);
    await writeDctnetGraph(join(style, 'cartoon_h.onnx'), 'float32');
    await writeDctnetGraph(join(style, 'cartoon_bg.onnx'), 'float32');
    const result = await run(['models', 'check', 'dctnet', '3d'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: .*3d is a valid dctnet model/);
  });

  it('names the file, the tensor, the expected and the found dtype for a wrong input dtype', async () => {
    const style = join(dir, 'anime');
    await mkdir(style);
    await writeDctnetGraph(join(style, 'cartoon_h.onnx'), 'int32');
    await writeDctnetGraph(join(style, 'cartoon_bg.onnx'), 'float32');
    const result = await run(['models', 'check', 'dctnet', 'anime', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].file).toBe('cartoon_h.onnx');
    expect(report.problems[0].message).toMatch(/input 'input_image'.*float32.*found int32/);
  });

  it('rejects an unknown kind as a usage error', async () => {
    const result = await run(['models', 'check', 'sd15', dir], dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toBe('geneava: unknown model kind "sd15" (known: sdxl, dctnet, toonify, onnx-stylizer, scrfd, retinaface, arcface, poster, clip, dinov2, lpips, face-models)\n');
  });
});
