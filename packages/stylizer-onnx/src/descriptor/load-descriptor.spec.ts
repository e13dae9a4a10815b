import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescriptorError, descriptorProblems, loadDescriptor, parseDescriptor } from './load-descriptor.js';

const minimal = {
  id: 'toy',
  style: 'toy style',
  model: 'models/toy.onnx',
  input: { size: { width: 64, height: 64 }, layout: 'NCHW', range: [-1, 1] },
  output: { range: [-1, 1], dtype: 'float32' },
};

function withChanges(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...minimal, ...changes };
}

describe('descriptor schema', () => {
  it('fills in the defaults of a minimal descriptor and resolves the model next to the descriptor', () => {
    const { descriptor, modelPath, file } = parseDescriptor(minimal, '/styles/toy/descriptor.json');
    expect(file).toBe('/styles/toy/descriptor.json');
    expect(modelPath).toBe('/styles/toy/models/toy.onnx');
    expect(descriptor).toEqual({
      ...minimal,
      version: '1',
      input: { ...minimal.input, fit: 'pad', padColor: [255, 255, 255], batch: true, channelOrder: 'RGB' },
      alignment: { type: 'none' },
    });
  });

  it('accepts mean/std normalisation and fills alignment defaults', () => {
    const { descriptor } = parseDescriptor(
      withChanges({
        input: { ...minimal.input, range: { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] } },
        alignment: { type: 'ffhq' },
      }),
      '/d.json',
    );
    expect(descriptor.alignment).toEqual({ type: 'ffhq', pasteBack: true, feather: { shape: 'ellipse' } });
  });

  it('lists every problem with its path, unknown keys included', () => {
    expect(
      descriptorProblems(
        withChanges({
          id: 'Toy Style',
          colour: 'red',
          input: { ...minimal.input, layout: 'CHW', range: [1, 1] },
          output: { range: [-1, 1] },
        }),
      ),
    ).toEqual([
      'id: lower-case letters, digits, ".", "_" and "-", starting with a letter or digit',
      'input.layout: Invalid option: expected one of "NCHW"|"NHWC"',
      'input.range: a range is [value of pixel 0, value of pixel 255], two different finite numbers',
      'output.dtype: Invalid option: expected one of "float32"|"float16"|"uint8"',
      'unknown key "colour"',
    ]);
  });

  it('checks the rules that tie fields together', () => {
    const aligned = (alignment: Record<string, unknown>, size: Record<string, unknown> = { width: 64, height: 64 }) =>
      descriptorProblems(withChanges({ input: { ...minimal.input, size }, alignment }));
    expect(aligned({ type: 'arcface' })).toEqual(['alignment.cropSize: ArcFace alignment needs a crop size that is a multiple of 112 or 128, got 64']);
    expect(aligned({ type: 'arcface', cropSize: 128 }, { width: 128, height: 128 })).toEqual([]);
    expect(aligned({ type: 'ffhq', cropSize: 256 })).toEqual(["alignment.cropSize: cropSize 256 differs from the model's input size 64"]);
    expect(aligned({ type: 'ffhq' }, { width: 64, height: 48 })).toEqual(['input.size: a face crop is square, but the input size is 64x48']);
    expect(aligned({ type: 'dctnet' }, { multipleOf: 16 })).toEqual(['alignment.cropSize: alignment "dctnet" needs a cropSize when the input size is a multiple of 16']);
    expect(aligned({ type: 'dctnet', cropSize: 280 }, { multipleOf: 16 })).toEqual(['alignment.cropSize: cropSize 280 is not a multiple of 16']);
    expect(descriptorProblems(withChanges({ input: { ...minimal.input, dtype: 'uint8' } }))).toEqual([
      'input.range: a uint8 input holds pixel values: its range must be [0, 255]',
    ]);
    expect(descriptorProblems(withChanges({ input: { ...minimal.input, size: { multipleOf: 8, minSide: 800, maxShortSide: 720 } } }))).toEqual([
      'input.size: minSide 800 is larger than maxShortSide 720',
    ]);
  });
});

describe('loadDescriptor', () => {
  it('reads a descriptor file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-descriptor-'));
    await writeFile(join(dir, 'toy.json'), JSON.stringify(minimal));
    const loaded = await loadDescriptor(join(dir, 'toy.json'));
    expect(loaded.modelPath).toBe(join(dir, 'models', 'toy.onnx'));
    expect(loaded.descriptor.id).toBe('toy');
  });

  it('names the file in one line for a missing file, bad JSON and schema problems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-descriptor-'));
    await expect(loadDescriptor(join(dir, 'none.json'))).rejects.toThrow(new DescriptorError(join(dir, 'none.json'), ['descriptor file missing']));
    await writeFile(join(dir, 'bad.json'), '{ "id": ');
    await expect(loadDescriptor(join(dir, 'bad.json'))).rejects.toThrow(`${join(dir, 'bad.json')}: descriptor file is not valid JSON (`);
    await writeFile(join(dir, 'array.json'), '[]');
    await expect(loadDescriptor(join(dir, 'array.json'))).rejects.toThrow(`${join(dir, 'array.json')}: descriptor file does not hold a JSON object`);
    await writeFile(join(dir, 'partial.json'), JSON.stringify({ id: 'x', style: 's' }));
    const error = (await loadDescriptor(join(dir, 'partial.json')).catch((e: unknown) => e)) as DescriptorError;
    expect(error).toBeInstanceOf(DescriptorError);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.problems).toEqual([
      'model: Invalid input: expected string, received undefined',
      'input: Invalid input: expected object, received undefined',
      'output: Invalid input: expected object, received undefined',
    ]);
  });
});
