import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fixtureModel, shippedWithFixture } from '../test/fixture-models.js';
import { checkOnnxStylizer } from './model-kind.js';

describe('models check onnx-stylizer', () => {
  it('accepts a shipped descriptor next to a model with the right signature, with facts', async () => {
    const path = await shippedWithFixture('whitebox-cartoonization.json', { kind: 'identity' });
    expect(await checkOnnxStylizer(path)).toEqual({
      kind: 'onnx-stylizer',
      path,
      ok: true,
      problems: [],
      facts: {
        id: 'whitebox-cartoonization',
        style: 'White-box Cartoonization',
        alignment: 'none',
        'input tensor': 'input_photo:0 (float32)',
        'output tensor': 'add_1:0',
      },
    });
  });

  it('checks descriptor.json when given a folder', async () => {
    const path = await shippedWithFixture('photo2cartoon.json', { kind: 'identity' });
    await copyFile(path, join(dirname(path), 'descriptor.json'));
    const report = await checkOnnxStylizer(dirname(path));
    expect(report.ok).toBe(true);
    expect(report.facts?.alignment).toBe('ffhq');
  });

  it('reports schema problems on the descriptor file, all at once', async () => {
    const path = await shippedWithFixture('photo2cartoon.json', { kind: 'identity' });
    await writeFile(path, JSON.stringify({ id: 'x', style: 's', model: 'm.onnx', input: {}, output: { range: [-1, 1], dtype: 'float32' }, extra: 1 }));
    const report = await checkOnnxStylizer(path);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.file)).toEqual(['photo2cartoon.json', 'photo2cartoon.json', 'photo2cartoon.json', 'photo2cartoon.json']);
    expect(report.problems.map((p) => p.message)).toEqual([
      'input.size: Invalid input',
      'input.layout: Invalid option: expected one of "NCHW"|"NHWC"',
      'input.range: Invalid input',
      'unknown key "extra"',
    ]);
  });

  it('reports a missing model and a model whose signature does not fit, naming the model file', async () => {
    const path = await shippedWithFixture('photo2cartoon.json', { kind: 'identity' });
    await rm(join(dirname(path), 'photo2cartoon_weights.onnx'));
    expect((await checkOnnxStylizer(path)).problems).toEqual([{ file: 'photo2cartoon_weights.onnx', message: 'missing (the "photo2cartoon" stylizer model)' }]);
    await writeFile(
      join(dirname(path), 'photo2cartoon_weights.onnx'),
      fixtureModel({ inputName: 'input', inputDims: [1, 3, 512, 512], outputName: 'output', outputDims: [1, 3, 512, 512], op: { kind: 'identity' } }),
    );
    expect((await checkOnnxStylizer(path)).problems).toEqual([
      {
        file: 'photo2cartoon_weights.onnx',
        message: "input 'input' (float32 [1, 3, 512, 512]): the descriptor feeds 256x256 images, the model takes 512x512",
      },
    ]);
  });

  it('reports an unreadable descriptor', async () => {
    const dir = join(dirname(await shippedWithFixture('photo2cartoon.json', { kind: 'identity' })), 'empty');
    await mkdir(dir);
    expect((await checkOnnxStylizer(dir)).problems).toEqual([{ file: 'descriptor.json', message: 'descriptor missing' }]);
  });
});
